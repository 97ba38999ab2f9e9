import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities/index.ts';
import type { InvitationEmailInput, InvitationEmailResult } from '../invitation-contract.ts';
import { notifyFailureTypes } from '../goal-contract.ts';

// A mail relay that is down is waited for (the API gives the whole workflow a
// day); a worker without the dashboard's address is not.
const send = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: {
    initialInterval: '5 seconds',
    backoffCoefficient: 2,
    maximumInterval: '10 minutes',
    nonRetryableErrorTypes: [notifyFailureTypes.workerMisconfigured],
  },
});

/**
 * Tells an invitee that an organisation invited them (workflow id
 * `invitation-email-<invitationId>-<day>`), unless the invitation was
 * answered, withdrawn or lapsed first. The email only leads to the
 * dashboard, where the signed-in invitee accepts or declines.
 */
export async function invitationEmail(input: InvitationEmailInput): Promise<InvitationEmailResult> {
  return send.sendInvitationEmail(input);
}
