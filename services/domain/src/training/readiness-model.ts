import { addDays } from '../dates/iso-date.ts';
import { DomainError } from '../errors/domain-error.ts';
import type { LoadSeriesRow } from './load-series.ts';
import { fitRidge } from './ridge.ts';
import type { WellnessDay } from './training-session-schema.ts';

export const READINESS_FEATURES = [
  'tsb',
  'acwr',
  'acute7',
  'loadYesterday',
  'sleepHours',
  'fatigue',
  'mood',
  'soreness',
  'stress',
] as const;

export type ReadinessFeature = (typeof READINESS_FEATURES)[number];
export type ReadinessFeatures = Partial<Record<ReadinessFeature, number | null>>;
export type ReadinessExample = { date: string; features: ReadinessFeatures; readiness: number };

/** Below this many days with a reported readiness the model refuses to fit. */
export const MIN_READINESS_HISTORY = 28;
const HOLDOUT_FRACTION = 0.2;
const LAMBDAS = [0.1, 0.3, 1, 3, 10, 30, 100];

export type ReadinessModel =
  | {
      status: 'ok';
      features: ReadinessFeature[];
      /** Standardisation of each feature, from the training days. */
      means: number[];
      scales: number[];
      /** Weights per standard deviation of each feature. */
      weights: number[];
      intercept: number;
      lambda: number;
      trainedOn: number;
      /** Error on the most recent days, which the fit that chose λ never saw. */
      heldOut: { days: number; mae: number; rmse: number; baselineMae: number };
      range: { min: number; max: number };
    }
  | { status: 'insufficient_data'; have: number; need: number; message: string };

/**
 * The features for predicting readiness reported on `date`: load up to the
 * day before (TSB on `date` is already yesterday's CTL − ATL), the night's
 * sleep logged on `date`, and the previous day's wellness scores.
 */
export function readinessFeatures(
  date: string,
  seriesByDate: ReadonlyMap<string, LoadSeriesRow>,
  wellnessByDate: ReadonlyMap<string, WellnessDay>,
): ReadinessFeatures {
  const yesterday = addDays(date, -1);
  const today = seriesByDate.get(date);
  const before = seriesByDate.get(yesterday);
  const wellBefore = wellnessByDate.get(yesterday);
  return {
    tsb: today?.tsb ?? null,
    acwr: before?.acwr ?? null,
    acute7: before?.acute7 ?? null,
    loadYesterday: before?.load ?? null,
    sleepHours: wellnessByDate.get(date)?.sleepHours ?? null,
    fatigue: wellBefore?.fatigue ?? null,
    mood: wellBefore?.mood ?? null,
    soreness: wellBefore?.soreness ?? null,
    stress: wellBefore?.stress ?? null,
  };
}

/** Training examples: every wellness day with a reported readiness. */
export function readinessHistory(
  series: readonly LoadSeriesRow[],
  wellness: readonly WellnessDay[],
): ReadinessExample[] {
  const seriesByDate = new Map(series.map((r) => [r.date, r]));
  const wellnessByDate = new Map(wellness.map((w) => [w.date, w]));
  return wellness
    .filter((w) => w.readiness !== undefined)
    .map((w) => ({
      date: w.date,
      readiness: w.readiness!,
      features: readinessFeatures(w.date, seriesByDate, wellnessByDate),
    }));
}

type Standardiser = { features: ReadinessFeature[]; means: number[]; scales: number[] };

function standardiser(examples: readonly ReadinessExample[]): Standardiser {
  const features: ReadinessFeature[] = [];
  const means: number[] = [];
  const scales: number[] = [];
  for (const name of READINESS_FEATURES) {
    const values = examples
      .map((e) => e.features[name])
      .filter((v): v is number => v != null && Number.isFinite(v));
    // A feature seen on fewer than half the days would be mostly imputed: leave it out.
    if (values.length < examples.length / 2) continue;
    const mean = values.reduce((s, v) => s + v, 0) / values.length;
    const sd = Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / values.length);
    if (!(sd > 1e-9)) continue;
    features.push(name);
    means.push(mean);
    scales.push(sd);
  }
  return { features, means, scales };
}

