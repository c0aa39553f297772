import type { IncomingHttpHeaders } from 'node:http';
import type { Endpoint, RequestRecordInput } from '@app/persistence';
import {
  ExchangeAttribution,
  type AttributionNotes,
} from '../attribution/exchange-attribution';
import type { AttributionOptions } from '../attribution/request-attribution';
import type { PriceTable } from '../pricing/price-table';
import { usageCost } from '../pricing/usage-cost';
import { decodeBody, isReadableEncoding } from './content-decoding';
import type { Failure } from './error-classifier';
import { bodyOutcome, streamOutcome, type Outcome } from './exchange-outcome';
import {
  inspectRequest,
  withIncludeUsage,
  type RequestInfo,
} from './request-inspector';
import { parseResponseBody } from './response-body-parser';
import { StreamWatcher } from './stream-watcher';
import { computeTiming } from './timing';
import { estimateUsage } from './usage-estimate';

/** Non-streamed bodies above this are forwarded but not parsed for usage. */
const MAX_PARSED_BODY_BYTES = 16 * 1024 * 1024;
const EVENT_STREAM = /^text\/event-stream/i;
/** The endpoints whose streams report usage only when asked (`stream_options`). */
const USAGE_ASKED_OF = new Set<Endpoint>(['chat.completions', 'completions']);

/** The injection token of the ExchangeSettings. */
export const EXCHANGE_SETTINGS = Symbol('ExchangeSettings');

/** What every exchange is told at start-up. */
export interface ExchangeSettings {
  injectStreamUsage: boolean;
  attribution: AttributionOptions;
  prices: PriceTable;
}

/**
 * What the gateway learns about one inference request while proxying it: the request's
 * model and shape, the response's timing and usage, and how it ended. It turns into one
 * record when the exchange is over.
 */
export class RequestExchange {
  readonly arrivedAt = new Date();
  readonly startedAt = performance.now();
  private request: RequestInfo | null = null;
  private usageInjected = false;
  private statusCode: number | null = null;
  private stream: StreamWatcher | null = null;
  private bodyChunks: Buffer[] | null = null;
  private bodyEncoding: string | undefined;
  private bodyBytes = 0;
  private endedAt: number | null = null;
  private failure: Failure | null = null;
  private eventStream = false;
  private readonly attribution: ExchangeAttribution;

  constructor(
    readonly endpoint: Endpoint,
    readonly requestId: string,
    readonly origin: string | null,
    headers: IncomingHttpHeaders,
    private readonly settings: ExchangeSettings,
  ) {
    this.attribution = new ExchangeAttribution(headers, settings.attribution);
  }

  /** Learns model, stream, message count and user; returns the body to send upstream. */
  prepareRequest(body: Buffer): Buffer {
    this.request = inspectRequest(this.endpoint, body);
    this.attribution.bodyUser(this.request.user);
    // Only chat and completions take stream_options; an embeddings request marked
    // `stream: true` (which no backend streams) must pass byte for byte too.
    if (!this.settings.injectStreamUsage || !USAGE_ASKED_OF.has(this.endpoint))
      return body;
    const upstream = withIncludeUsage(body, this.request);
    this.usageInjected = upstream !== body;
    return upstream;
  }

  get wantsStream(): boolean {
    return this.request?.stream ?? false;
  }

  /** Whether the response, once it started, is a server-sent event stream. */
  get isEventStream(): boolean {
    return this.eventStream;
  }

  /** True when the body must go through `transform` instead of straight to the client. */
  onResponse(status: number, headers: IncomingHttpHeaders): boolean {
    this.statusCode = status;
    const encoding = headers['content-encoding'];
    this.eventStream = EVENT_STREAM.test(headers['content-type'] ?? '');
    if (this.eventStream) {
      // A compressed event stream cannot be watched; it passes untouched.
      if (encoding && encoding !== 'identity') return false;
      this.stream = new StreamWatcher(
        this.endpoint,
        this.startedAt,
        this.usageInjected,
      );
      return this.usageInjected;
    }
    this.bodyEncoding = encoding;
    if (isReadableEncoding(encoding)) this.bodyChunks = [];
    return false;
  }

