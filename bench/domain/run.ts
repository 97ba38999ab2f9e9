// Throughput of the domain engine on one core: `node bench/domain/run.ts`.
// Targets (issue 3): ≥ 1,000,000 estimates/s; loadSeries over 10 years of
// daily sessions in < 10 ms. Printed, never asserted: timings belong here,
// not in tests.
import {
  addDays,
  estimateEmissions,
  loadSeries,
  type CarbonActivity,
  type LoadSession,
} from '../../services/domain/src/index.ts';

const activities: CarbonActivity[] = [
  { type: 'electricity', kwh: 312 },
  { type: 'electricity', kwh: 120, country: 'DE' },
  { type: 'natural_gas', kwh: 950 },
  { type: 'heating_oil', ukGallons: 40 },
  {
    type: 'car',
    distance: { value: 42, unit: 'mi' },
    fuel: 'diesel',
    size: 'medium',
    passengers: 2,
  },
  { type: 'bus', distance: { value: 8, unit: 'km' }, kind: 'local' },
  { type: 'rail', distance: { value: 180, unit: 'km' }, kind: 'national' },
  { type: 'flight', from: 'LHR', to: 'JFK', cabin: 'economy' },
  { type: 'hotel', nights: 2, country: 'FR' },
  { type: 'ferry', distance: { value: 40, unit: 'km' }, kind: 'foot' },
];

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function benchEstimates(): number {
  let sink = 0;
  for (let i = 0; i < 200_000; i++)
    sink += estimateEmissions(activities[i % activities.length]!).kgCO2e; // warm-up
  const rates: number[] = [];
  for (let round = 0; round < 5; round++) {
    const n = 1_000_000;
    const t0 = performance.now();
    for (let i = 0; i < n; i++)
      sink += estimateEmissions(activities[i % activities.length]!).kgCO2e;
    rates.push(n / ((performance.now() - t0) / 1000));
  }
  if (!Number.isFinite(sink)) throw new Error('unreachable');
  return median(rates);
}

function benchLoadSeries(): { days: number; ms: number } {
  const from = '2016-01-01';
  const to = addDays(from, 3652);
  const sessions: LoadSession[] = [];
  for (let d = 0; d <= 3652; d++)
    sessions.push({ date: addDays(from, d), durationMin: 30 + (d % 60), rpe: 1 + (d % 9) });
  for (let i = 0; i < 20; i++) loadSeries(sessions, { from, to }); // warm-up
  const times: number[] = [];
  let days = 0;
  for (let i = 0; i < 50; i++) {
    const t0 = performance.now();
    days = loadSeries(sessions, { from, to }).length;
    times.push(performance.now() - t0);
  }
  return { days, ms: median(times) };
}

const rate = benchEstimates();
console.log(
  `estimateEmissions: ${Math.round(rate).toLocaleString('en-GB')} estimates/s (target ≥ 1,000,000)`,
);
const series = benchLoadSeries();
console.log(
  `loadSeries: ${series.days} days (10 years of daily sessions) in ${series.ms.toFixed(2)} ms median (target < 10 ms)`,
);
