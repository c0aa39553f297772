import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import {
  calcPrice,
  findProvider,
  type Provider,
  type Usage,
} from '@pydantic/genai-prices';
import { normaliseUsage, type CostUsage } from './model-price';

/** Prices one request of a model the package knows. */
export type PackagePrice = (usage: CostUsage, at: Date) => number | null;

const NO_TOKENS: Usage = { input_tokens: 0, output_tokens: 0 };

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

/**
 * Finds the model in the bundled table once; the returned function prices with the package
 * (tiers, dated prices) but against that one model, so the search is not repeated.
 */
export function packagePriceOf(
  model: string,
  providerId: string | undefined,
): PackagePrice | null {
  const found = safeCalc(NO_TOKENS, model, { providerId });
  if (!found) return null;
  const provider: Provider = { ...found.provider, models: [found.model] };
  return (usage, at) =>
    safeCalc(usageOf(usage), model, { provider, timestamp: at })?.total_price ??
    null;
}

function usageOf(usage: CostUsage): Usage {
  const { prompt, completion, cached } = normaliseUsage(usage);
  return {
    input_tokens: prompt,
    output_tokens: completion,
    cache_read_tokens: cached,
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