  /**
   * Observes a chunk of the response, received at `receivedAt` (performance.now()); returns
   * what the client gets of it.
   */
  transform(chunk: Buffer, receivedAt: number): Buffer {
    if (this.stream) return this.stream.push(chunk, receivedAt);
    if (this.bodyChunks) {
      this.bodyBytes += chunk.length;
      if (this.bodyBytes <= MAX_PARSED_BODY_BYTES) this.bodyChunks.push(chunk);
      else this.bodyChunks = null;
    }
    return chunk;
  }

  /** The response ended normally; returns any bytes still held back. */
  end(): Buffer | null {
    this.endedAt ??= performance.now();
    return this.stream?.end() ?? null;
  }

  /**
   * The first failure wins: later ones are consequences of it. `statusCode` is the status of
   * the gateway's own answer to it, when it gave one.
   */
  fail(failure: Failure, statusCode?: number): void {
    this.endedAt ??= performance.now();
    this.failure ??= failure;
    if (statusCode !== undefined) this.statusCode = statusCode;
  }

  attributionNotes(): AttributionNotes {
    return this.attribution.notes();
  }

  toRecord(): RequestRecordInput {
    const endedAt = this.endedAt ?? performance.now();
    const outcome = this.outcome();
    const failure = this.failure ?? outcome.failure;
    const { usage, estimated } = estimateUsage(
      this.endpoint,
      this.request,
      outcome.usage,
      outcome.text,
      failure === null,
      outcome.textScale,
    );
    const timing = computeTiming({
      startedAt: this.startedAt,
      // A failed answer in one body delivered no tokens; a failed stream may have.
      firstTokenAt: failure && !this.stream ? null : outcome.firstTokenAt,
      lastTokenAt: failure && !this.stream ? null : outcome.lastTokenAt,
      endedAt,
      streaming: this.stream !== null,
      completionTokens: usage?.completionTokens ?? null,
    });
    const model = truncate(this.request?.model ?? null, 255);
    const responseModel = truncate(outcome.responseModel, 255);
    return {
      timestamp: this.arrivedAt,
      endpoint: this.endpoint,
      model,
      origin: this.origin,
      isStreaming: this.wantsStream,
      success: failure === null,
      statusCode: this.statusCode,
      errorType: failure?.type ?? null,
      errorMessage: failure?.message ?? null,
      finishReason: truncate(outcome.finishReason, 64),
      messageCount: this.request?.messageCount ?? null,
      promptTokens: usage?.promptTokens ?? null,
      completionTokens: usage?.completionTokens ?? null,
      totalTokens: usage?.totalTokens ?? null,
      tokensEstimated: estimated,
      ...timing,
      requestId: this.requestId,
      ...this.attribution.fields(),
      cachedPromptTokens: usage?.cachedPromptTokens ?? null,
      promptAudioTokens: usage?.promptAudioTokens ?? null,
      completionAudioTokens: usage?.completionAudioTokens ?? null,
      costUsd: usageCost(
        this.settings.prices,
        model,
        usage,
        estimated,
        this.arrivedAt,
        responseModel,
      ),
      responseModel,
    };
  }

  private outcome(): Outcome {
    if (this.stream)
      return streamOutcome(this.stream.result(), this.statusCode);
    const body = this.bodyChunks
      ? decodeBody(
          Buffer.concat(this.bodyChunks),
          this.bodyEncoding,
          MAX_PARSED_BODY_BYTES,
        )
      : null;
    const parsed = body ? parseResponseBody(this.endpoint, body) : null;
    return bodyOutcome(parsed, body !== null, this.statusCode, this.endedAt);
  }
}

/** Values from the wire are cut to their column's size rather than failing the insert. */
function truncate(value: string | null, length: number): string | null {
  return value === null || value.length <= length
    ? value
    : value.slice(0, length);
}
