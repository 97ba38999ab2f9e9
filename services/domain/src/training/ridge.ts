/** Solves A·x = b for a symmetric positive-definite A by Cholesky factorisation. */
export function solveSpd(a: readonly number[][], b: readonly number[]): number[] {
  const n = b.length;
  const l: number[][] = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = a[i]![j]!;
      for (let k = 0; k < j; k++) sum -= l[i]![k]! * l[j]![k]!;
      if (i === j) {
        if (!(sum > 0)) throw new RangeError('matrix is not positive definite');
        l[i]![i] = Math.sqrt(sum);
      } else {
        l[i]![j] = sum / l[j]![j]!;
      }
    }
  }
  const y = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    let sum = b[i]!;
    for (let k = 0; k < i; k++) sum -= l[i]![k]! * y[k]!;
    y[i] = sum / l[i]![i]!;
  }
  const x = new Array<number>(n);
  for (let i = n - 1; i >= 0; i--) {
    let sum = y[i]!;
    for (let k = i + 1; k < n; k++) sum -= l[k]![i]! * x[k]!;
    x[i] = sum / l[i]![i]!;
  }
  return x;
}

export type RidgeFit = { weights: number[]; intercept: number; looRmse: number };

/**
 * Ridge regression on already standardised columns: minimises
 * Σ(y − ȳ − X·w)² + λ‖w‖², intercept ȳ unpenalised (Hoerl & Kennard 1970).
 * Also returns the leave-one-out RMSE from the closed form e_i / (1 − h_ii),
 * h_ii = 1/n + x_iᵀ(XᵀX + λI)⁻¹x_i, used to choose λ without touching held-out days.
 */
export function fitRidge(x: readonly number[][], y: readonly number[], lambda: number): RidgeFit {
  const n = y.length;
  const p = x[0]?.length ?? 0;
  const mean = y.reduce((s, v) => s + v, 0) / n;
  const a: number[][] = Array.from({ length: p }, (_, i) =>
    Array.from({ length: p }, (_, j) => (i === j ? lambda : 0)),
  );
  const b = new Array<number>(p).fill(0);
  for (let r = 0; r < n; r++) {
    const row = x[r]!;
    for (let i = 0; i < p; i++) {
      b[i]! += row[i]! * (y[r]! - mean);
      for (let j = 0; j < p; j++) a[i]![j]! += row[i]! * row[j]!;
    }
  }
  const weights = p > 0 ? solveSpd(a, b) : [];
  let looSquares = 0;
  for (let r = 0; r < n; r++) {
    const row = x[r]!;
    const fitted = mean + row.reduce((s, v, i) => s + v * weights[i]!, 0);
    const h = 1 / n + (p > 0 ? quadForm(a, row) : 0);
    looSquares += ((y[r]! - fitted) / (1 - h)) ** 2;
  }
  return { weights, intercept: mean, looRmse: Math.sqrt(looSquares / n) };
}

/** xᵀ A⁻¹ x. */
function quadForm(a: readonly number[][], x: readonly number[]): number {
  const z = solveSpd(a, x);
  return x.reduce((s, v, i) => s + v * z[i]!, 0);
}
