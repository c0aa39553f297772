import type {
  CountedValue,
  Percentiles,
  RequestRecordInput,
  TimeWindow,
} from '@app/persistence';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The aggregates of the metrics API computed the slow, obvious way, over records in memory:
 * what the rollups must agree with.
 */
export function exactSummary(
  records: RequestRecordInput[],
  window: TimeWindow,
  top: number,
  now: Date,
) {
  const inWindow = records.filter((r) => within(r.timestamp, window));
  const streamed = inWindow.filter((r) => r.isStreaming);
  const sum = (
    list: RequestRecordInput[],
    of: (r: RequestRecordInput) => number | null,
  ) => list.reduce((total, r) => total + (of(r) ?? 0), 0);
  const mean = (of: (r: RequestRecordInput) => number | null) => {
    const present = inWindow.filter((r) => of(r) !== null);
    return present.length === 0 ? 0 : sum(present, of) / present.length;
  };
  const rankedBy = (of: (r: RequestRecordInput) => string | null) =>
    ranked(inWindow.map(of), top);
  return {
    totalRequests: inWindow.length,
    successfulRequests: inWindow.filter((r) => r.success).length,
    recentRequests24h: inWindow.filter(
      (r) => r.timestamp.getTime() >= now.getTime() - DAY_MS,
    ).length,
    streamingRequests: streamed.length,
    totalTokensUsed: sum(inWindow, (r) => r.totalTokens),
    totalPromptTokens: sum(inWindow, (r) => r.promptTokens),
    estimatedTokenRequests: inWindow.filter((r) => r.tokensEstimated).length,
    avgTokensPerRequest: mean((r) => r.totalTokens),
    avgResponseTimeMs: mean((r) => r.responseTimeMs),
    avgTokensPerSecond: mean((r) => r.tokensPerSecond),
    topModels: rankedBy((r) => r.model),
    topOrigins: rankedBy((r) => r.origin),
    finishReasons: rankedBy((r) => r.finishReason),
    errorTypes: rankedBy((r) => r.errorType),
    topUsers: rankedBy((r) => r.user),
    topApiKeys: rankedBy((r) => r.apiKeyId),
    responseTimeMs: percentiles(inWindow.map((r) => r.responseTimeMs)),
    streamedTimeToFirstTokenMs: percentiles(
      streamed.map((r) => r.timeToFirstTokenMs),
    ),
  };
}

function within(timestamp: Date, { start, end }: TimeWindow): boolean {
  const t = timestamp.getTime();
  return (!start || t >= start.getTime()) && (!end || t < end.getTime());
}

function ranked(values: (string | null)[], top: number): CountedValue[] {
  const counts = new Map<string, number>();
  for (const value of values) {
    if (value !== null) counts.set(value, (counts.get(value) ?? 0) + 1);
  }
  return [...counts]
    .map(([value, count]) => ({ value, count }))
    .sort(
      (a, b) =>
        b.count - a.count ||
        Buffer.compare(Buffer.from(a.value), Buffer.from(b.value)),
    )
    .slice(0, top);
}

/** Nearest rank: the smallest value with at least p of the values at or below it. */
function percentiles(values: (number | null)[]): Percentiles {
  const sorted = values
    .filter((v): v is number => v !== null)
    .sort((a, b) => a - b);
  const at = (p: number) =>
    sorted.length === 0
      ? null
      : sorted[Math.max(1, Math.ceil(p * sorted.length)) - 1];
  return { p50: at(0.5), p95: at(0.95), p99: at(0.99) };
}
