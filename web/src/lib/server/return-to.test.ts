import { describe, expect, it } from 'vitest';
import { safeReturnTo } from './return-to.ts';

describe('safeReturnTo', () => {
  it('keeps a path on this site', () => {
    expect(safeReturnTo('/carbon?month=2026-11')).toBe('/carbon?month=2026-11');
  });
  it('refuses other sites, however they are spelled', () => {
    for (const bad of [
      'https://evil.example',
      '//evil.example',
      '/\\evil.example',
      'javascript:alert(1)',
      '',
    ]) {
      expect(safeReturnTo(bad)).toBe('/');
    }
    expect(safeReturnTo(null)).toBe('/');
  });
});
