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
  const server: Server = app.getHttpServer();
  // Longer than the load balancer's idle timeout, so it is always the balancer that closes.
  server.keepAliveTimeout = config.keepAliveTimeoutMs;
  server.headersTimeout = config.keepAliveTimeoutMs + 1_000;
  // Streams may run for many minutes; the upstream idle timeout guards them instead.
  server.requestTimeout = 0;
  return app;
}
