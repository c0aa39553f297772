import type {
  IncomingMessage,
  OutgoingHttpHeaders,
  ServerResponse,
} from 'node:http';
import type { RequestExchange } from '../recording/request-exchange';

const HOP_BY_HOP = [
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'upgrade',
];

/**
 * Sends a recorded request's response to the client while the exchange watches it: status and
 * headers as the backend sent them, then the body chunk by chunk, never buffered.
 */
export function relayResponse(
  upstream: IncomingMessage,
  res: ServerResponse,
  exchange: RequestExchange,
): void {
  const transforming = exchange.onResponse(
    upstream.statusCode ?? 502,
    upstream.headers,
  );
  const headers: OutgoingHttpHeaders = { ...upstream.headers };
  for (const name of HOP_BY_HOP) delete headers[name];
  if (transforming) delete headers['content-length'];
  res.writeHead(upstream.statusCode ?? 502, upstream.statusMessage, headers);
  // An event stream's headers go out before its first event; other answers write them
  // together with the body.
  if (/^text\/event-stream/i.test(upstream.headers['content-type'] ?? ''))
    res.flushHeaders();
  upstream.on('data', (chunk: Buffer) => {
    const out = exchange.transform(chunk);
    if (out.length > 0 && !res.write(out)) {
      upstream.pause();
      res.once('drain', () => upstream.resume());
    }
  });
  upstream.once('end', () => {
    const tail = exchange.end();
    if (tail) res.end(tail);
    else res.end();
  });
  upstream.once('close', () => {
    if (upstream.complete) return;
    exchange.fail(
      'stream_interrupted',
      'the backend closed the response before it ended',
    );
    res.destroy();
  });
}
