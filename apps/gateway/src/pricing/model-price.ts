/**
 * USD per million tokens. `cachedInput` defaults to `input` when a price does not set it.
 * Audio has rates of its own (the Realtime API's); a price without them cannot price audio.
 */
export interface ModelPrice {
  input: number;
  output: number;
  cachedInput?: number;
  inputAudio?: number;
  outputAudio?: number;
}

/**
 * Token counts of one request; null counts as none. Cached and audio tokens are part of
 * `prompt` (and audio of `completion`), as the APIs count them.
 */
export interface CostUsage {
  prompt: number | null;
  completion: number | null;
  cachedPrompt?: number | null;
  promptAudio?: number | null;
  completionAudio?: number | null;
}

export interface RequestCost {
  /** Null when the model has no price: unpriced, never $0. */
  costUsd: number | null;
  /** The cost came from estimated token counts. */
  estimated: boolean;
}

const PER_MILLION = 1_000_000;

/** The counts as the price tables expect them. */
export interface NormalUsage {
  prompt: number;
  completion: number;
  /** Within `prompt`. */
  cached: number;
  /** Within `prompt`, and not cached: cached tokens are priced as such whatever they carry. */
  promptAudio: number;
  /** Within `completion`. */
  completionAudio: number;
}

const count = (value: number | null | undefined, atMost = Infinity) =>
  Math.min(atMost, Math.max(0, value ?? 0));

/** Nothing negative, no part larger than its whole. */
export function normaliseUsage(usage: CostUsage): NormalUsage {
  const prompt = count(usage.prompt);
  const completion = count(usage.completion);
  const cached = count(usage.cachedPrompt, prompt);
  return {
    prompt,
    completion,
    cached,
    promptAudio: count(usage.promptAudio, prompt - cached),
    completionAudio: count(usage.completionAudio, completion),
  };
}

/** The cost, or null when the usage has audio tokens and the price no audio rate. */
export function costFromPrice(
  price: ModelPrice,
  usage: CostUsage,
): number | null {
  const { prompt, completion, cached, promptAudio, completionAudio } =
    normaliseUsage(usage);
  if (
    (promptAudio > 0 && price.inputAudio === undefined) ||
    (completionAudio > 0 && price.outputAudio === undefined)
  )
    return null;
  const cachedRate = price.cachedInput ?? price.input;
  return (
    ((prompt - cached - promptAudio) * price.input +
      cached * cachedRate +
      promptAudio * (price.inputAudio ?? 0) +
      (completion - completionAudio) * price.output +
      completionAudio * (price.outputAudio ?? 0)) /
    PER_MILLION
  );
}
