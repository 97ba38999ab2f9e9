import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  banisterTrimp,
  edwardsTrimp,
  ewma,
  heartRateZoneMinutes,
  loadSeries,
  sessionLoad,
  trainingFlags,
  type LoadSession,
} from '../src/index.ts';

describe('session loads', () => {
  it('Foster session-RPE is minutes × RPE', () => {
    // 60 min × RPE 7 = 420 AU
    expect(sessionLoad({ durationMin: 60, rpe: 7 })).toBe(420);
    expect(() => sessionLoad({ durationMin: 60, rpe: 11 })).toThrow(/rpe/);
  });

  it('Edwards TRIMP weights zone minutes 1-5', () => {
    // 10×1 + 20×2 + 15×3 + 5×4 + 2×5 = 125
    expect(edwardsTrimp([10, 20, 15, 5, 2])).toBe(125);
    // HRmax 200, one sample a minute: 95 (<50%) ignored, 110 → z1, 150 → z3, 199 → z5
    expect(heartRateZoneMinutes([95, 110, 150, 199], 60, 200)).toEqual([1, 0, 1, 0, 1]);
  });

  it('Banister TRIMP with the male and female coefficients', () => {
    // ΔHR = (150 − 50) / (200 − 50) = 2/3; 60 × 2/3 × 0.64 × e^(1.92 × 2/3) = 92.0739770
    const hr = { durationMin: 60, hrAvg: 150, hrRest: 50, hrMax: 200 };
    expect(banisterTrimp({ ...hr, sex: 'male' })).toBeCloseTo(92.073977, 6);
    // 60 × 2/3 × 0.86 × e^(1.67 × 2/3) = 104.7304491
    expect(banisterTrimp({ ...hr, sex: 'female' })).toBeCloseTo(104.7304491, 6);
  });
});

describe('loadSeries', () => {
  it('computes the exponential models day by day (hand-worked three days)', () => {
    const sessions: LoadSession[] = [
      { date: '2025-01-01', durationMin: 60, rpe: 5 }, // 300 AU
      { date: '2025-01-03', durationMin: 30, rpe: 8 }, // 240 AU
    ];
    const rows = loadSeries(sessions, { from: '2025-01-01', to: '2025-01-03' });
    expect(rows.map((r) => [r.date, r.load])).toEqual([
      ['2025-01-01', 300],
      ['2025-01-02', 0],
      ['2025-01-03', 240],
    ]);
    // CTL gain 1 − e^(−1/42) = 0.0235283133; ATL gain 1 − e^(−1/7) = 0.1331221002
    expect(rows[0]!.ctl).toBeCloseTo(7.058494004, 8); // 300 × 0.0235283133
    expect(rows[0]!.atl).toBeCloseTo(39.936630075, 8); // 300 × 0.1331221002
    expect(rows[0]!.tsb).toBe(0);
    expect(rows[1]!.tsb).toBeCloseTo(-32.878136071, 8); // yesterday's 7.0585 − 39.9366
    expect(rows[2]!.ctl).toBeCloseTo(12.377047742, 8);
    expect(rows[2]!.atl).toBeCloseTo(61.960774723, 8);
    expect(rows[2]!.tsb).toBeCloseTo(-27.727762457, 8);
    // EWMA N=7, λ = 0.25, seeded with 300: 300, 225, 0.25×240 + 0.75×225 = 228.75
    expect(rows.map((r) => r.ewma7)).toEqual([300, 225, 228.75]);
    // EWMA N=28, λ = 2/29: 300 × 27/29 = 279.3103448, then 240 × 2/29 + that × 27/29 = 276.5992866
    expect(rows[2]!.ewma28).toBeCloseTo(276.5992866, 6);
    // Fewer than 7 days of history: no rolling windows yet.
    expect(rows[2]!.acute7).toBeNull();
    expect(rows[2]!.acwr).toBeNull();
  });

  it('rolling 7:28 ACWR, monotony and strain after a spike', () => {
    const sessions: LoadSession[] = [];
    for (let d = 1; d <= 28; d++)
      sessions.push({ date: `2025-02-${String(d).padStart(2, '0')}`, durationMin: 20, rpe: 5 });
    sessions.push({ date: '2025-03-01', durationMin: 80, rpe: 5 }); // 400 AU
    const rows = loadSeries(sessions, { from: '2025-02-28', to: '2025-03-01' });
    const [flat, spike] = rows;
    expect(flat).toMatchObject({
      acute7: 100,
      chronic28: 100,
      acwr: 1,
      monotony: null,
      strain: null,
    });
    // acute 1000/7, chronic 3100/28 → ACWR = 28000/21700 = 1.2903225806
    expect(spike!.acwr).toBeCloseTo(1.2903225806, 9);
    // week [100×6, 400]: mean 142.857, population SD 104.978 → monotony 1.3608276349
    expect(spike!.monotony).toBeCloseTo(1.3608276349, 9);
    expect(spike!.strain).toBeCloseTo(1360.8276349, 6);
  });

  it('rest days are zero and sessions on one day add up', () => {
    const rows = loadSeries(
      [
        { date: '2024-02-28', durationMin: 10, rpe: 2 },
        { date: '2024-02-28', durationMin: 10, rpe: 3 },
      ],
      { from: '2024-02-27', to: '2024-03-01' },
    );
    // 2024 is a leap year: 27, 28, 29 Feb and 1 Mar.
    expect(rows.map((r) => [r.date, r.load])).toEqual([
      ['2024-02-27', 0],
      ['2024-02-28', 50],
      ['2024-02-29', 0],
      ['2024-03-01', 0],
    ]);
  });
});

