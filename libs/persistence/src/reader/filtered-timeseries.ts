import type { DataSource } from 'typeorm';
import {
  percentilesOf,
  toHistogramBins,
  type LatencyBin,
} from '../rollups/latency-bins';
import { TAG_PREFIX, UNBINNED } from '../rollups/breakdown-dimensions';
import { readValueSeries } from '../rollups/breakdown-series';
import { DAY_MS, splitWindow } from '../rollups/rollup-buckets';
import { totalsFromRecords } from '../rollups/rollup-sources';
import type { SeriesFilter } from '../records/breakdown.types';
import type { RecordFilter, TimeWindow } from '../records/record-query.types';
import { toNumberOrNull } from '../sql/numbers';
import { recordFilter } from '../sql/record-filter';
import { exactBucketPercentiles } from './exact-bucket-percentiles';
import type { BucketPercentiles } from './timeseries.types';

type Row = Record<string, unknown>;

/** The rows of a chart of one value, one per bucket, and its percentiles by `metric:startMs`. */
export interface SeriesRows {
  totals: Row[];
  latencies: Map<string, BucketPercentiles>;
}

function recordFilterOf(only: SeriesFilter): RecordFilter {
  if (only.by === 'tag') return { tags: [[only.name, only.value]] };
  if (only.by === 'user') return { user: only.value };
  if (only.by === 'api_key') return { apiKeyId: only.value };
  return { model: only.value };
}

/**
 * A chart of the records of one value. Buckets of whole days of a model or a tag are summed from
 * the breakdown rollups, with the window's ragged ends from the records. Shorter buckets, which
 * the daily rollups cannot serve, and users and API keys, which have no histograms there, are
 * read from the records (through the user, API key or tag indexes where there is one), with
 * exact percentiles.
 */
export async function filteredSeries(
  db: DataSource,
  window: TimeWindow,
  bucketMs: number,
  only: SeriesFilter,
): Promise<SeriesRows> {
  const filter = recordFilterOf(only);
  if (bucketMs % DAY_MS !== 0 || UNBINNED.includes(only.by)) {
    const where = recordFilter({ ...window, ...filter });
    const [totals, latencies] = await Promise.all([
      db.query<Row[]>(...sqlOf(totalsFromRecords({ where, bucketMs }))),
      exactBucketPercentiles(db, { ...window, ...filter }, bucketMs),
    ]);
    return { totals, latencies };
  }
  const { sums, bins } = await readValueSeries(
    db,
    {
      dimension: only.by === 'tag' ? TAG_PREFIX + only.name : only.by,
      value: only.value,
    },
    splitWindow(window, DAY_MS),
    recordFilter(filter),
    bucketMs,
  );
  return { totals: mergeSums(sums), latencies: percentilesByBucket(bins) };
}

function sqlOf({ sql, params }: { sql: string; params: unknown[] }) {
  return [sql, params] as const;
}

/** Rows of the same bucket added up, oldest first. */
function mergeSums(rows: Row[]): Row[] {
  const merged = new Map<number, Row>();
  for (const row of rows) {
    const bucket = toNumberOrNull(row.bucket_ms) ?? 0;
    const into = merged.get(bucket);
    if (!into) {
      merged.set(bucket, { ...row, bucket_ms: bucket });
      continue;
    }
    for (const [name, value] of Object.entries(row)) {
      if (name !== 'bucket_ms') {
        into[name] =
          (toNumberOrNull(into[name]) ?? 0) + (toNumberOrNull(value) ?? 0);
      }
    }
  }
  return [...merged.keys()]
    .sort((a, b) => a - b)
    .map((key) => merged.get(key) as Row);
}

function percentilesByBucket(rows: Row[]): Map<string, BucketPercentiles> {
  const bins = new Map<string, LatencyBin[]>();
  for (const row of rows) {
    const key = `${String(row.metric)}:${toNumberOrNull(row.bucket_ms) ?? 0}`;
    const list = bins.get(key) ?? [];
    list.push({
      lowerMs: Number(row.bin_ms),
      count: Number(row.requests),
      minMs: Number(row.min_ms),
      maxMs: Number(row.max_ms),
    });
    bins.set(key, list);
  }
  return new Map(
    [...bins].map(([key, list]) => {
      const [p50, p95] = percentilesOf(toHistogramBins(list), [0.5, 0.95]);
      return [key, { p50, p95 }];
    }),
  );
}
