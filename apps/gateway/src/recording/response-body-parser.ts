import type { Endpoint } from '@app/persistence';
import {
  asObject,
  isFirstChoice,
  JsonObject,
  parseJsonObject,
  readBackendError,
  readUsage,
  stringOrNull,
} from './payload-fields.util';
import type { BackendError, TokenUsage } from './recording.types';
import { readResponseModel } from './response-model';
import { TextAccumulator } from './text-accumulator';

/** What a non-streamed response body told about itself. */
export interface ParsedResponse {
  usage: TokenUsage | null;
  finishReason: string | null;
  /** Generated text (capped), only for estimating tokens when usage is missing. */
  generatedText: string;
  error: BackendError | null;
  /** The body's `model`; null when it names none. */
  model: string | null;
}

/** Returns null when the body is not a JSON object. */
export function parseResponseBody(
  endpoint: Endpoint,
  body: Buffer,
): ParsedResponse | null {
  const payload = parseJsonObject(body.toString('utf8'));
  if (!payload) return null;
  const text = new TextAccumulator();
  const finishReason =
    endpoint === 'responses'
      ? readResponsesOutput(payload, text)
      : readChoices(endpoint, payload.choices, text);
  return {
    usage: readUsage(payload.usage),
    finishReason,
    generatedText: text.toString(),
    error: readBackendError(payload),
    model: readResponseModel(payload),
  };
}

/** Collects the text of every choice; returns the finish reason of choice 0. */
function readChoices(
  endpoint: Endpoint,
  choices: unknown,
  text: TextAccumulator,
): string | null {
  if (!Array.isArray(choices)) return null;
  let finishReason: string | null = null;
  choices.forEach((value, position) => {
    const choice = asObject(value);
    if (!choice) return;
    if (endpoint === 'completions') {
      appendString(text, choice.text);
    } else {
      readChatMessage(asObject(choice.message), text);
    }
    if (isFirstChoice(choice, position)) {
      finishReason = stringOrNull(choice.finish_reason);
    }
  });
  return finishReason;
}

function readChatMessage(message: JsonObject | null, text: TextAccumulator) {
  if (!message) return;
  appendString(text, message.reasoning_content);
  appendString(text, message.reasoning);
  appendContent(text, message.content);
  appendString(text, message.refusal);
  if (!Array.isArray(message.tool_calls)) return;
  for (const call of message.tool_calls) {
    appendString(text, asObject(asObject(call)?.function)?.arguments);
  }
}

/** Collects the text of every output item; returns status or incomplete reason. */
function readResponsesOutput(
  payload: JsonObject,
  text: TextAccumulator,
): string | null {
  const output = Array.isArray(payload.output) ? payload.output : [];
  for (const value of output) {
    const item = asObject(value);
    if (!item) continue;
    appendString(text, item.arguments);
    appendContent(text, item.content);
    appendContent(text, item.summary);
  }
  const reason = stringOrNull(asObject(payload.incomplete_details)?.reason);
  return reason ?? stringOrNull(payload.status);
}

/** Content is a string or an array of parts (`text`, `output_text`, `refusal`...). */
function appendContent(text: TextAccumulator, content: unknown): void {
  if (!Array.isArray(content)) {
    appendString(text, content);
    return;
  }
  for (const value of content) {
    const part = asObject(value);
    if (!part) continue;
    appendString(text, part.text);
    appendString(text, part.refusal);
  }
}

function appendString(text: TextAccumulator, value: unknown): void {
  if (typeof value === 'string') text.append(value);
}
