import type { Random } from './random';

const UNRESERVED = /[A-Za-z0-9\-._~]/;
const LOWER = 'abcdefghijklmnopqrstuvwxyz';
/** What node:http lets through in a header value: tab, printable ASCII and 0x80-0xff. */
const HEADER_CHARS = [
  '\t',
  ...Array.from({ length: 95 }, (_, i) => String.fromCharCode(0x20 + i)),
  ...Array.from({ length: 128 }, (_, i) => String.fromCharCode(0x80 + i)),
].join('');

/** Values that trip parsers: number edge cases, unicode, injections, prototype keys. */
export const ODD_TEXTS: readonly string[] = [
  '',
  '0',
  '-1',
  '1.5',
  '1e3',
  '1e308',
  '-1e308',
  '9'.repeat(400),
  'NaN',
  'Infinity',
  '0x10',
  ' 5',
  '\u0661\u0662',
  'true',
  'null',
  '[]',
  'é',
  '👋',
  '\u202e',
  '\u0000',
  '\ud800',
  'a'.repeat(300),
  "'; DROP TABLE request_records; --",
  '%',
  '__proto__',
  'constructor',
  '../../etc/passwd',
];

/** Percent sequences that do not decode: truncated, not hex, overlong, surrogates. */
export const BROKEN_ESCAPES: readonly string[] = [
  '%',
  '%z',
  '%zz',
  '%f',
  '%ff',
  '%e2%82',
  '%c3',
  '%00',
  '%%',
  '%u00e9',
  '%C0%AF',
  '%ED%A0%80',
];

/** Every UTF-8 byte but the unreserved ones as %XX (lone surrogates become U+FFFD). */
export function percentEncode(text: string): string {
  return [...Buffer.from(text)]
    .map((byte) => {
      const char = String.fromCharCode(byte);
      return UNRESERVED.test(char)
        ? char
        : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
    })
    .join('');
}

/** The UTF-8 bytes sent raw (as latin1 characters); only those node:http refuses, and `#`, are escaped. */
function rawBytes(text: string): string {
  return [...Buffer.from(text)]
    .map((byte) =>
      byte > 0x20 && byte !== 0x23
        ? String.fromCharCode(byte)
        : `%${byte.toString(16).padStart(2, '0')}`,
    )
    .join('');
}

/** A value as it may appear in a query string: escaped, raw, or with a broken escape in it. */
export function queryValue(random: Random, text: string): string {
  const encoded = random.chance(0.9) ? percentEncode(text) : rawBytes(text);
  if (!random.chance(0.15)) return encoded;
  const at = random.int(0, encoded.length);
  const broken = random.pick(BROKEN_ESCAPES);
  return `${encoded.slice(0, at)}${broken}${encoded.slice(at)}`;
}

/** A query string from [name, value] pairs, with a name repeated now and then. */
export function queryString(random: Random, pairs: [string, string][]): string {
  const all = [...pairs];
  if (all.length > 0 && random.chance(0.1)) all.push(random.pick(pairs));
  if (all.length === 0) return random.chance(0.1) ? '?' : '';
  return `?${all.map(([name, value]) => `${name}=${queryValue(random, value)}`).join('&')}`;
}

/** Any characters node:http accepts in a header value. */
export function headerJunk(random: Random, maxLength = 64): string {
  return random.string(random.int(0, maxLength), HEADER_CHARS);
}

/** A made-up header name; never `x-fake-*`, which would steer the fake backend. */
export function headerName(random: Random): string {
  return `x-z${random.string(random.int(1, 12), `${LOWER}-0123456789`)}`;
}

/** A path segment: plain, escaped unicode, raw bytes, or with a broken escape. */
export function pathSegment(random: Random): string {
  const text = random.chance(0.5)
    ? random.string(random.int(1, 12), LOWER)
    : random.pick(ODD_TEXTS) || 'x';
  return queryValue(random, text).replace(/[/?]/g, '_');
}
