/** Token counts as a backend reported them; a field is null when it was absent. */
export interface TokenUsage {
  promptTokens: number | null;
  completionTokens: number | null;
  totalTokens: number | null;
  /** Of the prompt tokens, those served from the backend's prompt cache. */
  cachedPromptTokens: number | null;
  /** Of the prompt and completion tokens, those of audio (gpt-4o-audio and the like). */
  promptAudioTokens?: number | null;
  completionAudioTokens?: number | null;
}

/** The error a backend put in its response body or stream. */
export interface BackendError {
  code: string | null;
  type: string | null;
  message: string | null;
}
