import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { RUNNING_WEB_URL, stackEnv, WEB_ORIGIN, WEB_PORT } from './stack-env.ts';

const WEB_DIR = fileURLToPath(new URL('..', import.meta.url));

async function waitForServer(url: string, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(url, { redirect: 'manual' });
      if (res.status < 500) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`the dashboard did not answer at ${url} within ${timeoutMs} ms`);
}

/** Builds the production bundle and runs it the way it is deployed: `node build`. */
export default async function setup() {
  if (RUNNING_WEB_URL) {
    await waitForServer(`${RUNNING_WEB_URL}/signed-out`, 30_000);
    return () => {};
  }
  // A dashboard already there (the stack's own) would keep serving while the
  // build below replaced its files, and fail on every page it had not loaded yet.
  const there = await fetch(`${WEB_ORIGIN}/signed-out`).then(
    () => true,
    () => false,
  );
  if (there) {
    throw new Error(
      `a dashboard is already listening at ${WEB_ORIGIN}; test it with E2E_WEB_URL=${WEB_ORIGIN}, or stop it first`,
    );
  }
  const env = { ...process.env, ...stackEnv(), ORIGIN: WEB_ORIGIN };
  if (!process.env.E2E_SKIP_BUILD) {
    const build = spawnSync('node_modules/.bin/vite', ['build'], {
      cwd: WEB_DIR,
      env,
      stdio: 'inherit',
    });
    if (build.status !== 0) throw new Error('vite build failed');
  }
  const server = spawn('node', ['build'], {
    cwd: WEB_DIR,
    env: {
      ...env,
      PORT: String(WEB_PORT),
      HOST: '127.0.0.1',
      OIDC_CLIENT_SECRET: process.env.OIDC_CLIENT_SECRET ?? 'canopy-web-dev-secret',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const exited = new Promise<never>((_, reject) =>
    server.once('exit', (code) => reject(new Error(`node build exited with ${code}`))),
  );
  await Promise.race([waitForServer(`${WEB_ORIGIN}/signed-out`, 30_000), exited]);
  return () => {
    server.kill('SIGTERM');
  };
}
