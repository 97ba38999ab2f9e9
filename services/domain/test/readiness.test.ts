import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  DomainError,
  fitReadinessModel,
  loadSeries,
  predictReadiness,
  readinessFeatures,
  readinessHistory,
  type LoadSession,
  type WellnessDay,
} from '../src/index.ts';

/** Park-Miller generator: the same synthetic member on every run. */
function random(seed: number) {
  let state = seed;
  return () => {
    state = (state * 48271) % 2147483647;
    return state / 2147483647;
  };
}

/** A member whose readiness truly depends on form (TSB) and sleep, plus noise. */
function syntheticMember(days: number, seed = 7) {
  const rand = random(seed);
  const start = '2025-01-01';
  const sessions: LoadSession[] = [];
  const wellness: WellnessDay[] = [];
  for (let d = 0; d < days; d++) {
    const date = addDays(start, d);
    if (rand() < 0.7)
      sessions.push({
        date,
        durationMin: 30 + Math.round(rand() * 90),
        rpe: 3 + Math.round(rand() * 6),
      });
    wellness.push({ date, sleepHours: 5 + rand() * 4 });
  }
  const to = addDays(start, days - 1);
  const series = loadSeries(sessions, { from: start, to });
  const byDate = new Map(series.map((r) => [r.date, r]));
  for (const w of wellness) {
    const truth = 6 + 0.04 * byDate.get(w.date)!.tsb + 0.6 * (w.sleepHours! - 7) + (rand() - 0.5);
    w.readiness = Math.min(10, Math.max(1, Math.round(truth * 10) / 10));
  }
  return { series, wellness };
}

describe('readiness model', () => {
  it('learns from load and sleep and beats predicting the mean on held-out days', () => {
    const { series, wellness } = syntheticMember(150);
    const model = fitReadinessModel(readinessHistory(series, wellness));
    if (model.status !== 'ok') throw new Error(model.message);
    expect(model.heldOut.days).toBe(30); // the most recent 20% of 150 days
    expect(model.heldOut.mae).toBeLessThan(model.heldOut.baselineMae);
    expect(model.heldOut.mae).toBeLessThan(0.6);
    const weight = (name: string) => model.weights[model.features.indexOf(name as never)]!;
    expect(weight('sleepHours')).toBeGreaterThan(0);
    expect(weight('tsb')).toBeGreaterThan(0);
  });

  it('predicts more readiness after more sleep, all else equal', () => {
    const { series, wellness } = syntheticMember(120);
    const model = fitReadinessModel(readinessHistory(series, wellness));
    const features = readinessFeatures(
      '2025-04-30',
      new Map(series.map((r) => [r.date, r])),
      new Map(wellness.map((w) => [w.date, w])),
    );
    expect(predictReadiness(model, { ...features, sleepHours: 8.5 })).toBeGreaterThan(
      predictReadiness(model, { ...features, sleepHours: 5.5 }),
    );
  });

  it('says "not enough data" below the minimum history instead of fitting', () => {
    const { series, wellness } = syntheticMember(20);
    const model = fitReadinessModel(readinessHistory(series, wellness));
    expect(model).toMatchObject({ status: 'insufficient_data', have: 20, need: 28 });
    expect(model.status === 'insufficient_data' && model.message).toMatch(/not enough data/);
    expect(() => predictReadiness(model, {})).toThrow(DomainError);
  });

  it('keeps predictions within the range the member has reported', () => {
    const { series, wellness } = syntheticMember(90);
    const model = fitReadinessModel(readinessHistory(series, wellness));
    if (model.status !== 'ok') throw new Error(model.message);
    const value = fc.option(fc.double({ min: -1e4, max: 1e4, noNaN: true }), { nil: null });
    fc.assert(
      fc.property(
        fc.record({ tsb: value, acwr: value, sleepHours: value, loadYesterday: value }),
        (features) => {
          const p = predictReadiness(model, features);
          expect(p).toBeGreaterThanOrEqual(model.range.min);
          expect(p).toBeLessThanOrEqual(model.range.max);
        },
      ),
    );
  });
});
