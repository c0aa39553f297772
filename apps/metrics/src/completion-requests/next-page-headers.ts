/** Headers that carry the cursor of the next page, so the body stays a plain array. */
export const NEXT_PAGE_HEADERS = ['Link', 'X-Next-Before-Id'];

/**
 * The same listing continued after `nextBeforeId`: a `Link` (RFC 8288) that keeps every other
 * parameter, and the bare id for clients that would rather not parse links. The link names
 * only the last path segment, so it resolves against the URL the client used, path prefix of
 * a reverse proxy included.
 */
export function nextPageHeaders(
  requestUrl: string,
  nextBeforeId: number,
): Record<string, string> {
  const next = new URL(requestUrl, 'http://placeholder');
  next.searchParams.set('before_id', String(nextBeforeId));
  return {
    Link: `<${next.pathname.split('/').pop() ?? ''}${next.search}>; rel="next"`,
    'X-Next-Before-Id': String(nextBeforeId),
  };
}
