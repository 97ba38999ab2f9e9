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
      '/\t/evil.example/x',
      '/\n/evil.example',
      '/\r\n/evil.example',
      '/\u0000',
      '/./\\evil.example',
      '/..//evil.example',
      '',
    ]) {
      expect(safeReturnTo(bad)).toBe('/');
    }
    expect(safeReturnTo(null)).toBe('/');
  });
  it('keeps what a URL parser resolved, so the redirect header is always valid', () => {
    expect(safeReturnTo('/goals/../carbon#week')).toBe('/carbon#week');
    // An encoded tab stays encoded: a path on this site, not a way to another.
    expect(safeReturnTo('/%09/evil.example')).toBe('/%09/evil.example');
    expect(safeReturnTo('/search?q=caf\u00e9')).toBe('/search?q=caf%C3%A9');
  });
});
