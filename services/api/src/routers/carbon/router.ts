import { factorSets } from '@canopy/domain';
import { z } from 'zod';
import { publicProcedure, router } from '../../trpc/index.ts';
import { importProcedures } from '../imports/import-procedures.ts';
import { deleteActivity } from './delete-activity.ts';
import { exportCsv } from './export-csv.ts';
import { listActivities } from './list-activities.ts';
import { logActivity, updateActivity } from './log-activity.ts';
import { logManyActivities } from './log-many.ts';
import { recompute } from './recompute.ts';
import { summary } from './summary.ts';

export const CARBON_IMPORT_MAX_BYTES = 10 * 1024 * 1024;
const imports = importProcedures('carbon_csv', {
  extensions: ['csv'],
  maxBytes: CARBON_IMPORT_MAX_BYTES,
});

export const carbonRouter = router({
  log: logActivity,
  logMany: logManyActivities,
  update: updateActivity,
  delete: deleteActivity,
  list: listActivities,
  summary,
  // The factor data is public (Open Government Licence), so anyone may list the editions.
  factorSets: publicProcedure
    .meta({
      openapi: {
        method: 'GET',
        path: '/v1/carbon/factor-sets',
        tags: ['carbon'],
        summary: 'The emission-factor editions Canopy can estimate with',
        protect: false,
      },
    })
    .output(
      z.array(
        z.object({
          id: z.string(),
          source: z.string(),
          edition: z.string(),
          title: z.string(),
          version: z.string(),
          published: z.string().nullable(),
          licence: z.string(),
          isDefault: z.boolean(),
        }),
      ),
    )
    .query(() => factorSets()),
  recompute,
  exportCsv,
  importUploadUrl: imports.uploadUrl,
  importStatus: imports.status,
  importStart: imports.start,
});
