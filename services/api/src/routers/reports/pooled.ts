// The rule lives with the data so the monthly report workflow applies the same one.
export { MIN_GROUP_SIZE, poolBucket } from '@canopy/db';
export type { PooledBucket } from '@canopy/db';
