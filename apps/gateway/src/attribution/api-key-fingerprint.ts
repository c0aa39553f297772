import { createHash, createHmac } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { LruCache } from '../common/lru-cache';
import { headerString } from './header-value.util';

import { API_KEY_ID_LENGTH } from '@app/persistence';

export const FINGERPRINT_LENGTH = API_KEY_ID_LENGTH;
const DEFAULT_CACHE_SIZE = 1024;
const BEARER = /^\s*bearer\s+(\S+)\s*$/i;
/** How browsers, which cannot set headers on a WebSocket, send the key to the Realtime API. */
const KEY_SUBPROTOCOL = /(?:^|,)\s*openai-insecure-api-key\.([^\s,]+)/;

/**
 * The client's API key: `Authorization: Bearer <key>`, else Azure clients' `api-key` header,
 * else a WebSocket's `openai-insecure-api-key.<key>` subprotocol. Only ever passed to the
 * fingerprinter; it must never reach a record or a log.
 */
export function apiKeyOf(headers: IncomingHttpHeaders): string | null {
  const authorization = headers.authorization;
  const bearer = authorization ? BEARER.exec(authorization) : null;
  if (bearer) return bearer[1];
  const apiKey = headerString(headers['api-key'])?.trim();
  if (apiKey) return apiKey;
  const protocols = headerString(headers['sec-websocket-protocol']);
  return (protocols && KEY_SUBPROTOCOL.exec(protocols)?.[1]) || null;
}

/**
 * Turns API keys into short ids that can be stored and shown: HMAC-SHA-256 keyed with a
 * secret (plain SHA-256 without one), first 16 hex digits. A client sends the same key on
 * every request, so ids are kept in a bounded LRU keyed by the key rather than hashed again.
 */
export class ApiKeyFingerprinter {
  private readonly cache: LruCache<string, string>;
  private readonly digest: (key: string) => string;

  constructor(secret: string | undefined, cacheSize = DEFAULT_CACHE_SIZE) {
    this.cache = new LruCache(cacheSize);
    this.digest = secret
      ? (key) => createHmac('sha256', secret).update(key).digest('hex')
      : (key) => createHash('sha256').update(key).digest('hex');
  }

  /** The id of the key, uncached. */
  hash(key: string): string {
    return this.digest(key).slice(0, FINGERPRINT_LENGTH);
  }

  fingerprint(key: string): string {
    return this.cache.getOrCompute(key, (k) => this.hash(k));
  }

  /** The id of the request's API key, or null when it sent none. */
  idOf(headers: IncomingHttpHeaders): string | null {
    const key = apiKeyOf(headers);
    return key === null ? null : this.fingerprint(key);
  }
}
