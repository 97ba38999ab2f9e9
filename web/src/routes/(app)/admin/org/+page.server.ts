import { TRPCClientError } from '@canopy/client';
import type { RequestEvent } from '@sveltejs/kit';
import { reportPeriod } from '#lib/admin/pooled-report.ts';
import { requireOrgAdmin } from '#lib/server/admin-guard.ts';
import { errorsForForm, refuse } from '#lib/server/form-errors.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
  const { org, orgs } = await requireOrgAdmin(locals.api, url.searchParams.get('org'));
  const period = reportPeriod(url.searchParams, new Date());
  const orgId = org.orgId;
  const [members, invitations, monthly, report] = await Promise.all([
    locals.api.orgs.members.query({ orgId }),
    locals.api.orgs.invitations.list.query({ orgId }),
    locals.api.reports.monthly.list.query({ orgId }).catch((error: unknown) => {
      // An API older than monthly reports: the page still works, and says so.
      if (error instanceof TRPCClientError && /No procedure found/.test(error.message)) return null;
      throw error;
    }),
    locals.api.reports.orgEmissions
      .query({ orgId, ...period })
      .then((r) => ({ ok: true as const, ...r }))
      .catch((error: unknown) => {
        // A period the API refuses is the admin's to correct, beside the field.
        const code =
          error instanceof TRPCClientError
            ? (error.data as { code?: string } | undefined)?.code
            : null;
        if (code !== 'BAD_REQUEST') throw error;
        return { ok: false as const, errors: errorsForForm(error, ['granularity', 'from', 'to']) };
      }),
  ]);
  return {
    org,
    orgs: orgs.map((o) => ({ slug: o.slug, name: o.name })),
    members: members.map((m) => ({
      userId: m.userId,
      name: m.displayName ?? m.email ?? 'Member',
      email: m.email,
      role: m.role,
      joinedAt: m.joinedAt,
      isYou: m.userId === locals.user?.id,
    })),
    invitations: invitations.map((i) => ({
      id: i.id,
      email: i.email,
      role: i.role,
      createdAt: i.createdAt,
      expiresAt: i.expiresAt,
      status: i.status,
    })),
    monthly:
      monthly?.map((r) => ({
        id: r.id,
        month: r.month,
        members: r.members,
        totalKg: r.totalKg,
        withheld: r.withheld,
        minGroupSize: r.minGroupSize,
        generatedAt: r.generatedAt,
      })) ?? null,
    period,
    report,
  };
};

const text = (form: FormData, name: string) => {
  const v = form.get(name);
  return typeof v === 'string' ? v.trim() : '';
};
const role = (form: FormData) => text(form, 'role') as 'member' | 'org-admin';

/** Every action checks the role again: a form can be posted without the page. */
function orgAction(
  fields: readonly string[],
  run: (api: App.Locals['api'], orgId: string, form: FormData) => Promise<Record<string, unknown>>,
  about: (form: FormData) => Record<string, unknown>,
) {
  return async ({ request, locals, url }: RequestEvent) => {
    const { org } = await requireOrgAdmin(locals.api, url.searchParams.get('org'));
    const form = await request.formData();
    try {
      return await run(locals.api, org.orgId, form);
    } catch (error) {
      return refuse(error, form, fields, about(form));
    }
  };
}

export const actions: Actions = {
  invite: orgAction(
    ['email', 'role'],
    async (api, orgId, form) => {
      const invitation = await api.orgs.invite.mutate({
        orgId,
        email: text(form, 'email'),
        role: role(form),
      });
      return { invited: invitation.email };
    },
    () => ({ action: 'invite' }),
  ),
  revoke: orgAction(
    ['invitationId'],
    async (api, orgId, form) => {
      await api.orgs.revokeInvitation.mutate({ orgId, invitationId: text(form, 'invitationId') });
      return { revoked: text(form, 'email') };
    },
    (form) => ({ action: 'revoke', invitationId: text(form, 'invitationId') }),
  ),
  setRole: orgAction(
    ['role', 'userId'],
    async (api, orgId, form) => {
      await api.orgs.setRole.mutate({ orgId, userId: text(form, 'userId'), role: role(form) });
      return { roleSet: text(form, 'name') };
    },
    (form) => ({ action: 'member', userId: text(form, 'userId') }),
  ),
  remove: orgAction(
    ['userId'],
    async (api, orgId, form) => {
      await api.orgs.removeMember.mutate({ orgId, userId: text(form, 'userId') });
      return { removed: text(form, 'name') };
    },
    (form) => ({ action: 'member', userId: text(form, 'userId') }),
  ),
};
