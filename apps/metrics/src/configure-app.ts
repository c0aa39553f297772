import { ValidationPipe } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { ReservedQueryKeysPipe } from './common/pipes/reserved-query-keys.pipe';
import { NEXT_PAGE_HEADERS } from './completion-requests/next-page-headers';
import { metricsConfig, type MetricsConfig } from './config/metrics.config';

/** Everything main.ts sets up beyond the module, shared with the e2e tests. */
export function configureApp(
  app: NestExpressApplication,
): NestExpressApplication {
  const config = app.get<MetricsConfig>(metricsConfig.KEY);
  app.useLogger(app.get(Logger));
  app.disable('x-powered-by');
  app.useGlobalPipes(
    new ReservedQueryKeysPipe(),
    new ValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      stopAtFirstError: true,
    }),
  );
  app.enableCors({
    origin: config.corsOrigins.includes('*') ? '*' : config.corsOrigins,
    methods: ['GET', 'HEAD', 'OPTIONS'],
    allowedHeaders: ['Authorization', 'Content-Type'],
    exposedHeaders: NEXT_PAGE_HEADERS,
    maxAge: 600,
  });
  if (config.docs) setUpDocs(app);
  return app;
}

/** Swagger UI at /docs, the OpenAPI document at /docs-json. */
function setUpDocs(app: NestExpressApplication): void {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('LLM gateway metrics')
      .setDescription(
        'Read-only API over the requests recorded by the gateway.',
      )
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
}
