import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import {
  calcPrice,
  findProvider,
  type ModelInfo,
  type Provider,
  type Usage,
} from '@pydantic/genai-prices';
import { normaliseUsage, type CostUsage, type ModelPrice } from './model-price';

/** Prices one request of a model the package knows. */
export type PackagePrice = (usage: CostUsage, at: Date) => number | null;

const NO_TOKENS: Usage = { input_tokens: 0, output_tokens: 0 };
const MILLION = 1_000_000;

/** The package's version, read from its package.json (not among its exports). */
export function packageVersion(): string {
  const entry = require.resolve('@pydantic/genai-prices');
  const manifest = join(dirname(entry), '..', 'package.json');
  return (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string })
    .version;
}

/**
 * The provider whose API the backend URL is, if it is a known one (OpenAI, OpenRouter...):
 * its own prices are then the only right ones, and its model names may be its own.
 */
export function providerOfBackend(
  backendUrl: string | undefined,
): string | undefined {
  return backendUrl
    ? findProvider({ providerApiUrl: backendUrl })?.id
    : undefined;
}

/** How a model is priced: flat rates, or the package's own calculation on every call. */
export type PriceLookup = { rates: ModelPrice } | { calculate: PackagePrice };

/**
 * Finds the model in the bundled table once. Most models' prices are flat rates: they are
 * read off the package once (its own calculation costs tens of microseconds a call). Tiered
 * and dated prices are left to the package on every call, against that one model.
 */
export function packagePriceOf(
  model: string,
  providerId: string | undefined,
): PriceLookup | null {
  const found = safeCalc(NO_TOKENS, model, { providerId });
  if (!found) return null;
  const provider: Provider = { ...found.provider, models: [found.model] };
  const audio = audioPriced(found.model);
  const calculate: PackagePrice = (usage, at) =>
    !audio && hasAudio(usage)
      ? null
      : (safeCalc(usageOf(usage), model, { provider, timestamp: at })
          ?.total_price ?? null);
  const rates = isFlatRate(found.model) ? ratesOf(calculate, audio) : null;
  return rates ? { rates } : { calculate };
}

/**
 * The package prices audio tokens at the text rate when a model has no audio rate; the
 * gateway leaves them unpriced instead, as it does for any token it has no price for.
 */
function audioPriced(model: ModelInfo): boolean {
  const sets = Array.isArray(model.prices)
    ? model.prices.map((dated) => dated.prices)
    : [model.prices];
  return sets.every(
    (prices) =>
      prices.input_audio_mtok !== undefined &&
      prices.output_audio_mtok !== undefined,
  );
}

function hasAudio(usage: CostUsage): boolean {
  return (usage.promptAudio ?? 0) > 0 || (usage.completionAudio ?? 0) > 0;
}

function isFlatRate(model: ModelInfo): boolean {
  return (
    !Array.isArray(model.prices) &&
    Object.values(model.prices).every((price) => typeof price !== 'object')
  );
}

/**
 * Flat rates make the package's price linear in each count, so probes read them off. A
 * price that is not zero for zero tokens (a fee per request) is left to the package.
 */
function ratesOf(calculate: PackagePrice, audio: boolean): ModelPrice | null {
  const now = new Date();
  const probe = (usage: Partial<CostUsage>) =>
    calculate({ prompt: 0, completion: 0, ...usage }, now);
  if (probe({}) !== 0) return null;
  const input = probe({ prompt: MILLION });
  const cachedInput = probe({ prompt: MILLION, cachedPrompt: MILLION });
  const output = probe({ completion: MILLION });
  if (input === null || cachedInput === null || output === null) return null;
  if (!audio) return { input, output, cachedInput };
  const inputAudio = probe({ prompt: MILLION, promptAudio: MILLION });
  const outputAudio = probe({ completion: MILLION, completionAudio: MILLION });
  if (inputAudio === null || outputAudio === null) return null;
  return { input, output, cachedInput, inputAudio, outputAudio };
}

function usageOf(usage: CostUsage): Usage {
  const { prompt, completion, cached, promptAudio, completionAudio } =
    normaliseUsage(usage);
  return {
    input_tokens: prompt,
    output_tokens: completion,
    cache_read_tokens: cached,
    // Cached tokens are priced at the cached rate whatever they carry (see normaliseUsage).
    cache_audio_read_tokens: 0,
    input_audio_tokens: promptAudio,
    output_audio_tokens: completionAudio,
  };
}

/** The package throws on usage it finds inconsistent; a record is then unpriced, not lost. */
function safeCalc(
  usage: Usage,
  model: string,
  options: Parameters<typeof calcPrice>[2],
): ReturnType<typeof calcPrice> {
  try {
    return calcPrice(usage, model, options);
  } catch {
    return null;
  }
}
