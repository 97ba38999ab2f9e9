import { describe, expect, it } from 'vitest';
import { loadOverview, type OverviewApi } from './load-overview.ts';

type Calls = Record<string, unknown[]>;

/** An API that answers like the real one for a member, recording what it was asked. */
function fakeApi(options: {
  timeZone: string;
  buckets?: Array<{ start: string; totalKgCO2e: number; byCategory: Record<string, number> }>;
  goals?: number;
  loadDays?: number;
}) {
  const calls: Calls = {};
  const record =
    <T>(name: string, answer: (input: never) => T) =>
    async (input?: unknown) => {
      (calls[name] ??= []).push(input);
      return answer(input as never);
    };
  const goals = Array.from({ length: options.goals ?? 0 }, (_, i) => ({
    id: `goal-${i}`,
    title: `Goal ${i}`,
    scope: 'personal' as const,
    orgId: null,
    kind: 'steps_per_day',
    definition: {},
    status: 'active' as const,
    createdAt: new Date(),
  }));
  const api = {
    me: {
      get: {
        query: record('me.get', () => ({
          id: 'u1',
          displayName: 'Member',
          email: null,
          units: 'metric' as const,
          timeZone: options.timeZone,
          avatarUrl: null,
          roles: [],
          organisations: [],
        })),
      },
    },
    carbon: {
      summary: {
        query: record('carbon.summary', (input: { from: string; to: string }) => ({
          bucket: 'month' as const,
          ...input,
          totalKgCO2e: 0,
          buckets: (options.buckets ?? []).map((b) => ({
            ...b,
            activities: 1,
            byScope: { 1: 0, 2: 0, 3: b.totalKgCO2e },
          })),
        })),
      },
    },
    training: {
      loadSeries: {
        query: record('training.loadSeries', () =>
          Array.from({ length: options.loadDays ?? 0 }, (_, i) => ({
            date: `d${i}`,
            load: i === 0 ? 0 : 100,
            acute7: null,
            chronic28: null,
            acwr: i > 30 ? 1.1 : null,
            ewma7: 0,
            ewma28: 0,
            acwrEwma: null,
            monotony: null,
            strain: null,
            ctl: 40,
            atl: 50,
            tsb: -10,
          })),
        ),
      },
      steps: { list: { query: record('training.steps.list', () => []) } },
    },
    goals: {
      list: { query: record('goals.list', () => goals) },
      progress: {
        query: record('goals.progress', () => ({
          kind: 'steps_per_day',
          value: 5000,
          rule: { direction: 'at_least', target: 8000 },
          progress: 0.625,
          achieved: false,
          status: 'in_progress',
          streak: 0,
        })),
      },
    },
  };
  return { api: api as unknown as OverviewApi, calls };
}

describe('loadOverview', () => {
  it("turns the month at the member's midnight, not the server's", async () => {
    // 23:30 UTC on 30 November is already 1 December in Auckland.
    const { api, calls } = fakeApi({ timeZone: 'Pacific/Auckland' });
    const overview = await loadOverview(api, new Date('2026-11-30T23:30:00Z'));
    expect(overview.today).toBe('2026-12-01');
    expect(calls['carbon.summary']).toEqual([
      { from: '2026-07-01', to: '2026-12-01', bucket: 'month' },
    ]);
  });

  it('compares this month with last month from the monthly buckets', async () => {
    const { api } = fakeApi({
      timeZone: 'Europe/London',
      buckets: [
        { start: '2026-10-01', totalKgCO2e: 200, byCategory: { car: 200 } },
        { start: '2026-11-01', totalKgCO2e: 150, byCategory: { car: 100, electricity: 50 } },
      ],
    });
    const overview = await loadOverview(api, new Date('2026-11-22T12:00:00Z'));
    expect(overview.carbon.comparison).toMatchObject({
      thisMonthKg: 150,
      lastMonthKg: 200,
      changePct: -25,
      direction: 'down',
    });
    expect(overview.carbon.trend.categories).toEqual(['car', 'electricity']);
    expect(overview.carbon.hasAny).toBe(true);
  });

  it('tells the page a new member has nothing yet, so it shows the first steps', async () => {
    const { api } = fakeApi({ timeZone: 'UTC' });
    const overview = await loadOverview(api, new Date('2026-11-22T12:00:00Z'));
    expect(overview.carbon.hasAny).toBe(false);
    expect(overview.training.hasAny).toBe(false);
    expect(overview.training.latest).toBeNull();
    expect(overview.steps.hasAny).toBe(false);
    expect(overview.goals).toEqual([]);
  });

  it('asks for progress of the four goals it shows, and counts the rest', async () => {
    const { api, calls } = fakeApi({ timeZone: 'UTC', goals: 6 });
    const overview = await loadOverview(api, new Date('2026-11-22T12:00:00Z'));
    expect(overview.goals.map((g) => g.id)).toEqual(['goal-0', 'goal-1', 'goal-2', 'goal-3']);
    expect(calls['goals.progress']).toHaveLength(4);
    expect(overview.goalCount).toBe(6);
    expect(overview.goals[0]?.progress.progress).toBe(0.625);
  });

  it('shows the last 60 days of load, after the chronic window has warmed up', async () => {
    const { api } = fakeApi({ timeZone: 'UTC', loadDays: 90 });
    const overview = await loadOverview(api, new Date('2026-11-22T12:00:00Z'));
    expect(overview.training.series).toHaveLength(60);
    expect(overview.training.series[0]?.date).toBe('d30');
    expect(overview.training.latest).toEqual({ acwr: 1.1, ctl: 40, atl: 50, tsb: -10 });
  });
});
