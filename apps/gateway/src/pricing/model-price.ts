/** USD per million tokens. `cachedInput` defaults to `input` when a price does not set it. */
export interface ModelPrice {
  input: number;
  output: number;
  cachedInput?: number;
}

/** Token counts of one request; null counts as none. Cached tokens are part of `prompt`. */
export interface CostUsage {
  prompt: number | null;
  completion: number | null;
  cachedPrompt?: number | null;
}

export interface RequestCost {
  /** Null when the model has no price: unpriced, never $0. */
  costUsd: number | null;
  /** The cost came from estimated token counts. */
  estimated: boolean;
}

const PER_MILLION = 1_000_000;

/** The counts as the price tables expect them: cached within prompt, nothing negative. */
export function normaliseUsage(usage: CostUsage): {
  prompt: number;
  completion: number;
  cached: number;
} {
  const prompt = Math.max(0, usage.prompt ?? 0);
  const completion = Math.max(0, usage.completion ?? 0);
  const cached = Math.min(prompt, Math.max(0, usage.cachedPrompt ?? 0));
  return { prompt, completion, cached };
}

export function costFromPrice(price: ModelPrice, usage: CostUsage): number {
  const { prompt, completion, cached } = normaliseUsage(usage);
  const cachedRate = price.cachedInput ?? price.input;
  return (
    ((prompt - cached) * price.input +
      cached * cachedRate +
      completion * price.output) /
    PER_MILLION
  );
}
