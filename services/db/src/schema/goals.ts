import type { Generated } from 'kysely';
import type { DefaultTimestamp, Json, JsonWithDefault } from './core.ts';

export type GoalStatus = 'active' | 'achieved' | 'cancelled' | 'ended';

export interface GoalTable {
  id: Generated<string>;
  /** Owner of a personal goal; null for an org-wide goal. */
  user_id: string | null;
  /** Organisation of an org-wide goal; null for a personal goal. */
  org_id: string | null;
  created_by: string;
  title: string;
  kind: string;
  /** The validated goal definition (@canopy/domain ZGoalDefinition). */
  definition: Json<Record<string, unknown>>;
  time_zone: string;
  status: Generated<GoalStatus>;
  created_at: DefaultTimestamp;
  updated_at: DefaultTimestamp;
}

export interface NotificationTable {
  id: Generated<string>;
  user_id: string;
  kind: string;
  title: string;
  body: string;
  data: JsonWithDefault<Record<string, unknown>>;
  dedupe_key: string | null;
  created_at: DefaultTimestamp;
  read_at: Date | null;
}

export interface NotificationPreferencesTable {
  user_id: string;
  in_app: Generated<boolean>;
  email: Generated<boolean>;
  webhook_url: string | null;
  webhook_secret: string | null;
  updated_at: DefaultTimestamp;
}

export type DeliveryChannel = 'email' | 'webhook';
export type DeliveryStatus = 'pending' | 'sent' | 'failed';

export interface NotificationDeliveryTable {
  id: Generated<string>;
  notification_id: string;
  channel: DeliveryChannel;
  status: Generated<DeliveryStatus>;
  attempts: Generated<number>;
  last_error: string | null;
  updated_at: DefaultTimestamp;
}
