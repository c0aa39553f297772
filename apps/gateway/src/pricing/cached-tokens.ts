import { asObject, tokenCount } from '../recording/payload-fields.util';

/**
 * Prompt tokens the backend served from its prompt cache: chat/completions report them in
 * `usage.prompt_tokens_details.cached_tokens`, the Responses API in
 * `usage.input_tokens_details.cached_tokens`. Null when absent or not a count (see tokenCount).
 */
export function cachedPromptTokensOf(usage: unknown): number | null {
  const fields = asObject(usage);
  if (!fields) return null;
  return (
    cachedOf(fields.prompt_tokens_details) ??
    cachedOf(fields.input_tokens_details)
  );
}

function cachedOf(details: unknown): number | null {
  return tokenCount(asObject(details)?.cached_tokens);
}
