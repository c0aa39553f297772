import 'reflect-metadata';
import { INestApplication, Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { Environment } from '@app/persistence';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { metricsConfig, type MetricsConfig } from './config/metrics.config';
import { configureApp } from './configure-app';
import { MetricsAppModule } from './metrics-app.module';

/**
 * Starts the metrics API configured by `environment`; `handleSignals` is off when another
 * entry point owns the process.
 */
export async function bootstrapMetrics(
  environment: Environment,
  handleSignals = true,
): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(
    MetricsAppModule.forEnvironment(environment),
    {
      bufferLogs: true,
    },
  );
  configureApp(app);
  if (handleSignals) app.enableShutdownHooks();
  const { port, host } = app.get<MetricsConfig>(metricsConfig.KEY);
  await app.listen(port, host);
  Logger.log(
    `metrics API listening on ${host}:${port} (docs at /docs)`,
    'Bootstrap',
  );
  return app;
}

if (require.main === module) {
  bootstrapMetrics(process.env).catch((error: Error) => {
    Logger.error(error.message, error.stack, 'Bootstrap');
    process.exit(1);
  });
}
