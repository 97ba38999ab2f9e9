import { router } from '../../trpc/index.ts';

export const shopRouter = router({});
