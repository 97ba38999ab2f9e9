// The invitation email's links open the invitations page as
// `?accept=<id>` or `?decline=<id>`. Opening one answers nothing (a mail
// scanner follows links too): the page shows that invitation and its
// invitee confirms with the button, a POST.

export type Answer = 'accept' | 'decline';

export interface LinkedInvitation {
  id: string;
  answer: Answer;
}

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * What the link asks: undefined without one; `missing` when it names no
 * pending invitation of the signed-in person. Someone else's invitation, an
 * unknown or malformed id and one already answered, withdrawn or lapsed all
 * read the same, as the API answers them.
 */
export function linkedInvitation(
  params: URLSearchParams,
  pending: readonly { id: string }[],
): LinkedInvitation | 'missing' | undefined {
  const answer: Answer | undefined = params.has('accept')
    ? 'accept'
    : params.has('decline')
      ? 'decline'
      : undefined;
  if (!answer) return undefined;
  const id = (params.get(answer) ?? '').trim().toLowerCase();
  if (!uuid.test(id)) return 'missing';
  const found = pending.find((i) => i.id.toLowerCase() === id);
  return found ? { id: found.id, answer } : 'missing';
}
