import type { IncomingHttpHeaders } from 'node:http';

export const TAG_HEADER_PREFIX = 'x-gateway-tag-';
export const MAX_TAGS = 10;
export const MAX_TAG_VALUE_LENGTH = 128;
/** Node lower-cases header names, so this also holds for names sent in upper case. */
const TAG_NAME = /^[a-z0-9_-]{1,32}$/;

/** Why tags were left out of the record, counted for the request's log line. */
export interface DroppedTags {
  badName: number;
  badValue: number;
  overLimit: number;
}

export interface RequestTags {
  /** Name to value, `{}` when none. */
  tags: Record<string, string>;
  /** Null when nothing was dropped, so the common case allocates nothing more. */
  dropped: DroppedTags | null;
}

/**
 * Tags from `X-Gateway-Tag-<name>: <value>` headers, within the limits; what is beyond them
 * is dropped and counted, never a reason to fail the request.
 */
export function extractTags(headers: IncomingHttpHeaders): RequestTags {
  const tags: Record<string, string> = {};
  let kept = 0;
  let dropped: DroppedTags | null = null;
  for (const header in headers) {
    if (!header.startsWith(TAG_HEADER_PREFIX)) continue;
    const name = header.slice(TAG_HEADER_PREFIX.length);
    const reason = reasonToDrop(name, headers[header], kept);
    if (reason) {
      dropped ??= { badName: 0, badValue: 0, overLimit: 0 };
      dropped[reason]++;
      continue;
    }
    tags[name] = headers[header] as string;
    kept++;
  }
  return { tags, dropped };
}

function reasonToDrop(
  name: string,
  value: string | string[] | undefined,
  kept: number,
): keyof DroppedTags | null {
  if (!TAG_NAME.test(name)) return 'badName';
  // Repeated headers come joined by Node; an array would be set-cookie-like, not a tag.
  if (typeof value !== 'string' || value === '') return 'badValue';
  if (value.length > MAX_TAG_VALUE_LENGTH) return 'badValue';
  return kept < MAX_TAGS ? null : 'overLimit';
}

/** How many tags were dropped in all. */
export function droppedCount(dropped: DroppedTags | null): number {
  return dropped ? dropped.badName + dropped.badValue + dropped.overLimit : 0;
}
