/**
 * One CSV record (RFC 4180): fields with a comma, quote or line break are
 * quoted. Text that a spreadsheet would run as a formula (=, +, -, @, tab,
 * CR first) is prefixed with a quote, as OWASP's CSV-injection advice says.
 * Numbers keep 12 significant digits: every digit DESNZ publishes, without
 * binary rounding noise such as 1.3095999999999999.
 */
export function csvRecord(fields: readonly (string | number | null)[]): string {
  return fields
    .map((field) => {
      if (field === null) return '';
      if (typeof field === 'number') return String(Number(field.toPrecision(12)));
      const safe = /^[=+\-@\t\r]/.test(field) ? `'${field}` : field;
      return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
    })
    .join(',');
}
