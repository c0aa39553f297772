import type { Server } from 'node:http';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from 'nestjs-pino';
import { gatewayConfig, type GatewayConfig } from './config/gateway.config';

/** Everything main.ts sets up beyond the module, shared with the e2e tests. */
export function configureGateway(
  app: NestExpressApplication,
): NestExpressApplication {
  const config = app.get<GatewayConfig>(gatewayConfig.KEY);
  app.useLogger(app.get(Logger));
  app.set('trust proxy', config.trustProxy);
  app.disable('x-powered-by');
  app.disable('etag');
  // connectionsCheckingInterval is a constructor option that Node keeps on the server and
  // reads when it starts listening; Nest builds the server without options.
  const server: Server & { connectionsCheckingInterval?: number } =
    app.getHttpServer();
  // Longer than the load balancer's idle timeout, so it is always the balancer that closes.
  server.keepAliveTimeout = config.keepAliveTimeoutMs;
  // Node times out only the receiving of a request (a response streamed afterwards is not
  // cut). It enforces the longer of the two timeouts as the request's, so the headers' must
  // not exceed it; and it checks on a timer, every 30 s unless told otherwise.
  server.requestTimeout = config.requestTimeoutMs;
  server.headersTimeout =
    config.requestTimeoutMs > 0
      ? Math.min(config.keepAliveTimeoutMs + 1_000, config.requestTimeoutMs)
      : config.keepAliveTimeoutMs + 1_000;
  server.connectionsCheckingInterval = checkingIntervalMs(
    server.headersTimeout,
    config.requestTimeoutMs,
  );
  return app;
}

/** A tenth of the shortest timeout, so that each is enforced within 10% of its length. */
function checkingIntervalMs(...timeoutsMs: number[]): number {
  const shortest = Math.min(...timeoutsMs.filter((ms) => ms > 0));
  return Math.min(30_000, Math.max(100, Math.floor(shortest / 10)));
}
