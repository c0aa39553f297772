import type { Percentiles, TimeseriesPoint } from './api-types';
import {
  formatCount,
  formatMs,
  formatNumber,
  formatPricedSum,
  formatUsd,
} from './format';

/** Colour roles, defined per theme in theme.css as --chart-<role>. */
export type ColorRole = 'ok' | 'fail' | 'one' | 'two';

export type ChartKind = 'bar' | 'line';

export interface SeriesSpec {
  label: string;
  color: ColorRole;
  value(point: TimeseriesPoint): number | null;
}

export interface ChartSpec {
  id: string;
  title: string;
  kind: ChartKind;
  /** Spans the whole row of the grid. */
  wide?: boolean;
  /** The values are counts: no fractional axis ticks. */
  integer?: boolean;
  series: SeriesSpec[];
  format(value: number): string;
  /** One sentence for the canvas's accessible name. */
  summary(points: TimeseriesPoint[]): string;
  /** A line under a bucket's values in its tooltip. */
  footer?(point: TimeseriesPoint): string;
}

/** The API answers 0 where a bucket has nothing measured; a chart shows a gap instead. */
const measured = (value: number): number | null => (value === 0 ? null : value);

const tokensPerSecond = (p: TimeseriesPoint) =>
  measured(p.avg_tokens_per_second);

const percentile =
  (pick: (point: TimeseriesPoint) => Percentiles, rank: keyof Percentiles) =>
  (point: TimeseriesPoint) =>
    measured(pick(point)[rank]);

const sum = (points: TimeseriesPoint[], pick: (p: TimeseriesPoint) => number) =>
  points.reduce((total, point) => total + pick(point), 0);

const highest = (values: (number | null)[]) =>
  Math.max(0, ...values.filter((value): value is number => value !== null));

function latencyChart(
  id: string,
  title: string,
  pick: (point: TimeseriesPoint) => Percentiles,
): ChartSpec {
  const p95 = percentile(pick, 'p95');
  return {
    id,
    title,
    kind: 'line',
    series: [
      { label: 'p50', color: 'one', value: percentile(pick, 'p50') },
      { label: 'p95', color: 'two', value: p95 },
    ],
    format: formatMs,
    summary: (points) =>
      `${title}, highest p95 ${formatMs(highest(points.map(p95)))}`,
  };
}

export const CHARTS: ChartSpec[] = [
  {
    id: 'chart-requests',
    title: 'Requests',
    kind: 'bar',
    wide: true,
    integer: true,
    series: [
      { label: 'Successful', color: 'ok', value: (p) => p.successful_requests },
      { label: 'Failed', color: 'fail', value: (p) => p.failed_requests },
    ],
    format: formatCount,
    summary: (points) =>
      `Requests: ${formatCount(sum(points, (p) => p.total_requests))}, ` +
      `${formatCount(sum(points, (p) => p.failed_requests))} failed`,
  },
  {
    id: 'chart-cost',
    title: 'Cost',
    kind: 'bar',
    series: [{ label: 'Cost (USD)', color: 'one', value: (p) => p.cost_usd }],
    format: formatUsd,
    // The bars are the priced requests; the requests without a price are told apart, not as $0.
    summary: (points) => {
      const unpriced = sum(points, (p) => p.unpriced_requests);
      const total = formatPricedSum({
        cost_usd: sum(points, (p) => p.cost_usd),
        priced_requests: sum(points, (p) => p.total_requests) - unpriced,
        unpriced_requests: unpriced,
      });
      return `Cost: ${total}, unpriced requests: ${formatCount(unpriced)}`;
    },
    footer: (p) =>
      p.unpriced_requests === 0
        ? ''
        : `${formatCount(p.unpriced_requests)} unpriced, not in the cost`,
  },
  {
    id: 'chart-tokens',
    title: 'Tokens',
    kind: 'bar',
    integer: true,
    series: [
      { label: 'Prompt', color: 'one', value: (p) => p.prompt_tokens },
      { label: 'Completion', color: 'two', value: (p) => p.completion_tokens },
    ],
    format: formatCount,
    summary: (points) =>
      `Tokens: ${formatCount(sum(points, (p) => p.total_tokens))}`,
  },
  latencyChart(
    'chart-response-time',
    'Response time',
    (p) => p.response_time_ms,
  ),
  latencyChart(
    'chart-first-token',
    'Time to first token',
    (p) => p.time_to_first_token_ms,
  ),
  {
    id: 'chart-tokens-per-second',
    title: 'Tokens per second',
    kind: 'line',
    series: [
      {
        label: 'Mean',
        color: 'one',
        value: tokensPerSecond,
      },
    ],
    format: formatNumber,
    summary: (points) =>
      `Tokens per second, highest ${formatNumber(
        highest(points.map(tokensPerSecond)),
      )}`,
  },
];
