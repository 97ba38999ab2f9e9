import { describe, expect, it } from 'vitest';
import { otherTheme, parseTheme, themeAttribute } from './theme.ts';

describe('theme', () => {
  it('accepts only light or dark from the cookie', () => {
    expect(parseTheme('dark')).toBe('dark');
    expect(parseTheme('light')).toBe('light');
    expect(parseTheme('"><script>')).toBeNull();
    expect(parseTheme(undefined)).toBeNull();
  });

  it('switches away from what is showing, the system theme included', () => {
    expect(otherTheme('dark', false)).toBe('light');
    expect(otherTheme('light', true)).toBe('dark');
    expect(otherTheme(null, true)).toBe('light');
    expect(otherTheme(null, false)).toBe('dark');
  });

  it('leaves the attribute empty to follow the system', () => {
    expect(themeAttribute(null)).toBe('');
    expect(themeAttribute('dark')).toBe('dark');
  });
});
