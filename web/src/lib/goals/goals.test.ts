import { describe, expect, it } from 'vitest';
import { GOAL_KINDS, goalInput } from './goal-kinds.ts';
import { type Evaluation, progressPct, progressText, streakText } from './progress-text.ts';

const form = (fields: Record<string, string>) => {
  const data = new FormData();
  for (const [k, v] of Object.entries(fields)) data.set(k, v);
  return data;
};

describe('goalInput', () => {
  it("sends only the chosen kind's numbers, with a title made up when left blank", () => {
    expect(
      goalInput(form({ kind: 'steps_per_day', title: '', target: '8000', budgetKg: '300' })),
    ).toEqual({ title: '8,000 steps a day', definition: { kind: 'steps_per_day', target: 8000 } });
  });

  it("keeps the member's title, and sends a blank number as not-a-number for the API to name", () => {
    const input = goalInput(form({ kind: 'weekly_training_load', title: 'Build', minLoad: '' }));
    expect(input.title).toBe('Build');
    expect(input.definition).toMatchObject({ kind: 'weekly_training_load' });
    expect((input.definition as Record<string, unknown>).minLoad).toBeNaN();
  });

  it('passes an unknown kind through, for the API to refuse by name', () => {
    expect(goalInput(form({ kind: 'fly_less', title: 'x' }))).toEqual({
      title: 'x',
      definition: { kind: 'fly_less' },
    });
  });
});

describe('what counts', () => {
  it('works out the monthly ceiling of a reduction goal', () => {
    expect(
      GOAL_KINDS.co2e_reduction.counts({ baselineKgPerMonth: 400, reductionPct: 25 }),
    ).toContain('at or under 300 kg (25 % less)');
  });

  it('shows an ellipsis for a number not typed yet', () => {
    expect(GOAL_KINDS.steps_per_day.counts({ target: Number.NaN })).toContain(
      'achieved at … steps',
    );
  });
});

describe('progress in words', () => {
  const e: Evaluation = {
    kind: 'steps_per_day',
    cadence: 'daily',
    value: 5200,
    rule: { direction: 'at_least', target: 8000 },
    progress: 0.65,
    achieved: false,
    status: 'in_progress',
    streak: 3,
    withheld: null,
  };

  it('says where today stands and the streak', () => {
    expect(progressText(e)).toBe('5,200 of 8,000 steps today');
    expect(streakText(e)).toBe('3 days in a row');
    expect(progressPct(e)).toBe(65);
  });

  it('says an organisation figure is withheld rather than showing a zero', () => {
    const withheld: Evaluation = {
      ...e,
      value: null,
      progress: null,
      achieved: null,
      status: 'withheld',
      streak: null,
      withheld: 'fewer than 3 members',
    };
    expect(progressText(withheld)).toBe(
      'Progress today withheld (fewer than 3 members): organisation figures are pooled',
    );
    expect(streakText(withheld)).toBeNull();
  });

  it('words budgets, ranges and a first week', () => {
    expect(
      progressText({
        ...e,
        kind: 'co2e_budget_per_month',
        cadence: 'monthly',
        value: 120.5,
        rule: { direction: 'at_most', target: 300 },
      }),
    ).toBe('120.5 of at most 300 kg CO₂e this month');
    expect(
      progressText({
        ...e,
        kind: 'weekly_training_load',
        cadence: 'weekly',
        rule: { direction: 'within', min: 1000, max: 2000 },
        value: 800,
      }),
    ).toBe('800 AU this week, aiming for 1,000–2,000');
    expect(streakText({ streak: 1, cadence: 'weekly' })).toBe('1 week in a row');
    expect(streakText({ streak: 0, cadence: 'weekly' })).toBeNull();
    expect(progressPct({ progress: 1.4 })).toBe(100);
  });
});
