import type { IncomingHttpHeaders } from 'node:http';
import type { RequestRecordInput } from '@app/persistence';
import type { RequestExchange } from '../recording/request-exchange';
import type { RequestMetricsProducer } from './request-metrics-producer';
import type { RequestSeries, TokenSeries } from './request-series';

/** One write to the client in this many is timed: the histogram stays cheap on long streams. */
const CHUNK_SAMPLE_MASK = 15;

/**
 * What the request path tells the metrics, at four moments: arrival, upstream request sent,
 * each write of relayed chunks, and the end with its record; and the records of Realtime sessions. Injected under this class.
 */
export abstract class GatewayTelemetry {
  /** The request reached the gateway (any /v1/ route). */
  abstract requestStarted(): void;
  /** The upstream request went out for a recorded exchange. */
  abstract upstreamRequestSent(exchange: RequestExchange | null): void;
  /** The backend's response began to be relayed. */
  abstract responseStarted(exchange: RequestExchange): void;
  /**
   * Chunks were written to the client; `receivedAt` is performance.now() when the first of
   * them arrived.
   */
  abstract chunkRelayed(receivedAt: number): void;
  /** A record made outside a request's lifetime (a Realtime session's response). */
  abstract recorded(
    headers: IncomingHttpHeaders,
    record: RequestRecordInput,
  ): void;
  /** The response is over; `record` is what was handed to the writer, if anything. */
  abstract requestEnded(
    headers: IncomingHttpHeaders,
    exchange: RequestExchange | null,
    record: RequestRecordInput | undefined,
  ): void;
}

/** When every export is off: the request path pays four empty calls. */
export class DisabledTelemetry extends GatewayTelemetry {
  requestStarted(): void {}
  upstreamRequestSent(): void {}
  responseStarted(): void {}
  chunkRelayed(): void {}
  recorded(): void {}
  requestEnded(): void {}
}

/** The live implementation: plain fields the exporters read when they collect. */
export class MeteredGatewayTelemetry extends GatewayTelemetry {
  inFlight = 0;
  openStreams = 0;
  private chunks = 0;

  constructor(private readonly metrics: RequestMetricsProducer) {
    super();
  }

  requestStarted(): void {
    this.inFlight++;
  }

  upstreamRequestSent(exchange: RequestExchange | null): void {
    if (!exchange) return;
    const seconds = (performance.now() - exchange.startedAt) / 1000;
    this.metrics.upstreamLatency.record(seconds);
  }

  responseStarted(exchange: RequestExchange): void {
    if (exchange.isEventStream) this.openStreams++;
  }

  chunkRelayed(receivedAt: number): void {
    if ((++this.chunks & CHUNK_SAMPLE_MASK) !== 0) return;
    this.metrics.chunkLatency.record((performance.now() - receivedAt) / 1000);
  }

  recorded(headers: IncomingHttpHeaders, record: RequestRecordInput): void {
    count(this.metrics.series.of(record, headers), record);
  }

  requestEnded(
    headers: IncomingHttpHeaders,
    exchange: RequestExchange | null,
    record: RequestRecordInput | undefined,
  ): void {
    this.inFlight--;
    if (exchange?.isEventStream) this.openStreams--;
    if (record) count(this.metrics.series.of(record, headers), record);
  }
}

function count(series: RequestSeries, record: RequestRecordInput): void {
  series.requests++;
  if (record.costUsd === null) series.unpriced++;
  else series.costUsd += record.costUsd;
  if (record.responseTimeMs !== null)
    series.duration.record(record.responseTimeMs / 1000);
  const first = record.timeToFirstTokenMs;
  if (record.isStreaming && record.success && first !== null) {
    series.timeToFirstToken.record(first / 1000);
    const last = record.timeToLastTokenMs;
    const tokens = record.completionTokens ?? 0;
    if (last !== null && tokens > 1)
      series.timePerOutputToken.record((last - first) / 1000 / (tokens - 1));
  }
  if (record.promptTokens !== null)
    addTokens(
      series.tokensOf('input', record.tokensEstimated),
      record.promptTokens,
    );
  if (record.completionTokens !== null)
    addTokens(
      series.tokensOf('output', record.tokensEstimated),
      record.completionTokens,
    );
}

function addTokens(tokens: TokenSeries, value: number): void {
  tokens.total += value;
  tokens.usage.record(value);
}
