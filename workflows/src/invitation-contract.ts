// The invitation email workflow's names and types, shared with the API that
// starts it once an invitation is stored.

/**
 * Workflow id of one invitation email: the invitation and the (UTC) day it
 * was issued or last renewed, which is the day of its expiry. Inviting again
 * on a later day renews the invitation and sends a new email; inviting the
 * same address over and over within one day sends one, so an org admin
 * cannot flood someone's inbox through Canopy.
 */
export const invitationEmailWorkflowId = (invitationId: string, expiresAt: Date) =>
  `invitation-email-${invitationId}-${expiresAt.toISOString().slice(0, 10)}`;
export const invitationEmailWorkflowType = 'invitationEmail';

export interface InvitationEmailInput {
  invitationId: string;
}

/**
 * `skipped`: answered, withdrawn or lapsed before the email went out, so
 * nothing was sent. The address is not in the result, to keep it out of
 * Temporal's history.
 */
export interface InvitationEmailResult {
  status: 'sent' | 'skipped';
}
