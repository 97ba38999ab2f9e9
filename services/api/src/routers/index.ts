import { router } from '../trpc/index.ts';
import { carbonRouter } from './carbon/router.ts';
import { goalsRouter } from './goals/router.ts';
import { meRouter } from './me/router.ts';
import { notificationsRouter } from './notifications/router.ts';
import { orgsRouter } from './orgs/router.ts';
import { reportsRouter } from './reports/router.ts';
import { shopRouter } from './shop/router.ts';
import { trainingRouter } from './training/router.ts';

export const appRouter = router({
  me: meRouter,
  orgs: orgsRouter,
  carbon: carbonRouter,
  training: trainingRouter,
  goals: goalsRouter,
  notifications: notificationsRouter,
  shop: shopRouter,
  reports: reportsRouter,
});

export type AppRouter = typeof appRouter;
