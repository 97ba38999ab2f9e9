import { demoUsers } from '@canopy/db';
import {
  masterRealmToken,
  serviceAccountToken,
  stackEnv,
  tokenFor,
} from '@canopy/devstack/testing';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createKeycloakVerifier, InvalidTokenError } from '../src/auth/keycloak-verifier.ts';

const env = stackEnv();
const verifier = createKeycloakVerifier({
  url: env.KEYCLOAK_URL,
  realm: env.KEYCLOAK_REALM,
  audience: 'canopy-api',
});

async function rejection(token: string, v = verifier) {
  const error = await v.verify(token).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(InvalidTokenError);
  return (error as InvalidTokenError).reason;
}

function b64url(value: object) {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

describe('Keycloak bearer tokens', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('accepts a demo member token from the canopy-cli client with its subject and realm roles', async () => {
    const identity = await verifier.verify(await tokenFor('member'));
    expect(identity.subject).toBe(demoUsers.member.id);
    expect(identity.email).toBe('member@canopy.test');
    expect(identity.clientId).toBe('canopy-cli');
    expect(identity.roles).toEqual(['member']);
    expect(identity.expiresAt.getTime()).toBeGreaterThan(Date.now());
  });

  it('carries each admin role only for the user that has it', async () => {
    expect((await verifier.verify(await tokenFor('orgadmin'))).roles.sort()).toEqual([
      'member',
      'org-admin',
    ]);
    expect((await verifier.verify(await tokenFor('shopadmin'))).roles.sort()).toEqual([
      'member',
      'shop-admin',
    ]);
    expect((await verifier.verify(await tokenFor('platformadmin'))).roles.sort()).toEqual([
      'member',
      'platform-admin',
    ]);
  });

  it('accepts the integrations service account (client credentials)', async () => {
    const identity = await verifier.verify(await serviceAccountToken());
    expect(identity.clientId).toBe('canopy-integrations');
    expect(identity.username).toBe('service-account-canopy-integrations');
  });

  it('refuses a wrong password at Keycloak', async () => {
    await expect(tokenFor('member', 'not-the-password')).rejects.toThrow(/401/);
  });

  it('rejects a token issued by another realm', async () => {
    expect(await rejection(await masterRealmToken())).toBe('wrong_issuer');
  });

  it('rejects a token meant for another audience', async () => {
    const other = createKeycloakVerifier({
      url: env.KEYCLOAK_URL,
      realm: env.KEYCLOAK_REALM,
      audience: 'canopy-billing',
    });
    expect(await rejection(await tokenFor('member'), other)).toBe('wrong_audience');
  });

  it('rejects an expired token', async () => {
    const token = await tokenFor('member');
    // Keycloak issues 5-minute tokens; move the verifier's clock past that.
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 6 * 60 * 1000);
    expect(await rejection(token)).toBe('expired');
  });

  it('rejects a token whose claims were edited after signing', async () => {
    const [header, payload, signature] = (await tokenFor('member')).split('.') as [
      string,
      string,
      string,
    ];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    claims.realm_access.roles.push('platform-admin');
    expect(await rejection(`${header}.${b64url(claims)}.${signature}`)).toBe('bad_signature');
  });

  it('rejects an unsigned token and garbage', async () => {
    const [, payload] = (await tokenFor('member')).split('.') as [string, string];
    expect(
      await rejection(`${b64url({ alg: 'none', typ: 'JWT' })}.${payload}.`),
    ).not.toBeUndefined();
    expect(await rejection('not-a-token')).toBe('malformed');
    expect(await rejection('')).toBe('missing');
  });
});
