import type { Insertable, Selectable, Updateable } from 'kysely';
import type {
  CarbonActivityTable,
  CarbonDailyTable,
  CarbonMonthlyTable,
  DailyStepsTable,
  ImportTable,
  TrainingSessionTable,
  WellnessDayTable,
} from './activity.ts';
import type {
  AuditLogTable,
  InvitationTable,
  MembershipTable,
  OrganisationTable,
  UserProfileTable,
} from './core.ts';
import type {
  GoalTable,
  NotificationDeliveryTable,
  NotificationPreferencesTable,
  NotificationTable,
} from './goals.ts';
import type {
  CartItemTable,
  OrderItemTable,
  OrderTable,
  ProductTable,
  RefundTable,
  StockReservationTable,
  StripeEventTable,
} from './shop.ts';
import type { OrgReportTable, PooledMonthCellTable, ReadinessModelTable } from './reports.ts';
import type { WebSessionTable } from './web.ts';
import type { PictureUploadTable } from './uploads.ts';
import type { ApiRateLimitTable } from './limits.ts';

export type * from './core.ts';
export type * from './activity.ts';
export type * from './goals.ts';
export type * from './shop.ts';
export type * from './reports.ts';
export type * from './web.ts';
export type * from './uploads.ts';
export type * from './limits.ts';

export interface Database {
  api_rate_limits: ApiRateLimitTable;
  organisations: OrganisationTable;
  memberships: MembershipTable;
  user_profiles: UserProfileTable;
  picture_uploads: PictureUploadTable;
  audit_log: AuditLogTable;
  invitations: InvitationTable;
  imports: ImportTable;
  carbon_activities: CarbonActivityTable;
  carbon_daily: CarbonDailyTable;
  carbon_monthly: CarbonMonthlyTable;
  training_sessions: TrainingSessionTable;
  wellness_days: WellnessDayTable;
  daily_steps: DailyStepsTable;
  goals: GoalTable;
  notifications: NotificationTable;
  notification_preferences: NotificationPreferencesTable;
  notification_deliveries: NotificationDeliveryTable;
  products: ProductTable;
  cart_items: CartItemTable;
  orders: OrderTable;
  order_items: OrderItemTable;
  stock_reservations: StockReservationTable;
  refunds: RefundTable;
  stripe_events: StripeEventTable;
  org_reports: OrgReportTable;
  pooled_month_cells: PooledMonthCellTable;
  readiness_models: ReadinessModelTable;
  web_sessions: WebSessionTable;
}

export type Organisation = Selectable<OrganisationTable>;
export type NewOrganisation = Insertable<OrganisationTable>;
export type Membership = Selectable<MembershipTable>;
export type UserProfile = Selectable<UserProfileTable>;
export type NewUserProfile = Insertable<UserProfileTable>;
export type UserProfileUpdate = Updateable<UserProfileTable>;
export type AuditEntry = Selectable<AuditLogTable>;
export type CarbonActivityRow = Selectable<CarbonActivityTable>;
export type NewCarbonActivity = Insertable<CarbonActivityTable>;
export type TrainingSessionRow = Selectable<TrainingSessionTable>;
export type NewTrainingSession = Insertable<TrainingSessionTable>;
export type ImportRow = Selectable<ImportTable>;
export type GoalRow = Selectable<GoalTable>;
export type NotificationRow = Selectable<NotificationTable>;
export type ProductRow = Selectable<ProductTable>;
export type OrderRow = Selectable<OrderTable>;
