import { pooledMonths } from '@canopy/db';
import { MIN_GROUP_SIZE } from '@canopy/domain';
import { orgAdminProcedure, router } from '../../trpc/index.ts';
import { downloadMonthlyReport, listMonthlyReports } from './monthly.ts';
import { assemblePooledReport, reportMonths, ZPooledReport, ZPooledReportInput } from './pooled.ts';

export const reportsRouter = router({
  /** Reports the monthly report workflow rendered: listed, and downloaded by a short-lived link. */
  monthly: router({
    list: listMonthlyReports,
    download: downloadMonthlyReport,
  }),
  /**
   * Pooled emissions of an organisation over whole calendar months, quarters
   * or years: never a figure, nor a difference of figures, about fewer than
   * MIN_GROUP_SIZE people. Day ranges are refused; a month still running is
   * withheld until it ends, and a closed month is fixed when first shown.
   */
  orgEmissions: orgAdminProcedure
    .input(ZPooledReportInput)
    .output(ZPooledReport)
    .query(async ({ ctx, input }) => {
      const today = ctx.now().toISOString().slice(0, 10);
      const months = await pooledMonths(ctx.db, ctx.orgId, reportMonths(input), today);
      return assemblePooledReport(input, months, MIN_GROUP_SIZE);
    }),
});
