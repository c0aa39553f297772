import {
  request as httpRequest,
  type ClientRequest,
  type IncomingHttpHeaders,
  type IncomingMessage,
} from 'node:http';
import { createServer, type AddressInfo } from 'node:net';

export interface RawRequest {
  method: string;
  /** Path and query, sent exactly as given. */
  path: string;
  /** Node sends an array value as one header line per element. */
  headers?: Record<string, string | string[]>;
  body?: Buffer;
}

export interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  /** The bytes on the wire, never decompressed. */
  body: Buffer;
}

/** Sends a request; resolves once the response headers arrive, the body still unread. */
export function openRawRequest(
  baseUrl: string,
  options: RawRequest,
): Promise<{ request: ClientRequest; response: IncomingMessage }> {
  const { method, path, headers = {}, body } = options;
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      `${baseUrl}${path}`,
      { method, headers, agent: false },
      (response) => resolve({ request, response }),
    );
    request.once('error', reject);
    request.end(body);
  });
}

/**
 * One request over node:http, which (unlike fetch) neither adds headers nor decodes the
 * answer, for tests that compare bytes.
 */
export async function rawRequest(
  baseUrl: string,
  options: RawRequest,
): Promise<RawResponse> {
  const { response } = await openRawRequest(baseUrl, options);
  return readAnswer(response);
}

async function readAnswer(response: IncomingMessage): Promise<RawResponse> {
  const chunks: Buffer[] = [];
  for await (const chunk of response) chunks.push(chunk as Buffer);
  return {
    status: response.statusCode ?? 0,
    headers: response.headers,
    body: Buffer.concat(chunks),
  };
}

/**
 * A request with its path sent exactly as given (a URL would be normalised first, dot
 * segments and all). Rejects when no complete answer arrives within `timeoutMs`.
 */
export async function rawRequestWithin(
  baseUrl: string,
  { method, path, headers = {}, body }: RawRequest,
  timeoutMs: number,
): Promise<RawResponse> {
  const { hostname: host, port } = new URL(baseUrl);
  const signal = AbortSignal.timeout(timeoutMs);
  const options = { host, port, method, path, headers, agent: false, signal };
  try {
    const response = await new Promise<IncomingMessage>((resolve, reject) => {
      const request = httpRequest(options, resolve);
      // Not once: the socket may fail again after the answer, with nobody left to listen.
      request.on('error', reject);
      request.end(body);
    });
    return await readAnswer(response);
  } catch (error) {
    if (!signal.aborted) throw error;
    const message = `no complete answer within ${timeoutMs} ms`;
    throw new Error(message, { cause: error });
  }
}

/** A port that nothing listens on: bound once by the system, then released. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve, reject) =>
    server.close((error) => (error ? reject(error) : resolve())),
  );
  return port;
}
