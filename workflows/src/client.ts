import { Client, Connection } from '@temporalio/client';
import { z } from 'zod';

const ZTemporalEnv = z.object({
  TEMPORAL_ADDRESS: z
    .string({ error: 'TEMPORAL_ADDRESS is not set (host:port of the Temporal frontend)' })
    .min(1),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
});

export type TemporalSettings = { address: string; namespace: string };

export function temporalSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): TemporalSettings {
  const parsed = ZTemporalEnv.safeParse(env);
  if (!parsed.success) throw new Error(parsed.error.issues.map((i) => i.message).join('; '));
  return { address: parsed.data.TEMPORAL_ADDRESS, namespace: parsed.data.TEMPORAL_NAMESPACE };
}

let shared: Promise<Client> | undefined;

/** A Temporal client, connected on first use and shared by the whole process. */
export function getTemporalClient(
  settings: TemporalSettings = temporalSettingsFromEnv(),
): Promise<Client> {
  shared ??= Connection.connect({ address: settings.address }).then(
    (connection) => new Client({ connection, namespace: settings.namespace }),
  );
  return shared;
}

export async function closeTemporalClient() {
  const pending = shared;
  shared = undefined;
  if (pending) await (await pending).connection.close();
}
