import type { Endpoint } from '@app/persistence';
import { plainContentDelta } from './content-delta.util';
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
import type { SseEvent } from './sse-parser';
import { TextAccumulator } from './text-accumulator';

export interface StreamUsageOptions {
  /** Hide the usage-only chunk from a client that did not ask for usage. */
  suppressUsageOnlyChunk: boolean;
}

/** What a streamed response told about itself; times use the caller's clock. */
export interface StreamUsageResult {
  startedAt: number;
  /** First event carrying generated content; null when none arrived. */
  firstTokenAt: number | null;
  lastTokenAt: number | null;
  finishReason: string | null;
  usage: TokenUsage | null;
  /** The backend ended the stream properly (`[DONE]` or a terminal response event). */
  finished: boolean;
  error: BackendError | null;
  /** Generated text (capped), only for estimating tokens when usage is missing. */
  generatedText: string;
  generatedTextTruncated: boolean;
  /** Events whose data was not a JSON object; they are still forwarded. */
  invalidEvents: number;
}

const TERMINAL_RESPONSE_EVENTS = new Set([
  'response.completed',
  'response.incomplete',
  'response.failed',
]);

/** Base64 audio is output but not text worth tokenising. */
const NON_TEXT_DELTAS = new Set(['response.audio.delta']);

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
  private readonly text = new TextAccumulator();

  constructor(
    private readonly endpoint: Endpoint,
    private readonly startedAt: number,
    private readonly options: StreamUsageOptions,
  ) {}

  /** Records the event; returns false when it must not be forwarded. */
  onEvent(event: SseEvent, now: number): boolean {
    const data = event.data;
    if (data === '[DONE]' && this.endpoint !== 'responses') {
      this.finished = true;
      return true;
    }
    if (this.endpoint === 'chat.completions' && event.event !== 'error') {
      const content = plainContentDelta(data);
      if (content !== null) {
        if (this.collect(content)) this.markToken(now);
        return true;
      }
    }
    const payload = data === '' ? null : parseJsonObject(data);
    if (!payload) {
      if (data !== '') this.invalidEvents++;
      if (event.event === 'error') this.recordError(null, data);
      return true;
    }
    if (event.event === 'error' || payload.type === 'error') {
      this.recordError(payload, data);
    } else {
      const error = readBackendError(payload);
      if (error) this.error = error;
    }
    return this.endpoint === 'responses'
      ? this.onResponsesEvent(payload, event.event, now)
      : this.onChoicesEvent(payload, now);
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
      generatedText: this.text.toString(),
      generatedTextTruncated: this.text.isTruncated,
      invalidEvents: this.invalidEvents,
    };
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
    const type = stringOrNull(payload.type) ?? eventName ?? '';
    if (type.endsWith('.delta')) {
      const delta = payload.delta;
      if (typeof delta === 'string' && delta.length > 0) {
        if (!NON_TEXT_DELTAS.has(type)) this.text.append(delta);
        this.markToken(now);
      }
    } else if (TERMINAL_RESPONSE_EVENTS.has(type)) {
      this.onResponseFinished(asObject(payload.response));
    }
    return true;
  }

  private onResponseFinished(response: JsonObject | null): void {
    this.finished = true;
    if (!response) return;
    const usage = readUsage(response.usage);
    if (usage) this.usage = usage;
    const reason = stringOrNull(asObject(response.incomplete_details)?.reason);
    this.finishReason = reason ?? stringOrNull(response.status);
    const error = asObject(response.error);
    if (error) this.error = readBackendError({ error });
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
