/**
 * IP address literals as the resolver and the URL parser read them. A host
 * string is an address whenever `inet_aton` or the WHATWG URL parser would
 * take it as one, so IPv4 is read in every notation they accept: 1 to 4 parts,
 * each decimal, octal (leading 0) or hex (0x), the last part filling the
 * remaining bytes (`127.1`, `2130706433`, `0177.0.0.1`, `0x7f.1`).
 */
export type IpAddress =
  | { version: 4; /** 0 … 2³²−1 */ value: number }
  | { version: 6; /** eight 16-bit groups */ groups: number[] };

function parseIPv4Part(part: string): number | null {
  if (part === '') return null;
  let digits = part;
  let radix = 10;
  if (/^0x/i.test(part)) {
    digits = part.slice(2);
    radix = 16;
    // WHATWG reads a bare "0x" as zero.
    if (digits === '') return 0;
  } else if (part.length > 1 && part.startsWith('0')) {
    digits = part.slice(1);
    radix = 8;
  }
  const valid = { 8: /^[0-7]+$/, 10: /^\d+$/, 16: /^[0-9a-f]+$/i }[radix]!;
  if (!valid.test(digits)) return null;
  // Cap the digits so that an absurd number cannot lose precision into a valid one.
  if (digits.replace(/^0+/, '').length > 12) return null;
  return parseInt(digits, radix);
}

/** An IPv4 address in any notation inet_aton or a URL parser accepts, or null. */
export function parseIPv4(text: string): number | null {
  // A URL host may end in one dot ("1.2.3.4."), which the URL parser drops.
  const parts = text.replace(/\.$/, '').split('.');
  if (parts.length < 1 || parts.length > 4) return null;
  const numbers: number[] = [];
  for (const part of parts) {
    const n = parseIPv4Part(part);
    if (n === null) return null;
    numbers.push(n);
  }
  const last = numbers.pop()!;
  if (numbers.some((n) => n > 255)) return null;
  if (last >= 256 ** (4 - numbers.length)) return null;
  return numbers.reduce((sum, n, i) => sum + n * 256 ** (3 - i), 0) + last;
}

/** The eight groups of an IPv6 address (with `::` and a dotted IPv4 tail), or null. */
export function parseIPv6(text: string): number[] | null {
  // A zone ("fe80::1%eth0") names an interface: never a destination for a webhook.
  if (!/^[0-9a-f:.]+$/i.test(text)) return null;
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const parseSide = (side: string, isTail: boolean): number[] | null => {
    if (side === '') return [];
    const pieces = side.split(':');
    const groups: number[] = [];
    for (const [i, piece] of pieces.entries()) {
      if (piece.includes('.')) {
        // Only the last piece of the address may be a dotted IPv4 address.
        if (!isTail || i !== pieces.length - 1) return null;
        if (!/^\d{1,3}(\.\d{1,3}){3}$/.test(piece)) return null;
        const octets = piece.split('.').map(Number);
        if (octets.some((o) => o > 255)) return null;
        groups.push(octets[0]! * 256 + octets[1]!, octets[2]! * 256 + octets[3]!);
      } else {
        if (!/^[0-9a-f]{1,4}$/i.test(piece)) return null;
        groups.push(parseInt(piece, 16));
      }
    }
    return groups;
  };
  if (halves.length === 1) {
    const groups = parseSide(text, true);
    return groups && groups.length === 8 ? groups : null;
  }
  const head = parseSide(halves[0]!, false);
  const tail = parseSide(halves[1]!, true);
  if (!head || !tail || head.length + tail.length > 7) return null;
  return [...head, ...new Array<number>(8 - head.length - tail.length).fill(0), ...tail];
}

/**
 * Reads a host as an IP address: a bare or bracketed IPv6 literal, or IPv4 in
 * any notation. Null when it is a name (or nothing an address parser takes).
 */
export function parseIpAddress(host: string): IpAddress | null {
  const text = host.trim();
  const unbracketed = /^\[.*\]$/.test(text) ? text.slice(1, -1) : text;
  if (unbracketed.includes(':')) {
    const groups = parseIPv6(unbracketed);
    return groups ? { version: 6, groups } : null;
  }
  const value = parseIPv4(unbracketed);
  return value === null ? null : { version: 4, value };
}
