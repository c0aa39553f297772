import type { IncomingHttpHeaders } from 'node:http';
import type { Endpoint, ErrorType, RequestRecordInput } from '@app/persistence';
import { errorTypeForStatus, summariseBackendError } from './error-classifier';
import type { BackendError, TokenUsage } from './recording.types';
import {
  inspectRequest,
  withIncludeUsage,
  type RequestInfo,
} from './request-inspector';
import { parseResponseBody } from './response-body-parser';
import { SseParser } from './sse-parser';
import { StreamUsageTracker } from './stream-usage-tracker';
import { computeTiming } from './timing';
import { estimateUsage } from './usage-estimate';

/** Non-streamed bodies above this are forwarded but not parsed for usage. */
const MAX_PARSED_BODY_BYTES = 16 * 1024 * 1024;

interface Failure {
  type: ErrorType;
  message: string | null;
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
  private suppressUsage = false;
  private statusCode: number | null = null;
  private parser: SseParser | null = null;
  private tracker: StreamUsageTracker | null = null;
  private bodyChunks: Buffer[] | null = null;
  private bodyBytes = 0;
  private endedAt: number | null = null;
  private failure: Failure | null = null;

  constructor(
    readonly endpoint: Endpoint,
    readonly requestId: string,
    readonly origin: string | null,
    private readonly injectStreamUsage: boolean,
  ) {}

  /** Learns model, stream and message count; returns the body to send upstream. */
  prepareRequest(body: Buffer): Buffer {
    this.request = inspectRequest(this.endpoint, body);
    if (!this.injectStreamUsage || this.endpoint === 'responses') return body;
    const upstream = withIncludeUsage(body, this.request);
    this.suppressUsage = upstream !== body;
    return upstream;
  }

  get wantsStream(): boolean {
    return this.request?.stream ?? false;
  }

  /** True when the body must go through `transform` instead of straight to the client. */
  onResponse(status: number, headers: IncomingHttpHeaders): boolean {
    this.statusCode = status;
    const encoded =
      !!headers['content-encoding'] &&
      headers['content-encoding'] !== 'identity';
    const isEventStream = /^text\/event-stream/i.test(
      headers['content-type'] ?? '',
    );
    if (isEventStream && !encoded) {
      this.parser = new SseParser();
      this.tracker = new StreamUsageTracker(this.endpoint, this.startedAt, {
        suppressUsageOnlyChunk: this.suppressUsage,
      });
      return this.suppressUsage;
    }
    if (!encoded) this.bodyChunks = [];
    return false;
  }

  /** Observes a chunk of the response; returns what the client gets of it. */
  transform(chunk: Buffer): Buffer {
    if (!this.parser || !this.tracker) return this.collect(chunk);
    const events = this.parser.push(chunk);
    if (!this.suppressUsage) {
      this.track(events);
      return chunk;
    }
    const kept = events.filter((event) =>
      this.tracker!.onEvent(event, performance.now()),
    );
    return kept.length === 1
      ? kept[0].raw
      : Buffer.concat(kept.map((event) => event.raw));
  }

  /** The response ended normally; returns any bytes still held back. */
  end(): Buffer | null {
    this.endedAt ??= performance.now();
    if (!this.parser || !this.tracker) return null;
    const events = this.parser.end();
    const now = performance.now();
    const kept = events.filter((event) => this.tracker!.onEvent(event, now));
    return this.suppressUsage && kept.length
      ? Buffer.concat(kept.map((e) => e.raw))
      : null;
  }

  fail(
    type: ErrorType,
    message: string | null = null,
    statusCode?: number,
  ): void {
    this.endedAt ??= performance.now();
    this.failure ??= { type, message };
    if (statusCode !== undefined) this.statusCode = statusCode;
  }

  private track(events: ReturnType<SseParser['push']>): void {
    const now = performance.now();
    for (const event of events) this.tracker!.onEvent(event, now);
  }

  private collect(chunk: Buffer): Buffer {
    if (this.bodyChunks) {
      this.bodyBytes += chunk.length;
      if (this.bodyBytes <= MAX_PARSED_BODY_BYTES) this.bodyChunks.push(chunk);
      else this.bodyChunks = null;
    }
    return chunk;
  }

  toRecord(): RequestRecordInput {
    const endedAt = this.endedAt ?? performance.now();
    const outcome = this.tracker ? this.streamOutcome() : this.bodyOutcome();
    const failure = this.failure ?? outcome.failure;
    const estimate = estimateUsage(
      this.endpoint,
      this.request,
      outcome.usage,
      outcome.text,
      failure === null,
    );
    const timing = computeTiming({
      startedAt: this.startedAt,
      firstTokenAt: outcome.firstTokenAt,
      lastTokenAt: outcome.lastTokenAt,
      endedAt,
      streaming: this.tracker !== null,
      completionTokens: estimate.usage?.completionTokens ?? null,
    });
    return {
      timestamp: this.arrivedAt,
      endpoint: this.endpoint,
      model: truncate(this.request?.model ?? null, 255),
      origin: this.origin,
      isStreaming: this.wantsStream,
      success: failure === null,
      statusCode: this.statusCode,
      errorType: failure?.type ?? null,
      errorMessage: failure?.message ?? null,
      finishReason: truncate(outcome.finishReason, 64),
      messageCount: this.request?.messageCount ?? null,
      promptTokens: estimate.usage?.promptTokens ?? null,
      completionTokens: estimate.usage?.completionTokens ?? null,
      totalTokens: estimate.usage?.totalTokens ?? null,
      tokensEstimated: estimate.estimated,
      ...timing,
      requestId: this.requestId,
    };
  }

  private streamOutcome(): Outcome {
    const result = this.tracker!.result();
    const failure =
      this.statusFailure(result.error) ??
      (result.error ? backendFailure('backend_error', result.error) : null) ??
      (result.finished
        ? null
        : { type: 'stream_interrupted' as const, message: null });
    return { ...result, text: result.generatedText, failure };
  }

  private bodyOutcome(): Outcome {
    const body = this.bodyChunks ? Buffer.concat(this.bodyChunks) : null;
    const parsed = body ? parseResponseBody(this.endpoint, body) : null;
    const endedAt = this.endedAt;
    let failure = this.statusFailure(parsed?.error ?? null);
    if (!failure && body && !parsed && this.isSuccessStatus()) {
      failure = {
        type: 'invalid_response',
        message: 'response body is not JSON',
      };
    }
    return {
      usage: parsed?.usage ?? null,
      finishReason: parsed?.finishReason ?? null,
      text: parsed?.generatedText ?? '',
      firstTokenAt: failure ? null : endedAt,
      lastTokenAt: failure ? null : endedAt,
      failure,
    };
  }

  private isSuccessStatus(): boolean {
    return this.statusCode !== null && this.statusCode < 400;
  }

  private statusFailure(error: BackendError | null): Failure | null {
    const type =
      this.statusCode === null ? null : errorTypeForStatus(this.statusCode);
    return type ? backendFailure(type, error) : null;
  }
}

interface Outcome {
  usage: TokenUsage | null;
  finishReason: string | null;
  text: string;
  firstTokenAt: number | null;
  lastTokenAt: number | null;
  failure: Failure | null;
}

/** Values from the wire are cut to their column's size rather than failing the insert. */
function truncate(value: string | null, length: number): string | null {
  return value === null || value.length <= length
    ? value
    : value.slice(0, length);
}

function backendFailure(type: ErrorType, error: BackendError | null): Failure {
  const message = error
    ? summariseBackendError(error.code ?? error.type, error.message)
    : null;
  return { type, message: message || null };
}
