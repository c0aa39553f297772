import { headerString } from './header-value.util';

export const USER_HEADER = 'x-gateway-user';
export const MAX_USER_LENGTH = 256;

/** The user a request is attributed to; `truncated` so the caller can log the cut. */
export interface RequestUser {
  user: string | null;
  truncated: boolean;
}

const NO_USER: RequestUser = Object.freeze({ user: null, truncated: false });

/**
 * The body's own user fields, read from the payload the request inspector has already parsed
 * (OpenAI's `user`, then its newer `safety_identifier`), so the body is parsed once.
 */
export function bodyUserOf(payload: Record<string, unknown>): string | null {
  return nonEmpty(payload.user) ?? nonEmpty(payload.safety_identifier);
}

/**
 * `X-Gateway-User` when present, else the body's user. Nothing when recording users is off:
 * user ids can be personal data.
 */
export function resolveUser(
  headerValue: string | string[] | undefined,
  bodyUser: string | null,
  recordUser: boolean,
): RequestUser {
  if (!recordUser) return NO_USER;
  const user = nonEmpty(headerString(headerValue)) ?? bodyUser;
  if (user === null) return NO_USER;
  if (user.length <= MAX_USER_LENGTH) return { user, truncated: false };
  return { user: cutAt(user, MAX_USER_LENGTH), truncated: true };
}

function nonEmpty(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value : null;
}

/** Cuts to `length` UTF-16 units without leaving half of a surrogate pair. */
export function cutAt(text: string, length: number): string {
  const code = text.charCodeAt(length - 1);
  const endsInHighSurrogate = code >= 0xd800 && code <= 0xdbff;
  return text.slice(0, endsInHighSurrogate ? length - 1 : length);
}
