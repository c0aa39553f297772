import { LruCache } from '../common/lru-cache';
import { costFromPrice, type CostUsage, type RequestCost } from './model-price';
import {
  packagePriceOf,
  packageVersion,
  type PriceLookup,
  providerOfBackend,
} from './package-prices';
import type { FilePrices } from './prices-file';

export interface PriceTableOptions {
  /** `PRICES_FILE`, loaded; it wins over the package. */
  file?: FilePrices;
  /** The gateway's backend: when it is a known provider's API, only its prices apply. */
  backendUrl?: string;
  /** Distinct model names whose lookup is kept. */
  cacheSize?: number;
}

/** Which prices are in use, for `/health` details. */
export interface PriceTableVersion {
  package: string;
  /** The provider the backend URL was recognised as, or null (models matched by name). */
  provider: string | null;
  file: { path: string; sha256: string } | null;
}

const UNPRICED: RequestCost = Object.freeze({
  costUsd: null,
  estimated: false,
});

/** Prices requests by model: the file's price, else the bundled table's, else none. */
export class PriceTable {
  private readonly lookups: LruCache<string, { lookup: PriceLookup | null }>;
  private readonly providerId: string | undefined;
  private readonly tableVersion: PriceTableVersion;

  constructor(private readonly options: PriceTableOptions = {}) {
    this.lookups = new LruCache(options.cacheSize ?? 1000);
    this.providerId = providerOfBackend(options.backendUrl);
    const file = options.file;
    this.tableVersion = {
      package: packageVersion(),
      provider: this.providerId ?? null,
      file: file ? { path: file.path, sha256: file.digest } : null,
    };
  }

  version(): PriceTableVersion {
    return this.tableVersion;
  }

  /** The cost of one request; marked estimated when its token counts were. */
  costOf(
    model: string | null,
    usage: CostUsage,
    estimated: boolean,
    at: Date = new Date(),
  ): RequestCost {
    const lookup = model === null ? null : this.lookup(model);
    if (!lookup) return UNPRICED;
    const costUsd =
      'rates' in lookup
        ? costFromPrice(lookup.rates, usage)
        : lookup.calculate(usage, at);
    return costUsd === null ? UNPRICED : { costUsd, estimated };
  }

  /** Wrapped so that "no price" is cached too. */
  private lookup(model: string): PriceLookup | null {
    return this.lookups.getOrCompute(model, (name) => ({
      lookup: this.find(name),
    })).lookup;
  }

  private find(model: string): PriceLookup | null {
    const file = this.options.file;
    const lower = model.toLowerCase();
    const exact = file?.exact.get(lower);
    if (exact) return { rates: exact };
    const glob = file?.globs.find(({ pattern }) => pattern.test(model));
    if (glob) return { rates: glob.price };
    return packagePriceOf(model, this.providerId);
  }
}
