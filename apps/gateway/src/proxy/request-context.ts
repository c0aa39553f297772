import { randomUUID } from 'node:crypto';
import type { ClientRequest, IncomingMessage } from 'node:http';
import type { RequestExchange } from '../recording/request-exchange';

/** What the interceptor and the proxy share about one request in flight. */
export interface RequestContext {
  requestId: string;
  exchange?: RequestExchange;
  upstreamRequest?: ClientRequest;
  timedOut: boolean;
}

const contexts = new WeakMap<IncomingMessage, RequestContext>();
export const VALID_REQUEST_ID = /^[\w.:@/+=-]{1,128}$/;

/** The request's context, created on first use with the client's X-Request-Id or a new one. */
export function contextOf(req: IncomingMessage): RequestContext {
  let context = contexts.get(req);
  if (!context) {
    const given = req.headers['x-request-id'];
    const requestId =
      typeof given === 'string' && VALID_REQUEST_ID.test(given)
        ? given
        : randomUUID();
    context = { requestId, timedOut: false };
    contexts.set(req, context);
  }
  return context;
}
