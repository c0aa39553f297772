import type { Attributes, HrTime } from '@opentelemetry/api';
import {
  AggregationTemporality,
  DataPointType,
  type CollectionResult,
  type MetricData,
  type MetricDescriptor,
  type MetricProducer,
} from '@opentelemetry/sdk-metrics';
import type { Resource } from '@opentelemetry/resources';
import { HistogramCell } from './histogram-cell';
import { BUCKETS, REQUEST_METRICS as M } from './metric-names';
import type {
  RequestSeries,
  RequestSeriesTable,
  TokenSeries,
} from './request-series';

const SCOPE = { name: 'llm-gateway' };

function hrTime(ms: number): HrTime {
  return [Math.floor(ms / 1000), Math.round((ms % 1000) * 1e6)];
}

/**
 * The request path's counts, handed to the SDK's readers (Prometheus and OTLP) as a
 * MetricProducer when they collect. The request path itself writes plain fields through
 * RequestSeriesTable: the SDK's instruments hash the attributes of every measurement
 * (JSON of the sorted keys), several microseconds a call, ten calls a request.
 */
export class RequestMetricsProducer implements MetricProducer {
  readonly upstreamLatency = new HistogramCell(BUCKETS.addedLatencyS);
  readonly chunkLatency = new HistogramCell(BUCKETS.addedLatencyS);
  private readonly startTime = hrTime(Date.now());

  constructor(
    readonly series: RequestSeriesTable,
    private readonly resource: Resource,
  ) {}

  collect(): Promise<CollectionResult> {
    const times: Times = [this.startTime, hrTime(Date.now())];
    const all = this.series.all;
    const tokens = all.flatMap((s) =>
      s.tokens.filter((t): t is TokenSeries => t !== undefined),
    );
    const cells = (pick: (s: RequestSeries) => HistogramCell) =>
      all.map((s): Cell => [s.attributes, pick(s)]);
    const metrics: MetricData[] = [
      histogram(
        M.duration,
        times,
        cells((s) => s.duration),
      ),
      histogram(
        M.timeToFirstToken,
        times,
        cells((s) => s.timeToFirstToken),
      ),
      histogram(
        M.timePerOutputToken,
        times,
        cells((s) => s.timePerOutputToken),
      ),
      histogram(
        M.tokenUsage,
        times,
        tokens.map((t): Cell => [t.attributes, t.usage]),
      ),
      counter(
        M.requests,
        times,
        all.map((s): Count => [s.attributes, s.requests]),
      ),
      counter(
        M.cost,
        times,
        all.map((s): Count => [s.attributes, s.costUsd]),
      ),
      counter(
        M.unpricedRequests,
        times,
        all.map((s): Count => [s.attributes, s.unpriced]),
      ),
      counter(
        M.tokens,
        times,
        tokens.map((t): Count => [t.attributes, t.total]),
      ),
      histogram(M.addedLatency, times, [
        [{ phase: 'upstream_request' }, this.upstreamLatency],
        [{ phase: 'chunk' }, this.chunkLatency],
      ]),
    ];
    return Promise.resolve({
      resourceMetrics: {
        resource: this.resource,
        scopeMetrics: [{ scope: SCOPE, metrics }],
      },
      errors: [],
    });
  }
}

type Times = [start: HrTime, end: HrTime];
type Cell = [Attributes, HistogramCell];
type Count = [Attributes, number];

function histogram(
  descriptor: MetricDescriptor,
  [startTime, endTime]: Times,
  cells: Cell[],
): MetricData {
  return {
    descriptor,
    aggregationTemporality: AggregationTemporality.CUMULATIVE,
    dataPointType: DataPointType.HISTOGRAM,
    dataPoints: cells
      .filter(([, cell]) => !cell.empty)
      .map(([attributes, cell]) => ({
        startTime,
        endTime,
        attributes,
        value: cell.snapshot(),
      })),
  };
}

function counter(
  descriptor: MetricDescriptor,
  [startTime, endTime]: Times,
  counts: Count[],
): MetricData {
  return {
    descriptor,
    aggregationTemporality: AggregationTemporality.CUMULATIVE,
    dataPointType: DataPointType.SUM,
    isMonotonic: true,
    dataPoints: counts.map(([attributes, value]) => ({
      startTime,
      endTime,
      attributes,
      value,
    })),
  };
}
