import { describe, expect, it } from 'vitest';
import { type GoalsApi, loadGoals } from './load-goals.ts';

const goal = (id: string, status: string, scope = 'personal', created = '2026-11-01') => ({
  id,
  title: `Goal ${id}`,
  scope,
  orgId: null,
  kind: 'steps_per_day',
  definition: {},
  status,
  createdAt: new Date(created),
});

function fakeApi(goals: ReturnType<typeof goal>[]) {
  const asked: string[] = [];
  const api = {
    goals: {
      list: { query: async () => goals },
      progress: {
        query: async ({ goalId }: { goalId: string }) => {
          asked.push(goalId);
          return {
            kind: 'steps_per_day',
            cadence: 'daily',
            period: { start: '2026-11-22', end: '2026-11-22' },
            value: 9000,
            rule: { direction: 'at_least', target: 8000 },
            progress: 1.125,
            achieved: true,
            status: 'achieved',
            streak: 2,
            periods: [],
          };
        },
      },
    },
  };
  return { api: api as unknown as GoalsApi, asked };
}

describe('loadGoals', () => {
  it('asks progress for active goals only, and lists the rest newest first', async () => {
    const { api, asked } = fakeApi([
      goal('a', 'active'),
      goal('b', 'cancelled', 'personal', '2026-10-01'),
      goal('c', 'achieved', 'personal', '2026-11-10'),
      goal('d', 'active', 'organisation'),
    ]);
    const page = await loadGoals(api);
    expect(asked).toEqual(['a', 'd']);
    expect(page.active.map((g) => g.id)).toEqual(['a', 'd']);
    expect(page.active[0]?.progress).toMatchObject({ status: 'achieved', streak: 2, value: 9000 });
    expect(page.active[0]?.progress).not.toHaveProperty('periods');
    expect(page.past.map((g) => g.id)).toEqual(['c', 'b']);
  });

  it('has nothing to show a new member', async () => {
    const page = await loadGoals(fakeApi([]).api);
    expect(page).toEqual({ active: [], past: [] });
  });
});
