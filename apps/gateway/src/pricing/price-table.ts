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

/** A model name's prices: from PRICES_FILE, and from the bundled table once looked up. */
interface PriceEntry {
  file: PriceLookup | null;
  package?: PriceLookup | null;
}

const UNPRICED: RequestCost = Object.freeze({
  costUsd: null,
  estimated: false,
});

/** Prices requests by model: the file's price, else the bundled table's, else none. */
export class PriceTable {
  private readonly lookups: LruCache<string, PriceEntry>;
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

  /**
   * The cost of one request; marked estimated when its token counts were. `answeredBy` is the
   * model the backend named in its answer, when it differs from the one asked for (an Azure
   * deployment's name is answered by the model behind it, an alias by a dated snapshot).
   */
  costOf(
    model: string | null,
    usage: CostUsage,
    estimated: boolean,
    at: Date = new Date(),
    answeredBy: string | null = null,
  ): RequestCost {
    const lookup = this.lookupFor(model, answeredBy);
    if (!lookup) return UNPRICED;
    const costUsd =
      'rates' in lookup
        ? costFromPrice(lookup.rates, usage)
        : lookup.calculate(usage, at);
    return costUsd === null ? UNPRICED : { costUsd, estimated };
  }

  /**
   * The operator's prices first, under either name; then the bundled table's for the model
   * that answered, which is the one that ran; then for the one asked for.
   */
  private lookupFor(
    asked: string | null,
    answered: string | null,
  ): PriceLookup | null {
    if (answered === null || answered === asked)
      return asked === null ? null : this.lookup(asked);
    if (asked === null) return this.lookup(answered);
    return (
      this.entry(asked).file ??
      this.entry(answered).file ??
      this.packagePrice(answered) ??
      this.packagePrice(asked)
    );
  }

  private lookup(model: string): PriceLookup | null {
    return this.entry(model).file ?? this.packagePrice(model);
  }

  /** Cached, "no price" too; the bundled table is searched only when it is needed. */
  private entry(model: string): PriceEntry {
    return this.lookups.getOrCompute(model, (name) => ({
      file: this.filePrice(name),
    }));
  }

  private packagePrice(model: string): PriceLookup | null {
    const entry = this.entry(model);
    if (entry.package === undefined)
      entry.package = packagePriceOf(model, this.providerId);
    return entry.package;
  }

  private filePrice(model: string): PriceLookup | null {
    const file = this.options.file;
    const exact = file?.exact.get(model.toLowerCase());
    if (exact) return { rates: exact };
    const glob = file?.globs.find(({ pattern }) => pattern.test(model));
    return glob ? { rates: glob.price } : null;
  }
}
