import 'reflect-metadata';
import { Logger as NestLogger } from '@nestjs/common';
import { Logger } from 'nestjs-pino';
import { NestFactory } from '@nestjs/core';
import type { Environment } from '@app/persistence';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { gatewayConfig, type GatewayConfig } from './config/gateway.config';
import { configureGateway } from './configure-gateway';
import { GatewayAppModule } from './gateway-app.module';
import { silenceHttpProxyDeprecations } from './proxy/http-proxy-warnings';
import { closeOnSignals, drainAndClose } from './shutdown';

/**
 * Starts the gateway configured by `environment`; `handleSignals` is off when another entry
 * point owns the process.
 */
export async function bootstrapGateway(
  environment: Environment,
  handleSignals = true,
): Promise<NestExpressApplication> {
  silenceHttpProxyDeprecations();
  // Bodies pass through as streams: no body parser may consume them first.
  const app = await NestFactory.create<NestExpressApplication>(
    GatewayAppModule.forEnvironment(environment),
    { bodyParser: false, bufferLogs: true, forceCloseConnections: true },
  );
  configureGateway(app);
  if (handleSignals) closeOnSignals(() => drainAndClose(app));
  const config = app.get<GatewayConfig>(gatewayConfig.KEY);
  await app.listen(config.port, config.host);
  app
    .get(Logger)
    .log(
      `gateway listening on ${config.host}:${config.port}, forwarding to ${config.backendUrl}`,
      'Bootstrap',
    );
  return app;
}

if (require.main === module) {
  bootstrapGateway(process.env).catch((error: Error) => {
    NestLogger.error(error.message, error.stack, 'Bootstrap');
    process.exit(1);
  });
}
