import { fieldErrors, TRPCClientError } from '@canopy/client';
import { fail } from '@sveltejs/kit';

/** The API's field errors under the form's names; paths it does not know go to the form. */
export function mapApiErrors(apiErrors: Record<string, string[]>, fields: Record<string, string>) {
  const out: Record<string, string[]> = {};
  for (const [path, messages] of Object.entries(apiErrors)) {
    const field = fields[path] ?? 'form';
    (out[field] ??= []).push(...messages);
  }
  return out;
}

/**
 * What a form shows after the API refused it: the member's values back, and
 * the API's words beside each field. Anything that is not a refusal (the API
 * down, the session over) goes on to handleError.
 */
export function refusal(
  form: string,
  data: FormData,
  error: unknown,
  fields: Record<string, string>,
) {
  if (!(error instanceof TRPCClientError) || error.data?.code === 'UNAUTHORIZED') throw error;
  const errors = mapApiErrors(fieldErrors(error), fields);
  if (Object.keys(errors).length === 0) errors.form = [error.message];
  const values = Object.fromEntries(
    [...data.entries()].filter((e): e is [string, string] => typeof e[1] === 'string'),
  );
  return fail(error.data?.code === 'NOT_FOUND' ? 404 : 400, { form, errors, values });
}
