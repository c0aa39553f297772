import type {
  BreakdownFigures,
  BreakdownSort,
  RequestRecordInput,
  TimeWindow,
} from '@app/persistence';
import { histogramBinOf } from '@app/persistence/rollups/latency-bins';

/** A breakdown row as the API answers it, less the key name. */
export interface ExactRow {
  value: string | null;
  requests: number;
  failed_requests: number;
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  cost_usd: number;
  priced_requests: number;
  unpriced_requests: number;
  avg_response_time_ms: number;
  p50_response_time_ms: number;
  p95_response_time_ms: number;
  avg_time_to_first_token_ms: number;
  p50_time_to_first_token_ms: number;
  p95_time_to_first_token_ms: number;
  avg_tokens_per_second: number;
}

export interface ExactBreakdown {
  distinct_values: number;
  rows: ExactRow[];
  other: ExactRow | null;
  none: ExactRow | null;
}

/** Every dimension a breakdown takes, and a tag name no record has. */
export const BREAKDOWN_DIMENSIONS = [
  'model',
  'origin',
  'endpoint',
  'user',
  'api_key',
  'tag:team',
  'tag:env',
  'tag:unused',
];

/** The value a record has for a breakdown dimension (`by` as the API takes it). */
export function valueOf(record: RequestRecordInput, by: string): string | null {
  if (by.startsWith('tag:')) return record.tags[by.slice(4)] ?? null;
  const columns: Record<string, string | null> = {
    model: record.model,
    origin: record.origin,
    endpoint: record.endpoint,
    user: record.user,
    api_key: record.apiKeyId,
  };
  return columns[by] ?? null;
}

export function withinWindow(
  { timestamp }: RequestRecordInput,
  { start, end }: TimeWindow,
): boolean {
  const t = timestamp.getTime();
  return (!start || t >= start.getTime()) && (!end || t < end.getTime());
}

/**
 * `/metrics/breakdown` computed the slow, obvious way over records in memory: what the
 * rollups must agree with. Costs add up in billionths of a dollar, as the API defines them.
 */
export function exactBreakdown(
  records: RequestRecordInput[],
  {
    by,
    window,
    top,
    sort,
  }: {
    by: string;
    window: TimeWindow;
    top: number;
    sort: BreakdownSort;
  },
): ExactBreakdown {
  const groups = new Map<string, RequestRecordInput[]>();
  const without: RequestRecordInput[] = [];
  for (const record of records.filter((r) => withinWindow(r, window))) {
    const value = valueOf(record, by);
    if (value === null) without.push(record);
    else groups.set(value, [...(groups.get(value) ?? []), record]);
  }
  const ranked = [...groups]
    .map(([value, list]) => exactRow(value, list))
    .sort(
      (a, b) =>
        sortKey(b, sort) - sortKey(a, sort) ||
        Buffer.compare(Buffer.from(a.value ?? ''), Buffer.from(b.value ?? '')),
    );
  const rest = ranked.slice(top).map((row) => row.value as string);
  return {
    distinct_values: groups.size,
    rows: ranked.slice(0, top),
    other: rest.length
      ? exactRow(
          null,
          rest.flatMap((value) => groups.get(value) ?? []),
        )
      : null,
    none: without.length ? exactRow(null, without) : null,
  };
}

function sortKey(row: ExactRow, sort: BreakdownSort): number {
  if (sort === 'tokens') return row.total_tokens;
  if (sort === 'cost') return row.cost_usd;
  if (sort === 'p95_response_time_ms') return row.p95_response_time_ms;
  return row.requests;
}

function exactRow(value: string | null, list: RequestRecordInput[]): ExactRow {
  const sum = (of: (r: RequestRecordInput) => number | null) =>
    list.reduce((total, r) => total + (of(r) ?? 0), 0);
  const mean = (of: (r: RequestRecordInput) => number | null) => {
    const n = list.filter((r) => of(r) != null).length;
    return n === 0 ? 0 : Math.round((sum(of) / n) * 100) / 100;
  };
  const rt = nearestRanks(list.map((r) => r.responseTimeMs));
  const ttft = nearestRanks(list.map((r) => r.timeToFirstTokenMs));
  return {
    value,
    requests: list.length,
    failed_requests: list.filter((r) => !r.success).length,
    prompt_tokens: sum((r) => r.promptTokens),
    completion_tokens: sum((r) => r.completionTokens),
    total_tokens: sum((r) => r.totalTokens),
    cost_usd:
      sum((r) => (r.costUsd == null ? 0 : Math.round(r.costUsd * 1e9))) / 1e9,
    priced_requests: list.filter((r) => r.costUsd != null).length,
    unpriced_requests: list.filter((r) => r.costUsd == null).length,
    avg_response_time_ms: mean((r) => r.responseTimeMs),
    p50_response_time_ms: rt[0],
    p95_response_time_ms: rt[1],
    avg_time_to_first_token_ms: mean((r) => r.timeToFirstTokenMs),
    p50_time_to_first_token_ms: ttft[0],
    p95_time_to_first_token_ms: ttft[1],
    avg_tokens_per_second: mean((r) => r.tokensPerSecond),
  };
}

/** Nearest-rank p50 and p95; 0 when no value is known. */
function nearestRanks(values: (number | null)[]): [number, number] {
  const sorted = values
    .filter((v): v is number => v != null)
    .sort((a, b) => a - b);
  const at = (p: number) =>
    sorted.length === 0
      ? 0
      : sorted[Math.max(1, Math.ceil(p * sorted.length)) - 1];
  return [at(0.5), at(0.95)];
}

/** A row with its percentiles replaced by the breakdown histogram bin each falls in. */
export function inHistogramBins<Row extends Partial<ExactRow>>(row: Row): Row {
  const bin = (ms: number | undefined) =>
    ms === undefined ? undefined : histogramBinOf(ms);
  return {
    ...row,
    p50_response_time_ms: bin(row.p50_response_time_ms),
    p95_response_time_ms: bin(row.p95_response_time_ms),
    p50_time_to_first_token_ms: bin(row.p50_time_to_first_token_ms),
    p95_time_to_first_token_ms: bin(row.p95_time_to_first_token_ms),
  };
}

/** Sums exact; percentiles in the exact value's bin; the mean rate to a rounding of doubles. */
export function expectRows(
  actual: BreakdownFigures[],
  exact: ExactRow[],
): void {
  const binned = (row: ExactRow) => ({
    ...inHistogramBins(row),
    avg_tokens_per_second: 0,
  });
  expect(actual.map((row) => binned(asExact(row)))).toEqual(exact.map(binned));
}

function asExact(row: BreakdownFigures): ExactRow {
  return {
    value: row.value,
    requests: row.requests,
    failed_requests: row.failedRequests,
    prompt_tokens: row.promptTokens,
    completion_tokens: row.completionTokens,
    total_tokens: row.totalTokens,
    cost_usd: row.costUsd,
    priced_requests: row.pricedRequests,
    unpriced_requests: row.unpricedRequests,
    avg_response_time_ms: row.avgResponseTimeMs,
    p50_response_time_ms: row.p50ResponseTimeMs,
    p95_response_time_ms: row.p95ResponseTimeMs,
    avg_time_to_first_token_ms: row.avgTimeToFirstTokenMs,
    p50_time_to_first_token_ms: row.p50TimeToFirstTokenMs,
    p95_time_to_first_token_ms: row.p95TimeToFirstTokenMs,
    avg_tokens_per_second: row.avgTokensPerSecond,
  };
}
