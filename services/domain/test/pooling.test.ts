import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  combinePublished,
  evaluateGoal,
  goalContributions,
  goalPeriodGroups,
  withholdSmallGoalGroups,
  isPeriod,
  MIN_GROUP_SIZE,
  monthsOf,
  periodBounds,
  periodsBetween,
  suppressPeriod,
  WITHHELD_REASONS,
} from '../src/index.ts';

describe('calendar periods', () => {
  it('reads months, quarters and years and refuses anything else, days included', () => {
    expect(isPeriod('month', '2026-02')).toBe(true);
    expect(isPeriod('quarter', '2026-Q4')).toBe(true);
    expect(isPeriod('year', '2026')).toBe(true);
    for (const bad of ['2026-13', '2026-02-01', '2026-2', '26-02'])
      expect(isPeriod('month', bad)).toBe(false);
    expect(isPeriod('quarter', '2026-Q5')).toBe(false);
    expect(isPeriod('year', '2026-01')).toBe(false);
  });

  it('builds quarters and years from whole months, and ranges step over whole periods', () => {
    expect(monthsOf('quarter', '2026-Q1')).toEqual(['2026-01', '2026-02', '2026-03']);
    expect(monthsOf('year', '2025')).toHaveLength(12);
    expect(periodsBetween('month', '2025-11', '2026-02')).toEqual([
      '2025-11',
      '2025-12',
      '2026-01',
      '2026-02',
    ]);
    expect(periodsBetween('quarter', '2025-Q4', '2026-Q2')).toEqual([
      '2025-Q4',
      '2026-Q1',
      '2026-Q2',
    ]);
    expect(periodsBetween('month', '2026-03', '2026-01')).toEqual([]);
    expect(periodBounds('quarter', '2024-Q1')).toEqual({ start: '2024-01-01', end: '2024-03-31' });
    expect(periodBounds('month', '2024-02')).toEqual({ start: '2024-02-01', end: '2024-02-29' });
    expect(periodBounds('month', '1900-02')).toEqual({ start: '1900-02-01', end: '1900-02-28' });
  });
});

describe('suppressPeriod', () => {
  it('withholds every figure of a period resting on fewer than three members', () => {
    const p = suppressPeriod({ kg: 12, members: 2 }, [{ category: 'travel', kg: 12, members: 2 }]);
    expect(p.total).toEqual({ kg: null, withheld: 'fewer than 3 members' });
    expect(p.members).toBeNull();
    expect(p.categories).toEqual([
      { category: 'travel', kg: null, withheld: 'fewer than 3 members' },
    ]);
  });

  it('publishes a period where nobody logged anything as zero', () => {
    expect(suppressPeriod({ kg: 0, members: 0 }, [])).toEqual({
      members: 0,
      total: { kg: 0, withheld: null },
      categories: [],
    });
  });

  it('withholds the next-smallest category with a lone small one, so the total cannot reveal it', () => {
    const p = suppressPeriod({ kg: 100, members: 5 }, [
      { category: 'energy', kg: 60, members: 5 },
      { category: 'travel', kg: 30, members: 4 },
      { category: 'hotel', kg: 10, members: 1 },
    ]);
    expect(p.total.kg).toBe(100);
    expect(p.categories).toEqual([
      { category: 'energy', kg: 60, withheld: null },
      { category: 'hotel', kg: null, withheld: WITHHELD_REASONS.fewMembers },
      { category: 'travel', kg: null, withheld: WITHHELD_REASONS.complementary },
    ]);
  });

  it('still adds a large partner when two small categories are withheld together', () => {
    // Two small categories together can still be one person.
    const p = suppressPeriod({ kg: 50, members: 3 }, [
      { category: 'energy', kg: 40, members: 3 },
      { category: 'hotel', kg: 5, members: 1 },
      { category: 'taxi', kg: 5, members: 1 },
    ]);
    expect(p.categories.map((c) => c.withheld)).toEqual([
      WITHHELD_REASONS.complementary,
      WITHHELD_REASONS.fewMembers,
      WITHHELD_REASONS.fewMembers,
    ]);
  });

  const breakdown = fc
    .array(
      fc.record({
        members: fc.integer({ min: 1, max: 6 }),
        kg: fc.integer({ min: 1, max: 1000 }),
      }),
      { minLength: 1, maxLength: 6 },
    )
    .map((cells) => cells.map((c, i) => ({ ...c, category: `c${i}` })));

  it('never publishes a figure, or leaves a difference, resting on fewer than three members', () => {
    fc.assert(
      fc.property(breakdown, fc.integer({ min: 0, max: 3 }), (cells, extra) => {
        // Distinct members of the period: at least the largest category, at most their sum.
        const most = Math.max(...cells.map((c) => c.members));
        const members = Math.min(
          most + extra,
          cells.reduce((s, c) => s + c.members, 0),
        );
        const kg = cells.reduce((s, c) => s + c.kg, 0);
        const p = suppressPeriod({ kg, members }, cells);
        if (members < MIN_GROUP_SIZE) {
          expect(p.total.kg).toBeNull();
          expect(p.categories.every((c) => c.kg === null)).toBe(true);
          return;
        }
        const byName = new Map(cells.map((c) => [c.category, c]));
        for (const c of p.categories)
          if (c.kg !== null) expect(byName.get(c.category)!.members).toBeGreaterThanOrEqual(3);
        // Total minus the published categories is the withheld ones together: their
        // union (at least the largest of them) must be large enough, or empty.
        // When every category is withheld, what they add up to is the published total itself.
        const hidden = p.categories.filter((c) => c.kg === null);
        if (hidden.length > 0 && hidden.length < cells.length)
          expect(
            Math.max(...hidden.map((c) => byName.get(c.category)!.members)),
          ).toBeGreaterThanOrEqual(MIN_GROUP_SIZE);
      }),
    );
  });
});

