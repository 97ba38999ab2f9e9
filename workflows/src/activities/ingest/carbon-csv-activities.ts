import type { ImportRowError, NewCarbonActivity } from '@canopy/db';
import { existingCarbonDedupeKeys, insertImportedCarbonActivities } from '@canopy/db';
import type { CarbonActivity } from '@canopy/domain';
import { DomainError, estimateEmissions, totalKgCO2e } from '@canopy/domain';
import { heartbeat } from '@temporalio/activity';
import { parse } from 'csv-parse/sync';
import { MAX_REPORTED_ROW_ERRORS } from '../../ingest-shared.ts';
import type { CarbonCsvColumn } from './carbon-csv-row.ts';
import { readCarbonRow, readHeader } from './carbon-csv-row.ts';
import type { CsvChunk } from './csv-chunks.ts';
import { parseCsvChunk, planCsvChunks } from './csv-chunks.ts';
import type { IngestDeps } from './ingest-deps.ts';
import { bucketOf, need } from './ingest-deps.ts';

export type CarbonCsvPlan =
  | { ok: true; columns: [CarbonCsvColumn, number][]; chunks: CsvChunk[]; totalRows: number }
  | { ok: false; error: ImportRowError };

export interface ChunkOutcome {
  rows: number;
  okRows: number;
  storedRows: number;
  errorRows: number;
  /** The first errors of the chunk, at most MAX_REPORTED_ROW_ERRORS. */
  errors: ImportRowError[];
}

function estimateRow(activity: CarbonActivity) {
  const estimate = estimateEmissions(activity);
  return {
    category: activity.type,
    // Flights keep their radiative-forcing choice, so a recompute makes the same one.
    activity:
      activity.type === 'flight' ? { ...activity, radiativeForcing: true } : { ...activity },
    kg_co2e: estimate.kgCO2e,
    total_kg_co2e: totalKgCO2e(estimate),
    scope: estimate.scope,
    factor_id: estimate.factor.id,
    factor_source: estimate.factor.source,
    factor_edition: estimate.factor.edition,
    factor_unit: estimate.factor.unit,
    factor_kg_per_unit: estimate.factor.kgCO2ePerUnit,
    quantity_value: estimate.quantity.value,
    quantity_unit: estimate.quantity.unit,
    additional: estimate.additional.map((line) => ({
      label: line.label,
      kgCO2e: line.kgCO2e,
      scope: line.scope,
      factor: { ...line.factor },
    })),
  };
}

export function createCarbonCsvActivities(deps: Partial<IngestDeps>) {
  return {
    /** Reads the header and cuts the file into chunks of whole records, streaming it once. */
    async planCarbonCsv(input: { objectKey: string; chunkRows: number }): Promise<CarbonCsvPlan> {
      const stream = await need(deps, 'objectStore').getObject(bucketOf(deps), input.objectKey);
      const plan = await planCsvChunks(stream, input.chunkRows);
      let headerFields: string[];
      try {
        headerFields = (parse(plan.header, { bom: true }) as string[][])[0] ?? [];
      } catch (error) {
        return {
          ok: false,
          error: { line: 1, field: null, message: `the header is not valid CSV: ${String(error)}` },
        };
      }
      const header = readHeader(headerFields);
      if (!header.ok)
        return { ok: false, error: { line: 1, field: null, message: header.message } };
      return {
        ok: true,
        columns: [...header.index.entries()],
        chunks: plan.chunks,
        totalRows: plan.totalRows,
      };
    },

    /**
     * Validates, estimates and stores one chunk. Safe to retry: rows are keyed
     * by their content, so a second run stores nothing it stored before.
     */
    async importCarbonChunk(input: {
      importId: string;
      userId: string;
      orgId: string | null;
      objectKey: string;
      columns: [CarbonCsvColumn, number][];
      chunk: CsvChunk;
    }): Promise<ChunkOutcome> {
      const db = need(deps, 'db');
      const { chunk } = input;
      const stream = await need(deps, 'objectStore').getPartialObject(
        bucketOf(deps),
        input.objectKey,
        chunk.start,
        chunk.end - chunk.start,
      );
      const pieces: Buffer[] = [];
      for await (const piece of stream) pieces.push(piece as Buffer);
      const { records, errors: parseErrors } = parseCsvChunk(
        Buffer.concat(pieces).toString('utf8'),
        chunk.firstLine,
      );

      heartbeat();
      const index = new Map(input.columns);
      const errors: ImportRowError[] = parseErrors.map((e) => ({ ...e, field: null }));
      const rows = records.map(({ line, fields }) => ({ line, row: readCarbonRow(fields, index) }));
      // Rows stored before (a retry, or the same data imported again) need no estimate or insert.
      const known = await existingCarbonDedupeKeys(
        db,
        input.userId,
        rows.flatMap(({ row }) => (row.ok ? [row.dedupeKey] : [])),
      );
      let knownRows = 0;
      const good: NewCarbonActivity[] = [];
      for (const { line, row } of rows) {
        if (!row.ok) {
          errors.push({ line, ...row.error });
          continue;
        }
        if (known.has(row.dedupeKey)) {
          knownRows += 1;
          continue;
        }
        try {
          good.push({
            ...estimateRow(row.activity),
            user_id: input.userId,
            org_id: input.orgId,
            occurred_on: row.date,
            note: row.note,
            source: 'import',
            import_id: input.importId,
            dedupe_key: row.dedupeKey,
          });
        } catch (error) {
          // The engine refuses combinations it has no factor for: the member's data, not a crash.
          if (!(error instanceof DomainError)) throw error;
          errors.push({ line, field: 'type', message: error.message });
        }
      }
      // One statement per chunk: a retried chunk finds all or none of its rows stored.
      const storedRows = await insertImportedCarbonActivities(db, good);
      heartbeat();
      errors.sort((a, b) => a.line - b.line);
      return {
        rows: records.length + parseErrors.length,
        okRows: good.length + knownRows,
        storedRows,
        errorRows: errors.length,
        errors: errors.slice(0, MAX_REPORTED_ROW_ERRORS),
      };
    },
  };
}
