import type { PublishedPeriod } from '@canopy/domain';
import { stringify } from 'csv-stringify/sync';

export interface OrgReportContent {
  orgName: string;
  /** `YYYY-MM` */
  month: string;
  minGroupSize: number;
  /** The month under the minimum group size (suppressPeriod of @canopy/domain). */
  pooled: PublishedPeriod;
}

const kg = (value: number) => value.toFixed(3);
const withheldText = (reason: string) => `withheld (${reason})`;

function totalNote(p: PublishedPeriod): string {
  if (p.total.withheld) return withheldText(p.total.withheld);
  if (p.members === 0) return 'no activity logged';
  return '';
}

/**
 * The month as CSV: one row per category, a withheld one with an empty
 * figure and the reason, then a total row with the members behind it.
 */
export function renderOrgReportCsv(r: OrgReportContent): string {
  const p = r.pooled;
  const rows: (string | number)[][] = [];
  for (const c of p.categories)
    rows.push([
      r.month,
      c.category,
      c.kg === null ? '' : kg(c.kg),
      '',
      c.withheld ? withheldText(c.withheld) : '',
    ]);
  rows.push([
    r.month,
    'total',
    p.total.kg === null ? '' : kg(p.total.kg),
    p.members ?? '',
    totalNote(p),
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
  const figure = (cell: { kg: number | null; withheld: string | null }) =>
    cell.kg === null ? escapeHtml(withheldText(cell.withheld ?? '')) : kg(cell.kg);
  const rows = p.categories
    .map((c) => `<tr><th scope="row">${escapeHtml(c.category)}</th><td>${figure(c)}</td></tr>`)
    .join('\n');
  const total = figure(p.total);
  const note = totalNote(p);
  const members = p.members === null ? 'an undisclosed number of' : String(p.members);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${escapeHtml(title)}</title>
<style>body{font-family:system-ui,sans-serif;margin:2rem;color:#1d2b1f}table{border-collapse:collapse}th,td{padding:.3rem .8rem;border-bottom:1px solid #ccd5cc;text-align:left}td{text-align:right}</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
<p>Pooled emissions of ${members} members, in kg CO2e. No figure rests on fewer than ${r.minGroupSize} people.</p>
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
