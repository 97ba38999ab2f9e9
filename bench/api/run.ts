// API throughput and latency against the real stack, with a raw Express route
// and pgbench on the same machine in the same run so the ratios hold however
// noisy the machine is. Needs `scripts/stack up`. Prints; asserts nothing.
import { spawn, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { createDb, migrateToLatest, seedDemo, demoUsers } from '@canopy/db';
import { estimateEmissions } from '@canopy/domain';
import { createTestDatabase, stackEnv, tokenFor } from '@canopy/devstack/testing';
import superjson from 'superjson';
import type { LoadOptions, LoadResult, LoadSpec } from './load.ts';
import { haveWrk, measure } from './load.ts';

const DURATION_S = Number(process.env.BENCH_DURATION ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
/**
 * Seconds of the same load before each measurement, not counted: the pool's
 * first connections, prepared statements and the JIT's first compilations
 * otherwise land in the measured tail.
 */
const WARMUP_S = Number(process.env.BENCH_WARMUP ?? 2);
/** How many times to run the whole list; the target lines take the median. */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 1);
const ACTIVITIES = 10_000;
/** Comma-separated names of the measurements to run (`name*` for a prefix); all by default. */
const ONLY = process.env.BENCH_ONLY?.split(',').filter(Boolean) ?? [];
/** A folder: the API then writes a V8 CPU profile there when it stops. */
const PROFILE_DIR = process.env.BENCH_PROFILE;

const freePort = () =>
  new Promise<number>((done) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => done(port));
    });
  });

async function seed(url: string) {
  const db = createDb(url, { max: 4 });
  await migrateToLatest(db);
  await seedDemo(db);
  const estimate = estimateEmissions({
    type: 'car',
    distance: { value: 12, unit: 'km' },
    fuel: 'petrol',
  });
  const start = Date.UTC(2024, 0, 1);
  const rows = Array.from({ length: ACTIVITIES }, (_, i) => ({
    user_id: demoUsers.member.id,
    org_id: null,
    occurred_on: new Date(start + (i % 1000) * 86_400_000).toISOString().slice(0, 10),
    category: 'car',
    activity: { type: 'car', distance: { value: 12, unit: 'km' }, fuel: 'petrol' },
    kg_co2e: estimate.kgCO2e,
    total_kg_co2e: estimate.kgCO2e,
    scope: estimate.scope,
    factor_id: estimate.factor.id,
    factor_source: estimate.factor.source,
    factor_edition: estimate.factor.edition,
    factor_unit: estimate.factor.unit,
    factor_kg_per_unit: estimate.factor.kgCO2ePerUnit,
    quantity_value: estimate.quantity.value,
    quantity_unit: estimate.quantity.unit,
  }));
  for (let i = 0; i < rows.length; i += 1000)
    await db
      .insertInto('carbon_activities')
      .values(rows.slice(i, i + 1000))
      .execute();
  await db.destroy();
}

function trpcBody(input: unknown) {
  return JSON.stringify(superjson.serialize(input));
}

/** Several calls in one HTTP request, the way the client's httpBatchLink sends them. */
function trpcBatchBody(inputs: unknown[]) {
  return JSON.stringify(
    Object.fromEntries(inputs.map((input, i) => [i, superjson.serialize(input)])),
  );
}

const selected = (name: string) =>
  !ONLY.length ||
  ONLY.some((only) => (only.endsWith('*') ? name.startsWith(only.slice(0, -1)) : name === only));

/**
 * CPU seconds a process has used (user + system), from /proc. Throughput on a
 * busy two-core machine depends on what else runs; the API's CPU time per
 * request much less so, which makes it the figure to compare changes by.
 */
function cpuSeconds(pid: number): { user: number; system: number } {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the parenthesised command name; utime and stime are the 14th and 15th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { user: Number(fields[11]) / 100, system: Number(fields[12]) / 100 };
  } catch {
    return { user: Number.NaN, system: Number.NaN };
  }
}

/**
 * CPU seconds of the PostgreSQL server: every live postgres process, plus
 * what the server has reaped from backends that ended (a pool closes idle
 * connections mid-run), so the sum never goes backwards.
 */
function postgresCpuSeconds(): number {
  let total = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')) !== 'postgres') continue;
      // utime, stime, cutime, cstime: fields 14 to 17.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      for (const i of [11, 12, 13, 14]) total += Number(fields[i]) / 100;
    } catch {
      // The process ended while we looked.
    }
  }
  return total;
}

