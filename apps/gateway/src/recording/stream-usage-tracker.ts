import type { Endpoint } from '@app/persistence';
import type { ContentDeltaFields } from './content-delta-shape';
import {
  ContentDeltaMatcher,
  contentText,
  isDoneMarker,
} from './content-delta.util';
import {
  asObject,
  isFirstChoice,
  JsonObject,
  parseJsonObject,
  readBackendError,
  readErrorFields,
  readUsage,
  stringOrNull,
} from './payload-fields.util';
import type { BackendError, TokenUsage } from './recording.types';
import type {
  StreamUsageOptions,
  StreamUsageResult,
} from './stream-usage.types';
import type { SseEventView } from './sse-parser';
import { readResponseModel } from './response-model';
import { readResponsesEvent } from './responses-stream-event';
import { TextAccumulator } from './text-accumulator';
import { isUsageReported } from './usage-estimate';

export type { StreamUsageOptions, StreamUsageResult };

/**
 * Watches the SSE events of one streamed response and decides which of them reach
 * the client. Works for chat completions, legacy completions and the responses API.
 */
export class StreamUsageTracker {
  private firstTokenAt: number | null = null;
  private lastTokenAt: number | null = null;
  private finishReason: string | null = null;
  private usage: TokenUsage | null = null;
  private finished = false;
  private error: BackendError | null = null;
  private invalidEvents = 0;
  private responseModel: string | null = null;
  /** Whether the first event with data was read for its model: see {@link seekModel}. */
  private modelSought = false;
  private readonly text = new TextAccumulator();
  private readonly contentDelta = new ContentDeltaMatcher();
  /** Of the last event: see {@link nullUsageStart}. */
  private nullUsageAt = -2;
  /** Whether the last event was a content-only chunk read from its bytes. */
  private deltaMatched = false;

  constructor(
    private readonly endpoint: Endpoint,
    private readonly startedAt: number,
    private readonly options: StreamUsageOptions,
  ) {}

  /**
   * Records the event; returns false when it must not be forwarded. `[DONE]` and content-only
   * chunks are read from their bytes; only other events are decoded and parsed. A field read
   * once per response (its `model`, say) belongs in `onParsedEvent` and, for content-only
   * chunks, in the matcher's full walk: chunks it recognises by their shape repeat its bytes.
   */
  onEvent(event: SseEventView, now: number): boolean {
    this.nullUsageAt = -2;
    this.deltaMatched = false;
    if (!this.modelSought) this.seekModel(event);
    if (event.dataEnd !== -1 && event.event !== 'error') {
      const { buffer, dataStart, dataEnd } = event;
      if (
        this.endpoint !== 'responses' &&
        isDoneMarker(buffer, dataStart, dataEnd)
      ) {
        this.finished = true;
        this.nullUsageAt = -1;
        return true;
      }
      if (
        this.endpoint === 'chat.completions' &&
        this.contentDelta.match(buffer, dataStart, dataEnd) &&
        this.onContentDelta(buffer, this.contentDelta, now)
      ) {
        this.nullUsageAt = this.contentDelta.nullUsageStart;
        this.deltaMatched = true;
        return true;
      }
    }
    return this.onParsedEvent(event.event, event.data, now);
  }

  /**
   * Records a content-only chunk that the caller recognised by the bytes of its whole event
   * (see StreamWatcher), its content and null usage field at `fields`; nothing else of it needs
   * reading. False when the content's escapes are invalid: then it must go through `onEvent`,
   * which counts it as invalid.
   */
  onShapedDelta(
    buffer: Buffer,
    fields: ContentDeltaFields,
    now: number,
  ): boolean {
    return this.modelSought && this.onContentDelta(buffer, fields, now);
  }

  /** The content and null usage field of the last event, when it was a content-only chunk. */
  get matchedDelta(): ContentDeltaFields | null {
    return this.deltaMatched ? this.contentDelta : null;
  }

  /**
   * Where the last event's one `"usage":null` field starts, as read while matching it: -1 when
   * it has none, -2 when that is not known (then it must be searched for).
   */
  get nullUsageStart(): number {
    return this.nullUsageAt;
  }

  get nullUsageEnd(): number {
    return this.contentDelta.nullUsageEnd;
  }

  /** Memory held for the tokenizer fallback, at most the text's cap. */
  get textBytesHeld(): number {
    return this.text.capacity;
  }

  result(): StreamUsageResult {
    return {
      startedAt: this.startedAt,
      firstTokenAt: this.firstTokenAt,
      lastTokenAt: this.lastTokenAt,
      finishReason: this.finishReason,
      usage: this.usage,
      finished: this.finished,
      error: this.error,
      generatedText: isUsageReported(this.usage) ? '' : this.text.toString(),
      generatedTextTruncated: this.text.isTruncated,
      generatedTextScale: this.text.scale,
      invalidEvents: this.invalidEvents,
      responseModel: this.responseModel,
    };
  }

