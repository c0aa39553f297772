import {
  Agent as HttpAgent,
  type ClientRequest,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { PassThrough } from 'node:stream';
import { parse as parseUrl } from 'node:url';
import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import HttpProxy from 'http-proxy';
import { gatewayConfig } from '../config/gateway.config';
import { errorTypeForNetworkError } from '../recording/error-classifier';
import { GatewayTelemetry } from '../telemetry/gateway-telemetry';
import type { RequestExchange } from '../recording/request-exchange';
import { refuseRequest, sendOpenAiError } from './openai-error';
import { BodyTimeoutError, BodyTooLargeError, readBody } from './read-body';
import { contextOf, type RequestContext } from './request-context';
import { relayResponse } from './response-relay';

/**
 * Forwards requests to the backend over a keep-alive pool: method, path, query, headers and
 * body unchanged. Recorded requests are read first (to learn model and stream) and their
 * responses pass through the exchange; everything else streams straight through.
 */
@Injectable()
export class UpstreamProxy implements OnModuleDestroy {
  private readonly agent: HttpAgent;
  private readonly proxy: HttpProxy;

  constructor(
    @Inject(gatewayConfig.KEY)
    private readonly config: ConfigType<typeof gatewayConfig>,
    private readonly telemetry: GatewayTelemetry,
  ) {
    const Agent = config.backendUrl.startsWith('https:')
      ? HttpsAgent
      : HttpAgent;
    this.agent = new Agent({
      keepAlive: true,
      maxSockets: config.upstreamMaxSockets,
    });
    this.proxy = HttpProxy.createProxyServer({
      // Parsed once here: given as a string, http-proxy parses it again for every request,
      // with the same legacy parser.
      target: parseUrl(config.backendUrl),
      changeOrigin: true,
      agent: this.agent,
    });
    this.proxy.on('proxyReq', (upstreamRequest, req) =>
      this.onUpstreamRequest(upstreamRequest, req),
    );
    this.proxy.on('proxyRes', (upstream, req, res) =>
      this.onUpstreamResponse(upstream, req, res),
    );
  }

  onModuleDestroy(): void {
    this.agent.destroy();
  }

  /** Forwards one request; settles when the client's response is over, however it ended. */
  forward(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const context = contextOf(req);
    req.headers['x-request-id'] = context.requestId;
    // Node has already told the client to continue; forwarded, the header would keep
    // http-proxy from emitting proxyReq, and with it the idle timeout
    // (http-party/node-http-proxy#1219).
    if (req.headers.expect !== undefined) delete req.headers.expect;
    const done = new Promise<void>((resolve) =>
      res.once('close', () => {
        if (!res.writableFinished) {
          context.exchange?.fail(
            'client_disconnected',
            'the client went away before the response ended',
          );
          context.upstreamRequest?.destroy();
        }
        resolve();
      }),
    );
    if (context.exchange)
      this.forwardRecorded(req, res, context, context.exchange);
    else
      this.proxy.web(req, res, {}, (error) =>
        this.onProxyError(error, res, context),
      );
    return done;
  }

  private forwardRecorded(
    req: IncomingMessage,
    res: ServerResponse,
    context: RequestContext,
    exchange: RequestExchange,
  ): void {
    const { maxBodyBytes, requestBodyTimeoutMs } = this.config;
    readBody(req, maxBodyBytes, requestBodyTimeoutMs).then(
      (body) => {
        const upstreamBody = exchange.prepareRequest(body);
        if (upstreamBody !== body || req.headers['transfer-encoding']) {
          delete req.headers['transfer-encoding'];
          req.headers['content-length'] = String(upstreamBody.length);
        }
        // A compressed event stream could not be watched; clients do not compress SSE anyway.
        if (exchange.wantsStream) req.headers['accept-encoding'] = 'identity';
        const buffer = new PassThrough();
        buffer.end(upstreamBody);
        this.proxy.web(
          req,
          res,
          { selfHandleResponse: true, buffer },
          (error) => this.onProxyError(error, res, context),
        );
      },
      (error: Error) => this.onBodyError(error, res, exchange),
    );
  }

  private onBodyError(
    error: Error,
    res: ServerResponse,
    exchange: RequestExchange,
  ): void {
    if (error instanceof BodyTooLargeError) {
      exchange.fail('invalid_request', error.message, 413);
      refuseRequest(res, 413, error.message, 'request_too_large');
    } else if (error instanceof BodyTimeoutError) {
      // Recorded as the client's failure: the backend never saw the request.
      exchange.fail('client_disconnected', error.message, 408);
      refuseRequest(res, 408, error.message, 'request_timeout');
    } else {
      exchange.fail('client_disconnected', error.message);
    }
  }

  private onUpstreamRequest(
    upstreamRequest: ClientRequest,
    req: IncomingMessage,
  ): void {
    const context = contextOf(req);
    context.upstreamRequest = upstreamRequest;
    this.telemetry.upstreamRequestSent(context.exchange);
    // Hop-by-hop: a client's `Connection: close` must not close the pooled backend socket.
    upstreamRequest.removeHeader('connection');
    upstreamRequest.removeHeader('keep-alive');
    // Idle, not total: a stream that keeps sending is never cut.
    upstreamRequest.setTimeout(this.config.upstreamIdleTimeoutMs, () => {
      context.timedOut = true;
      // Recorded first: once the response has started, destroying it reads as an interruption.
      context.exchange?.fail('timeout', this.idleTimeoutMessage());
      upstreamRequest.destroy();
    });
  }

  private onUpstreamResponse(
    upstream: IncomingMessage,
    req: IncomingMessage,
    res: ServerResponse,
  ): void {
    const context = contextOf(req);
    const backendId = upstream.headers['x-request-id'];
    if (backendId && backendId !== context.requestId)
      upstream.headers['x-backend-request-id'] = backendId;
    upstream.headers['x-request-id'] = context.requestId;
    if (context.exchange) {
      relayResponse(upstream, res, context.exchange, this.telemetry);
      return;
    }
    upstream.once('close', () => {
      if (!upstream.complete) res.destroy();
    });
  }

  private onProxyError(
    error: NodeJS.ErrnoException,
    res: ServerResponse,
    context: RequestContext,
  ): void {
    const { exchange } = context;
    if (res.destroyed || res.writableEnded) return;
    if (res.headersSent) {
      exchange?.fail(
        context.timedOut ? 'timeout' : 'stream_interrupted',
        error.message,
      );
      res.destroy();
      return;
    }
    const type = context.timedOut ? 'timeout' : errorTypeForNetworkError(error);
    const status = type === 'timeout' ? 504 : 502;
    const message =
      type === 'timeout'
        ? this.idleTimeoutMessage()
        : `the backend could not be reached (${error.code ?? error.message})`;
    exchange?.fail(type, message, status);
    res.setHeader('x-request-id', context.requestId);
    // After the idle timeout the socket error is the gateway's own reset, not the backend's.
    const code = context.timedOut ? 'timeout' : (error.code ?? type);
    sendOpenAiError(res, status, message, type, code);
  }

  private idleTimeoutMessage(): string {
    return `the backend sent nothing for ${this.config.upstreamIdleTimeoutMs} ms`;
  }
}
