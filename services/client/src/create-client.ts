import { createTRPCClient, httpBatchLink, TRPCClientError } from '@trpc/client';
import type { AppRouter } from '@canopy/api';
import superjson from 'superjson';

export interface CanopyClientOptions {
  /** Base URL of the API, e.g. https://api.canopy.example.org or http://127.0.0.1:3000 */
  url: string;
  /** A fixed bearer token… */
  token?: string;
  /** …or a function that returns a fresh one (called before every request batch). */
  getToken?: () => string | Promise<string>;
  /** Extra headers, e.g. a request id. */
  headers?: Record<string, string>;
  /** Custom fetch (tests, proxies, server-side rendering). */
  fetch?: typeof globalThis.fetch;
}

/**
 * A typed client for Canopy's API: every procedure, its input and its output
 * are checked by TypeScript. Calls made in the same tick travel in one batch.
 */
export function createCanopyClient(options: CanopyClientOptions) {
  if (options.token && options.getToken) throw new Error('pass either token or getToken, not both');
  const base = options.url.replace(/\/+$/, '');
  return createTRPCClient<AppRouter>({
    links: [
      httpBatchLink({
        url: `${base}/trpc`,
        transformer: superjson,
        fetch: options.fetch,
        async headers() {
          const token = options.getToken ? await options.getToken() : options.token;
          return { ...options.headers, ...(token ? { authorization: `Bearer ${token}` } : {}) };
        },
      }),
    ],
  });
}

export type CanopyClient = ReturnType<typeof createCanopyClient>;

/** Field path → messages from a rejected call, for showing next to form fields. */
export function fieldErrors(error: unknown): Record<string, string[]> {
  if (error instanceof TRPCClientError) {
    const data = (error as TRPCClientError<AppRouter>).data as
      { fieldErrors?: Record<string, string[]> | null } | undefined;
    return data?.fieldErrors ?? {};
  }
  return {};
}

export { TRPCClientError };
