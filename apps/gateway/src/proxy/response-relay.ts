import type {
  IncomingMessage,
  OutgoingHttpHeaders,
  ServerResponse,
} from 'node:http';
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
 * headers as the backend sent them, then the body as it comes, never held past the read that
 * brought it (see {@link ReadWriter}).
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
  const writer = new ReadWriter(upstream, res, telemetry);
  // An event stream's headers reach the client even while the backend is still silent, but
  // not by a write of their own when the first event is already here: they go out with it.
  if (exchange.isEventStream)
    setImmediate(() => {
      if (!writer.started && !res.writableEnded && !res.destroyed)
        res.flushHeaders();
    });
  telemetry.responseStarted(exchange);
  upstream.on('data', (chunk: Buffer) => {
    const receivedAt = performance.now();
    writer.add(exchange.transform(chunk, receivedAt), receivedAt);
  });
  upstream.once('end', () => {
    writer.flush();
    const tail = exchange.end();
    if (tail) res.end(tail);
    else res.end();
  });
  upstream.once('close', () => {
    writer.flush();
    if (!upstream.complete) request.fail(BACKEND_CLOSED);
  });
}

/**
 * Writes the body to the client a read at a time. Node's HTTP client hands over each chunk of
 * the backend's chunked body on its own, and a server writes a stream event by event, so one
 * read from the backend can bring hundreds of events; each written on its own costs the
 * client's response a chunk frame and a pass through its stream machinery. What one read
 * brought is written at once, as soon as it has all been watched (on the next tick, before any
 * I/O): no byte waits for a later read.
 */
class ReadWriter {
  started = false;
  private readonly pending: Buffer[] = [];
  /** When the first pending chunk arrived. */
  private firstAt = 0;

  constructor(
    private readonly upstream: IncomingMessage,
    private readonly res: ServerResponse,
    private readonly telemetry: GatewayTelemetry,
  ) {}

  add(out: Buffer, receivedAt: number): void {
    this.started = true;
    if (out.length === 0) return;
    if (this.pending.length === 0) {
      this.firstAt = receivedAt;
      process.nextTick(flushWriter, this);
    }
    this.pending.push(out);
  }

  flush(): void {
    const { pending, res, upstream } = this;
    if (pending.length === 0) return;
    const out = pending.length === 1 ? pending[0] : Buffer.concat(pending);
    pending.length = 0;
    if (!res.write(out)) {
      upstream.pause();
      res.once('drain', () => upstream.resume());
    }
    this.telemetry.chunkRelayed(this.firstAt);
  }
}

const flushWriter = (writer: ReadWriter) => writer.flush();

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
