import type { TokenUsage } from '../recording/recording.types';
import type { PriceTable } from './price-table';

/**
 * A record's cost, priced when the record is made at the arrival's prices and never re-priced
 * later. A request that used no tokens (a failure) costs 0 of a priced model; an unpriced model
 * gives null, never $0.
 */
export function usageCost(
  prices: PriceTable,
  model: string | null,
  usage: TokenUsage | null,
  estimated: boolean,
  at: Date,
  answeredBy: string | null = null,
): number | null {
  return prices.costOf(
    model,
    {
      prompt: usage?.promptTokens ?? null,
      completion: usage?.completionTokens ?? null,
      cachedPrompt: usage?.cachedPromptTokens ?? null,
      promptAudio: usage?.promptAudioTokens ?? null,
      completionAudio: usage?.completionAudioTokens ?? null,
    },
    estimated,
    at,
    answeredBy,
  ).costUsd;
}
