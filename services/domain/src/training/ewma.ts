/**
 * Exponentially weighted moving average with λ = 2 / (N + 1) (Williams et al.
 * 2017, "Better way to determine the acute:chronic workload ratio?", BJSM
 * 51(3)): EWMA_t = λ·x_t + (1 − λ)·EWMA_(t−1). Seeded with the first value, so
 * every output is a convex combination of inputs and stays within their range.
 */
export function ewma(values: readonly number[], n: number): number[] {
  const lambda = 2 / (n + 1);
  const out = new Array<number>(values.length);
  let current = values[0] ?? 0;
  for (let i = 0; i < values.length; i++) {
    current = lambda * values[i]! + (1 - lambda) * current;
    out[i] = current;
  }
  return out;
}
