import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  evaluateGoal,
  periodOf,
  ZGoalDefinition,
  type GoalDefinition,
  type GoalEvent,
} from '../src/index.ts';

const london = { timeZone: 'Europe/London', startDate: '2025-03-01' };

describe('evaluateGoal: periods in the member time zone', () => {
  it('a daily steps goal across the spring DST change in London', () => {
    const goal: GoalDefinition = { kind: 'steps_per_day', target: 8000, ...london };
    const events: GoalEvent[] = [
      // 23:30 UTC on 30 March is 00:30 BST on 31 March: it counts for the 31st.
      { type: 'steps', at: '2025-03-30T23:30:00Z', count: 5000 },
      { type: 'steps', at: '2025-03-31T11:00:00Z', count: 3500 },
      { type: 'steps', at: '2025-03-30T22:30:00Z', count: 9000 }, // 23:30 BST on the 30th
    ];
    const result = evaluateGoal(goal, events, new Date('2025-03-31T12:00:00Z'));
    expect(result.period).toEqual({
      start: '2025-03-31',
      end: '2025-03-31',
      startsAt: '2025-03-30T23:00:00.000Z',
      endsAt: '2025-03-31T23:00:00.000Z',
    });
    expect(result.value).toBe(8500);
    expect(result.achieved).toBe(true);
    expect(result.progress).toBeCloseTo(8500 / 8000, 12);
    // 30th achieved (9000), 31st achieved: days 1-29 had no steps, so the streak is 2.
    expect(result.streak).toBe(2);
  });

  it('ISO weeks run Monday to Sunday in the goal time zone', () => {
    const goal: GoalDefinition = {
      kind: 'sessions_per_week',
      target: 2,
      timeZone: 'Pacific/Auckland',
      startDate: '2025-02-01',
    };
    const events: GoalEvent[] = [
      { type: 'session', at: '2025-02-25', durationMin: 30, rpe: 5 },
      // 12:00 UTC Sunday 2 March is 01:00 NZDT Monday 3 March: next week.
      { type: 'session', at: '2025-03-02T12:00:00Z', durationMin: 30, rpe: 5 },
    ];
    const result = evaluateGoal(goal, events, '2025-03-01T00:00:00Z'); // Saturday 1 March 13:00 NZDT
    expect(result.period.start).toBe('2025-02-24');
    expect(result.period.end).toBe('2025-03-02');
    expect(result.period.startsAt).toBe('2025-02-23T11:00:00.000Z'); // Monday 00:00 NZDT (UTC+13)
    expect(result.value).toBe(1);
    expect(result.status).toBe('in_progress');
  });

  it('a monthly CO2e budget fails as soon as it is exceeded and is achieved only when the month closes', () => {
    const goal: GoalDefinition = {
      kind: 'co2e_budget_per_month',
      budgetKg: 100,
      timeZone: 'UTC',
      startDate: '2025-01-01',
    };
    const events: GoalEvent[] = [
      { type: 'emission', at: '2025-01-10', kgCO2e: 90 },
      { type: 'emission', at: '2025-02-03', kgCO2e: 80 },
      { type: 'emission', at: '2025-03-02', kgCO2e: 60 },
    ];
    const march = evaluateGoal(goal, events, '2025-03-15T10:00:00Z');
    expect(march.status).toBe('on_track');
    expect(march.achieved).toBe(false);
    expect(march.streak).toBe(2); // January and February closed within budget
    expect(march.periods.map((p) => [p.start, p.end, p.value, p.achieved])).toEqual([
      ['2025-01-01', '2025-01-31', 90, true],
      ['2025-02-01', '2025-02-28', 80, true],
      ['2025-03-01', '2025-03-31', 60, false],
    ]);
    const over = evaluateGoal(
      goal,
      [...events, { type: 'emission', at: '2025-03-14', kgCO2e: 50 }],
      '2025-03-15T10:00:00Z',
    );
    expect(over.value).toBe(110);
    expect(over.status).toBe('failed');
    expect(over.streak).toBe(0);
  });

  it('a CO2e reduction against a baseline: 25 % below 200 kg is at most 150 kg', () => {
    const goal: GoalDefinition = {
      kind: 'co2e_reduction',
      baselineKgPerMonth: 200,
      reductionPct: 25,
      timeZone: 'UTC',
      startDate: '2024-02-01',
    };
    const result = evaluateGoal(
      goal,
      [{ type: 'emission', at: '2024-02-29', kgCO2e: 149 }],
      '2024-03-01T00:00:01Z',
    );
    expect(result.rule).toEqual({ direction: 'at_most', target: 150 });
    expect(result.periods[0]).toMatchObject({
      start: '2024-02-01',
      end: '2024-02-29',
      value: 149,
      achieved: true,
    });
  });

  it('weekly training load within a range', () => {
    const goal: GoalDefinition = {
      kind: 'weekly_training_load',
      minLoad: 1000,
      maxLoad: 2000,
      timeZone: 'UTC',
      startDate: '2025-03-03',
    };
    const week = (load: number): GoalEvent => ({
      type: 'session',
      at: '2025-03-04',
      durationMin: load / 5,
      rpe: 5,
    });
    expect(evaluateGoal(goal, [week(500)], '2025-03-05T12:00:00Z').status).toBe('in_progress');
    expect(evaluateGoal(goal, [week(1500)], '2025-03-05T12:00:00Z').status).toBe('on_track');
    expect(evaluateGoal(goal, [week(2500)], '2025-03-05T12:00:00Z').status).toBe('failed');
    const closed = evaluateGoal(goal, [week(1500)], '2025-03-10T12:00:00Z');
    expect(closed.periods[0]).toMatchObject({ value: 1500, achieved: true });
    expect(closed.streak).toBe(1);
  });

  it('a missed day breaks the streak', () => {
    const goal: GoalDefinition = {
      kind: 'steps_per_day',
      target: 100,
      timeZone: 'UTC',
      startDate: '2025-01-01',
    };
    const days = ['2025-01-01', '2025-01-02', '2025-01-04', '2025-01-05'];
    const events: GoalEvent[] = days.map((at) => ({ type: 'steps', at, count: 150 }));
    expect(evaluateGoal(goal, events, '2025-01-06T08:00:00Z').streak).toBe(2); // 4th and 5th; today still open
    expect(evaluateGoal(goal, events, '2025-01-05T08:00:00Z').streak).toBe(2);
  });
});

