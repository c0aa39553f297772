import type { IncomingHttpHeaders } from 'node:http';

/** Fits the `origin` column. */
export const MAX_ORIGIN_LENGTH = 255;

/**
 * Who sent a request, from the most to the least specific hint: the browser's
 * `Origin`, then `Referer`, then an explicit `X-Client-Name`, then the product token
 * of `User-Agent` (`OpenAI/JS 6.1.0` gives `OpenAI/JS`, `curl/8.5.0` stays whole).
 */
export function resolveOrigin(headers: IncomingHttpHeaders): string | null {
  return (
    hostOf(headers.origin) ??
    hostOf(headers.referer) ??
    clientName(headers['x-client-name']) ??
    productToken(headers['user-agent'])
  );
}

function hostOf(value: string | undefined): string | null {
  // Sandboxed frames and file:// pages send the literal "null".
  if (!value || value === 'null') return null;
  try {
    return cap(new URL(value).host);
  } catch {
    return null;
  }
}

function clientName(value: string | string[] | undefined): string | null {
  const first = Array.isArray(value) ? value[0] : value;
  return cap(first?.trim() ?? '');
}

function productToken(value: string | undefined): string | null {
  const token = value?.trim().split(/\s/, 1)[0];
  return cap(token ?? '');
}

function cap(value: string): string | null {
  return value.length === 0 ? null : value.slice(0, MAX_ORIGIN_LENGTH);
}