  /**
   * The first event is parsed for its model even when its bytes alone would do (a chat stream's
   * first chunk is a content delta): once per stream, never per chunk. Later events are read for
   * it only while it is missing and only when they are parsed anyway.
   */
  private seekModel(event: SseEventView): void {
    const data = event.data;
    if (data === '') return;
    this.modelSought = true;
    const payload = parseJsonObject(data);
    if (payload) this.responseModel = readResponseModel(payload);
  }

  /** False when the content's escapes are invalid: then the event is invalid JSON. */
  private onContentDelta(
    buffer: Buffer,
    fields: ContentDeltaFields,
    now: number,
  ): boolean {
    const { contentStart, contentEnd, escaped } = fields;
    if (!escaped) {
      if (contentEnd > contentStart) {
        this.text.appendBytes(buffer, contentStart, contentEnd);
        this.markToken(now);
      }
      return true;
    }
    const content = contentText(buffer, fields);
    if (content === null) return false;
    if (this.collect(content)) this.markToken(now);
    return true;
  }

  private onParsedEvent(
    eventName: string | undefined,
    data: string,
    now: number,
  ): boolean {
    if (data === '[DONE]' && this.endpoint !== 'responses') {
      this.finished = true;
      return true;
    }
    const payload = data === '' ? null : parseJsonObject(data);
    if (!payload) {
      if (data !== '') this.invalidEvents++;
      if (eventName === 'error') this.recordError(null, data);
      return true;
    }
    this.responseModel ??= readResponseModel(payload);
    if (eventName === 'error' || payload.type === 'error') {
      this.recordError(payload, data);
    } else {
      const error = readBackendError(payload);
      if (error) this.error = error;
    }
    return this.endpoint === 'responses'
      ? this.onResponsesEvent(payload, eventName, now)
      : this.onChoicesEvent(payload, now);
  }

  private onChoicesEvent(payload: JsonObject, now: number): boolean {
    const usage = readUsage(payload.usage);
    if (usage) this.usage = usage;
    const choices = payload.choices;
    if (!Array.isArray(choices)) return true;
    let generated = false;
    choices.forEach((value, position) => {
      const choice = asObject(value);
      if (!choice) return;
      if (this.collectChoice(choice)) generated = true;
      const reason = stringOrNull(choice.finish_reason);
      if (reason !== null && isFirstChoice(choice, position)) {
        this.finishReason = reason;
      }
    });
    if (generated) this.markToken(now);
    const usageOnly = usage !== null && choices.length === 0;
    return !(usageOnly && this.options.suppressUsageOnlyChunk);
  }

  /** Returns whether the choice carries generated content. */
  private collectChoice(choice: JsonObject): boolean {
    if (this.endpoint === 'completions') return this.collect(choice.text);
    const delta = asObject(choice.delta);
    if (!delta) return false;
    let generated = this.collect(delta.content);
    generated = this.collect(delta.reasoning_content) || generated;
    generated = this.collect(delta.reasoning) || generated;
    if (Array.isArray(delta.tool_calls) && delta.tool_calls.length > 0) {
      for (const call of delta.tool_calls) {
        this.collect(asObject(asObject(call)?.function)?.arguments);
      }
      generated = true;
    }
    return generated;
  }

  private onResponsesEvent(
    payload: JsonObject,
    eventName: string | undefined,
    now: number,
  ): boolean {
    const read = readResponsesEvent(payload, eventName);
    if (read.kind === 'delta') {
      if (read.text !== null) this.text.append(read.text);
      this.markToken(now);
    } else if (read.kind === 'finished') {
      this.finished = true;
      const response = read.response;
      if (!response) return true;
      if (response.usage) this.usage = response.usage;
      this.finishReason = response.finishReason;
      if (response.error) this.error = response.error;
    }
    return true;
  }

  /** Handles `event: error` and responses API `{"type":"error"}` events. */
  private recordError(payload: JsonObject | null, data: string): void {
    const nested = payload && readBackendError(payload);
    if (nested) {
      this.error = nested;
    } else if (payload) {
      this.error = { ...readErrorFields(payload), type: null };
    } else {
      this.error = { code: null, type: null, message: data || null };
    }
  }

  private collect(value: unknown): boolean {
    if (typeof value !== 'string' || value.length === 0) return false;
    this.text.append(value);
    return true;
  }

  private markToken(now: number): void {
    this.firstTokenAt ??= now;
    this.lastTokenAt = now;
  }
}
