import { loadOverview } from '#lib/overview/load-overview.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => loadOverview(locals.api, new Date());
