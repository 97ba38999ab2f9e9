import { findOrgReport, listOrgReports } from '@canopy/db';
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { orgAdminProcedure } from '../../trpc/index.ts';

/** How long a download link works: long enough to click, short enough not to be shared. */
const DOWNLOAD_URL_SECONDS = 5 * 60;

const ZMonthlyReport = z.object({
  id: z.string(),
  /** `YYYY-MM` */
  month: z.string(),
  /** Members behind the total; null when the total is withheld, so a small count is not shown either. */
  members: z.number().nullable(),
  /** Null when fewer than `minGroupSize` members contributed. */
  totalKg: z.number().nullable(),
  /** True when any figure of the month (a category, or everything) was held back. */
  withheld: z.boolean(),
  minGroupSize: z.number(),
  generatedAt: z.date(),
});

/** The organisation's monthly reports, newest month first. */
export const listMonthlyReports = orgAdminProcedure
  .output(z.array(ZMonthlyReport))
  .query(async ({ ctx }) =>
    (await listOrgReports(ctx.db, ctx.orgId)).map((r) => ({
      id: r.id,
      month: r.month.slice(0, 7),
      members: r.total_kg === null ? null : r.members,
      totalKg: r.total_kg,
      withheld: r.withheld,
      minGroupSize: r.min_group_size,
      generatedAt: r.generated_at,
    })),
  );

/** A short-lived link to one report's CSV or HTML, straight from the object store. */
export const downloadMonthlyReport = orgAdminProcedure
  .input(
    z.object({
      reportId: z.uuid('reportId must be a report id'),
      format: z.enum(['csv', 'html'], { error: 'format must be csv or html' }),
    }),
  )
  .output(z.object({ url: z.string(), filename: z.string(), expiresAt: z.date() }))
  .query(async ({ ctx, input }) => {
    // Looked up within the caller's organisation: another's report is simply not found.
    const report = await findOrgReport(ctx.db, ctx.orgId, input.reportId);
    if (!report) throw new TRPCError({ code: 'NOT_FOUND', message: 'reportId: no such report' });
    const key = input.format === 'csv' ? report.csv_key : report.html_key;
    const url = await ctx.objectStore.presignGet(report.bucket, key, DOWNLOAD_URL_SECONDS);
    return {
      url,
      filename: `emissions-${report.month.slice(0, 7)}.${input.format}`,
      expiresAt: new Date(ctx.now().getTime() + DOWNLOAD_URL_SECONDS * 1000),
    };
  });
