// Builds the compact factor data that @canopy/domain ships (src/data/*.json)
// from the publishers' files. Run by hand when a new edition appears; its
// output is committed, so neither tests nor the product read these inputs.
//
//   node scripts/extract-factors.ts --shared ../../../shared/data --airports <airportsdata>/airports.csv
//
// DESNZ 2024 and 2025 come from the official flat files. 2026 exists only as
// the full-set workbook, so its values are located by the row labels of the
// flat file (sheet = Level 1; Level 2-4 and UOM among the row's label cells;
// Column Text = the column group such as "Diesel" or "With RF"). The same
// locator is first run on the 2024 and 2025 full sets and must reproduce
// every flat-file value there; only then is it trusted for 2026.
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import countries from 'i18n-iso-countries';
import { format } from 'prettier';
import { usedFactorIds } from '../src/carbon/factor-ids.ts';

const { values: args } = parseArgs({
  options: {
    shared: { type: 'string', default: resolve(import.meta.dirname, '../../../../shared/data') },
    airports: { type: 'string' },
    out: { type: 'string', default: resolve(import.meta.dirname, '../src/data') },
  },
});
const shared = args.shared;
const outDir = args.out;

type FlatRow = {
  id: string;
  scope: string;
  l1: string;
  l2: string;
  l3: string;
  l4: string;
  columnText: string;
  uom: string;
  ghgUnit: string;
  value: number | null;
};

function readFlat(edition: string): Map<string, FlatRow> {
  const file = join(shared, `desnz/desnz_ghg_conversion_factors_${edition}_flat.csv`);
  const records: string[][] = parse(readFileSync(file, 'utf8'), { bom: true, from_line: 2 });
  const rows = new Map<string, FlatRow>();
  for (const r of records) {
    const [id, scope, l1, l2, l3, l4, columnText, uom, ghgUnit, value] = r.map((c) => c.trim());
    if (!id || ghgUnit !== 'kg CO2e') continue;
    rows.set(id, {
      id,
      scope: scope ?? '',
      l1: l1 ?? '',
      l2: l2 ?? '',
      l3: l3 ?? '',
      l4: l4 ?? '',
      columnText: columnText ?? '',
      uom: uom ?? '',
      ghgUnit,
      value: value ? Number(value) : null,
    });
  }
  return rows;
}

type SheetCell = { labels: string[]; group: string; value: number | null };

function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'object') {
    if ('richText' in v)
      return v.richText
        .map((t) => t.text)
        .join('')
        .trim();
    if ('result' in v) return cellText(v.result as ExcelJS.CellValue);
    if ('text' in v) return String(v.text).trim();
    return '';
  }
  return String(v).trim();
}

function cellNumber(v: ExcelJS.CellValue): number | null {
  if (typeof v === 'number') return v;
  if (v && typeof v === 'object' && 'result' in v && typeof v.result === 'number') return v.result;
  return null;
}

/**
 * Reads every factor table of a full-set sheet: a header row starting with
 * "Activity", an optional group row just above it, data rows until a blank.
 * Blank label cells inherit the value above them (merged cells in Excel).
 */
function readSheetTables(ws: ExcelJS.Worksheet): SheetCell[] {
  const cells: SheetCell[] = [];
  for (let r = 1; r <= ws.rowCount; r++) {
    if (cellText(ws.getRow(r).getCell(1).value) !== 'Activity') continue;
    const header = ws.getRow(r);
    const groupRow = ws.getRow(r - 1);
    const width = header.cellCount;
    const labelCols: number[] = [];
    const valueCols: number[] = [];
    for (let c = 1; c <= width; c++) {
      const h = cellText(header.getCell(c).value);
      if (h === 'kg CO2e') valueCols.push(c);
      else if (!h.startsWith('kg CO2e')) labelCols.push(c);
    }
    const carried: string[] = [];
    for (let d = r + 1; d <= ws.rowCount; d++) {
      const row = ws.getRow(d);
      const raw = labelCols.map((c) => cellText(row.getCell(c).value));
      const numbers = valueCols.map((c) => cellNumber(row.getCell(c).value));
      if (raw.every((t) => !t) && numbers.every((n) => n === null)) break;
      const labels = raw.map((t, i) => {
        if (t) carried[i] = t;
        return t || carried[i] || '';
      });
      valueCols.forEach((c, i) => {
        cells.push({
          labels,
          group: cellText(groupRow.getCell(c).value),
          value: numbers[i] ?? null,
        });
      });
    }
  }
  return cells;
}

