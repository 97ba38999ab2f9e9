import { parse } from 'csv-parse/sync';

/** A run of whole CSV records: bytes [start, end) of the file, whose first record is on `firstLine`. */
export interface CsvChunk {
  start: number;
  end: number;
  firstLine: number;
  rows: number;
}

const QUOTE = 0x22;
const NEWLINE = 0x0a;
const CR = 0x0d;

/**
 * Splits a CSV byte stream into chunks of about `rowsPerChunk` records
 * without parsing it: a newline outside double quotes ends a record (RFC 4180;
 * an escaped quote "" toggles twice, so it needs no special case). The first
 * record is the header and is returned as text. Blank lines are not rows.
 */
export async function planCsvChunks(
  source: AsyncIterable<Uint8Array>,
  rowsPerChunk: number,
): Promise<{ header: string; chunks: CsvChunk[]; totalRows: number }> {
  const chunks: CsvChunk[] = [];
  const headerBytes: number[] = [];
  let inQuotes = false;
  let offset = 0;
  let line = 1;
  let recordStart = 0;
  let recordLine = 1;
  let recordHasContent = false;
  let headerDone = false;
  let chunk: CsvChunk | undefined;
  let totalRows = 0;

  const endRecord = (end: number) => {
    if (recordHasContent) {
      if (!headerDone) {
        headerDone = true;
      } else {
        totalRows += 1;
        chunk ??= { start: recordStart, end, firstLine: recordLine, rows: 0 };
        chunk.rows += 1;
        chunk.end = end;
        if (chunk.rows >= rowsPerChunk) {
          chunks.push(chunk);
          chunk = undefined;
        }
      }
    }
    recordStart = end;
    recordLine = line;
    recordHasContent = false;
  };

  for await (const piece of source) {
    for (let i = 0; i < piece.length; i++) {
      const byte = piece[i]!;
      if (!headerDone) headerBytes.push(byte);
      if (byte === QUOTE) {
        inQuotes = !inQuotes;
        recordHasContent = true;
      } else if (byte === NEWLINE) {
        line += 1;
        if (!inQuotes) endRecord(offset + i + 1);
      } else if (byte !== CR) {
        recordHasContent = true;
      }
    }
    offset += piece.length;
  }
  endRecord(offset);
  if (chunk) chunks.push(chunk);
  return { header: Buffer.from(headerBytes).toString('utf8'), chunks, totalRows };
}

export interface CsvRecord {
  line: number;
  fields: string[];
}

/**
 * Parses the records of one chunk with csv-parse. A record csv-parse cannot
 * read (a stray quote) is returned as an error with its line instead of
 * stopping the chunk.
 */
export function parseCsvChunk(
  text: string,
  firstLine: number,
): { records: CsvRecord[]; errors: { line: number; message: string }[] } {
  // One line ending throughout, and a final one, make csv-parse's line count exact.
  let normalised = text.replace(/\r\n?/g, '\n');
  if (!normalised.endsWith('\n')) normalised += '\n';
  const errors: { line: number; message: string }[] = [];
  const parsed = parse(normalised, {
    bom: true,
    info: true,
    relax_column_count: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    on_skip: (error) => {
      if (error) {
        errors.push({
          line: firstLine - 1 + Number((error as { lines?: number }).lines ?? 1),
          message: `not a valid CSV record: ${error.message}`,
        });
      }
    },
  }) as unknown as { record: string[]; info: { lines: number } }[];
  const records = parsed.map(({ record, info }) => {
    // csv-parse counts the line a record ends on; quoted line breaks move its start back.
    let inner = 0;
    for (const field of record) for (const ch of field) if (ch === '\n') inner += 1;
    return { line: firstLine - 1 + info.lines - inner, fields: record };
  });
  return { records, errors };
}
