import {
  STATUS_CODES,
  type IncomingHttpHeaders,
  type IncomingMessage,
} from 'node:http';
import type { Socket } from 'node:net';
import { stripGatewayHeaders } from '../attribution/gateway-headers';

/** Headers that describe the gateway's own connection to the client, not the answer. */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding']);

/**
 * The backend's answer to an upgrade as the client gets it: status and headers unchanged
 * (their case and repetitions kept), the gateway's request id set. A backend id that differs
 * is returned as `X-Backend-Request-Id`, as for HTTP.
 */
export function responseHead(
  upstream: IncomingMessage,
  requestId: string,
  upgraded: boolean,
): string {
  const lines = [
    `HTTP/1.1 ${upstream.statusCode} ${upstream.statusMessage ?? ''}`,
  ];
  const raw = upstream.rawHeaders;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i].toLowerCase();
    if (name === 'x-request-id') {
      if (raw[i + 1] !== requestId)
        lines.push(`X-Backend-Request-Id: ${raw[i + 1]}`);
      continue;
    }
    // A refusal's body is relayed decoded and then the connection is closed.
    if (!upgraded && HOP_BY_HOP.has(name)) continue;
    lines.push(`${raw[i]}: ${raw[i + 1]}`);
  }
  lines.push(`X-Request-Id: ${requestId}`);
  if (!upgraded) lines.push('Connection: close');
  return `${lines.join('\r\n')}\r\n\r\n`;
}

/**
 * The request sent to the backend: the client's headers, its host replaced by the backend's,
 * without the gateway's own (`X-Gateway-User`, `X-Gateway-Tag-*`).
 */
export function upstreamHeaders(
  headers: IncomingHttpHeaders,
  requestId: string,
  backendHost: string,
): IncomingHttpHeaders {
  const forwarded = {
    ...headers,
    host: backendHost,
    'x-request-id': requestId,
  };
  stripGatewayHeaders(forwarded);
  return forwarded;
}

/** An error the gateway answers an upgrade with, in OpenAI's shape. */
export interface UpgradeError {
  message: string;
  type: string;
  code: string;
}

/** An answer the gateway gives itself, before the connection closes. */
export function refuseUpgrade(
  socket: Socket,
  requestId: string,
  status: number,
  { message, type, code }: UpgradeError,
): void {
  if (socket.destroyed || !socket.writable) return;
  const body = JSON.stringify({ error: { message, type, param: null, code } });
  socket.end(
    [
      `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}`,
      'Content-Type: application/json',
      `Content-Length: ${Buffer.byteLength(body)}`,
      `X-Request-Id: ${requestId}`,
      'Connection: close',
      '',
      body,
    ].join('\r\n'),
  );
}
