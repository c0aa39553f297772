import {
  Agent as HttpAgent,
  type ClientRequest,
  type IncomingMessage,
} from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { PassThrough } from 'node:stream';
import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import HttpProxy from 'http-proxy';
import { stripGatewayHeaders } from '../attribution/gateway-headers';
import { gatewayConfig } from '../config/gateway.config';
import type { FailureCause } from '../recording/error-classifier';
import { GatewayTelemetry } from '../telemetry/gateway-telemetry';
import type { RequestExchange } from '../recording/request-exchange';
import { backendTarget } from './backend-target';
import type { ProxiedRequest } from './proxied-request';
import { bodyFailure, readBody } from './read-body';
import { relayResponse } from './response-relay';

/** http-proxy's per-call options, which it gives back with the proxyReq event. */
interface ForwardOptions extends HttpProxy.ServerOptions {
  request: ProxiedRequest;
}

/**
 * Takes out http-proxy's `deleteLength` step, which gives a DELETE or OPTIONS without a
 * Content-Length a `Content-Length: 0` and drops its Transfer-Encoding: a chunked body was then
 * sent unframed behind a request that said it had none, lost to the backend or read by it as
 * the start of the next request on the connection. Node frames such a body itself. Upstream:
 * https://github.com/http-party/node-http-proxy/issues/1343
 */
function withoutDeleteLength(proxy: HttpProxy): void {
  const passes = proxy as unknown as { webPasses: { name: string }[] };
  passes.webPasses = passes.webPasses.filter(
    ({ name }) => name !== 'deleteLength',
  );
}

/**
 * Forwards requests to the backend over a keep-alive pool: method, path, query, headers and
 * body unchanged. Recorded requests are read first (to learn model and stream) and their
 * responses pass through the exchange; everything else streams straight through. Each step
 * gets the request's owner as an argument: in http-proxy's options, or in a closure per call
 * where Node's callbacks have no room for it.
 */
@Injectable()
export class UpstreamProxy implements OnModuleDestroy {
  private readonly agent: HttpAgent;
  private readonly proxy: HttpProxy;
  private readonly idleTimeout: FailureCause;

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
      // Parsed once here: given as a string, http-proxy parses it again for every request.
      target: backendTarget(config.backendUrl),
      changeOrigin: true,
      agent: this.agent,
    });
    withoutDeleteLength(this.proxy);
    this.idleTimeout = {
      kind: 'idle_timeout',
      idleMs: config.upstreamIdleTimeoutMs,
    };
    this.proxy.on('proxyReq', (upstreamRequest, _req, _res, options) =>
      this.onUpstreamRequest(
        upstreamRequest,
        (options as ForwardOptions).request,
      ),
    );
    this.proxy.on('proxyRes', labelResponse);
  }

  onModuleDestroy(): void {
    this.agent.destroy();
  }

  forward(request: ProxiedRequest): void {
    const { req, res, exchange } = request;
    req.headers['x-request-id'] = request.requestId;
    // Node has already told the client to continue; forwarded, the header would keep
    // http-proxy from emitting proxyReq, and with it the idle timeout
    // (http-party/node-http-proxy#1219).
    if (req.headers.expect !== undefined) delete req.headers.expect;
    // The gateway's own headers; the exchange read them when the request arrived.
    stripGatewayHeaders(req.headers);
    if (exchange) {
      this.forwardRecorded(request, exchange);
      return;
    }
    const options: ForwardOptions = { request };
    this.proxy.web(req, res, options, (error) =>
      this.onProxyError(error, request),
    );
  }

  private forwardRecorded(
    request: ProxiedRequest,
    exchange: RequestExchange,
  ): void {
    const { req, res } = request;
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
        const options: ForwardOptions = {
          selfHandleResponse: true,
          buffer,
          request,
        };
        this.proxy.web(req, res, options, (error) =>
          this.onProxyError(error, request),
        );
      },
      (error: Error) => request.fail(bodyFailure(error)),
    );
  }

  private onUpstreamRequest(
    upstreamRequest: ClientRequest,
    request: ProxiedRequest,
  ): void {
    request.upstreamRequest = upstreamRequest;
    this.telemetry.upstreamRequestSent(request.exchange);
    // Hop-by-hop: a client's `Connection: close` must not close the pooled backend socket.
    upstreamRequest.removeHeader('connection');
    upstreamRequest.removeHeader('keep-alive');
    // Idle, not total: a stream that keeps sending is never cut.
    upstreamRequest.setTimeout(this.config.upstreamIdleTimeoutMs, () =>
      this.onIdleTimeout(request),
    );
    // After http-proxy's own listener, which has emitted proxyRes by then.
    upstreamRequest.on('response', (upstream: IncomingMessage) =>
      this.onUpstreamResponse(upstream, request),
    );
  }

  private onIdleTimeout(request: ProxiedRequest): void {
    request.timedOut = true;
    // Reported first: once the response has started, destroying it reads as an interruption.
    request.fail(this.idleTimeout);
    request.upstreamRequest?.destroy();
  }

  private onUpstreamResponse(
    upstream: IncomingMessage,
    request: ProxiedRequest,
  ): void {
    if (request.exchange) {
      relayResponse(upstream, request, request.exchange, this.telemetry);
      return;
    }
    upstream.once('close', () => {
      if (!upstream.complete) request.res.destroy();
    });
  }

  private onProxyError(
    error: NodeJS.ErrnoException,
    request: ProxiedRequest,
  ): void {
    const { res } = request;
    if (res.destroyed || res.writableEnded) return;
    // After the idle timeout the socket error is the gateway's own reset, not the backend's.
    if (request.timedOut) request.fail(this.idleTimeout);
    else if (res.headersSent) request.fail({ kind: 'connection_lost', error });
    else
      request.fail({
        kind: 'unreachable',
        error,
        idleMs: this.config.upstreamIdleTimeoutMs,
      });
  }
}

/**
 * Tags the backend's answer with the request's id (forward() put it on the request), keeping
 * the backend's own as X-Backend-Request-Id. On proxyRes, before http-proxy copies the headers.
 */
function labelResponse(upstream: IncomingMessage, req: IncomingMessage): void {
  const requestId = req.headers['x-request-id'] as string;
  const backendId = upstream.headers['x-request-id'];
  if (backendId && backendId !== requestId)
    upstream.headers['x-backend-request-id'] = backendId;
  upstream.headers['x-request-id'] = requestId;
}
