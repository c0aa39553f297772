import type { IncomingHttpHeaders } from 'node:http';
import { TAG_HEADER_PREFIX } from './request-tags';
import { USER_HEADER } from './request-user';

/**
 * Removes the gateway's own headers (`X-Gateway-User`, `X-Gateway-Tag-*`) so the backend never
 * sees them. http-proxy copies `req.headers` when `proxy.web` is called, so the proxy calls
 * this on `req.headers` before that, after attribution has read them.
 */
export function stripGatewayHeaders(headers: IncomingHttpHeaders): void {
  for (const header in headers) {
    if (header === USER_HEADER || header.startsWith(TAG_HEADER_PREFIX))
      delete headers[header];
  }
}
