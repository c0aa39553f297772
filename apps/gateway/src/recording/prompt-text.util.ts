import type { Endpoint } from '@app/persistence';
import { asObject, JsonObject } from './payload-fields.util';

/**
 * The text a request sends to the model, joined with newlines, for estimating prompt
 * tokens. Token-id prompts and non-text parts (images, audio) contribute nothing.
 */
export function promptTextOf(endpoint: Endpoint, payload: JsonObject): string {
  const parts: string[] = [];
  switch (endpoint) {
    case 'chat.completions':
      collectItems(parts, payload.messages);
      break;
    case 'responses':
      collectString(parts, payload.instructions);
      collectResponsesInput(parts, payload.input);
      break;
    case 'completions':
      collectStrings(parts, payload.prompt);
      break;
    case 'embeddings':
      collectStrings(parts, payload.input);
      break;
  }
  return parts.join('\n');
}

function collectResponsesInput(parts: string[], input: unknown): void {
  if (typeof input === 'string') {
    parts.push(input);
  } else {
    collectItems(parts, input);
  }
}

/** Chat messages and responses API input items share the relevant shape. */
function collectItems(parts: string[], items: unknown): void {
  if (!Array.isArray(items)) return;
  for (const value of items) {
    const item = asObject(value);
    if (!item) continue;
    collectContent(parts, item.content);
    collectString(parts, item.arguments);
    collectString(parts, item.output);
    collectToolCalls(parts, item.tool_calls);
  }
}

function collectToolCalls(parts: string[], calls: unknown): void {
  if (!Array.isArray(calls)) return;
  for (const call of calls) {
    collectString(parts, asObject(asObject(call)?.function)?.arguments);
  }
}

function collectContent(parts: string[], content: unknown): void {
  if (!Array.isArray(content)) {
    collectString(parts, content);
    return;
  }
  for (const value of content) {
    const part: JsonObject | null = asObject(value);
    if (part) collectString(parts, part.text);
  }
}

/** A prompt or embeddings input: a string or an array of strings. */
function collectStrings(parts: string[], value: unknown): void {
  if (!Array.isArray(value)) {
    collectString(parts, value);
    return;
  }
  for (const item of value) collectString(parts, item);
}

function collectString(parts: string[], value: unknown): void {
  if (typeof value === 'string' && value.length > 0) parts.push(value);
}
