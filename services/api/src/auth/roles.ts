/** Canopy's Keycloak realm roles; authorization decisions are made on these. */
export const realmRoles = ['member', 'org-admin', 'shop-admin', 'platform-admin'] as const;
export type RealmRole = (typeof realmRoles)[number];

export function isRealmRole(role: string): role is RealmRole {
  return (realmRoles as readonly string[]).includes(role);
}
