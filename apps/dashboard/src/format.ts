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
