import type { BucketName } from './api-types';

const integer = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });
const decimal = new Intl.NumberFormat(undefined, { maximumFractionDigits: 2 });
const percent = new Intl.NumberFormat(undefined, {
  style: 'percent',
  maximumFractionDigits: 1,
});

export const formatCount = (value: number): string => integer.format(value);

export const formatNumber = (value: number): string => decimal.format(value);

export const formatPercent = (share: number): string => percent.format(share);

/** Milliseconds, or seconds once above 10 s. */
export function formatMs(value: number): string {
  return value >= 10_000
    ? `${decimal.format(value / 1000)} s`
    : `${integer.format(value)} ms`;
}

/** `—` where the API has no value (a failed request has no first token). */
export function formatOptional(
  value: number | null,
  format: (value: number) => string,
): string {
  return value === null ? '—' : format(value);
}

/** `2024-01-15 10:30:00`: UTC, as the API, to the second. */
export function formatUtc(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}`;
}

/** A chart's axis label for a bucket start, as short as its length allows. */
export function bucketLabel(iso: string, bucket: BucketName): string {
  if (bucket === '1d') return iso.slice(0, 10);
  if (bucket === '1h') return `${iso.slice(5, 10)} ${iso.slice(11, 16)}`;
  return iso.slice(11, 16);
}

export const BUCKET_WORDS: Record<BucketName, string> = {
  '1m': 'minute',
  '5m': '5 minutes',
  '1h': 'hour',
  '1d': 'day',
};

const usdFormats = new Map<number, Intl.NumberFormat>();

/** US dollars: cents from $1 up, and below it enough decimals to show three figures of a fraction of a cent. */
export function formatUsd(value: number): string {
  const decimals =
    value > 0 && value < 1
      ? Math.min(6, Math.max(2, Math.ceil(-Math.log10(value)) + 2))
      : 2;
  let format = usdFormats.get(decimals);
  if (!format) {
    format = new Intl.NumberFormat(undefined, {
      style: 'currency',
      currency: 'USD',
      minimumFractionDigits: 2,
      maximumFractionDigits: decimals,
    });
    usdFormats.set(decimals, format);
  }
  return format.format(value);
}

export interface Priced {
  cost_usd: number;
  priced_requests: number;
  unpriced_requests: number;
}

/** The sum of the priced requests, or `unpriced` when none had a price: never a free $0. */
export function formatPricedSum(cost: Priced): string {
  return cost.priced_requests === 0 && cost.unpriced_requests > 0
    ? 'unpriced'
    : formatUsd(cost.cost_usd);
}

/** The priced sum and how many requests were left out of it for want of a price. */
export function formatCost(cost: Priced): string {
  const sum = formatPricedSum(cost);
  return cost.unpriced_requests === 0 || cost.priced_requests === 0
    ? sum
    : `${sum} + ${formatCount(cost.unpriced_requests)} unpriced`;
}
