/**
 * The messages an action's refusal holds for some fields, when the refusal is
 * about this part of the page (`where`: e.g. the product whose form it was).
 * Pages have many small forms; this keeps each one's errors beside it.
 */
export function refusalMessages(
  form: unknown,
  fields: readonly string[],
  where: Record<string, unknown> = {},
): string[] | undefined {
  if (typeof form !== 'object' || form === null || !('errors' in form)) return undefined;
  const record = form as Record<string, unknown>;
  for (const [key, value] of Object.entries(where)) if (record[key] !== value) return undefined;
  const errors = (record.errors ?? {}) as Record<string, string[] | undefined>;
  const messages = fields.flatMap((f) => errors[f] ?? []);
  return messages.length > 0 ? messages : undefined;
}

/** All of a refusal's errors by field, for forms that show each field's own. */
export function refusalErrors(
  form: unknown,
  where: Record<string, unknown> = {},
): Record<string, string[]> | undefined {
  if (typeof form !== 'object' || form === null || !('errors' in form)) return undefined;
  const record = form as Record<string, unknown>;
  for (const [key, value] of Object.entries(where)) if (record[key] !== value) return undefined;
  return (record.errors ?? {}) as Record<string, string[]>;
}

/** The values the member had typed, handed back with a refusal. */
export function refusalValues(
  form: unknown,
  where: Record<string, unknown> = {},
): Record<string, string> | undefined {
  if (!refusalErrors(form, where)) return undefined;
  return ((form as Record<string, unknown>).values ?? {}) as Record<string, string>;
}
