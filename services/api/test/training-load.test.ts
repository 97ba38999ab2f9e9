import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Caller, Harness } from './harness.ts';
import { createHarness } from './harness.ts';

function day(iso: string, offset: number) {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + offset);
  return d.toISOString().slice(0, 10);
}

async function trainDaily(
  caller: Caller,
  from: string,
  days: number,
  durationMin: number,
  rpe: number,
) {
  for (let i = 0; i < days; i++) {
    await caller.training.sessions.create({
      startedAt: `${day(from, i)}T07:00:00Z`,
      type: 'run',
      durationMin,
      rpe,
    });
  }
}

describe('training router: load series, flags and readiness', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  it('reads history before `from`, so the 7- and 28-day windows are full on the first day shown', async () => {
    const caller = await h.as('member');
    // 300 AU (60 min × RPE 5) every day of January and February 2026.
    await trainDaily(caller, '2026-01-01', 59, 60, 5);
    const series = await caller.training.loadSeries({ from: '2026-02-01', to: '2026-02-28' });
    expect(series).toHaveLength(28);
    expect(series[0]).toMatchObject({
      date: '2026-02-01',
      load: 300,
      acute7: 300,
      chronic28: 300,
      acwr: 1,
      // Equal loads every day: no spread, so monotony is undefined rather than infinite.
      monotony: null,
    });
    // CTL (τ = 42 d) after 32 days of 300 AU (1 January to 1 February): 300 × (1 − e^(−32/42)).
    expect(series[0]!.ctl).toBeCloseTo(300 * (1 - Math.exp(-32 / 42)), 6);
    expect(series.every((r) => r.acwr === 1)).toBe(true);
  });

  it('flags an acute:chronic spike when a week of hard training follows three easy ones', async () => {
    const caller = await h.as('member');
    // 1-7 March: 120 min × RPE 10 = 1200 AU a day, after 300 AU days.
    await trainDaily(caller, '2026-03-01', 7, 120, 10);
    const { flags, thresholds } = await caller.training.flags({
      from: '2026-03-07',
      to: '2026-03-07',
    });
    expect(thresholds.acwrSpike).toBe(1.5);
    // acute7 = 1200; chronic28 = (21 × 300 + 7 × 1200) / 28 = 525; ACWR = 1200 / 525.
    const spike = flags.find((f) => f.kind === 'acwr_spike');
    expect(spike).toMatchObject({ date: '2026-03-07', metric: 'acwr', threshold: 1.5 });
    expect(spike!.value).toBeCloseTo(1200 / 525, 10);
    const calm = await caller.training.flags({ from: '2026-02-20', to: '2026-02-28' });
    expect(calm.flags.filter((f) => f.kind === 'acwr_spike')).toEqual([]);
    const ewma = await caller.training.flags({
      from: '2026-03-07',
      to: '2026-03-07',
      acwr: 'ewma',
    });
    expect(ewma.flags.every((f) => f.metric !== 'acwr')).toBe(true);
    await expect(caller.training.flags({ from: '2026-03-07', to: '2026-03-01' })).rejects.toThrow(
      /to must not be before from/,
    );
    await expect(
      caller.training.loadSeries({ from: '2020-01-01', to: '2026-01-01' }),
    ).rejects.toThrow(/to may be at most/);
  });

  it('says plainly when there is not enough history to predict readiness', async () => {
    const caller = await h.as('orgadmin');
    await caller.training.wellness.upsert({ date: '2026-04-01', readiness: 6, sleepHours: 7 });
    expect(await caller.training.readiness({ date: '2026-04-02' })).toEqual({
      status: 'insufficient_data',
      date: '2026-04-02',
      have: 1,
      need: 28,
      message: 'not enough data: 1 days with a readiness score, at least 28 needed',
    });
  });

  it('predicts for today where the member is when no date is given', async () => {
    await (await h.as('orgadmin')).me.update({ timeZone: 'Pacific/Auckland' });
    // 23:30 UTC on 10 September is already 11 September in Auckland (NZST, UTC+12).
    const caller = await h.as('orgadmin', () => new Date('2026-09-10T23:30:00Z'));
    expect(await caller.training.readiness({})).toMatchObject({
      status: 'insufficient_data',
      date: '2026-09-11',
    });
  });

  it("learns readiness from the member's own check-ins and predicts the next day", async () => {
    const caller = await h.as('member2');
    // 40 days where readiness tracks the night's sleep exactly.
    const sleep = (i: number) => 5 + ((i * 3) % 5);
    for (let i = 0; i < 40; i++) {
      await caller.training.wellness.upsert({
        date: day('2026-08-01', i),
        sleepHours: sleep(i),
        readiness: sleep(i),
      });
    }
    const target = day('2026-08-01', 40);
    await caller.training.wellness.upsert({ date: target, sleepHours: 8 });
    const result = await caller.training.readiness({ date: target });
    expect(result.status).toBe('ok');
    if (result.status !== 'ok') return;
    expect(result.model.trainedOn).toBe(40);
    expect(result.features).toMatchObject({ sleepHours: 8 });
    expect(result.model.weights.sleepHours).toBeGreaterThan(0);
    expect(result.predicted).toBeCloseTo(8, 0);
    // The held-out days are predicted far better than by the mean.
    expect(result.model.heldOut.mae).toBeLessThan(result.model.heldOut.baselineMae / 2);
  });
});
