import {
  request as httpRequest,
  type ClientRequest,
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
import { errorTypeForNetworkError } from '../recording/error-classifier';
import { requestIdOf } from '../proxy/proxied-request';
import { refuseUpgrade, responseHead, upstreamHeaders } from './handshake';
import { RealtimeRecording, type Handshake } from './realtime-recording';
import { RealtimeSession, type SessionSockets } from './realtime-session';
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
    const requestId = requestIdOf(req.headers);
    const path = req.url ?? '/';
    if (!path.startsWith('/v1/')) {
      return refuseUpgrade(socket, requestId, 404, {
        message: `no route for ${req.method ?? 'GET'} ${path.split('?')[0]}`,
        type: 'invalid_request_error',
        code: 'not_found',
      });
    }
    if (req.headers.upgrade?.toLowerCase() !== 'websocket') {
      return refuseUpgrade(socket, requestId, 400, {
        message: 'only WebSocket upgrades are forwarded',
        type: 'invalid_request_error',
        code: 'unsupported_upgrade',
      });
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
    const upstream = this.upstreamRequest(req, handshake.requestId);
    let answered = false;
    // Until the backend answers; a session has its own ending, which lets the close through.
    const abandon = () => upstream.destroy();
    socket.once('close', abandon);
    upstream.on(
      'upgrade',
      (res, upstreamSocket: Socket, upstreamHead: Buffer) => {
        answered = true;
        socket.off('close', abandon);
        if (socket.destroyed) return upstreamSocket.destroy();
        socket.write(responseHead(res, handshake.requestId, true));
        const sockets = {
          client: socket,
          upstream: upstreamSocket,
          clientHead: head,
          upstreamHead,
        };
        this.startSession(res, sockets, handshake);
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

  /** The client's upgrade request as the backend gets it, over a connection of its own. */
  private upstreamRequest(
    req: IncomingMessage,
    requestId: string,
  ): ClientRequest {
    const https = this.backend.protocol === 'https:';
    const basePath = this.backend.pathname.replace(/\/+$/, '');
    const upstream = (https ? httpsRequest : httpRequest)({
      protocol: this.backend.protocol,
      hostname: this.backend.hostname.replace(/^\[|\]$/g, ''),
      port: this.backend.port,
      method: req.method,
      path: basePath + (req.url ?? '/'),
      headers: upstreamHeaders(req.headers, requestId, this.backend.host),
      // An upgraded socket never goes back to a pool.
      agent: false,
    });
    // Only the handshake: the session's socket has no timeout.
    upstream.setTimeout(this.config.upstreamIdleTimeoutMs, () =>
      upstream.destroy(Object.assign(new Error('idle'), { code: 'ETIMEDOUT' })),
    );
    return upstream;
  }

  private startSession(
    res: IncomingMessage,
    sockets: SessionSockets,
    handshake: Handshake,
  ): void {
    const compression = serverCompression(
      res.headers['sec-websocket-extensions'],
    );
    const recorder = this.recording.recorderFor(
      handshake,
      res.statusCode ?? 101,
    );
    const session = new RealtimeSession(sockets, compression, recorder);
    this.sessions.add(session);
    void session.ended.then(() => {
      this.sessions.delete(session);
      this.recording.sessionEnded(handshake, session);
    });
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
    refuseUpgrade(socket, handshake.requestId, status, {
      message,
      type,
      code: error.code ?? type,
    });
  }
}
