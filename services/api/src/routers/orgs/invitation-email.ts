import type { InvitationEmailInput } from '@canopy/workflows/shared';
import {
  invitationEmailWorkflowId,
  invitationEmailWorkflowType,
  taskQueues,
} from '@canopy/workflows/shared';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import type { Context } from '../../trpc/index.ts';

const TEMPORAL_DEADLINE_MS = 5_000;

/**
 * Asks the worker to email the invitee, once the invitation is stored. The
 * workflow id is the invitation and the day it was issued, so inviting the
 * same address again that day sends nothing more (unless that email failed),
 * and a later renewal sends a new one. When Temporal is unreachable the
 * invitation stands without an email (the invitee still finds it in the
 * dashboard), the failure is logged, and inviting again sends it.
 */
export async function startInvitationEmail(
  ctx: Pick<Context, 'services' | 'log'>,
  invitation: { id: string; expiresAt: Date },
): Promise<void> {
  const input: InvitationEmailInput = { invitationId: invitation.id };
  try {
    const client = await ctx.services.temporal();
    await client.withDeadline(Date.now() + TEMPORAL_DEADLINE_MS, () =>
      client.workflow.start(invitationEmailWorkflowType, {
        workflowId: invitationEmailWorkflowId(invitation.id, invitation.expiresAt),
        taskQueue: ctx.services.taskQueues.notify ?? taskQueues.notify,
        args: [input],
        workflowIdReusePolicy: 'ALLOW_DUPLICATE_FAILED_ONLY',
        // A mail relay down for a day: the invitee still has the dashboard.
        workflowExecutionTimeout: '1 day',
      }),
    );
  } catch (error) {
    if (error instanceof WorkflowExecutionAlreadyStartedError) return;
    ctx.log.warn(
      { err: error, invitationId: invitation.id },
      'invitation email not started; inviting the address again sends it',
    );
  }
}
