// Random and malformed input to every mutation: no 500s, every rejection
// explains itself, and a rejected call leaves every table as it was.
import { findOrganisationBySlug } from '@canopy/db';
import type { DemoUser } from '@canopy/devstack/testing';
import { TRPCError } from '@trpc/server';
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appRouter } from '../src/routers/index.ts';
import { validationIssues } from '../src/trpc/init.ts';
import type { Meta } from '../src/trpc/index.ts';
import type { Caller, Harness } from './harness.ts';
import { createHarness, procedureOf } from './harness.ts';

interface ProcedureDef {
  _def: { type: string; meta?: Meta; inputs: unknown[] };
}
const mutations = Object.entries(
  appRouter._def.procedures as unknown as Record<string, ProcedureDef>,
)
  .filter(([, p]) => p._def.type === 'mutation')
  .map(([path, p]) => ({ path, meta: p._def.meta!, keys: inputKeys(p._def.inputs) }));

/** Field names of a procedure's object inputs, so generated objects reach past the first check. */
function inputKeys(inputs: unknown[]): string[] {
  const keys = new Set<string>();
  for (const schema of inputs) {
    let s = schema as
      { shape?: Record<string, unknown>; def?: { innerType?: unknown; in?: unknown } } | undefined;
    for (let i = 0; i < 4 && s && !s.shape; i++) s = (s.def?.innerType ?? s.def?.in) as typeof s;
    for (const k of Object.keys(s?.shape ?? {})) keys.add(k);
  }
  return [...keys];
}

function callerFor(meta: Meta): DemoUser {
  if (meta.access === 'shop-admin') return 'shopadmin';
  if (meta.access === 'platform-admin') return 'platformadmin';
  if (meta.access === 'org-admin') return 'orgadmin';
  return 'member';
}

const nasty = fc.oneof(
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    'null',
    '-1',
    '1e309',
    'x'.repeat(5000),
    '../../etc/passwd',
    "'; drop table goals; --",
    '2026-02-30',
    'NaN',
  ),
  fc.double({ noNaN: false }),
  fc.integer(),
  fc.bigInt().map(String),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
  fc.array(fc.anything(), { maxLength: 3 }),
  fc.uuid(),
  fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
);

describe('mutations under random and malformed input', () => {
  let h: Harness;
  let alder: string;
  const callers = new Map<DemoUser, Caller>();
  let tables: string[] = [];

  async function rowCounts(): Promise<string> {
    const parts = tables.map((t) => sql`(select count(*) from ${sql.table(t)})`);
    const row = await sql<{
      counts: string;
    }>`select concat_ws(',', ${sql.join(parts)}) as counts`.execute(h.db);
    return row.rows[0]!.counts;
  }

  beforeAll(async () => {
    h = await createHarness();
    alder = (await findOrganisationBySlug(h.db, 'alder'))!.id;
    for (const who of ['member', 'orgadmin', 'shopadmin', 'platformadmin'] as const)
      callers.set(who, await h.as(who));
    tables = (
      await sql<{
        table_name: string;
      }>`select table_name from information_schema.tables where table_schema = 'public' and table_name not like 'canopy_migrations%'`.execute(
        h.db,
      )
    ).rows.map((r) => r.table_name);
  });
  afterAll(async () => {
    await h?.close();
  });

  it('finds mutations to fuzz', () => {
    expect(mutations.length).toBeGreaterThan(20);
  });

  it.each(mutations.map((m) => [m.path, m] as const))('%s', async (_path, { path, meta, keys }) => {
    const call = procedureOf(callers.get(callerFor(meta))!, path);
    const arbitrary = fc.oneof(
      fc.anything(),
      keys.length
        ? fc.dictionary(fc.constantFrom(...keys), nasty, { maxKeys: keys.length })
        : fc.object(),
    );
    await fc.assert(
      fc.asyncProperty(arbitrary, async (raw) => {
        const input =
          meta.orgScoped && raw && typeof raw === 'object' && !Array.isArray(raw)
            ? { ...raw, orgId: alder }
            : raw;
        const before = await rowCounts();
        try {
          await call(input);
          return; // accepted: random input can be valid
        } catch (error) {
          if (!(error instanceof TRPCError))
            throw new Error(`${path} threw a non-tRPC error: ${String(error)}`, { cause: error });
          if (error.code === 'INTERNAL_SERVER_ERROR') {
            throw new Error(
              `${path} failed with 500 on ${JSON.stringify(input)?.slice(0, 300)}: ${String(error.cause ?? error.message)}`,
              { cause: error },
            );
          }
          if (error.code === 'BAD_REQUEST') {
            const issues = validationIssues(error.cause);
            const explained = issues
              ? issues.length > 0
              : /^[\w.[\]]+: |invalid/i.test(error.message);
            if (!explained)
              throw new Error(`${path} rejected without naming the field: ${error.message}`, {
                cause: error,
              });
          }
          expect(
            await rowCounts(),
            `${path} changed stored rows while rejecting ${JSON.stringify(input)?.slice(0, 200)}`,
          ).toBe(before);
        }
      }),
      { numRuns: 25, seed: 20261122 },
    );
  });
});
