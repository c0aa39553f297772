import type { ErrorType, RequestRecordInput } from '@app/persistence';
import { classifyFailure } from '../recording/error-classifier';
import type { BackendError } from '../recording/recording.types';
import { computeTiming } from '../recording/timing';
import { readEvent, type RealtimeUsage } from './realtime-events';

/**
 * What a session's events tell of one response: a record but for who sent it and its price,
 * which the handshake and the price table give (see RealtimeRecording).
 */
export type SessionRecord = Omit<
  RequestRecordInput,
  'user' | 'apiKeyId' | 'tags' | 'costUsd'
>;

/** What a record keeps of a failure. */
type Failure = { type: ErrorType; message: string | null };

/** What a session's records share, known at the handshake. */
export interface SessionInfo {
  requestId: string;
  origin: string | null;
  /** The `model` query parameter, until the server's session says otherwise. */
  model: string | null;
  statusCode: number;
}

/** One response in progress, on the `performance.now()` clock. */
interface ResponseTrack {
  arrivedAt: Date;
  startedAt: number;
  firstDeltaAt: number | null;
  lastDeltaAt: number | null;
  failure: Failure | null;
}

interface Ending {
  endedAt: number;
  usage: RealtimeUsage | null;
  finishReason: string | null;
  failure: Failure | null;
}

/**
 * Follows the server's events of one Realtime session and makes one record per response:
 * from `response.created` to its `response.done`, or to the end of the session when it
 * ends first. Contents are never kept: only types, ids, statuses and counts are read.
 */
export class SessionRecorder {
  private readonly open = new Map<string, ResponseTrack>();
  private latest: string | null = null;
  private anonymous = 0;

  constructor(
    private readonly info: SessionInfo,
    private readonly sink: (record: SessionRecord) => void,
  ) {}

  /** Responses begun and not yet done. */
  get inProgress(): number {
    return this.open.size;
  }

  /** A server event, as its bytes or text, and when it arrived. */
  onText(message: Buffer | string, at: number): void {
    const event = readEvent(message);
    if (!event) return;
    switch (event.kind) {
      case 'session':
        if (event.model) this.info.model = event.model;
        return;
      case 'created':
        return this.begin(event.responseId, at);
      case 'delta': {
        const track = this.trackOf(event.responseId);
        if (!track) return;
        track.firstDeltaAt ??= at;
        track.lastDeltaAt = at;
        return;
      }
      case 'error':
        for (const track of this.open.values())
          track.failure ??= backendFailure(event.error);
        return;
      case 'done':
        return this.finish(event.responseId, {
          endedAt: at,
          usage: event.usage,
          finishReason: event.status,
          failure:
            event.status === 'failed'
              ? backendFailure(event.error ?? blankError())
              : null,
        });
    }
  }

  /** The session ended: every response still in progress failed with `type`. */
  end(type: ErrorType, message: string): void {
    const endedAt = performance.now();
    for (const id of [...this.open.keys()]) {
      this.finish(id, {
        endedAt,
        usage: null,
        finishReason: null,
        failure: { type, message },
      });
    }
  }

  private begin(responseId: string | null, at: number): void {
    const id = responseId ?? `#${++this.anonymous}`;
    this.open.set(id, {
      arrivedAt: new Date(Date.now() - (performance.now() - at)),
      startedAt: at,
      firstDeltaAt: null,
      lastDeltaAt: null,
      failure: null,
    });
    this.latest = id;
  }

  /** A delta without a known response id belongs to the latest response. */
  private trackOf(responseId: string | null): ResponseTrack | undefined {
    const id =
      responseId !== null && this.open.has(responseId)
        ? responseId
        : this.latest;
    return id === null ? undefined : this.open.get(id);
  }

  private finish(responseId: string | null, ending: Ending): void {
    const id = responseId ?? this.latest;
    const track = id === null ? undefined : this.open.get(id);
    if (!track || id === null) return;
    this.open.delete(id);
    if (this.latest === id) this.latest = [...this.open.keys()].pop() ?? null;
    this.sink(this.toRecord(track, ending));
  }

  private toRecord(track: ResponseTrack, ending: Ending): SessionRecord {
    const failure = track.failure ?? ending.failure;
    const usage = ending.usage;
    const timing = computeTiming({
      startedAt: track.startedAt,
      firstTokenAt: track.firstDeltaAt,
      lastTokenAt: track.lastDeltaAt,
      endedAt: ending.endedAt,
      streaming: true,
      completionTokens: usage?.outputTokens ?? null,
    });
    return {
      timestamp: track.arrivedAt,
      endpoint: 'realtime',
      model: truncate(this.info.model, 255),
      origin: this.info.origin,
      isStreaming: true,
      success: failure === null,
      statusCode: this.info.statusCode,
      errorType: failure?.type ?? null,
      errorMessage: failure?.message ?? null,
      finishReason: truncate(ending.finishReason, 64),
      messageCount: null,
      promptTokens: usage?.inputTokens ?? null,
      completionTokens: usage?.outputTokens ?? null,
      totalTokens: usage?.totalTokens ?? null,
      promptTextTokens: usage?.inputTextTokens ?? null,
      promptAudioTokens: usage?.inputAudioTokens ?? null,
      completionTextTokens: usage?.outputTextTokens ?? null,
      completionAudioTokens: usage?.outputAudioTokens ?? null,
      cachedPromptTokens: usage?.cachedTokens ?? null,
      tokensEstimated: false,
      ...timing,
      requestId: this.info.requestId,
    };
  }
}

/** Classified as an HTTP stream's error event is: one taxonomy for both. */
function backendFailure(error: BackendError): Failure {
  const { type, message } = classifyFailure({ kind: 'stream_error', error });
  return { type, message };
}

function blankError(): BackendError {
  return { code: null, type: null, message: null };
}

function truncate(value: string | null, length: number): string | null {
  return value === null || value.length <= length
    ? value
    : value.slice(0, length);
}
