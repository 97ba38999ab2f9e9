import { router } from '../../trpc/index.ts';

export const reportsRouter = router({});
