/** Token counts as a backend reported them; a field is null when it was absent. */
export interface TokenUsage {
  promptTokens: number | null;
  completionTokens: number | null;
  totalTokens: number | null;
}

/** The error a backend put in its response body or stream. */
export interface BackendError {
  code: string | null;
  type: string | null;
  message: string | null;
}
