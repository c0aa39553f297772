import type { AttributionConfig } from '../config/attribution.config';
import { PriceTable } from './price-table';
import { loadPricesFile } from './prices-file';

/** Builds the price table at start-up; a bad `PRICES_FILE` stops it. */
export function loadPriceTable(
  config: Pick<AttributionConfig, 'pricesFile'>,
  backendUrl: string,
): PriceTable {
  const file = config.pricesFile
    ? loadPricesFile(config.pricesFile)
    : undefined;
  return new PriceTable({ file, backendUrl });
}
