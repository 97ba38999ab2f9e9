/**
 * One CSV record (RFC 4180): fields with a comma, quote or line break are
 * quoted. Text that a spreadsheet would run as a formula (=, +, -, @, tab,
 * CR first) is prefixed with a quote, as OWASP's CSV-injection advice says;
 * numbers are written as they are.
 */
export function csvRecord(fields: readonly (string | number | null)[]): string {
  return fields
    .map((field) => {
      if (field === null) return '';
      if (typeof field === 'number') return String(field);
      const safe = /^[=+\-@\t\r]/.test(field) ? `'${field}` : field;
      return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
    })
    .join(',');
}
