// What the overview page costs a member's browser: the JavaScript it loads
// (gzipped, target < 200 KB) and the first contentful paint in Debian's
// headless Chromium, against the production build (`node build`) and the
// running stack, signed in as the demo member. Prints; asserts nothing.
// BENCH_RUNS (default 5) page loads per figure; E2E_SKIP_BUILD=1 reuses the
// last build; E2E_WEB_PORT (default 3001, one the realm accepts) moves it.
import { gzipSync } from 'node:zlib';

process.env.E2E_WEB_PORT ??= '3001';
// The dashboard's own browser-test helpers: same build, server and sign-in.
const { default: startDashboard } = await import('../../web/e2e/global-setup.ts');
const { launchBrowser, signIn } = await import('../../web/e2e/browser.ts');
const { WEB_ORIGIN } = await import('../../web/e2e/stack-env.ts');

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const TARGET_KB = 200;

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

const stop = await startDashboard();
const { browser, close } = await launchBrowser();
try {
  const context = browser.contexts()[0]!;
  const page = await context.newPage();
  await signIn(page, WEB_ORIGIN, 'member');

  // Every script the overview loads, however it is requested (module, modulepreload, import()).
  const scripts = new Set<string>();
  page.on('response', (response) => {
    const type = response.headers()['content-type'] ?? '';
    if (response.url().startsWith(WEB_ORIGIN) && type.includes('javascript')) {
      scripts.add(response.url());
    }
  });
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');

  const fcp = { cold: [] as number[], warm: [] as number[] };
  for (const cache of ['cold', 'warm'] as const) {
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: cache === 'cold' });
    for (let i = 0; i < RUNS; i += 1) {
      await page.goto(`${WEB_ORIGIN}/`, { waitUntil: 'load' });
      await page.waitForSelector('[data-testid="month-kg"]');
      const paint = await page.evaluate(() => {
        const perf = (
          globalThis as unknown as {
            performance: { getEntriesByName(n: string): Array<{ startTime: number }> };
          }
        ).performance;
        return perf.getEntriesByName('first-contentful-paint')[0]?.startTime ?? Number.NaN;
      });
      fcp[cache].push(paint);
    }
  }

  // The bytes a browser downloads with gzip; measured by compressing each file the
  // page loaded, so the figure does not depend on the server's precompression.
  let raw = 0;
  let gzipped = 0;
  const rows: Array<[string, number, number]> = [];
  for (const url of scripts) {
    const body = Buffer.from(await (await fetch(url)).arrayBuffer());
    const gz = gzipSync(body, { level: 9 }).length;
    raw += body.length;
    gzipped += gz;
    rows.push([new URL(url).pathname, body.length, gz]);
  }
  rows.sort((a, b) => b[2] - a[2]);

  console.log(`overview page, signed in as member, ${WEB_ORIGIN}`);
  console.log(
    `JavaScript: ${scripts.size} files, ${kb(raw)} raw, ${kb(gzipped)} gzipped (target < ${TARGET_KB} KB gzipped)${gzipped < TARGET_KB * 1024 ? '' : '  OVER TARGET'}`,
  );
  for (const [path, size, gz] of rows.slice(0, 8)) {
    console.log(`  ${kb(gz).padStart(9)} gz  ${kb(size).padStart(9)} raw  ${path}`);
  }
  const ms = (xs: number[]) =>
    `median ${median(xs).toFixed(0)} ms (min ${Math.min(...xs).toFixed(0)}, max ${Math.max(...xs).toFixed(0)}, ${xs.length} loads)`;
  console.log(`first contentful paint, cache disabled: ${ms(fcp.cold)}`);
  console.log(`first contentful paint, warm cache:     ${ms(fcp.warm)}`);
} finally {
  await close();
  stop();
}
