import { describe, expect, it } from 'vitest';
import { describeImport, type ImportStatus, importFraction, isFinished } from './import-status.ts';

const status = (over: Partial<ImportStatus>): ImportStatus => ({
  id: 'i1',
  fileName: 'rides.csv',
  status: 'processing',
  totalRows: 0,
  doneRows: 0,
  okRows: 0,
  errorRows: 0,
  state: null,
  failureReason: null,
  errors: [],
  ...over,
});

describe('import status in words', () => {
  it('counts rows while the import runs', () => {
    const s = status({ state: 'storing', totalRows: 200, doneRows: 50 });
    expect(describeImport(s)).toBe('Storing rows (50 of 200)…');
    expect(importFraction(s)).toBe(0.25);
    expect(isFinished(s)).toBe(false);
  });

  it('says how many rows were stored and how many could not be read', () => {
    const s = status({ status: 'completed', okRows: 198, errorRows: 2 });
    expect(describeImport(s, 'sessions')).toBe(
      'Import of rides.csv finished: 198 sessions stored, 2 could not be read.',
    );
    expect(importFraction(s)).toBe(1);
    expect(isFinished(s)).toBe(true);
  });

  it('gives the reason a file could not be imported', () => {
    expect(describeImport(status({ status: 'failed', failureReason: 'not a FIT file' }))).toBe(
      'Import of rides.csv failed: not a FIT file',
    );
  });

  it('has no fraction before the total is known', () => {
    expect(importFraction(status({ status: 'uploaded' }))).toBeNull();
  });
});
