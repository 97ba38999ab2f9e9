/** The member's colour theme: light or dark by choice, or null to follow the system. */
export type Theme = 'light' | 'dark';

export const THEME_COOKIE = 'canopy_theme';
/** A year: a preference, not a secret. */
export const THEME_MAX_AGE = 365 * 24 * 3600;

export function parseTheme(value: string | null | undefined): Theme | null {
  return value === 'light' || value === 'dark' ? value : null;
}

/** The theme the toggle switches to: away from the chosen one, or from the system's. */
export function otherTheme(chosen: Theme | null, systemDark: boolean): Theme {
  const showing = chosen ?? (systemDark ? 'dark' : 'light');
  return showing === 'dark' ? 'light' : 'dark';
}

/** The attribute the server writes on <html>; empty follows prefers-color-scheme. */
export const themeAttribute = (theme: Theme | null) => theme ?? '';