describe('combinePublished', () => {
  it('adds only published cells and counts the withheld ones', () => {
    const safe = suppressPeriod({ kg: 30, members: 3 }, [{ category: 'rail', kg: 30, members: 3 }]);
    const small = suppressPeriod({ kg: 7, members: 1 }, [{ category: 'rail', kg: 7, members: 1 }]);
    const combined = combinePublished([safe, small, safe]);
    expect(combined.total).toEqual({ kg: 60, withheldParts: 1 });
    expect(combined.categories).toEqual([{ category: 'rail', kg: 60, withheldParts: 1 }]);
    expect(combinePublished([small]).total).toEqual({ kg: null, withheldParts: 1 });
  });
});

describe('withholdSmallGoalGroups', () => {
  const goal = {
    kind: 'steps_per_week' as const,
    target: 10_000,
    timeZone: 'UTC',
    startDate: '2026-11-02',
  };
  const events = [
    { type: 'steps' as const, at: '2026-11-03', count: 9_000 },
    { type: 'steps' as const, at: '2026-11-10', count: 4_000 },
    { type: 'steps' as const, at: '2026-11-11', count: 4_000 },
    { type: 'steps' as const, at: '2026-11-12', count: 4_000 },
  ];
  const evaluation = evaluateGoal(goal, events, '2026-11-12T12:00:00Z');

  it('withholds a period one or two members logged towards, and the streak reaching over it', () => {
    const pooled = withholdSmallGoalGroups(evaluation, [
      { day: '2026-11-03', member: 'a' },
      { day: '2026-11-10', member: 'a' },
      { day: '2026-11-11', member: 'b' },
      { day: '2026-11-12', member: 'c' },
    ]);
    expect(pooled.periods[0]).toMatchObject({
      start: '2026-11-02',
      value: null,
      achieved: null,
      status: 'withheld',
      withheld: 'fewer than 3 members',
    });
    expect(pooled).toMatchObject({ value: 12_000, achieved: true, withheld: null, streak: null });
  });

  it('withholds the current figure below three members', () => {
    const pooled = withholdSmallGoalGroups(evaluation, [{ day: '2026-11-10', member: 'a' }]);
    expect(pooled).toMatchObject({
      value: null,
      progress: null,
      status: 'withheld',
      withheld: 'fewer than 3 members',
    });
  });
});

describe('goalPeriodGroups', () => {
  const rows = {
    steps: [
      { user_id: 'a', day: '2026-11-03' },
      { user_id: 'a', day: '2026-11-04' },
      { user_id: 'b', day: '2026-11-05' },
      { user_id: 'a', day: '2026-11-10' },
      { user_id: 'b', day: '2026-11-11' },
      { user_id: 'c', day: '2026-11-12' },
    ],
    sessions: [{ id: 's1', local_date: '2026-11-03' }],
    emissions: [
      { id: 'e1', occurred_on: '2026-11-03' },
      { id: 'e2', occurred_on: '2026-11-04' },
    ],
  };

  it('counts distinct members per period of the goal and withholds below three', () => {
    const contributions = goalContributions('steps_per_week', rows, new Map());
    expect(goalPeriodGroups('weekly', contributions)).toEqual([
      { start: '2026-11-02', members: 2, withheld: 'fewer than 3 members' },
      { start: '2026-11-09', members: 3, withheld: null },
    ]);
  });

  it('reads only the rows the goal adds up, each under the member who logged it', () => {
    const owners = new Map([
      ['e1', 'a'],
      ['e2', 'a'],
    ]);
    // Two emissions by one member is one member, whatever the steps rows say.
    expect(
      goalPeriodGroups('monthly', goalContributions('co2e_budget_per_month', rows, owners)),
    ).toEqual([{ start: '2026-11-01', members: 1, withheld: 'fewer than 3 members' }]);
    // An emission whose owner is unknown still counts as somebody.
    expect(goalContributions('co2e_reduction', rows, new Map())).toEqual([
      { day: '2026-11-03', member: 'e1' },
      { day: '2026-11-04', member: 'e2' },
    ]);
  });
});
