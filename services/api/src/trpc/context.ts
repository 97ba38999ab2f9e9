import type { Db } from '@canopy/db';
import type { Logger } from 'pino';
import type { RealmRole } from '../auth/roles.ts';
import type { ObjectStore } from '../storage/object-store.ts';
import type { Services } from './services.ts';

export interface OrgMembership {
  orgId: string;
  slug: string;
  name: string;
  role: 'member' | 'org-admin';
  /** The organisation the member's new activity counts for; the first in `memberships`. */
  primary: boolean;
}

/** The caller, once their token has been verified and their memberships loaded. */
export interface AuthUser {
  id: string;
  email: string | null;
  /** Whether the identity provider verified `email`; only a verified address answers invitations. */
  emailVerified: boolean;
  name: string | null;
  roles: RealmRole[];
  /** Primary organisation first: activity is attributed to `memberships[0]`. */
  memberships: OrgMembership[];
}

export interface Context {
  db: Db;
  user: AuthUser | null;
  objectStore: ObjectStore;
  services: Services;
  log: Logger;
  /** Injected so tests can fix time. */
  now: () => Date;
  requestId: string;
}

export type CreateContextInnerOptions = Omit<Context, 'now' | 'requestId' | 'log'> &
  Partial<Pick<Context, 'now' | 'requestId' | 'log'>>;
