import { router } from '../../trpc/index.ts';

export const notificationsRouter = router({});
