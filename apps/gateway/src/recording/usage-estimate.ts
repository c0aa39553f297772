import type { Endpoint } from '@app/persistence';
import type { TokenUsage } from './recording.types';
import type { RequestInfo } from './request-inspector';
import { countTokens, estimateChatPromptTokens } from './token-estimator';

export interface UsageEstimate {
  usage: TokenUsage | null;
  /** True when any count came from the gateway's tokenizer rather than the backend. */
  estimated: boolean;
}

/** Whether the backend's usage is complete enough to record as it is, without estimating. */
export function isUsageReported(reported: TokenUsage | null): boolean {
  return (
    reported !== null &&
    (reported.totalTokens !== null || reported.promptTokens !== null)
  );
}

/**
 * The backend's usage where it reported it; otherwise tokens counted from the prompt and
 * the generated text. Nothing is estimated for a failed request or one that produced no text.
 * `textScale` > 1 says the text is the first part of a longer one (bytes seen over bytes
 * kept): its tokens are scaled up by it.
 */
export function estimateUsage(
  endpoint: Endpoint,
  request: RequestInfo | null,
  reported: TokenUsage | null,
  generatedText: string,
  answered: boolean,
  textScale = 1,
): UsageEstimate {
  if (isUsageReported(reported)) {
    return { usage: reported, estimated: false };
  }
  if (
    !answered ||
    !request?.json ||
    (generatedText === '' && endpoint !== 'embeddings')
  ) {
    return { usage: reported, estimated: false };
  }
  const promptText = request.promptText();
  const promptTokens =
    endpoint === 'chat.completions'
      ? estimateChatPromptTokens(promptText, request.messageCount ?? 0)
      : countTokens(promptText);
  const completionTokens =
    endpoint === 'embeddings'
      ? null
      : Math.round(countTokens(generatedText) * textScale);
  return {
    usage: {
      promptTokens,
      completionTokens,
      totalTokens: promptTokens + (completionTokens ?? 0),
      cachedPromptTokens: null,
    },
    estimated: true,
  };
}
