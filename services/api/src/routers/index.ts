import { router } from '../trpc/index.ts';
import { meRouter } from './me/router.ts';

export const appRouter = router({
  me: meRouter,
});

export type AppRouter = typeof appRouter;