async function readFullSet(file: string) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const sheets = new Map<string, SheetCell[]>();
  const tablesOf = (name: string): SheetCell[] => {
    let t = sheets.get(name);
    if (!t) {
      const ws = wb.getWorksheet(name);
      if (!ws) throw new Error(`${file}: no sheet "${name}"`);
      t = readSheetTables(ws);
      sheets.set(name, t);
    }
    return t;
  };
  const locate = (flat: FlatRow): number | null => {
    const wanted = [flat.l2, flat.l3, flat.l4, flat.uom].filter(Boolean);
    const hits = tablesOf(flat.l1).filter(
      (cell) => cell.group === flat.columnText && wanted.every((w) => cell.labels.includes(w)),
    );
    if (hits.length !== 1) throw new Error(`${flat.id}: ${hits.length} cells match in ${file}`);
    return hits[0]!.value;
  };
  const haul = (): Record<string, 'domestic' | 'short' | 'long'> => {
    const ws = wb.getWorksheet('Haul definition');
    if (!ws) throw new Error(`${file}: no Haul definition sheet`);
    const out: Record<string, 'domestic' | 'short' | 'long'> = {};
    const kinds = { Domestic: 'domestic', 'Short Haul': 'short', 'Long Haul': 'long' } as const;
    ws.eachRow((row) => {
      const iso3 = cellText(row.getCell(2).value);
      const kind = cellText(row.getCell(3).value) as keyof typeof kinds;
      if (!(kind in kinds) || !/^[A-Z]{3}$/.test(iso3)) return;
      const alpha2 = iso3 === 'XKX' ? 'XK' : countries.alpha3ToAlpha2(iso3);
      if (!alpha2) throw new Error(`${file}: unknown ISO3 ${iso3} in Haul definition`);
      out[alpha2] = kinds[kind];
    });
    return Object.fromEntries(Object.entries(out).sort(([a], [b]) => a.localeCompare(b)));
  };
  return { locate, haul };
}

const EDITIONS = [
  {
    edition: '2024',
    version: '1.1',
    published: '2024-10-18',
    full: 'ghg-conversion-factors-2024-full_set__for_advanced_users__v1_1.xlsx',
    flat: true,
  },
  {
    edition: '2025',
    version: '1.0',
    published: '2025-06-10',
    full: 'ghg-conversion-factors-2025-full-set.xlsx',
    flat: true,
  },
  {
    edition: '2026',
    version: '1.0',
    published: null,
    full: 'ghg-conversion-factors-2026-full-set.xlsx',
    flat: false,
  },
] as const;

function close(a: number | null, b: number | null, decimals: number): boolean {
  if (a === null || b === null) return a === b;
  return Math.abs(a - b) <= 0.5 * 10 ** -decimals + 1e-12;
}

async function extractDesnz() {
  const ids = usedFactorIds();
  const flats = { '2024': readFlat('2024'), '2025': readFlat('2025') };
  for (const { edition, version, published, full } of EDITIONS) {
    const book = await readFullSet(join(shared, 'desnz/raw', full));
    const labelSource = edition === '2026' ? flats['2025'] : flats[edition];
    const rows = ids.map((id) => {
      const flat = labelSource.get(id);
      if (!flat) throw new Error(`${id} not in the ${edition} flat file`);
      const fromWorkbook = book.locate(flat);
      if (edition !== '2026') {
        // The locator must reproduce the flat file exactly before 2026 trusts it.
        if (!close(fromWorkbook, flat.value, edition === '2025' ? 5 : 9)) {
          throw new Error(`${id} ${edition}: workbook ${fromWorkbook} vs flat ${flat.value}`);
        }
      }
      const value = edition === '2026' ? fromWorkbook : flat.value;
      return {
        id,
        scope: Number(flat.scope.replace('Scope ', '')),
        category: [flat.l1, flat.l2, flat.l3, flat.l4, flat.columnText].filter(Boolean).join(' > '),
        uom: flat.uom,
        kgCO2e: value === null ? null : Number(value.toPrecision(12)),
      };
    });
    const data = {
      edition,
      title: `UK Government GHG Conversion Factors for Company Reporting ${edition}`,
      publisher: 'Department for Energy Security and Net Zero (DESNZ)',
      version,
      published,
      extractedFrom:
        edition === '2026' ? `${full} (full set)` : `${edition} flat file, checked against ${full}`,
      licence: 'Open Government Licence v3.0',
      rows,
      haul: book.haul(),
    };
    await writeJson(`desnz-${edition}.json`, data);
  }
}

