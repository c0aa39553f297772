import { randomUUID } from 'node:crypto';
import {
  request as httpRequest,
  type IncomingMessage,
  type Server,
} from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { Socket } from 'node:net';
import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  OnApplicationBootstrap,
} from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { HttpAdapterHost } from '@nestjs/core';
import { gatewayConfig } from '../config/gateway.config';
import { VALID_REQUEST_ID } from '../proxy/request-context';
import { errorTypeForNetworkError } from '../recording/error-classifier';
import { refuseUpgrade, responseHead, upstreamHeaders } from './handshake';
import { RealtimeRecording, type Handshake } from './realtime-recording';
import { RealtimeSession } from './realtime-session';
import { serverCompression } from './server-event-reader';

/** How long the sessions told to close at shutdown may take to say goodbye. */
const SHUTDOWN_CLOSE_MS = 2_000;

/**
 * Forwards WebSocket upgrades on `/v1/` to the backend (the Realtime API and any other):
 * the handshake is the client's, the answer the backend's, and the session's bytes then flow
 * through unchanged. Upgrades never reach Express, so this sits on the HTTP server itself.
 */
@Injectable()
export class RealtimeProxy
  implements OnApplicationBootstrap, BeforeApplicationShutdown
{
  private readonly sessions = new Set<RealtimeSession>();
  private readonly backend: URL;

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly recording: RealtimeRecording,
    @Inject(gatewayConfig.KEY)
    private readonly config: ConfigType<typeof gatewayConfig>,
  ) {
    this.backend = new URL(config.backendUrl);
  }

  onApplicationBootstrap(): void {
    const server = this.adapterHost.httpAdapter.getHttpServer() as Server;
    server.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) =>
      this.onUpgrade(req, socket, head),
    );
  }

  /** Sessions still open when the app closes get a 1001 close; waits for them to end. */
  async beforeApplicationShutdown(): Promise<void> {
    const ended = [...this.sessions].map((session) => {
      session.shutdown();
      return session.ended;
    });
    const timeout = new Promise((resolve) =>
      setTimeout(resolve, SHUTDOWN_CLOSE_MS).unref(),
    );
    await Promise.race([Promise.all(ended), timeout]);
  }

  private onUpgrade(req: IncomingMessage, socket: Socket, head: Buffer): void {
    socket.on('error', () => socket.destroy());
    const given = req.headers['x-request-id'];
    const requestId =
      typeof given === 'string' && VALID_REQUEST_ID.test(given)
        ? given
        : randomUUID();
    const path = req.url ?? '/';
    if (!path.startsWith('/v1/')) {
      const message = `no route for ${req.method ?? 'GET'} ${path.split('?')[0]}`;
      return refuseUpgrade(
        socket,
        404,
        message,
        'invalid_request_error',
        'not_found',
        requestId,
      );
    }
    if (req.headers.upgrade?.toLowerCase() !== 'websocket') {
      const message = 'only WebSocket upgrades are forwarded';
      return refuseUpgrade(
        socket,
        400,
        message,
        'invalid_request_error',
        'unsupported_upgrade',
        requestId,
      );
    }
    const handshake = this.recording.handshake(req, requestId);
    this.forward(req, socket, head, handshake);
  }

  private forward(
    req: IncomingMessage,
    socket: Socket,
    head: Buffer,
    handshake: Handshake,
  ): void {
    const https = this.backend.protocol === 'https:';
    const basePath = this.backend.pathname.replace(/\/+$/, '');
    const upstream = (https ? httpsRequest : httpRequest)({
      protocol: this.backend.protocol,
      hostname: this.backend.hostname.replace(/^\[|\]$/g, ''),
      port: this.backend.port,
      method: req.method,
      path: basePath + (req.url ?? '/'),
      headers: upstreamHeaders(
        req.headers,
        handshake.requestId,
        this.backend.host,
      ),
      // An upgraded socket never goes back to a pool.
      agent: false,
    });
    upstream.setTimeout(this.config.upstreamIdleTimeoutMs, () =>
      upstream.destroy(Object.assign(new Error('idle'), { code: 'ETIMEDOUT' })),
    );
    let answered = false;
    socket.once('close', () => upstream.destroy());
    upstream.on(
      'upgrade',
      (res, upstreamSocket: Socket, upstreamHead: Buffer) => {
        answered = true;
        if (socket.destroyed) return upstreamSocket.destroy();
        socket.write(responseHead(res, handshake.requestId, true));
        const compression = serverCompression(
          res.headers['sec-websocket-extensions'],
        );
        const session = new RealtimeSession(
          {
            client: socket,
            upstream: upstreamSocket,
            clientHead: head,
            upstreamHead,
          },
          compression,
          this.recording.recorderFor(handshake, res.statusCode ?? 101),
        );
        this.sessions.add(session);
        void session.ended.then(() => {
          this.sessions.delete(session);
          this.recording.sessionEnded(handshake, session);
        });
      },
    );
    upstream.on('response', (res) => {
      answered = true;
      socket.write(responseHead(res, handshake.requestId, false));
      res.pipe(socket);
      this.recording.refused(handshake, res.statusCode ?? 502);
    });
    upstream.on('error', (error: NodeJS.ErrnoException) => {
      // Once the backend has answered, its answer is what the client gets, cut short.
      if (answered) socket.destroy();
      else this.onUpstreamError(error, socket, handshake);
    });
    upstream.end();
  }

  private onUpstreamError(
    error: NodeJS.ErrnoException,
    socket: Socket,
    handshake: Handshake,
  ): void {
    if (socket.destroyed) return;
    const type = errorTypeForNetworkError(error);
    const status = type === 'timeout' ? 504 : 502;
    const message =
      type === 'timeout'
        ? `the backend sent nothing for ${this.config.upstreamIdleTimeoutMs} ms`
        : `the backend could not be reached (${error.code ?? error.message})`;
    this.recording.unreachable(handshake, type, message, status);
    refuseUpgrade(
      socket,
      status,
      message,
      type,
      error.code ?? type,
      handshake.requestId,
    );
  }
}
