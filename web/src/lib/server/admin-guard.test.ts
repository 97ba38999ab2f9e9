import { isHttpError } from '@sveltejs/kit';
import { describe, expect, it } from 'vitest';
import { requireOrgAdmin, requireRole } from './admin-guard.ts';

/** The API's me.get for a caller with these roles and memberships. */
const apiAs = (roles: string[], organisations: Array<{ slug: string; role: string }> = []) => ({
  me: {
    get: {
      query: async () => ({
        roles,
        organisations: organisations.map((o) => ({ orgId: `id-${o.slug}`, name: o.slug, ...o })),
      }),
    },
  },
});

async function status(promise: Promise<unknown>) {
  try {
    await promise;
    return 200;
  } catch (e) {
    if (isHttpError(e)) return e.status;
    throw e;
  }
}

describe('the admin guard', () => {
  it('refuses a plain member with 403 and words they can act on', async () => {
    expect(await status(requireRole(apiAs([]), 'shop-admin'))).toBe(403);
    expect(
      await status(requireOrgAdmin(apiAs(['member'], [{ slug: 'alder', role: 'member' }]), null)),
    ).toBe(403);
    await requireRole(apiAs([]), 'org-admin').catch((e: { body: { message: string } }) =>
      expect(e.body.message).toMatch(/organisation admins/),
    );
  });

  it('lets the role in, and picks the organisation asked for among those administered', async () => {
    expect(await status(requireRole(apiAs(['shop-admin']), 'shop-admin'))).toBe(200);
    const api = apiAs(
      ['org-admin'],
      [
        { slug: 'alder', role: 'org-admin' },
        { slug: 'birch', role: 'member' },
        { slug: 'cedar', role: 'org-admin' },
      ],
    );
    expect((await requireOrgAdmin(api, 'cedar')).org.slug).toBe('cedar');
    // Membership without the admin role does not open another organisation's page.
    expect((await requireOrgAdmin(api, 'birch')).org.slug).toBe('alder');
    expect((await requireOrgAdmin(api, null)).orgs.map((o) => o.slug)).toEqual(['alder', 'cedar']);
  });

  it('refuses an org-admin role with no organisation to administer', async () => {
    expect(await status(requireOrgAdmin(apiAs(['org-admin'], []), null))).toBe(403);
  });
});
