import { fail } from '@sveltejs/kit';
import { linkedInvitation } from '#lib/invitations/invitation-link.ts';
import { refusal } from '#lib/server/form-refusal.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
  // The caller's organisations, not the whole profile: only the primary one's name is shown.
  const [invitations, organisations] = await Promise.all([
    locals.api.orgs.invitations.mine.query(),
    locals.api.orgs.mine.query(),
  ]);
  return {
    /** The invitation an email link opened (`?accept=<id>` / `?decline=<id>`), to confirm here. */
    linked: linkedInvitation(url.searchParams, invitations) ?? null,
    invitations: invitations.map((i) => ({
      id: i.id,
      orgName: i.orgName,
      role: i.role,
      invitedByName: i.invitedByName,
      expiresAt: i.expiresAt,
    })),
    primary: organisations.find((o) => o.primary)?.name ?? null,
  };
};

const invitationIdOf = (form: FormData) => {
  const id = form.get('invitationId');
  return typeof id === 'string' ? id : '';
};

/** Accepting or declining: the API checks that the invitation is the caller's. */
function answer(kind: 'accept' | 'decline') {
  return async ({ request, locals }: Parameters<Actions[string]>[0]) => {
    const form = await request.formData();
    const invitationId = invitationIdOf(form);
    const orgName = form.get('orgName');
    if (!invitationId) {
      return fail(400, { form: kind, invitationId, errors: { form: ['Choose an invitation.'] } });
    }
    try {
      await locals.api.orgs.invitations[kind].mutate({ invitationId });
      return { form: kind, invitationId, orgName: typeof orgName === 'string' ? orgName : '' };
    } catch (error) {
      return refusal(kind, form, error, { invitationId: 'form' });
    }
  };
}

export const actions: Actions = {
  accept: answer('accept'),
  decline: answer('decline'),
};
