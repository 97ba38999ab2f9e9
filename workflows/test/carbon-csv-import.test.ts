import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IngestProgress } from '../src/shared.ts';
import { ingestQueries } from '../src/shared.ts';
import type { IngestStack } from './ingest-fixtures.ts';
import {
  countRows,
  importRow,
  newMember,
  recorded,
  replayRecorded,
  runIngest,
  startIngest,
  startIngestStack,
  uploadImport,
} from './ingest-fixtures.ts';

let stack: IngestStack;
beforeAll(async () => {
  stack = await startIngestStack('carbon-import');
});
afterAll(async () => {
  await stack?.close();
});

// Line 1 is the header; the comment on each line says what the importer must make of it.
const mixed = [
  'date,type,quantity,unit,fuel,size,kind,from,to,cabin,country,passengers,note',
  '2026-03-02,electricity,120,kwh,,,,,,,GB,,March bill', // 2 ok (5 good rows in all)
  '2026-03-03,car,42,km,petrol,medium,,,,,,2,"school run, shared"', // 3 ok
  '2026-03-04,car,12,km,kerosene,,,,,,,,', // 4 bad fuel
  '2026-02-30,rail,80,km,,,national,,,,,,', // 5 bad date
  '2026-03-05,flight,,,,,,LHR,JFK,economy,,,', // 6 ok
  '', // 7 blank: not a row
  '2026-03-06,flight,,,,,,LHR,XXX,economy,,,', // 8 unknown airport
  '2026-03-07,natural_gas,300,m3,,,,,,,,,', // 9 ok
  '2026-03-08,hotel,-2,nights,,,,,,,FR,,', // 10 negative
  '2026-03-09,bus,15,mi,,,coach,,,,,,', // 11 ok
  '2026-03-10,spaceship,1,km,,,,,,,,,', // 12 unknown type
].join('\r\n');

describe('carbon CSV import', () => {
  it('stores the good rows, reports each bad one by line and column, and counts right', async () => {
    const user = newMember();
    const importId = await uploadImport(stack.db, user, 'carbon_csv', 'march.csv', mixed);
    const result = await runIngest(stack, 'carbon_csv', { importId, chunkRows: 3 }, 'carbon-mixed');

    expect(result).toMatchObject({
      state: 'completed',
      totalRows: 10,
      doneRows: 10,
      okRows: 5,
      storedRows: 5,
      errorRows: 5,
    });
    const row = await importRow(stack.db, importId);
    expect(row).toMatchObject({ status: 'completed', total_rows: 10, ok_rows: 5, error_rows: 5 });
    expect(row.errors.map((e) => [e.line, e.field])).toEqual([
      [4, 'fuel'],
      [5, 'date'],
      [8, 'to'],
      [10, 'quantity'],
      [12, 'type'],
    ]);
    expect(row.errors[0]!.message).toMatch(/fuel must be/);
    expect(await countRows(stack.db, 'carbon_activities', user)).toBe(5);

    const stored = await stack.db
      .selectFrom('carbon_activities')
      .select(['occurred_on', 'category', 'kg_co2e', 'note', 'source', 'import_id'])
      .where('user_id', '=', user)
      .orderBy('occurred_on')
      .execute();
    expect(stored.map((r) => r.category)).toEqual([
      'electricity',
      'car',
      'flight',
      'natural_gas',
      'bus',
    ]);
    expect(stored[1]!.note).toBe('school run, shared');
    expect(stored.every((r) => r.source === 'import' && r.import_id === importId)).toBe(true);
    expect(stored.every((r) => r.kg_co2e > 0)).toBe(true);
  });

  it('changes nothing when the same file is imported again, even as a new upload', async () => {
    const user = newMember();
    const first = await uploadImport(stack.db, user, 'carbon_csv', 'a.csv', mixed);
    await runIngest(stack, 'carbon_csv', { importId: first });
    const before = await stack.db
      .selectFrom('carbon_activities')
      .select(['id', 'updated_at'])
      .where('user_id', '=', user)
      .orderBy('id')
      .execute();

    // The same import run twice, and the same content uploaded as another import.
    const again = await runIngest(stack, 'carbon_csv', { importId: first });
    const second = await uploadImport(stack.db, user, 'carbon_csv', 'a-copy.csv', mixed);
    const copy = await runIngest(stack, 'carbon_csv', { importId: second });

    for (const r of [again, copy]) {
      expect(r).toMatchObject({ state: 'completed', okRows: 5, storedRows: 0, errorRows: 5 });
    }
    const after = await stack.db
      .selectFrom('carbon_activities')
      .select(['id', 'updated_at'])
      .where('user_id', '=', user)
      .orderBy('id')
      .execute();
    expect(after).toEqual(before);
  });

  it('fails an import whose header names an unknown column, storing nothing', async () => {
    const user = newMember();
    const importId = await uploadImport(
      stack.db,
      user,
      'carbon_csv',
      'bad.csv',
      'date,type,amount\n2026-03-02,electricity,120\n',
    );
    const handle = await startIngest(stack, 'carbon_csv', { importId }, 'carbon-bad-header');
    await expect(handle.result()).rejects.toThrow();
    const row = await importRow(stack.db, importId);
    expect(row.status).toBe('failed');
    expect(row.errors).toEqual([
      { line: 1, field: null, message: expect.stringContaining("unknown column 'amount'") },
    ]);
    expect(await countRows(stack.db, 'carbon_activities', user)).toBe(0);
  });

  it('answers its progress query while it runs and after', async () => {
    const user = newMember();
    const lines = ['date,type,quantity,unit'];
    for (let i = 0; i < 3000; i++) lines.push(`2026-01-01,taxi,${i + 1},km`);
    const importId = await uploadImport(
      stack.db,
      user,
      'carbon_csv',
      'taxis.csv',
      lines.join('\n'),
    );
    const handle = await startIngest(stack, 'carbon_csv', { importId, chunkRows: 500 });
    const seen: IngestProgress[] = [];
    for (let i = 0; i < 20; i++) {
      const p = await handle.query<IngestProgress>(ingestQueries.progress);
      seen.push(p);
      if (p.state === 'completed') break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const final = await handle.result();
    expect(final).toMatchObject({ totalRows: 3000, okRows: 3000, storedRows: 3000 });
    // Progress never goes backwards and never passes the total.
    const done = seen.map((p) => p.doneRows);
    expect([...done].sort((a, b) => a - b)).toEqual(done);
    expect(done.every((d) => d <= 3000)).toBe(true);
    expect(await countRows(stack.db, 'carbon_activities', user)).toBe(3000);
  });

  it('replays the runs above with the current code', async () => {
    expect([...recorded.keys()].sort()).toEqual(['carbon-bad-header', 'carbon-mixed']);
    expect(await replayRecorded()).toEqual([]);
  }, 60_000);
});
