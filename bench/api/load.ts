// One measurement: keep N connections busy against one URL for a while and
// report requests/s and latency percentiles. wrk (C, Debian's `wrk` package)
// is preferred: on a two-core machine the load generator shares the CPU with
// the server, and wrk needs about a quarter less of it than autocannon for
// the same load. autocannon is the fallback so the bench runs anywhere.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';

export interface LoadSpec {
  url: string;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  /** The request body; `{{day}}` becomes a new ISO date for every request. */
  body?: string;
}

export interface LoadResult {
  generator: 'wrk' | 'autocannon';
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** Connection errors, timeouts and non-2xx answers. */
  failed: number;
}

export interface LoadOptions {
  connections: number;
  durationSeconds: number;
  /**
   * Requests per second across all connections. Without it every connection
   * sends its next request as soon as the last is answered: the server is
   * saturated and latency is mostly time in the queue.
   */
  rate?: number;
}

const FIRST_DAY = Date.UTC(2020, 0, 1);
/** Days cycle through about eight years, so upserts mostly insert. */
const DAY_CYCLE = 3000;

export function haveWrk(): boolean {
  return spawnSync('wrk', ['--version'], { stdio: 'ignore' }).error === undefined;
}

const luaString = (s: string) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

function wrkScript(spec: LoadSpec, opts: LoadOptions): string {
  const headers = Object.entries(spec.headers ?? {})
    .map(([k, v]) => `wrk.headers[${luaString(k)}] = ${luaString(v)}`)
    .join('\n');
  const body = spec.body ?? '';
  // For a rate, each connection waits a random time between its requests
  // (mean: connections / rate), so the requests arrive spread out rather
  // than in step. The wait ignores the answer's own time, so the rate held
  // comes out a little under the one asked for; the printed rate is measured.
  const thinkMs = opts.rate ? Math.round((opts.connections * 1000) / opts.rate) : 0;
  return `
${thinkMs ? `delay = function() return math.random(0, ${2 * thinkMs}) end` : ''}
wrk.method = ${luaString(spec.method ?? 'GET')}
${headers}
local template = ${luaString(body)}
local dynamic = string.find(template, "{{day}}", 1, true) ~= nil
local n = 0
if template ~= "" and not dynamic then wrk.body = template end
request = function()
  if not dynamic then return wrk.format() end
  n = n + 1
  local day = os.date("!%Y-%m-%d", ${FIRST_DAY / 1000} + (n % ${DAY_CYCLE}) * 86400)
  return wrk.format(nil, nil, nil, (string.gsub(template, "{{day}}", day)))
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('\\n{"requests":%d,"duration_us":%d,"failed":%d,"p50_us":%d,"p99_us":%d}\\n',
    summary.requests, summary.duration, e.connect + e.read + e.write + e.timeout + e.status,
    latency:percentile(50), latency:percentile(99)))
end
`;
}

function withWrk(spec: LoadSpec, opts: LoadOptions): LoadResult {
  const dir = mkdtempSync(join(tmpdir(), 'canopy-bench-'));
  try {
    const script = join(dir, 'load.lua');
    writeFileSync(script, wrkScript(spec, opts));
    const r = spawnSync(
      'wrk',
      [
        '-t1',
        `-c${opts.connections}`,
        `-d${opts.durationSeconds}s`,
        '--timeout',
        '10s',
        '-s',
        script,
        spec.url,
      ],
      { encoding: 'utf8' },
    );
    const line = r.stdout.split('\n').find((l) => l.startsWith('{"requests"'));
    if (!line) throw new Error(`wrk printed no summary: ${r.stderr || r.stdout}`);
    const s = JSON.parse(line) as Record<string, number>;
    return {
      generator: 'wrk',
      requestsPerSecond: s.requests! / (s.duration_us! / 1e6),
      p50Ms: s.p50_us! / 1000,
      p99Ms: s.p99_us! / 1000,
      failed: s.failed!,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function withAutocannon(spec: LoadSpec, opts: LoadOptions): Promise<LoadResult> {
  let n = 0;
  const body = spec.body;
  const dynamic = body?.includes('{{day}}');
  const result = await autocannon({
    url: spec.url,
    method: spec.method ?? 'GET',
    headers: spec.headers,
    connections: opts.connections,
    duration: opts.durationSeconds,
    ...(opts.rate && { overallRate: opts.rate }),
    ...(body && !dynamic && { body }),
    ...(dynamic && {
      requests: [
        {
          setupRequest: (req) => {
            n += 1;
            const day = new Date(FIRST_DAY + (n % DAY_CYCLE) * 86_400_000)
              .toISOString()
              .slice(0, 10);
            return { ...req, body: body!.replaceAll('{{day}}', day) };
          },
        },
      ],
    }),
  });
  return {
    generator: 'autocannon',
    requestsPerSecond: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    failed: result.non2xx + result.errors,
  };
}

export function measure(spec: LoadSpec, opts: LoadOptions): Promise<LoadResult> {
  return haveWrk() ? Promise.resolve(withWrk(spec, opts)) : withAutocannon(spec, opts);
}
