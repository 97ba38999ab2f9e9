import { error } from '@sveltejs/kit';

type Roles = 'org-admin' | 'shop-admin';

interface Api {
  me: {
    get: {
      query: () => Promise<{
        roles: string[];
        organisations: { orgId: string; slug: string; name: string; role: string }[];
      }>;
    };
  };
}

const REFUSALS: Record<Roles, string> = {
  'org-admin':
    'This page is for organisation admins. Ask your organisation admin if you need access.',
  'shop-admin':
    "This page is for the shop team. Ask your organisation's Canopy admin if you need access.",
};

/**
 * The server refuses admin pages and their form actions to anyone without the
 * role (hiding the link is only a courtesy). Returns the caller's profile.
 */
export async function requireRole(api: Api, role: Roles) {
  const profile = await api.me.get.query();
  if (!profile.roles.includes(role)) error(403, REFUSALS[role]);
  return profile;
}

/** The organisations the caller administers, and the one this request is about. */
export async function requireOrgAdmin(api: Api, requestedOrg: string | null) {
  const profile = await requireRole(api, 'org-admin');
  const orgs = profile.organisations.filter((o) => o.role === 'org-admin');
  const org = orgs.find((o) => o.slug === requestedOrg) ?? orgs[0];
  if (!org) error(403, REFUSALS['org-admin']);
  return { org, orgs };
}
