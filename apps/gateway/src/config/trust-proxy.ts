import { isIP } from 'node:net';
import { Transform } from 'class-transformer';
import { ValidateBy } from 'class-validator';

/** Express's `trust proxy`: every hop, a number of hops, or the addresses to trust. */
export type TrustProxy = boolean | number | string[];

/** The names Express gives to address ranges. */
const RANGE_NAMES = ['loopback', 'linklocal', 'uniquelocal'];

/** A value that does not parse: the entries Express would refuse, for the message. */
class InvalidTrustProxy {
  constructor(readonly entries: string[]) {}
}

/**
 * Reads TRUST_PROXY as Express means it: `true`/`false`, a hop count, or a comma-separated
 * list of range names, addresses and subnets (`10.0.0.0/8`, `10.0.0.0/255.0.0.0`). Express
 * itself would take `true` or `1` in a string as an address and fail at start-up.
 */
export function parseTrustProxy(value: string): TrustProxy | InvalidTrustProxy {
  const trimmed = value.trim().toLowerCase();
  if (trimmed === 'true') return true;
  if (trimmed === 'false') return false;
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const entries = value
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  const invalid = entries.filter((entry) => !isTrustEntry(entry));
  return entries.length > 0 && invalid.length === 0
    ? entries
    : new InvalidTrustProxy(invalid.length > 0 ? invalid : [value]);
}

function isTrustEntry(entry: string): boolean {
  if (RANGE_NAMES.includes(entry.toLowerCase())) return true;
  const [address, mask, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (mask === undefined) return true;
  if (/^\d+$/.test(mask)) return Number(mask) <= (family === 4 ? 32 : 128);
  return family === 4 && isIP(mask) === 4;
}

function badEntries(value: unknown): string {
  return value instanceof InvalidTrustProxy
    ? value.entries.map((entry) => `"${entry}"`).join(', ')
    : String(value);
}

/** TRUST_PROXY, parsed at boot; a value Express would refuse names its bad entries. */
export function EnvTrustProxy(): PropertyDecorator {
  return (target, key) => {
    Transform(({ value }: { value: unknown }) =>
      typeof value === 'string' ? parseTrustProxy(value) : value,
    )(target, key);
    ValidateBy({
      name: 'trustProxy',
      validator: {
        validate: (value: unknown) => !(value instanceof InvalidTrustProxy),
        defaultMessage: (args) =>
          `${String(key)} must be true, false, a number of hops, or a comma-separated list of loopback, linklocal, uniquelocal, IP addresses and subnets; not ${badEntries(args?.value)}`,
      },
    })(target, key);
  };
}