let apiPid = 0;
let metricsBase = '';
interface Measured {
  requestsPerSecond: number;
  p99Ms: number;
  round: number;
}
let round = 0;
/** Each measurement's results, one per round; `paced` holds the runs at half the peak rate. */
const results = new Map<string, Measured[]>();
const paced = new Map<string, Measured[]>();
/** A run with failed requests measured something else (errors are cheap): it is left out. */
const record = (into: Map<string, Measured[]>, name: string, r: LoadResult) => {
  if (r.failed === 0) into.set(name, [...(into.get(name) ?? []), { ...r, round }]);
};

interface RunOptions {
  /** Items per request (a batch); items/s are printed too. */
  perRequest?: number;
  /** Also measure latency at half the peak rate, where the server is not saturated. */
  pacedToo?: boolean;
}

/** Runs one measurement and prints it. */
async function run(
  name: string,
  spec: LoadSpec,
  { perRequest = 1, pacedToo = false }: RunOptions = {},
) {
  if (!selected(name)) return;
  if (WARMUP_S > 0) await measure(spec, { connections: CONNECTIONS, durationSeconds: WARMUP_S });
  const r = await measured(
    name,
    spec,
    { connections: CONNECTIONS, durationSeconds: DURATION_S },
    perRequest,
  );
  record(results, name, r);
  if (pacedToo) {
    const rate = Math.max(1, Math.round(r.requestsPerSecond / 2));
    const half = await measured(
      `  at half that rate`,
      spec,
      { connections: CONNECTIONS, durationSeconds: DURATION_S, rate },
      perRequest,
    );
    record(paced, name, half);
  }
}

/**
 * The API's count of carbon.log statements and the logs they stored, from its
 * /metrics (services/db/src/coalesce.ts): how many logs shared a statement.
 */
async function logStatements(): Promise<{ statements: number; logs: number }> {
  // A connection kept alive across a measurement has been seen closed under
  // the next read. Until that cause is found and fixed, the read is tried
  // once more, and says so.
  const scrape = () => fetch(`${metricsBase}/metrics`).then((r) => r.text());
  const text = await scrape().catch((error: unknown) => {
    console.log(`  (metrics read failed: ${String(error)}; read again)`);
    return scrape();
  });
  const read = (name: string) =>
    Number(new RegExp(`^canopy_api_carbon_log_${name}_total (\\S+)$`, 'm').exec(text)?.[1] ?? 0);
  const single = read('single_statements');
  const batches = read('batches');
  return { statements: single + batches, logs: single + read('batched') };
}

async function measured(name: string, spec: LoadSpec, opts: LoadOptions, perRequest: number) {
  const logsBefore = await logStatements();
  const cpuBefore = cpuSeconds(apiPid);
  const dbBefore = postgresCpuSeconds();
  const r = await measure(spec, opts);
  const logsAfter = await logStatements();
  const statements = logsAfter.statements - logsBefore.statements;
  const sharing =
    statements > 0
      ? `   ${((logsAfter.logs - logsBefore.logs) / statements).toFixed(1)} logs/statement`
      : '';
  const cpuAfter = cpuSeconds(apiPid);
  const served = r.requestsPerSecond * opts.durationSeconds;
  const dbMs = ((postgresCpuSeconds() - dbBefore) * 1000) / served;
  const userMs = ((cpuAfter.user - cpuBefore.user) * 1000) / served;
  const systemMs = ((cpuAfter.system - cpuBefore.system) * 1000) / served;
  const cpuMs = userMs + systemMs;
  const items =
    perRequest > 1 ? `   = ${Math.round(r.requestsPerSecond * perRequest)} activities/s` : '';
  const generator = opts.rate ? `   (asked for ${opts.rate} req/s)` : '';
  console.log(
    `${name.padEnd(36)} ${Math.round(r.requestsPerSecond).toString().padStart(7)} req/s   p50 ${r.p50Ms.toFixed(1).padStart(6)} ms   p99 ${r.p99Ms.toFixed(1).padStart(6)} ms   ${Number.isNaN(cpuMs) ? '' : `API CPU ${cpuMs.toFixed(2)} ms/req (${Math.round((100 * systemMs) / cpuMs)}% kernel)`}   DB CPU ${dbMs.toFixed(2)} ms/req${items}${sharing}${r.failed ? `   (${r.failed} failed)` : ''}${generator}`,
  );
  return r;
}

/** What the issue measured on its calibration machine (two cores, like this one). */
const CALIBRATION = { rawExpress: 44_000, trivialTrpc: 8_000, carbonLog: 3_000 };

/** Results of the same round, for ratios that hold however the machine's speed drifts. */
const pairs = (a: Measured[], b: Measured[]) =>
  a.flatMap((x) => {
    const y = b.find((r) => r.round === x.round);
    return y ? [[x, y] as const] : [];
  });

