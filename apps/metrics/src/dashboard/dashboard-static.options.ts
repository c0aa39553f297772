import type { ServeStaticOptions } from '@nestjs/platform-express/interfaces/serve-static-options.interface';
import type { ServerResponse } from 'node:http';

/** The page loads only its own bundle and calls only this origin. */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "img-src 'self' data:",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** How the built files are served: `/` is index.html, anything else falls through to a 404. */
export const DASHBOARD_STATIC_OPTIONS: ServeStaticOptions = {
  index: 'index.html',
  fallthrough: true,
  redirect: false,
  setHeaders: (response: ServerResponse) => {
    response.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    response.setHeader('X-Content-Type-Options', 'nosniff');
  },
};
