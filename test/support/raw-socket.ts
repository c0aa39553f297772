import { connect, type Socket } from 'node:net';

/** A TCP connection to an http:// base URL, for requests written a few bytes at a time. */
export function openSocket(baseUrl: string): Promise<Socket> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: hostname, port: Number(port) }, () => {
      socket.off('error', reject);
      resolve(socket);
    });
    socket.once('error', reject);
  });
}

/** A request's head to send over a bare socket, its body to follow. */
export function requestHead(
  method: string,
  path: string,
  headers: Record<string, string>,
): string {
  const lines = Object.entries(headers).map(
    ([name, value]) => `${name}: ${value}`,
  );
  return `${method} ${path} HTTP/1.1\r\nHost: gateway\r\n${lines.join('\r\n')}\r\n\r\n`;
}

/** The final status and JSON body of an answer read off a bare socket (1xx skipped). */
export function parseAnswer(text: string): { status: number; body: unknown } {
  const final = text.replace(
    /^(HTTP\/1\.1 1\d\d [^\r]*\r\n(?:[^\r]+\r\n)*\r\n)+/,
    '',
  );
  const status = Number(/^HTTP\/1\.1 (\d{3}) /.exec(final)?.[1]);
  const body = final.slice(final.indexOf('\r\n\r\n') + 4);
  return { status, body: body ? JSON.parse(body) : null };
}

/**
 * Everything the server sends until it closes the connection, as latin1 text. Rejects, and
 * closes the socket itself, when the server keeps it open past `timeoutMs`.
 */
export function readUntilClosed(
  socket: Socket,
  timeoutMs: number,
): Promise<string> {
  const chunks: Buffer[] = [];
  socket.on('data', (chunk: Buffer) => chunks.push(chunk));
  // A reset after the answer still leaves the answer to read.
  socket.on('error', () => undefined);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.destroy();
      const received = Buffer.concat(chunks).toString('latin1');
      reject(new Error(`still open after ${timeoutMs} ms; got ${received}`));
    }, timeoutMs);
    socket.once('close', () => {
      clearTimeout(timer);
      resolve(Buffer.concat(chunks).toString('latin1'));
    });
  });
}

/** Writes `bytes` a few at a time, `intervalMs` apart, until all are out or the socket closes. */
export function trickle(
  socket: Socket,
  bytes: Buffer,
  intervalMs: number,
  piece = 1,
): void {
  let next = 0;
  const timer = setInterval(() => {
    if (next >= bytes.length || !socket.writable) {
      clearInterval(timer);
      return;
    }
    socket.write(bytes.subarray(next, next + piece));
    next += piece;
  }, intervalMs);
  socket.once('close', () => clearInterval(timer));
}

/** The chunks of a chunked answer read off a bare socket, each as it was framed on the wire. */
export function chunkFrames(text: string): string[] {
  let at = text.indexOf('\r\n\r\n') + 4;
  const frames: string[] = [];
  for (;;) {
    const lineEnd = text.indexOf('\r\n', at);
    const size = parseInt(text.slice(at, lineEnd), 16);
    if (!(size > 0)) return frames;
    frames.push(text.slice(lineEnd + 2, lineEnd + 2 + size));
    at = lineEnd + 2 + size + 2;
  }
}