/**
 * The issue's targets were set on a faster machine. The raw Express route
 * runs none of Canopy's code, so its rate here against the calibration's is
 * how much slower this machine (and load generator) is; the `carbon.log`
 * target scales by it. The stretch target is read against the trivial tRPC
 * query of the same run, as the issue states it.
 *
 * A p99 taken with every connection busy is mostly time in the queue: with a
 * fixed number of connections, latency is connections / rate, so it grows as
 * the rate falls (with 10 connections at 400 req/s the median is already
 * 25 ms). It is read three ways: as measured, scaled by the same factor as
 * the rate (what the calibration machine would show), and at half the peak
 * rate, where the server keeps up.
 */
function printAgainstTargets() {
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const raw = results.get('raw Express JSON (/healthz)');
  const trivial = results.get('trivial tRPC query (factorSets)');
  const log = results.get('carbon.log');
  const summaryName = [...results.keys()].find((name) => name.startsWith('carbon.summary'));
  const of = ROUNDS > 1 ? ` (median of the rounds; a run with failed requests is left out)` : '';
  const p99s = (name: string) => {
    const busy = results.get(name)!;
    const saturated = median(busy.map((r) => r.p99Ms)).toFixed(0);
    // Each round's p99 times that round's raw rate against the calibration's.
    const scaledRounds = pairs(busy, raw ?? []).map(
      ([r, ref]) => r.p99Ms * (ref.requestsPerSecond / CALIBRATION.rawExpress),
    );
    const scaled = scaledRounds.length ? median(scaledRounds) : undefined;
    const half = paced.get(name);
    return [
      `${saturated} ms with ${CONNECTIONS} connections busy`,
      ...(scaled === undefined
        ? []
        : [`${scaled.toFixed(0)} ms scaled to the calibration machine`]),
      ...(half ? [`${median(half.map((r) => r.p99Ms)).toFixed(0)} ms at half the peak rate`] : []),
    ].join(', ');
  };
  console.log(`\nagainst the targets${of}:`);
  if (raw) {
    const speed = median(raw.map((r) => r.requestsPerSecond)) / CALIBRATION.rawExpress;
    console.log(
      `  this machine: raw Express at ${speed.toFixed(2)} of the calibration's ${CALIBRATION.rawExpress.toLocaleString('en')} req/s`,
    );
    if (log) {
      const target = CALIBRATION.carbonLog * speed;
      // Each round's rate against the raw route measured in the same round.
      const share = median(
        pairs(log, raw).map(
          ([r, ref]) =>
            r.requestsPerSecond /
            (CALIBRATION.carbonLog * (ref.requestsPerSecond / CALIBRATION.rawExpress)),
        ),
      );
      console.log(
        `  carbon.log: ${Math.round(median(log.map((r) => r.requestsPerSecond)))} req/s against ${Math.round(target)} here (3,000 scaled) = ${share.toFixed(2)} of the target`,
      );
    }
  }
  if (log && trivial) {
    const ratios = pairs(log, trivial).map(
      ([r, ref]) => r.requestsPerSecond / ref.requestsPerSecond,
    );
    console.log(
      `  carbon.log / trivial tRPC query = ${median(ratios).toFixed(2)} (stretch 0.5; the calibration's 3,000 / 8,000 = 0.375)`,
    );
  }
  if (log) console.log(`  carbon.log p99: ${p99s('carbon.log')} (target < 50 ms)`);
  if (summaryName) console.log(`  carbon.summary p99: ${p99s(summaryName)} (target < 25 ms)`);
}

function pgbenchInserts(url: string) {
  const pgbench = spawnSync('pgbench', ['--version'], { encoding: 'utf8' });
  if (pgbench.status !== 0) return 'pgbench not found (Debian: apt-get install postgresql-client)';
  const u = new URL(url);
  const env = { ...process.env, PGPASSWORD: decodeURIComponent(u.password) };
  const conn = [
    '-h',
    u.hostname,
    '-p',
    u.port,
    '-U',
    decodeURIComponent(u.username),
    u.pathname.slice(1),
  ];
  spawnSync(
    'psql',
    [
      ...conn.slice(0, -1),
      '-d',
      u.pathname.slice(1),
      '-c',
      'create table if not exists bench_insert (id bigserial primary key, v int)',
    ],
    { env },
  );
  const script = resolve(import.meta.dirname, 'insert.sql');
  const r = spawnSync(
    'pgbench',
    [
      '-n',
      '-f',
      script,
      '-c',
      String(Math.min(CONNECTIONS, 16)),
      '-j',
      '2',
      '-T',
      String(DURATION_S),
      ...conn,
    ],
    { env, encoding: 'utf8' },
  );
  return /tps = ([\d.]+)/.exec(r.stdout)?.[1]
    ? `${Math.round(Number(/tps = ([\d.]+)/.exec(r.stdout)![1]))} TPS`
    : `pgbench failed: ${r.stderr.trim()}`;
}

