// Builds contexts and callers the way the server does: real Keycloak tokens,
// verified by the real verifier, against a freshly migrated database.
import { seedDemo } from '@canopy/db';
import { createMigratedTestDb } from '@canopy/db/testing';
import type { DemoUser } from '@canopy/devstack/testing';
import { stackEnv, tokenFor } from '@canopy/devstack/testing';
import { orgReportScheduleId } from '@canopy/workflows/shared';
import { Client, Connection } from '@temporalio/client';
import { createKeycloakVerifier } from '../src/auth/keycloak-verifier.ts';
import { appRouter } from '../src/routers/index.ts';
import { stripeClient } from '../src/server/stripe-client.ts';
import { createObjectStore } from '../src/storage/object-store.ts';
import { testTaskQueues } from '../src/testing.ts';
import type { Context } from '../src/trpc/context.ts';
import { createContextInner } from '../src/trpc/create-context.ts';
import { loadUser } from '../src/trpc/create-context.ts';
import { createCallerFactory } from '../src/trpc/index.ts';

export const env = stackEnv();
export const verifier = createKeycloakVerifier({
  url: env.KEYCLOAK_URL,
  realm: env.KEYCLOAK_REALM,
  audience: 'canopy-api',
});
export const objectStore = createObjectStore({
  endpoint: env.S3_ENDPOINT,
  accessKey: env.S3_ACCESS_KEY,
  secretKey: env.S3_SECRET_KEY,
  region: 'us-east-1',
});

const createCaller = createCallerFactory(appRouter);
export type Caller = ReturnType<typeof createCaller>;

let temporal: Promise<Client> | undefined;
export const services: Context['services'] = {
  temporal: () =>
    (temporal ??= Connection.connect({ address: env.TEMPORAL_ADDRESS }).then(
      (connection) => new Client({ connection, namespace: env.TEMPORAL_NAMESPACE }),
    )),
  stripe: () => stripeClient(env),
  taskQueues: testTaskQueues(),
};

/**
 * Creating an organisation also schedules its monthly report on the shared
 * dev server; the test's organisations go with its database, so their
 * schedules go too.
 */
async function dropReportSchedules(db: Context['db']) {
  if (!temporal) return;
  const client = await temporal;
  const orgs = await db.selectFrom('organisations').select('id').execute();
  await Promise.all(
    orgs.map((org) =>
      client.schedule
        .getHandle(orgReportScheduleId(org.id))
        .delete()
        .catch(() => {}),
    ),
  );
}

const tokens = new Map<DemoUser, Promise<string>>();
/** Tokens last five minutes; one per user is plenty for a test file. */
export function cachedToken(user: DemoUser) {
  let t = tokens.get(user);
  if (!t) tokens.set(user, (t = tokenFor(user)));
  return t;
}

/** A migrated database with the demo organisations, and callers for each demo user. */
export async function createHarness() {
  const testDb = await createMigratedTestDb();
  await seedDemo(testDb.db);
  const base = { db: testDb.db, objectStore, services };

  async function contextFor(user: DemoUser | null, now?: () => Date): Promise<Context> {
    const authUser = user
      ? await loadUser(testDb.db, await verifier.verify(await cachedToken(user)))
      : null;
    return createContextInner({ ...base, user: authUser, ...(now && { now }) });
  }

  return {
    db: testDb.db,
    contextFor,
    async as(user: DemoUser | null, now?: () => Date): Promise<Caller> {
      return createCaller(await contextFor(user, now));
    },
    async close() {
      await dropReportSchedules(testDb.db);
      await testDb.destroy();
    },
  };
}
export type Harness = Awaited<ReturnType<typeof createHarness>>;

/** A procedure of a caller by its dotted path, e.g. "shop.cart.add". */
export function procedureOf(caller: Caller, path: string) {
  return path
    .split('.')
    .reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], caller) as (
    input: unknown,
  ) => Promise<unknown>;
}
