import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const STACK_ENV = fileURLToPath(new URL('../../.stack/env', import.meta.url));

/** The local stack's URLs from .stack/env, overridable by the process environment. */
export function stackEnv(): { API_URL: string; KEYCLOAK_URL: string } {
  const fromFile: Record<string, string> = {};
  if (existsSync(STACK_ENV)) {
    for (const line of readFileSync(STACK_ENV, 'utf8').split('\n')) {
      const match = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim());
      if (match) fromFile[match[1]!] = match[2]!.replace(/^'(.*)'$/, '$1');
    }
  }
  const pick = (name: string, fallback: string) => process.env[name] ?? fromFile[name] ?? fallback;
  return {
    API_URL: pick('API_URL', 'http://127.0.0.1:3000'),
    KEYCLOAK_URL: pick('KEYCLOAK_URL', 'http://127.0.0.1:8180'),
  };
}

/**
 * A dashboard that is already running (the stack's own, as `scripts/test`
 * uses): the tests then neither build nor start one.
 */
export const RUNNING_WEB_URL = process.env.E2E_WEB_URL?.replace(/\/+$/, '') || undefined;
export const WEB_PORT = Number(
  process.env.E2E_WEB_PORT ?? (RUNNING_WEB_URL ? new URL(RUNNING_WEB_URL).port : 5173),
);
/** 127.0.0.1 rather than localhost: the realm allows both, and this avoids IPv6 surprises. */
export const WEB_ORIGIN = RUNNING_WEB_URL ?? `http://127.0.0.1:${WEB_PORT}`;