describe('ZGoalDefinition', () => {
  it('names the field that is wrong', () => {
    const bad = ZGoalDefinition.safeParse({
      kind: 'steps_per_day',
      target: 5000,
      timeZone: 'Mars/Olympus',
      startDate: '2025-02-30',
    });
    expect(bad.success).toBe(false);
    const paths = bad.success ? [] : bad.error.issues.map((i) => i.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['timeZone', 'startDate']));
    const range = ZGoalDefinition.safeParse({
      kind: 'weekly_training_load',
      minLoad: 10,
      maxLoad: 5,
      timeZone: 'UTC',
      startDate: '2025-01-01',
    });
    expect(range.success ? [] : range.error.issues.map((i) => i.path.join('.'))).toEqual([
      'maxLoad',
    ]);
  });
});

describe('period invariants', () => {
  const dates = fc
    .integer({ min: 0, max: 20_000 })
    .map((d) => new Date(Date.UTC(1990, 0, 1) + d * 86_400_000).toISOString().slice(0, 10));
  it('every date lies in its period, and periods tile the calendar', () => {
    fc.assert(
      fc.property(
        dates,
        fc.constantFrom('daily', 'weekly', 'monthly') as fc.Arbitrary<
          'daily' | 'weekly' | 'monthly'
        >,
        (date, cadence) => {
          const p = periodOf(date, cadence);
          expect(p.start <= date && date <= p.end).toBe(true);
          const next = periodOf(
            new Date(Date.parse(p.end) + 86_400_000).toISOString().slice(0, 10),
            cadence,
          );
          expect(Date.parse(next.start) - Date.parse(p.end)).toBe(86_400_000);
          if (cadence === 'weekly') expect(new Date(p.start).getUTCDay()).toBe(1);
        },
      ),
    );
  });
});
