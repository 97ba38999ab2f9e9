import type { Migration } from 'kysely/migration';
import * as foundation from './20261122T0900-foundation.ts';
import * as activity from './20261122T1000-activity.ts';
import * as goalsNotifications from './20261122T1010-goals-notifications.ts';
import * as shop from './20261122T1020-shop.ts';
import * as invitations from './20261122T1030-invitations.ts';
import * as wellnessScale from './20261122T1040-wellness-scale.ts';
import * as carbonDaily from './20261122T1100-carbon-daily.ts';
import * as refundWorkflow from './20261122T1200-refund-workflow.ts';
import * as orgReports from './20261122T1210-org-reports.ts';
import * as imageThumbnails from './20261122T1220-image-thumbnails.ts';
import * as readinessModels from './20261122T1230-readiness-models.ts';
import * as carbonDailyBatchInsert from './20261122T1240-carbon-daily-batch-insert.ts';
import * as webSessions from './20261122T1250-web-sessions.ts';
import * as carbonMonthly from './20261122T1300-carbon-monthly.ts';
import * as invitationConsent from './20261204T1000-invitation-consent.ts';
import * as pooledMonthCells from './20261204T1010-pooled-month-cells.ts';
import * as rateLimits from './20261204T1020-rate-limits.ts';
import * as pictureUploads from './20261204T1030-picture-uploads.ts';
import * as webhookDeliveryCategories from './20261204T1040-webhook-delivery-categories.ts';
import * as webhookProxyCategory from './20261204T1050-webhook-proxy-category.ts';

/**
 * Every migration, by name; names sort in the order they run. Listed by hand
 * rather than read from the folder so bundled and deployed builds carry them.
 */
export const migrations: Record<string, Migration> = {
  '20261122T0900-foundation': foundation,
  '20261122T1000-activity': activity,
  '20261122T1010-goals-notifications': goalsNotifications,
  '20261122T1020-shop': shop,
  '20261122T1030-invitations': invitations,
  '20261122T1040-wellness-scale': wellnessScale,
  '20261122T1100-carbon-daily': carbonDaily,
  '20261122T1200-refund-workflow': refundWorkflow,
  '20261122T1210-org-reports': orgReports,
  '20261122T1220-image-thumbnails': imageThumbnails,
  '20261122T1230-readiness-models': readinessModels,
  '20261122T1240-carbon-daily-batch-insert': carbonDailyBatchInsert,
  '20261122T1250-web-sessions': webSessions,
  '20261122T1300-carbon-monthly': carbonMonthly,
  '20261204T1000-invitation-consent': invitationConsent,
  '20261204T1010-pooled-month-cells': pooledMonthCells,
  '20261204T1020-rate-limits': rateLimits,
  '20261204T1030-picture-uploads': pictureUploads,
  '20261204T1040-webhook-delivery-categories': webhookDeliveryCategories,
  '20261204T1050-webhook-proxy-category': webhookProxyCategory,
};
