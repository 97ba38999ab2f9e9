import { fieldErrors, TRPCClientError } from '@canopy/client';
import { fail } from '@sveltejs/kit';

export type FormErrors = Record<string, string[]>;

/**
 * The API's refusal as errors per form field. Input validation arrives as
 * field paths; errors raised in a procedure name their field before a colon
 * ("slug: another product already has it"). Anything that names no field of
 * this form is shown above the form.
 */
export function errorsForForm(error: unknown, fields: readonly string[]): FormErrors {
  const out: FormErrors = {};
  const add = (field: string, message: string) => (out[field] ??= []).push(message);
  const byPath = fieldErrors(error);
  for (const [path, messages] of Object.entries(byPath)) {
    const field = path.split('.')[0] ?? '';
    for (const m of messages) add(fields.includes(field) ? field : 'form', m);
  }
  if (Object.keys(out).length === 0) {
    const message = error instanceof Error ? error.message : String(error);
    const named = /^(\w+): /.exec(message)?.[1];
    add(named && fields.includes(named) ? named : 'form', message);
  }
  return out;
}

/** Errors a member can act on become a 400 with the form's values; the rest go to handleError. */
export function refuse(
  error: unknown,
  form: FormData,
  fields: readonly string[],
  extra: Record<string, unknown> = {},
  mapErrors: (errors: FormErrors) => FormErrors = (errors) => errors,
) {
  if (!(error instanceof TRPCClientError)) throw error;
  const code = (error.data as { code?: string } | undefined)?.code;
  if (code === 'UNAUTHORIZED' || code === 'INTERNAL_SERVER_ERROR') throw error;
  const values = Object.fromEntries(
    [...form.entries()].filter((e): e is [string, string] => typeof e[1] === 'string'),
  );
  return fail(code === 'NOT_FOUND' ? 404 : code === 'FORBIDDEN' ? 403 : 400, {
    ...extra,
    errors: mapErrors(errorsForForm(error, fields)),
    values,
  });
}
