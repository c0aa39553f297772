import type { TimeWindow } from './record-query.types';

/** What a breakdown's rows are ranked by, always most first. */
export const BREAKDOWN_SORTS = [
  'requests',
  'tokens',
  'cost',
  'p95_response_time_ms',
] as const;
export type BreakdownSort = (typeof BREAKDOWN_SORTS)[number];

export interface BreakdownQuery {
  /** `model`, `origin`, `endpoint`, `user`, `api_key` or `tag:<name>`. */
  by: string;
  window: TimeWindow;
  top: number;
  sort: BreakdownSort;
  /** Only the row of this value. */
  value?: string;
}

/** The figures of one value of a dimension (or of several: `other`, `none`). */
export interface BreakdownFigures {
  /** The value; null for `other` and `none`. */
  value: string | null;
  requests: number;
  failedRequests: number;
  promptTokens: number;
  completionTokens: number;
  totalTokens: number;
  /** Sum over the priced requests. */
  costUsd: number;
  pricedRequests: number;
  unpricedRequests: number;
  avgResponseTimeMs: number;
  p50ResponseTimeMs: number;
  p95ResponseTimeMs: number;
  avgTimeToFirstTokenMs: number;
  p50TimeToFirstTokenMs: number;
  p95TimeToFirstTokenMs: number;
  avgTokensPerSecond: number;
}

export interface Breakdown {
  /** Values of the dimension the window holds. */
  distinctValues: number;
  rows: BreakdownFigures[];
  /** Everything beyond the top rows; null when nothing is. */
  other: BreakdownFigures | null;
  /** The window's records without a value for the dimension; null when there are none. */
  none: BreakdownFigures | null;
}

/** A tag name and the requests of the window that carry it. */
export interface TagNameCount {
  name: string;
  requests: number;
}

/** A chart of the records of one value: a model, a user, an API key id, or a tag's value. */
export type SeriesFilter =
  | { by: 'model' | 'user' | 'api_key'; value: string }
  | { by: 'tag'; name: string; value: string };