async function main() {
  const env = stackEnv();
  const database = await createTestDatabase('bench');
  console.log(`seeding ${ACTIVITIES} activities for the demo member…`);
  await seed(database.url);

  const port = await freePort();
  const metricsPort = await freePort();
  const api = spawn(
    process.execPath,
    [
      ...(PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${resolve(PROFILE_DIR)}`] : []),
      resolve(import.meta.dirname, '../../services/api/src/server/main.ts'),
    ],
    {
      env: {
        ...process.env,
        ...env,
        DATABASE_URL: database.url,
        PORT: String(port),
        HOST: '127.0.0.1',
        METRICS_PORT: String(metricsPort),
        METRICS_HOST: '127.0.0.1',
        LOG_LEVEL: 'warn',
        RATE_LIMIT_PER_MINUTE: '100000000',
      },
      stdio: ['ignore', 'inherit', 'inherit'],
    },
  );
  apiPid = api.pid ?? 0;
  const base = `http://127.0.0.1:${port}`;
  metricsBase = `http://127.0.0.1:${metricsPort}`;
  for (let i = 0; i < 100; i++) {
    if (
      await fetch(`${base}/readyz`).then(
        (r) => r.ok,
        () => false,
      )
    )
      break;
    await new Promise((r) => setTimeout(r, 200));
  }

  console.log(
    `\nCanopy API on ${base}: ${CONNECTIONS} connections, ${DURATION_S} s each, node ${process.version}, load from ${haveWrk() ? 'wrk' : 'autocannon (install wrk for a lighter load generator)'}\n`,
  );
  const car = (day: string) => ({
    occurredOn: day,
    activity: { type: 'car', distance: { value: 18, unit: 'km' }, fuel: 'diesel' },
  });
  const BATCH = 10;
  const MANY = 50;
  try {
    for (round = 1; round <= ROUNDS; round++) {
      if (ROUNDS > 1) console.log(`round ${round} of ${ROUNDS}`);
      // Access tokens live five minutes and a round takes about four.
      const auth = {
        authorization: `Bearer ${await tokenFor('member')}`,
        'content-type': 'application/json',
      };
      await run('raw Express JSON (/healthz)', { url: `${base}/healthz` });
      await run('trivial tRPC query (factorSets)', { url: `${base}/trpc/carbon.factorSets` });
      const post = { method: 'POST', headers: auth } as const;
      // A member's activities fall on many days; different members never share a rollup row.
      await run(
        'carbon.log',
        {
          ...post,
          url: `${base}/trpc/carbon.log`,
          body: trpcBody(car('{{day}}')),
        },
        { pacedToo: true },
      );
      // The worst case: every request adds to the same member's same day, one rollup row.
      await run('carbon.log (all on one day)', {
        ...post,
        url: `${base}/trpc/carbon.log`,
        body: trpcBody(car('2026-11-20')),
      });
      await run(
        `carbon.log ×${BATCH} (httpBatchLink)`,
        {
          ...post,
          url: `${base}/trpc/${Array(BATCH).fill('carbon.log').join(',')}?batch=1`,
          body: trpcBatchBody(Array.from({ length: BATCH }, () => car('{{day}}'))),
        },
        { perRequest: BATCH },
      );
      await run(
        `carbon.logMany (${MANY} per call)`,
        {
          ...post,
          url: `${base}/trpc/carbon.logMany`,
          body: trpcBody({ activities: Array.from({ length: MANY }, () => car('{{day}}')) }),
        },
        { perRequest: MANY },
      );
      // A new day each request: upserts that insert, not just update one row.
      await run('training.steps.upsert', {
        ...post,
        url: `${base}/trpc/training.steps.upsert`,
        body: trpcBody({ date: '{{day}}', steps: 9000 }),
      });
      const summaryInput = encodeURIComponent(
        trpcBody({ from: '2024-01-01', to: '2026-12-31', bucket: 'month' }),
      );
      await run(
        `carbon.summary (${ACTIVITIES} rows)`,
        {
          url: `${base}/trpc/carbon.summary?input=${summaryInput}`,
          headers: auth,
        },
        { pacedToo: true },
      );
    }
    if (selected('pgbench single-row insert'))
      console.log(`${'pgbench single-row insert'.padEnd(34)} ${pgbenchInserts(database.url)}`);
    printAgainstTargets();
  } finally {
    api.kill('SIGTERM');
    await new Promise((r) => api.once('exit', r));
    await database.drop();
  }
}

await main();
