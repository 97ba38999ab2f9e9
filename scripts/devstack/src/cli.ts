#!/usr/bin/env node
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { StackConfig } from './config.ts';
import { devCredentials, loadConfig } from './config.ts';
import { logFile } from './proc.ts';
import { allServices } from './services.ts';
import { down, selectServices, StackError, status, up } from './stack.ts';
import { MissingToolError } from './toolchain.ts';

const usage = `Usage: scripts/stack <command> [options]

Commands:
  up [--only a,b] [--no-demo]   start the services (idempotent), migrate, load demo data
  down [--only a,b]             stop what this stack started
  status                        show each service, its pid and health
  logs <service> [-f]           print (or follow) a service's log
  env                           print the environment that reaches the stack

Services: ${allServices.map((s) => s.name).join(', ')}
Ports and paths move with CANOPY_* variables (see README, "Configuration").`;

function parseOnly(args: string[]): string[] | undefined {
  const i = args.indexOf('--only');
  if (i === -1) return undefined;
  return (args[i + 1] ?? '').split(',').filter(Boolean);
}

function printUrls(cfg: StackConfig) {
  const h = cfg.host;
  const p = cfg.ports;
  const rows: [string, string][] = [
    [
      'PostgreSQL',
      `postgres://${devCredentials.postgres.user}:${devCredentials.postgres.password}@${h}:${p.postgres.port}/canopy`,
    ],
    ['Temporal', `${h}:${p.temporal.port} (namespace canopy)`],
    ...(cfg.withUi
      ? ([['Temporal UI', `http://${h}:${p.temporalUi.port}`]] as [string, string][])
      : []),
    [
      'Keycloak',
      `http://${h}:${p.keycloak.port}/admin (admin / ${devCredentials.keycloakAdmin.password})`,
    ],
    [
      'MinIO S3',
      `http://${h}:${p.minio.port} (${devCredentials.minio.accessKey} / ${devCredentials.minio.secretKey})`,
    ],
    ...(cfg.withUi
      ? ([['MinIO console', `http://${h}:${p.minioConsole.port}`]] as [string, string][])
      : []),
    ['stripe-mock', `http://${h}:${p.stripeMock.port}`],
    ['Mail inbox', `http://${h}:${p.mailWeb.port} (SMTP ${h}:${p.smtp.port})`],
    ['API', `http://${h}:${p.api.port} (tRPC at /trpc, REST at /api, OpenAPI at /openapi.json)`],
    ['API metrics', `http://${h}:${p.apiMetrics.port}/metrics (Prometheus)`],
    ['Dashboard', `http://${h}:${p.web.port} (sign in as a demo user below)`],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  console.log('\nCanopy stack is up:');
  for (const [k, v] of rows) console.log(`  ${k.padEnd(width)}  ${v}`);
  console.log(`
Demo logins (realm canopy, password canopy-demo):
  member, member2        member
  orgadmin               org-admin of Alder & Co
  shopadmin              shop-admin
  platformadmin          platform-admin

Environment for apps and tests: ${cfg.stackDir}/env`);
}

async function main(argv: string[]) {
  const [command, ...args] = argv;
  const cfg = loadConfig();
  switch (command) {
    case 'up': {
      const services = selectServices(parseOnly(args));
      const all = services.length === allServices.length;
      const result = await up(cfg, services, { demo: all && !args.includes('--no-demo') });
      if (result.alreadyRunning.length > 0)
        console.log(`already running: ${result.alreadyRunning.join(', ')}`);
      console.log(`ready in ${result.seconds.toFixed(1)}s`);
      if (all) printUrls(cfg);
      return;
    }
    case 'down': {
      const stopped = await down(cfg, selectServices(parseOnly(args)));
      console.log(
        stopped.length ? `stopped: ${stopped.join(', ')}` : 'nothing of ours was running',
      );
      return;
    }
    case 'status': {
      for (const s of await status(cfg)) {
        const state =
          s.pid === undefined ? 'stopped' : s.healthy ? 'healthy' : 'starting/unhealthy';
        console.log(
          `${s.name.padEnd(12)} ${state.padEnd(18)} ${String(s.pid ?? '-').padEnd(8)} ports ${s.ports.join(', ')}`,
        );
      }
      return;
    }
    case 'logs': {
      const name = args.find((a) => !a.startsWith('-'));
      if (!name)
        throw new StackError(`which service? one of ${allServices.map((s) => s.name).join(', ')}`);
      selectServices([name]);
      const file = logFile(cfg, name);
      if (!existsSync(file)) throw new StackError(`no log yet for ${name} (${file})`);
      const tail = spawn('tail', [args.includes('-f') ? '-F' : '-n200', file], {
        stdio: 'inherit',
      });
      await new Promise((r) => tail.on('exit', r));
      return;
    }
    case 'env': {
      const { stackEnv, toDotenv } = await import('./stack-env.ts');
      process.stdout.write(toDotenv(stackEnv(cfg)));
      return;
    }
    default:
      console.log(usage);
      if (command && command !== 'help' && command !== '--help') process.exitCode = 2;
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof StackError || error instanceof MissingToolError) {
    process.stderr.write(`\x1b[1;31m[stack] error:\x1b[0m ${error.message}\n`);
  } else {
    process.stderr.write(
      `\x1b[1;31m[stack] failed:\x1b[0m ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
  }
  process.exit(1);
});
