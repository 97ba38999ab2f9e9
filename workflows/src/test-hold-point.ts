// A pause a crash test can hold a worker process in, mid-activity: the
// activity waits on a Postgres advisory lock the test holds, the test sees
// the waiter in pg_locks and kills the process there. Wired only when the
// worker is started with TEST_HOLD_POINT and TEST_HOLD_LOCK_KEY.
import type { Db } from '@canopy/db';
import { waitForAdvisoryLock } from '@canopy/db';

export type HoldPoint = (point: string) => Promise<void>;

export function advisoryLockHoldPoint(db: Db, name: string, lockKey: number): HoldPoint {
  return async (point) => {
    if (point === name) await waitForAdvisoryLock(db, lockKey);
  };
}
