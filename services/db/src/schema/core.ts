import type { ColumnType, Generated } from 'kysely';

/** A timestamptz the database fills in by default. */
export type DefaultTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;
/** A jsonb column. */
export type Json<T> = ColumnType<T, T, T>;

/** Object keys of an image's thumbnails by size in px, e.g. `{ "64": "u/a-64.webp" }`. */
export type ImageThumbnails = Record<string, string>;
/** A jsonb column with a database default. */
export type JsonWithDefault<T> = ColumnType<T, T | undefined, T>;
/** A Postgres `date`, read and written as an ISO date string (YYYY-MM-DD). */
export type IsoDate = string;

export interface OrganisationTable {
  id: Generated<string>;
  slug: string;
  name: string;
  created_at: DefaultTimestamp;
}

export type MembershipRole = 'member' | 'org-admin';

export interface MembershipTable {
  org_id: string;
  /** Keycloak subject (`sub` claim) of the member. */
  user_id: string;
  role: MembershipRole;
  created_at: DefaultTimestamp;
}

export type Units = 'metric' | 'imperial';

export interface UserProfileTable {
  /** Keycloak subject (`sub` claim). */
  user_id: string;
  display_name: string;
  email: string | null;
  units: Generated<Units>;
  /** IANA time zone; dates of activities are read in it. */
  time_zone: Generated<string>;
  avatar_key: string | null;
  /** WebP thumbnails of the avatar by size in px; null until made. */
  avatar_thumbnails: Json<ImageThumbnails | null>;
  /**
   * The organisation the member's new activity counts for; set by the
   * database on their first membership, changed only by the member.
   */
  primary_org_id: string | null;
  created_at: DefaultTimestamp;
  updated_at: DefaultTimestamp;
}

export interface AuditLogTable {
  id: Generated<string>;
  at: DefaultTimestamp;
  actor_id: string;
  action: string;
  org_id: string | null;
  target_type: string | null;
  target_id: string | null;
  details: ColumnType<Record<string, unknown>, Record<string, unknown> | undefined, never>;
}

export interface InvitationTable {
  id: Generated<string>;
  org_id: string;
  /** Lower-cased address the invitation was sent to. */
  email: string;
  role: MembershipRole;
  invited_by: string;
  created_at: DefaultTimestamp;
  /** An unanswered invitation lapses then; inviting the address again renews it. */
  expires_at: DefaultTimestamp;
  accepted_at: Date | null;
  accepted_by: string | null;
  /** Known only to the invitee: the organisation sees a declined invitation as unanswered. */
  declined_at: Date | null;
}
