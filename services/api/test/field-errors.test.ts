// What a form sees over HTTP when the API refuses its input: every message
// under the dotted path of its field, whether zod rejected the input itself
// or a procedure checked a part of it later (goal definitions).
import { tokenFor } from '@canopy/devstack/testing';
import { createTRPCClient, httpBatchLink, TRPCClientError } from '@trpc/client';
import superjson from 'superjson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppRouter } from '../src/routers/index.ts';
import { startTestServer } from '../src/testing.ts';

describe('field errors over HTTP', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let client: ReturnType<typeof createTRPCClient<AppRouter>>;
  beforeAll(async () => {
    server = await startTestServer();
    const token = await tokenFor('member');
    client = createTRPCClient<AppRouter>({
      links: [
        httpBatchLink({
          url: `${server.url}/trpc`,
          transformer: superjson,
          headers: { authorization: `Bearer ${token}` },
        }),
      ],
    });
  });
  afterAll(async () => {
    await server?.close();
  });

  const fieldErrorsOf = async (call: Promise<unknown>) => {
    const error = await call.then(
      () => expect.fail('the call should have been refused'),
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(TRPCClientError);
    const data = (error as TRPCClientError<AppRouter>).data as {
      code: string;
      fieldErrors: Record<string, string[]> | null;
    };
    expect(data.code).toBe('BAD_REQUEST');
    return data.fieldErrors;
  };

  it('names the input field zod refused', async () => {
    const fields = await fieldErrorsOf(
      client.carbon.log.mutate({
        occurredOn: '2026-02-30',
        activity: { type: 'car', distance: { value: 10, unit: 'km' }, fuel: 'petrol' },
      }),
    );
    expect(Object.keys(fields ?? {})).toEqual(['occurredOn']);
  });

  it('names the field of a goal definition checked inside the procedure', async () => {
    const fields = await fieldErrorsOf(
      client.goals.create.mutate({
        title: 'Walk more',
        definition: { kind: 'steps_per_week', target: -5 },
      }),
    );
    expect(Object.keys(fields ?? {})).toContain('definition.target');
  });
});
