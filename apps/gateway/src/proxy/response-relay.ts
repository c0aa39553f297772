import type { IncomingMessage, OutgoingHttpHeaders } from 'node:http';
import type { FailureCause } from '../recording/error-classifier';
import type { RequestExchange } from '../recording/request-exchange';
import type { GatewayTelemetry } from '../telemetry/gateway-telemetry';
import type { ProxiedRequest } from './proxied-request';

const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'upgrade',
]);

const BACKEND_CLOSED: FailureCause = { kind: 'backend_closed' };

/**
 * Sends a recorded request's response to the client while the exchange watches it: status and
 * headers as the backend sent them, then the body chunk by chunk, never buffered.
 */
export function relayResponse(
  upstream: IncomingMessage,
  request: ProxiedRequest,
  exchange: RequestExchange,
  telemetry: GatewayTelemetry,
): void {
  const { res } = request;
  const transforming = exchange.onResponse(
    upstream.statusCode ?? 502,
    upstream.headers,
  );
  res.writeHead(
    upstream.statusCode ?? 502,
    upstream.statusMessage,
    endToEndHeaders(upstream, transforming),
  );
  let bodyStarted = false;
  // An event stream's headers reach the client even while the backend is still silent, but
  // not by a write of their own when the first event is already here: they go out with it.
  if (exchange.isEventStream)
    setImmediate(() => {
      if (!bodyStarted && !res.writableEnded && !res.destroyed)
        res.flushHeaders();
    });
  telemetry.responseStarted(exchange);
  upstream.on('data', (chunk: Buffer) => {
    bodyStarted = true;
    const receivedAt = performance.now();
    const out = exchange.transform(chunk, receivedAt);
    if (out.length > 0 && !res.write(out)) {
      upstream.pause();
      res.once('drain', () => upstream.resume());
    }
    telemetry.chunkRelayed(receivedAt);
  });
  upstream.once('end', () => {
    const tail = exchange.end();
    if (tail) res.end(tail);
    else res.end();
  });
  upstream.once('close', () => {
    if (!upstream.complete) request.fail(BACKEND_CLOSED);
  });
}

/**
 * The backend's headers less the hop-by-hop ones, and less its length when the body changes.
 * Copied rather than deleted from a copy: an object that loses properties turns into a slow
 * dictionary for the header serialisation that follows.
 */
function endToEndHeaders(
  upstream: IncomingMessage,
  transforming: boolean,
): OutgoingHttpHeaders {
  const headers: OutgoingHttpHeaders = {};
  const received = upstream.headers;
  for (const name in received) {
    if (HOP_BY_HOP.has(name)) continue;
    if (transforming && name === 'content-length') continue;
    headers[name] = received[name];
  }
  return headers;
}
