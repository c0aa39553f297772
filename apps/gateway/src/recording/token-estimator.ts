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

/** Pieces longer than this are counted each time: rare, and they would crowd the memo. */
const MAX_MEMO_PIECE_LENGTH = 32;
/** The memo is emptied when it holds this many pieces: a few MiB at most. */
const MAX_MEMO_PIECES = 50_000;

interface TiktokenModule {
  Tiktoken: new (ranks: TiktokenBPE) => Tiktoken;
}

interface Tokenizer {
  encoder: Tiktoken;
  /** The encoder's own split into pieces, each encoded on its own. */
  pieces: RegExp;
  /** Tokens of pieces already seen: generated text repeats its words. */
  memo: Map<string, number>;
}

let tokenizer: Tokenizer | undefined;

/**
 * js-tiktoken ships CommonJS builds but types them only as ES modules, which
 * TypeScript refuses to `import` from a CommonJS file under `module: node16`.
 * Requiring it at run time also keeps the 2 MB rank table out of startup.
 */
function createTokenizer(): Tokenizer {
  const load = createRequire(__filename);
  const lite = load('js-tiktoken/lite') as TiktokenModule;
  const ranks = load('js-tiktoken/ranks/o200k_base') as TiktokenBPE;
  return {
    encoder: new lite.Tiktoken(ranks),
    pieces: new RegExp(ranks.pat_str, 'gu'),
    memo: new Map(),
  };
}

/**
 * Decoding the rank table blocks the event loop for about half a second and holds about
 * 136 MiB. The gateway leaves it to the first response that arrives without usage (rare:
 * it asks backends for usage); tests call this to keep the pause out of their timings.
 */
export function warmUpTokenizer(): void {
  tokenizer ??= createTokenizer();
}

/**
 * Counts o200k_base tokens: exact for GPT-4o-era models, an estimate for others. The text is
 * split as the encoder splits it and each piece is encoded alone (a piece's tokens never
 * depend on its neighbours), so a piece seen before is counted from the memo.
 */
export function countTokens(text: string): number {
  if (text.length === 0) return 0;
  tokenizer ??= createTokenizer();
  const { pieces } = tokenizer;
  pieces.lastIndex = 0;
  let count = 0;
  for (let match = pieces.exec(text); match; match = pieces.exec(text)) {
    count += countPiece(tokenizer, match[0]);
  }
  return count;
}

function countPiece({ encoder, memo }: Tokenizer, piece: string): number {
  let count = memo.get(piece);
  if (count !== undefined) return count;
  // Empty special-token lists: text such as "<|endoftext|>" is counted as plain text
  // instead of throwing.
  count = encoder.encode(piece, [], []).length;
  if (piece.length <= MAX_MEMO_PIECE_LENGTH) {
    if (memo.size >= MAX_MEMO_PIECES) memo.clear();
    memo.set(piece, count);
  }
  return count;
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
