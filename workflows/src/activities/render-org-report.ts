import type { PooledBucket } from '@canopy/db';
import { stringify } from 'csv-stringify/sync';

export interface OrgReportContent {
  orgName: string;
  /** `YYYY-MM` */
  month: string;
  minGroupSize: number;
  /** The month's pooled figures; undefined when nobody logged anything. */
  pooled: PooledBucket | undefined;
}

const kg = (value: number) => value.toFixed(3);

function withheldNote(r: OrgReportContent): string {
  const p = r.pooled;
  if (!p || p.members === 0) return 'no activity logged';
  if (p.totalKg === null) return `withheld: fewer than ${r.minGroupSize} members contributed`;
  if (p.withheld)
    return `breakdown withheld: a category rests on fewer than ${r.minGroupSize} members`;
  return '';
}

/**
 * The month as CSV: one row per category when every category rests on enough
 * members, then a total row with the number of members behind it.
 */
export function renderOrgReportCsv(r: OrgReportContent): string {
  const p = r.pooled;
  const rows: (string | number)[][] = [];
  for (const c of p?.byCategory ?? []) rows.push([r.month, c.category, kg(c.kg), '', '']);
  rows.push([
    r.month,
    'total',
    p?.totalKg == null ? '' : kg(p.totalKg),
    p?.members ?? 0,
    withheldNote(r),
  ]);
  return stringify(rows, {
    header: true,
    columns: ['month', 'category', 'kg_co2e', 'members', 'note'],
  });
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

/** A self-contained HTML page summarising the month, for reading or printing. */
export function renderOrgReportHtml(r: OrgReportContent): string {
  const p = r.pooled;
  const title = `${r.orgName}: emissions for ${r.month}`;
  const rows = (p?.byCategory ?? [])
    .map((c) => `<tr><th scope="row">${escapeHtml(c.category)}</th><td>${kg(c.kg)}</td></tr>`)
    .join('\n');
  const total = p?.totalKg == null ? '—' : kg(p.totalKg);
  const note = withheldNote(r);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${escapeHtml(title)}</title>
<style>body{font-family:system-ui,sans-serif;margin:2rem;color:#1d2b1f}table{border-collapse:collapse}th,td{padding:.3rem .8rem;border-bottom:1px solid #ccd5cc;text-align:left}td{text-align:right}</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
<p>Pooled emissions of ${p?.members ?? 0} members, in kg CO2e. No figure rests on fewer than ${r.minGroupSize} people.</p>
<table>
<thead><tr><th scope="col">Category</th><th scope="col">kg CO2e</th></tr></thead>
<tbody>
${rows}
<tr><th scope="row">Total</th><td>${total}</td></tr>
</tbody>
</table>
${note ? `<p><em>${escapeHtml(note)}</em></p>` : ''}
</body>
</html>
`;
}
