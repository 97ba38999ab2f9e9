import { findPendingInvitationForEmail } from '@canopy/db';
import { ApplicationFailure } from '@temporalio/activity';
import type { InvitationEmailInput, InvitationEmailResult } from '../invitation-contract.ts';
import { notifyFailureTypes } from '../goal-contract.ts';
import type { NotifyDeps } from './notify-activities.ts';
import { renderInvitationEmail } from './render-invitation-email.ts';

export interface InvitationDeps extends Pick<NotifyDeps, 'db' | 'mailer' | 'mailFrom'> {
  /** The dashboard's public address (WEB_PUBLIC_URL), where the email's links lead. */
  webPublicUrl: string;
}

function need<K extends keyof InvitationDeps>(
  deps: Partial<InvitationDeps>,
  key: K,
): InvitationDeps[K] {
  const value = deps[key];
  if (value === undefined) {
    throw ApplicationFailure.nonRetryable(
      `the worker was started without ${key}`,
      notifyFailureTypes.workerMisconfigured,
    );
  }
  return value;
}

/** Emails invitees; the invitation row says whether there is still anything to say. */
export function createInvitationActivities(deps: Partial<InvitationDeps>) {
  return {
    async sendInvitationEmail(input: InvitationEmailInput): Promise<InvitationEmailResult> {
      const invitation = await findPendingInvitationForEmail(need(deps, 'db'), input.invitationId);
      if (!invitation) return { status: 'skipped' };
      const { subject, text, html } = renderInvitationEmail(invitation, need(deps, 'webPublicUrl'));
      await need(deps, 'mailer').sendMail({
        from: need(deps, 'mailFrom'),
        to: invitation.email,
        subject,
        text,
        html,
        // A retried send carries the same id, so mail systems can drop the copy.
        messageId: `<invitation-${invitation.id}-${invitation.expiresAt.getTime()}@canopy>`,
      });
      return { status: 'sent' };
    },
  };
}
