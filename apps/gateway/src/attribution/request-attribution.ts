import type { IncomingHttpHeaders } from 'node:http';
import type { ApiKeyFingerprinter } from './api-key-fingerprint';
import { type DroppedTags, extractTags } from './request-tags';
import { resolveUser, USER_HEADER } from './request-user';

/** Who sent a request and how they labelled it: what its record gains. */
export interface RequestAttribution {
  user: string | null;
  /** The user was longer than allowed and was cut (to be logged). */
  userTruncated: boolean;
  /** Fingerprint of the API key, never the key. */
  apiKeyId: string | null;
  tags: Record<string, string>;
  /** Tags left out of the record (to be logged), or null. */
  droppedTags: DroppedTags | null;
}

export interface AttributionOptions {
  recordUser: boolean;
  fingerprinter: ApiKeyFingerprinter;
}

/**
 * The attribution with the body's user when the headers named none: the body is read after
 * the headers, and the header wins.
 */
export function withBodyUser(
  attribution: RequestAttribution,
  bodyUser: string | null,
  options: AttributionOptions,
): RequestAttribution {
  if (attribution.user !== null || bodyUser === null) return attribution;
  const { user, truncated } = resolveUser(
    undefined,
    bodyUser,
    options.recordUser,
  );
  return { ...attribution, user, userTruncated: truncated };
}

/**
 * Reads the request's headers and the user its body named (`bodyUserOf` on the payload the
 * request inspector parsed). Must run before `stripGatewayHeaders`.
 */
export function attributeRequest(
  headers: IncomingHttpHeaders,
  bodyUser: string | null,
  options: AttributionOptions,
): RequestAttribution {
  const { user, truncated } = resolveUser(
    headers[USER_HEADER],
    bodyUser,
    options.recordUser,
  );
  const { tags, dropped } = extractTags(headers);
  return {
    user,
    userTruncated: truncated,
    apiKeyId: options.fingerprinter.idOf(headers),
    tags,
    droppedTags: dropped,
  };
}
