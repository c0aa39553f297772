import { cachedPromptTokensOf } from '../pricing/cached-tokens';
import type { BackendError, TokenUsage } from './recording.types';

export type JsonObject = Record<string, unknown>;

export function asObject(value: unknown): JsonObject | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as JsonObject)
    : null;
}

/** Parses JSON that must be an object; null for anything else, never throws. */
export function parseJsonObject(text: string): JsonObject | null {
  try {
    // JSON.parse rejects the BOM that some servers put before a body.
    return asObject(
      JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text),
    );
  } catch {
    return null;
  }
}

export function stringOrNull(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

/** The largest value of the records' INT columns. */
const MAX_COUNT = 2_147_483_647;

/**
 * A token count as a backend reports it, when it is one: a non-negative integer that fits the
 * records' INT columns. Anything else is treated as not reported: MySQL would refuse a larger
 * one, and with it the batch it came in, which the writer would then retry forever.
 */
export function tokenCount(value: unknown): number | null {
  return typeof value === 'number' &&
    Number.isInteger(value) &&
    value >= 0 &&
    value <= MAX_COUNT
    ? value
    : null;
}

/**
 * Reads chat/completions/embeddings (`prompt_tokens`...) and responses API
 * (`input_tokens`...) usage alike, since some backends mix the two namings.
 */
export function readUsage(value: unknown): TokenUsage | null {
  const usage = asObject(value);
  if (!usage) return null;
  const promptTokens =
    tokenCount(usage.prompt_tokens) ?? tokenCount(usage.input_tokens);
  const completionTokens =
    tokenCount(usage.completion_tokens) ?? tokenCount(usage.output_tokens);
  const totalTokens = tokenCount(usage.total_tokens);
  if (
    promptTokens === null &&
    completionTokens === null &&
    totalTokens === null
  )
    return null;
  const promptAudioTokens = audioTokensOf(usage.prompt_tokens_details);
  const completionAudioTokens = audioTokensOf(usage.completion_tokens_details);
  return {
    promptTokens,
    completionTokens,
    totalTokens,
    cachedPromptTokens: cachedPromptTokensOf(usage),
    // Only audio answers have them.
    ...(promptAudioTokens !== null && { promptAudioTokens }),
    ...(completionAudioTokens !== null && { completionAudioTokens }),
  };
}

/** `audio_tokens` of chat usage's `prompt_tokens_details` or `completion_tokens_details`. */
function audioTokensOf(details: unknown): number | null {
  return tokenCount(asObject(details)?.audio_tokens);
}

export function readErrorFields(source: JsonObject): BackendError {
  const code = source.code;
  return {
    code: typeof code === 'number' ? String(code) : stringOrNull(code),
    type: stringOrNull(source.type),
    message: stringOrNull(source.message),
  };
}

/**
 * Finds the error in an OpenAI-style `{"error": {...}}` body, a bare
 * `{"error": "text"}`, or vLLM's top-level `{"object": "error", ...}`.
 */
export function readBackendError(payload: JsonObject): BackendError | null {
  const error = payload.error;
  const nested = asObject(error);
  if (nested) return readErrorFields(nested);
  if (typeof error === 'string') {
    return { code: null, type: null, message: error };
  }
  return payload.object === 'error' ? readErrorFields(payload) : null;
}

/** `choices[0]` by its `index` field: streamed chunks with n > 1 interleave choices. */
export function isFirstChoice(choice: JsonObject, position: number): boolean {
  return choice.index === undefined ? position === 0 : choice.index === 0;
}
