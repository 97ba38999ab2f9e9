import { describe, expect, it } from 'vitest';
import { loadTraining, type TrainingApi } from './load-training.ts';

/** An API that answers like the real one for a member, recording what it was asked. */
function fakeApi(options: { timeZone: string; sessions?: number; loads?: number[] }) {
  const calls: Record<string, unknown[]> = {};
  const record =
    <T>(name: string, answer: () => T) =>
    async (input?: unknown) => {
      (calls[name] ??= []).push(input);
      return answer();
    };
  const api = {
    me: {
      get: {
        query: record('me.get', () => ({
          displayName: 'Member',
          units: 'imperial' as const,
          timeZone: options.timeZone,
        })),
      },
    },
    training: {
      sessions: {
        list: {
          query: record('sessions.list', () => ({
            items: Array.from({ length: options.sessions ?? 0 }, (_, i) => ({
              id: `s${i}`,
              startedAt: new Date('2026-11-21T06:30:00Z'),
              date: '2026-11-21',
              type: 'run',
              durationMin: 40,
              rpe: 6,
              distanceKm: 8,
              heartRate: { avgBpm: null, maxBpm: null },
              feeling: { fatigue: null, readiness: null, mood: null },
              loadAU: 240,
              trimp: null,
              notes: null,
              source: 'manual' as const,
            })),
            nextCursor: null,
          })),
        },
      },
      wellness: {
        list: {
          query: record('wellness.list', () => [
            {
              date: '2026-11-20',
              fatigue: 3,
              readiness: 7,
              mood: 8,
              soreness: null,
              stress: null,
              sleepHours: 7,
            },
            {
              date: '2026-11-21',
              fatigue: 4,
              readiness: 6,
              mood: 7,
              soreness: null,
              stress: null,
              sleepHours: 6.5,
            },
          ]),
        },
      },
      steps: { list: { query: record('steps.list', () => []) } },
      loadSeries: {
        query: record('loadSeries', () =>
          (options.loads ?? []).map((load, i) => ({
            date: `d${i}`,
            load,
            acute7: load,
            chronic28: null,
            acwr: null,
            ctl: 10,
            atl: 12,
            tsb: -2,
          })),
        ),
      },
      readiness: {
        query: record('readiness', () => ({
          status: 'insufficient_data',
          date: '2026-11-22',
          have: 4,
          need: 14,
          message: 'need more check-ins',
        })),
      },
      flags: {
        query: record('flags', () => ({
          thresholds: {},
          flags: [
            {
              date: '2026-11-21',
              kind: 'acwr_spike',
              metric: 'acwr',
              value: 1.6,
              threshold: 1.5,
              message: '',
            },
          ],
        })),
      },
    },
  };
  return { api: api as unknown as TrainingApi, calls };
}

describe('loadTraining', () => {
  it("asks for the last 90 days of load and 28 days of flags, ending on the member's today", async () => {
    const { api, calls } = fakeApi({ timeZone: 'Pacific/Auckland' });
    const page = await loadTraining(api, new Date('2026-11-30T23:30:00Z'));
    expect(page.today).toBe('2026-12-01');
    expect(calls['loadSeries']).toEqual([{ from: '2026-09-03', to: '2026-12-01' }]);
    expect(calls['flags']).toEqual([{ from: '2026-11-04', to: '2026-12-01' }]);
    expect(calls['wellness.list']).toEqual([{ from: '2026-11-18', to: '2026-12-01' }]);
    expect(calls['readiness']).toEqual([{ date: '2026-12-01' }]);
  });

  it('tells the page a new member has no load yet, so it shows the first step', async () => {
    const { api } = fakeApi({ timeZone: 'UTC', loads: [0, 0, 0] });
    const page = await loadTraining(api, new Date('2026-11-22T12:00:00Z'));
    expect(page.load.hasAny).toBe(false);
    expect(page.sessions).toEqual([]);
  });

  it("shows each session's start on the member's clock, newest check-in first, flags in words", async () => {
    const { api } = fakeApi({ timeZone: 'Europe/Berlin', sessions: 2, loads: [0, 240] });
    const page = await loadTraining(api, new Date('2026-11-22T12:00:00Z'));
    expect(page.sessions[0]).toMatchObject({ time: '07:30', loadAU: 240 });
    expect(page.units).toBe('imperial');
    expect(page.load.hasAny).toBe(true);
    expect(page.load.latest).toMatchObject({ load: 240, tsb: -2 });
    expect(page.wellness.map((w) => w.date)).toEqual(['2026-11-21', '2026-11-20']);
    expect(page.flags[0]?.title).toBe('Load spike');
    expect(page.readiness).toEqual({ status: 'insufficient_data', have: 4, need: 14 });
  });
});