describe('trainingFlags', () => {
  it('reports each flag with the number that triggered it', () => {
    const sessions: LoadSession[] = [];
    for (let d = 1; d <= 28; d++)
      sessions.push({ date: `2025-02-${String(d).padStart(2, '0')}`, durationMin: 20, rpe: 5 });
    for (let d = 1; d <= 6; d++) sessions.push({ date: `2025-03-0${d}`, durationMin: 60, rpe: 10 }); // 600 AU a day
    const flags = trainingFlags(loadSeries(sessions, { from: '2025-02-28', to: '2025-03-06' }));
    const spike = flags.find((f) => f.kind === 'acwr_spike');
    expect(spike).toBeDefined();
    expect(spike!.value).toBeGreaterThanOrEqual(1.5);
    expect(spike!.threshold).toBe(1.5);
    const fatigue = flags.find((f) => f.kind === 'high_fatigue');
    expect(fatigue!.value).toBeLessThan(-30);
    expect(fatigue!.message).toMatch(/below -30/);
  });

  it('flags detraining and monotony', () => {
    const sessions: LoadSession[] = [];
    for (let d = 1; d <= 28; d++) {
      // 27 days of varied training, then a quiet week that is the same every day.
      const date = `2025-02-${String(d).padStart(2, '0')}`;
      sessions.push({
        date,
        durationMin: d <= 21 ? 60 + (d % 3) * 30 : 20 + (d % 2),
        rpe: d <= 21 ? 6 : 2,
      });
    }
    const flags = trainingFlags(loadSeries(sessions, { from: '2025-02-28', to: '2025-02-28' }));
    expect(flags.map((f) => f.kind)).toEqual(
      expect.arrayContaining(['detraining', 'high_monotony']),
    );
    expect(flags.find((f) => f.kind === 'detraining')!.value).toBeLessThan(0.8);
    expect(flags.find((f) => f.kind === 'high_monotony')!.value).toBeGreaterThan(2);
  });
});

describe('training invariants', () => {
  const day = fc.integer({ min: 0, max: 400 });
  const sessionArb = fc.record({
    day,
    durationMin: fc.integer({ min: 1, max: 240 }),
    rpe: fc.integer({ min: 0, max: 10 }),
  });
  const base = Date.UTC(2024, 0, 1);
  const dateOf = (d: number) => new Date(base + d * 86_400_000).toISOString().slice(0, 10);

  it("a series' length equals the day count", () => {
    fc.assert(
      fc.property(
        fc.array(sessionArb, { maxLength: 50 }),
        day,
        fc.integer({ min: 0, max: 800 }),
        (raw, start, span) => {
          const sessions = raw.map((s) => ({ ...s, date: dateOf(s.day) }));
          const rows = loadSeries(sessions, { from: dateOf(start), to: dateOf(start + span) });
          expect(rows).toHaveLength(span + 1);
          expect(rows[0]!.date).toBe(dateOf(start));
          expect(rows.at(-1)!.date).toBe(dateOf(start + span));
        },
      ),
    );
  });

  it('EWMA stays within the min and max of its inputs', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 200 }),
        fc.integer({ min: 1, max: 60 }),
        (values, n) => {
          const out = ewma(values, n);
          let lo = Infinity;
          let hi = -Infinity;
          values.forEach((v, i) => {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
            expect(out[i]!).toBeGreaterThanOrEqual(lo - 1e-6);
            expect(out[i]!).toBeLessThanOrEqual(hi + 1e-6);
          });
        },
      ),
    );
  });

  it("the series' EWMAs agree with ewma() over the daily loads", () => {
    fc.assert(
      fc.property(fc.array(sessionArb, { minLength: 1, maxLength: 40 }), (raw) => {
        const sessions = raw.map((s) => ({ ...s, date: dateOf(s.day) }));
        const rows = loadSeries(sessions, { from: dateOf(0), to: dateOf(400) });
        const loads = rows.map((r) => r.load);
        ewma(loads, 7).forEach((v, i) => expect(rows[i]!.ewma7).toBeCloseTo(v, 6));
        ewma(loads, 28).forEach((v, i) => expect(rows[i]!.ewma28).toBeCloseTo(v, 6));
      }),
      { numRuns: 30 },
    );
  });
});