async function extractGrid() {
  const records: Record<string, string>[] = parse(
    readFileSync(join(shared, 'grid/grid_intensity_latest_by_country.csv'), 'utf8'),
    { columns: true, bom: true },
  );
  const rows = records
    .map((r) => {
      const iso3 = r.iso_code ?? '';
      const code = iso3 === 'OWID_KOS' ? 'XK' : countries.alpha3ToAlpha2(iso3);
      if (!code) throw new Error(`grid: unknown ISO3 ${iso3}`);
      return {
        code,
        name: r.country,
        year: Number(r.year),
        gCO2ePerKwh: Number(r.carbon_intensity_elec),
      };
    })
    .sort((a, b) => a.code.localeCompare(b.code));
  await writeJson('grid-intensity.json', {
    source:
      'Our World in Data, carbon intensity of electricity generation (based on Ember and Energy Institute)',
    licence: 'CC BY 4.0',
    unit: 'g CO2e per kWh generated (lifecycle)',
    rows,
  });

  const egrid: Record<string, string>[] = parse(
    readFileSync(join(shared, 'epa/epa_hub_2025_t6_egrid2023_subregions.csv'), 'utf8'),
    { columns: true, bom: true },
  );
  await writeJson('epa-egrid-2023.json', {
    source:
      'US EPA GHG Emission Factors Hub 2025, Table 6 (eGRID2023), total output emission rates',
    licence: 'Public domain (U.S. federal government work)',
    unit: 'lb per MWh',
    rows: egrid.map((r) => ({
      region: r.egrid_subregion === 'US Average' ? 'US' : r.egrid_subregion,
      name: r.egrid_subregion_name,
      co2: Number(r.total_output_co2_lb_per_mwh),
      ch4: Number(r.total_output_ch4_lb_per_mwh),
      n2o: Number(r.total_output_n2o_lb_per_mwh),
    })),
  });
}

async function extractAirports(file: string) {
  const records: Record<string, string>[] = parse(readFileSync(file, 'utf8'), {
    columns: true,
    bom: true,
  });
  const airports: Record<string, [number, number, string]> = {};
  for (const r of records) {
    const iata = r.iata ?? '';
    if (!/^[A-Z]{3}$/.test(iata)) continue;
    // 4 decimals is about 11 m: far below what a great-circle estimate needs.
    airports[iata] = [
      Number(Number(r.lat).toFixed(4)),
      Number(Number(r.lon).toFixed(4)),
      r.country ?? '',
    ];
  }
  const sorted = Object.fromEntries(
    Object.entries(airports).sort(([a], [b]) => a.localeCompare(b)),
  );
  await writeJson('airports.json', {
    source: 'airportsdata 20260905 (Mike Borsetti; includes data from mwgg/Airports)',
    licence: 'MIT',
    columns: ['lat', 'lon', 'country'],
    airports: sorted,
  });
}

async function writeJson(name: string, data: unknown) {
  // Formatted like the rest of the repo so `prettier --check` stays green.
  writeFileSync(
    join(outDir, name),
    await format(JSON.stringify(data), { parser: 'json', printWidth: 100 }),
  );
  console.log(`wrote ${name}`);
}

await extractDesnz();
await extractGrid();
if (args.airports) await extractAirports(args.airports);
