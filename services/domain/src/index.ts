export { DomainError, type DomainErrorCode } from './errors/domain-error.ts';
export {
  KM_PER_MILE,
  LITRES_PER_UK_GALLON,
  LITRES_PER_US_GALLON,
  MJ_PER_KWH,
  KWH_PER_THERM,
} from './units/conversions.ts';
export type { Distance, DistanceUnit } from './units/conversions.ts';

export {
  ZCarbonActivity,
  ZDistance,
  LIMITS,
  type CarbonActivity,
  type CarbonActivityType,
} from './carbon/activity-schema.ts';
export { estimateEmissions, type EstimateOptions } from './carbon/estimate-emissions.ts';
export {
  totalKgCO2e,
  type EmissionEstimate,
  type EmissionLine,
  type FactorRef,
  type Scope,
} from './carbon/emission-estimate.ts';
export { factorSets, type FactorSetInfo, type Haul } from './carbon/factor-sets.ts';
export { findAirport, greatCircleKm, EARTH_RADIUS_KM, type Airport } from './carbon/airports.ts';

export { ZIsoDate, addDays, isoWeekday, toEpochDay, fromEpochDay } from './dates/iso-date.ts';
export {
  ZTrainingSession,
  ZWellnessDay,
  ZFeeling,
  type TrainingSession,
  type WellnessDay,
} from './training/training-session-schema.ts';
export {
  sessionLoad,
  edwardsTrimp,
  banisterTrimp,
  heartRateZoneMinutes,
  type BanisterTrimpInput,
} from './training/session-load.ts';
export { ewma } from './training/ewma.ts';
export {
  loadSeries,
  type LoadSeriesRow,
  type LoadSeriesOptions,
  type LoadSession,
} from './training/load-series.ts';
export {
  trainingFlags,
  FLAG_THRESHOLDS,
  type TrainingFlag,
  type TrainingFlagKind,
} from './training/training-flags.ts';

export {
  ZGoalDefinition,
  ZGoalEvent,
  type GoalDefinition,
  type GoalEvent,
  type GoalKind,
} from './goals/goal-schema.ts';
export {
  evaluateGoal,
  type GoalEvaluation,
  type GoalPeriod,
  type GoalStatus,
  type PeriodResult,
} from './goals/evaluate-goal.ts';
export { periodOf, type Cadence } from './goals/periods.ts';
export { localDate, startOfLocalDay } from './goals/time-zone.ts';
export {
  fitReadinessModel,
  predictReadiness,
  readinessFeatures,
  readinessHistory,
  READINESS_FEATURES,
  MIN_READINESS_HISTORY,
  type ReadinessModel,
  type ReadinessExample,
  type ReadinessFeatures,
  type ReadinessFeature,
} from './training/readiness-model.ts';

export { parseIpAddress, parseIPv4, parseIPv6, type IpAddress } from './network/ip-address.ts';
export {
  classifyAddress,
  classifyIpAddress,
  isPublicAddress,
  type AddressClass,
  type NonPublicRange,
} from './network/classify-address.ts';
export { checkWebhookUrl, type WebhookUrlCheck } from './network/webhook-url.ts';
export { webhookFailures, httpFailure, webhookFailureCategory } from './network/webhook-failure.ts';

export {
  GRANULARITIES,
  PERIOD_FORMATS,
  isPeriod,
  monthBounds,
  monthsOf,
  periodBounds,
  periodsBetween,
  type Granularity,
} from './pooling/calendar-periods.ts';
export {
  MIN_GROUP_SIZE,
  WITHHELD_REASONS,
  combinePublished,
  groupIsPublishable,
  openPeriod,
  suppressPeriod,
  type CombinedCell,
  type CombinedPeriods,
  type PublishedCell,
  type PublishedPeriod,
  type RawCell,
  type WithheldReason,
} from './pooling/suppress-pooled.ts';
export {
  GOAL_EVENT_TYPE,
  goalContributions,
  goalPeriodGroups,
  unpooledGoal,
  withholdSmallGoalGroups,
  type GoalContribution,
  type GoalPeriodGroup,
  type PooledGoalEvaluation,
  type PooledPeriodResult,
} from './pooling/withhold-goal.ts';
