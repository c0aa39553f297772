import type { IncomingHttpHeaders } from 'node:http';
import type { Attributes } from '@opentelemetry/api';
import type { RequestRecordInput } from '@app/persistence';
import type { RequestExchange } from '../recording/request-exchange';
import type { RequestInstruments } from './gen-ai-instruments';
import type { RecordAttributes } from './record-attributes';

/** One relayed chunk in this many is timed: the histogram stays cheap on long streams. */
const CHUNK_SAMPLE_MASK = 15;
const UPSTREAM_PHASE: Attributes = { phase: 'upstream_request' };
const CHUNK_PHASE: Attributes = { phase: 'chunk' };

/**
 * What the request path tells the metrics, at four moments: arrival, upstream request sent,
 * each relayed chunk, and the end with its record. Injected under this class.
 */
export abstract class GatewayTelemetry {
  /** The request reached the gateway (any /v1/ route). */
  abstract requestStarted(): void;
  /** The upstream request went out for a recorded exchange. */
  abstract upstreamRequestSent(exchange: RequestExchange | undefined): void;
  /** The backend's response began to be relayed. */
  abstract responseStarted(exchange: RequestExchange): void;
  /** A chunk was relayed; `receivedAt` is performance.now() when it arrived. */
  abstract chunkRelayed(receivedAt: number): void;
  /** The response is over; `record` is what was handed to the writer, if anything. */
  abstract requestEnded(
    headers: IncomingHttpHeaders,
    exchange: RequestExchange | undefined,
    record: RequestRecordInput | undefined,
  ): void;
}

/** When every export is off: the request path pays four empty calls. */
export class DisabledTelemetry extends GatewayTelemetry {
  requestStarted(): void {}
  upstreamRequestSent(): void {}
  responseStarted(): void {}
  chunkRelayed(): void {}
  requestEnded(): void {}
}

/** The live implementation: plain counters for gauges, instruments for the rest. */
export class MeteredGatewayTelemetry extends GatewayTelemetry {
  inFlight = 0;
  openStreams = 0;
  private chunks = 0;

  constructor(
    private readonly instruments: RequestInstruments,
    private readonly attributes: RecordAttributes,
  ) {
    super();
  }

  requestStarted(): void {
    this.inFlight++;
  }

  upstreamRequestSent(exchange: RequestExchange | undefined): void {
    if (!exchange) return;
    const seconds = (performance.now() - exchange.startedAt) / 1000;
    this.instruments.addedLatency.record(seconds, UPSTREAM_PHASE);
  }

  responseStarted(exchange: RequestExchange): void {
    if (exchange.isEventStream) this.openStreams++;
  }

  chunkRelayed(receivedAt: number): void {
    if ((++this.chunks & CHUNK_SAMPLE_MASK) !== 0) return;
    const seconds = (performance.now() - receivedAt) / 1000;
    this.instruments.addedLatency.record(seconds, CHUNK_PHASE);
  }

  requestEnded(
    headers: IncomingHttpHeaders,
    exchange: RequestExchange | undefined,
    record: RequestRecordInput | undefined,
  ): void {
    this.inFlight--;
    if (exchange?.isEventStream) this.openStreams--;
    if (record) this.count(record, headers);
  }

  private count(record: RequestRecordInput, headers: IncomingHttpHeaders) {
    const { instruments } = this;
    const attributes = this.attributes.of(record, headers);
    instruments.requests.add(1, attributes);
    if (record.responseTimeMs !== null)
      instruments.requestDuration.record(
        record.responseTimeMs / 1000,
        attributes,
      );
    if (record.isStreaming && record.success)
      this.streamTimes(record, attributes);
    if (record.promptTokens !== null)
      this.countTokens(record.promptTokens, 'input', record, attributes);
    if (record.completionTokens !== null)
      this.countTokens(record.completionTokens, 'output', record, attributes);
  }

  private streamTimes(record: RequestRecordInput, attributes: Attributes) {
    const first = record.timeToFirstTokenMs;
    if (first === null) return;
    this.instruments.timeToFirstToken.record(first / 1000, attributes);
    const last = record.timeToLastTokenMs;
    const tokens = record.completionTokens ?? 0;
    if (last !== null && tokens > 1)
      this.instruments.timePerOutputToken.record(
        (last - first) / 1000 / (tokens - 1),
        attributes,
      );
  }

  private countTokens(
    count: number,
    type: 'input' | 'output',
    record: RequestRecordInput,
    attributes: Attributes,
  ) {
    const tokenAttributes = this.attributes.tokens(
      attributes,
      type,
      record.tokensEstimated,
    );
    this.instruments.tokenUsage.record(count, tokenAttributes);
    this.instruments.tokens.add(count, tokenAttributes);
  }
}
