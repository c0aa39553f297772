import {
  ConfigFileError,
  readConfigFile,
} from '@app/persistence/config/read-config-file';
import { compileGlob, isGlob } from './glob-pattern';
import type { ModelPrice } from './model-price';

/** The prices of `PRICES_FILE`, ready to match: exact names first, then globs in file order. */
export interface FilePrices {
  path: string;
  /** First 12 hex digits of the file's SHA-256. */
  digest: string;
  exact: ReadonlyMap<string, ModelPrice>;
  globs: ReadonlyArray<{ pattern: RegExp; price: ModelPrice }>;
}

/** The file's optional fields, by the price's property. */
const OPTIONAL = {
  cachedInput: 'cached_input',
  inputAudio: 'input_audio',
  outputAudio: 'output_audio',
} as const;

const FIELDS = new Set(['input', 'output', ...Object.values(OPTIONAL)]);
/**
 * A cent a token, over ten times the dearest model listed anywhere: a larger figure is a typo
 * (a price per token, or per thousand, given as per million), and the costs it gave would
 * overflow the nano-USD sums of the rollups.
 */
const MAX_USD_PER_MILLION = 10_000;
const FIELD_LIST = [...FIELDS].join(', ');

export function loadPricesFile(path: string): FilePrices {
  const { content, sha256 } = readConfigFile('PRICES_FILE', path);
  return parsePrices(path, sha256.slice(0, 12), content);
}

export function parsePrices(
  path: string,
  digest: string,
  content: Record<string, unknown>,
): FilePrices {
  const fail = (problem: string) => {
    throw new ConfigFileError('PRICES_FILE', path, problem);
  };
  const exact = new Map<string, ModelPrice>();
  const globs: { pattern: RegExp; price: ModelPrice }[] = [];
  const seen = new Map<string, string>();
  for (const [key, value] of Object.entries(content)) {
    if (key.trim() === '') fail('a model name is empty');
    const lower = key.toLowerCase();
    const earlier = seen.get(lower);
    if (earlier !== undefined)
      fail(
        `"${key}" repeats "${earlier}" (names are matched regardless of case)`,
      );
    seen.set(lower, key);
    const price = priceOf(key, value, fail);
    if (isGlob(key)) globs.push({ pattern: compileGlob(key), price });
    else exact.set(lower, price);
  }
  return { path, digest, exact, globs };
}

function priceOf(
  key: string,
  value: unknown,
  fail: (problem: string) => never,
): ModelPrice {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    fail(
      `"${key}" must be an object with input, output and optional ${Object.values(OPTIONAL).join(', ')}`,
    );
  const fields = value as Record<string, unknown>;
  for (const field of Object.keys(fields)) {
    if (!FIELDS.has(field))
      fail(`"${key}" has an unknown field "${field}" (${FIELD_LIST})`);
  }
  const usd = (field: string, required: boolean): number | undefined => {
    const amount = fields[field];
    if (amount === undefined && !required) return undefined;
    if (
      typeof amount !== 'number' ||
      !Number.isFinite(amount) ||
      amount < 0 ||
      amount > MAX_USD_PER_MILLION
    )
      fail(
        `"${key}".${field} must be a number of USD per million tokens, from 0 to ${MAX_USD_PER_MILLION}`,
      );
    return amount;
  };
  const price: ModelPrice = {
    input: usd('input', true)!,
    output: usd('output', true)!,
  };
  for (const [property, field] of Object.entries(OPTIONAL)) {
    const amount = usd(field, false);
    if (amount !== undefined) price[property as keyof typeof OPTIONAL] = amount;
  }
  return price;
}
