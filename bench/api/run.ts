// API throughput and latency against the real stack, with a raw Express route
// and pgbench on the same machine in the same run so the ratios hold however
// noisy the machine is. Needs `scripts/stack up`. Prints; asserts nothing.
import { spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import autocannon from 'autocannon';
import { createDb, migrateToLatest, seedDemo, demoUsers } from '@canopy/db';
import { estimateEmissions } from '@canopy/domain';
import { createTestDatabase, stackEnv, tokenFor } from '@canopy/devstack/testing';
import superjson from 'superjson';

const DURATION_S = Number(process.env.BENCH_DURATION ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const ACTIVITIES = 10_000;

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

async function run(name: string, opts: autocannon.Options) {
  const result = await autocannon({ connections: CONNECTIONS, duration: DURATION_S, ...opts });
  const bad = result.non2xx + result.errors;
  console.log(
    `${name.padEnd(34)} ${Math.round(result.requests.average).toString().padStart(7)} req/s   p50 ${String(result.latency.p50).padStart(4)} ms   p99 ${String(result.latency.p99).padStart(4)} ms${bad ? `   (${bad} failed)` : ''}`,
  );
  return result;
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
  const api = spawn(
    process.execPath,
    [resolve(import.meta.dirname, '../../services/api/src/server/main.ts')],
    {
      env: {
        ...process.env,
        ...env,
        DATABASE_URL: database.url,
        PORT: String(port),
        HOST: '127.0.0.1',
        LOG_LEVEL: 'warn',
        RATE_LIMIT_PER_MINUTE: '100000000',
      },
      stdio: ['ignore', 'inherit', 'inherit'],
    },
  );
  const base = `http://127.0.0.1:${port}`;
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
  const token = await tokenFor('member');
  const auth = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  let day = 0;
  const nextDay = () =>
    new Date(Date.UTC(2020, 0, 1) + (day++ % 3000) * 86_400_000).toISOString().slice(0, 10);

  console.log(
    `\nCanopy API on ${base}: ${CONNECTIONS} connections, ${DURATION_S} s each, node ${process.version}\n`,
  );
  try {
    await run('raw Express JSON (/healthz)', { url: `${base}/healthz` });
    await run('trivial tRPC query (factorSets)', { url: `${base}/trpc/carbon.factorSets` });
    await run('carbon.log', {
      url: `${base}/trpc/carbon.log`,
      method: 'POST',
      headers: auth,
      body: trpcBody({
        occurredOn: '2026-11-20',
        activity: { type: 'car', distance: { value: 18, unit: 'km' }, fuel: 'diesel' },
      }),
    });
    await run('training.steps.upsert', {
      url: `${base}/trpc/training.steps.upsert`,
      method: 'POST',
      headers: auth,
      // A new day each request: upserts that insert, not just update one row.
      requests: [
        { setupRequest: (req) => ({ ...req, body: trpcBody({ date: nextDay(), steps: 9000 }) }) },
      ],
    });
    const summaryInput = encodeURIComponent(
      trpcBody({ from: '2024-01-01', to: '2026-12-31', bucket: 'month' }),
    );
    await run(`carbon.summary (${ACTIVITIES} rows)`, {
      url: `${base}/trpc/carbon.summary?input=${summaryInput}`,
      headers: auth,
    });
    console.log(`${'pgbench single-row insert'.padEnd(34)} ${pgbenchInserts(database.url)}`);
  } finally {
    api.kill('SIGTERM');
    await new Promise((r) => api.once('exit', r));
    await database.drop();
  }
}

await main();
