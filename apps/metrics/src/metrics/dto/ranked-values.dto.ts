/** Ranked lists of /metrics: most frequent first, ties in alphabetical order. */

export class ModelCountDto {
  /** Model name as the client sent it (case kept). @example gpt-4 */
  model: string;

  /** Requests for this model in the window. @example 100 */
  count: number;
}

export class OriginCountDto {
  /** Who sent the requests: Origin or Referer host, X-Client-Name, or User-Agent product. @example api.openai.com */
  origin: string;

  /** Requests from this origin in the window. @example 120 */
  count: number;
}

export class FinishReasonCountDto {
  /** Finish reason reported by the backend. @example stop */
  reason: string;

  /** Requests that ended for this reason in the window. @example 140 */
  count: number;
}

export class ErrorTypeCountDto {
  /** Why the requests failed. @example rate_limit */
  type: string;

  /** Failed requests of this type in the window. @example 3 */
  count: number;
}

export class UserCountDto {
  /** The user, as recorded. @example alice@example.com */
  user: string;

  /** Requests of that user in the window. @example 42 */
  count: number;
}

export class ApiKeyCountDto {
  /** Fingerprint of the API key (never the key). @example 0123456789abcdef */
  api_key_id: string;

  /** Its readable name from API_KEY_NAMES, when it has one. @example search team */
  name: string | null;

  /** Requests sent with that key in the window. @example 42 */
  count: number;
}
