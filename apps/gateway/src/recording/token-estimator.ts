import { createRequire } from 'node:module';
import type { Tiktoken, TiktokenBPE } from 'js-tiktoken/lite' with {
  'resolution-mode': 'require',
};

/**
 * Chat framing, after OpenAI's cookbook ("How to count tokens with tiktoken"): about
 * 3 tokens wrap each message plus 1 for its role, and 3 prime the reply. Backends with
 * other chat templates differ, so this stays an estimate.
 */
const TOKENS_PER_MESSAGE = 4;
const REPLY_PRIMING_TOKENS = 3;

interface TiktokenModule {
  Tiktoken: new (ranks: TiktokenBPE) => Tiktoken;
}

let encoder: Tiktoken | undefined;

/**
 * js-tiktoken ships CommonJS builds but types them only as ES modules, which
 * TypeScript refuses to `import` from a CommonJS file under `module: node16`.
 * Requiring it at run time also keeps the 2 MB rank table out of startup.
 */
function createEncoder(): Tiktoken {
  const load = createRequire(__filename);
  const lite = load('js-tiktoken/lite') as TiktokenModule;
  const ranks = load('js-tiktoken/ranks/o200k_base') as TiktokenBPE;
  return new lite.Tiktoken(ranks);
}

/**
 * Decoding the rank table blocks the event loop for about half a second and holds about
 * 136 MiB. The gateway leaves it to the first response that arrives without usage (rare:
 * it asks backends for usage); tests call this to keep the pause out of their timings.
 */
export function warmUpTokenizer(): void {
  encoder ??= createEncoder();
}

/** Counts o200k_base tokens: exact for GPT-4o-era models, an estimate for others. */
export function countTokens(text: string): number {
  if (text.length === 0) return 0;
  encoder ??= createEncoder();
  // Empty special-token lists: text such as "<|endoftext|>" is counted as plain text
  // instead of throwing.
  return encoder.encode(text, [], []).length;
}

/** Estimated prompt tokens of a chat request whose message texts were joined. */
export function estimateChatPromptTokens(
  promptText: string,
  messageCount: number,
): number {
  return (
    countTokens(promptText) +
    messageCount * TOKENS_PER_MESSAGE +
    REPLY_PRIMING_TOKENS
  );
}