/** Missing values become the training mean, i.e. 0 after standardising. */
function row(std: Standardiser, features: ReadinessFeatures): number[] {
  return std.features.map((name, i) => {
    const v = features[name];
    return v != null && Number.isFinite(v) ? (v - std.means[i]!) / std.scales[i]! : 0;
  });
}

function fitWith(examples: readonly ReadinessExample[], lambda?: number) {
  const std = standardiser(examples);
  const x = examples.map((e) => row(std, e.features));
  const y = examples.map((e) => e.readiness);
  if (lambda !== undefined) return { std, lambda, fit: fitRidge(x, y, lambda) };
  let best = { std, lambda: LAMBDAS[0]!, fit: fitRidge(x, y, LAMBDAS[0]!) };
  for (const l of LAMBDAS.slice(1)) {
    const fit = fitRidge(x, y, l);
    if (fit.looRmse < best.fit.looRmse) best = { std, lambda: l, fit };
  }
  return best;
}

function predictWith(
  std: Standardiser,
  weights: readonly number[],
  intercept: number,
  f: ReadinessFeatures,
) {
  return row(std, f).reduce((s, v, i) => s + v * weights[i]!, intercept);
}

/**
 * Fits a ridge regression of reported readiness on load and wellness features
 * for one member. The most recent 20% of days are held out: λ is chosen by
 * leave-one-out error on the older days, the held-out error is reported next
 * to that of always predicting the mean, and the final model is refitted on
 * every day with the chosen λ.
 */
export function fitReadinessModel(history: readonly ReadinessExample[]): ReadinessModel {
  const examples = history
    .filter((e) => Number.isFinite(e.readiness))
    .slice()
    .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  if (examples.length < MIN_READINESS_HISTORY) {
    return {
      status: 'insufficient_data',
      have: examples.length,
      need: MIN_READINESS_HISTORY,
      message: `not enough data: ${examples.length} days with a readiness score, at least ${MIN_READINESS_HISTORY} needed`,
    };
  }
  const split = Math.ceil(examples.length * (1 - HOLDOUT_FRACTION));
  const train = examples.slice(0, split);
  const test = examples.slice(split);
  const chosen = fitWith(train);
  const trainMean = chosen.fit.intercept;
  let abs = 0;
  let squares = 0;
  let baselineAbs = 0;
  for (const e of test) {
    const error =
      e.readiness - predictWith(chosen.std, chosen.fit.weights, chosen.fit.intercept, e.features);
    abs += Math.abs(error);
    squares += error ** 2;
    baselineAbs += Math.abs(e.readiness - trainMean);
  }
  const final = fitWith(examples, chosen.lambda);
  const scores = examples.map((e) => e.readiness);
  return {
    status: 'ok',
    features: final.std.features,
    means: final.std.means,
    scales: final.std.scales,
    weights: final.fit.weights,
    intercept: final.fit.intercept,
    lambda: chosen.lambda,
    trainedOn: examples.length,
    heldOut: {
      days: test.length,
      mae: abs / test.length,
      rmse: Math.sqrt(squares / test.length),
      baselineMae: baselineAbs / test.length,
    },
    range: { min: Math.min(...scores), max: Math.max(...scores) },
  };
}

/** Predicted readiness, kept within the range the member has ever reported. */
export function predictReadiness(model: ReadinessModel, features: ReadinessFeatures): number {
  if (model.status !== 'ok') throw new DomainError('insufficient_data', model.message);
  const std = { features: model.features, means: model.means, scales: model.scales };
  const value = predictWith(std, model.weights, model.intercept, features);
  return Math.min(model.range.max, Math.max(model.range.min, value));
}
