import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { APP_FILTER } from '@nestjs/core';
import { LoggerModule } from 'nestjs-pino';
import { PersistenceModule, environmentValidator } from '@app/persistence';
import { OpenAiExceptionFilter } from './common/filters/openai-exception.filter';
import { gatewayConfig } from './config/gateway.config';
import { GatewayEnvironment } from './config/gateway.environment';
import { gatewayLoggerParams } from './config/logger.config';
import { HealthController } from './health/health.controller';
import { ProxyModule } from './proxy/proxy.module';
import { TelemetryModule } from './telemetry/telemetry.module';

@Module({
  imports: [
    ConfigModule.forRoot({
      isGlobal: true,
      ignoreEnvFile: true,
      load: [gatewayConfig],
      validate: environmentValidator(GatewayEnvironment),
    }),
    LoggerModule.forRoot(gatewayLoggerParams()),
    PersistenceModule.forRoot({ writer: true }),
    ProxyModule,
    TelemetryModule,
  ],
  controllers: [HealthController],
  providers: [{ provide: APP_FILTER, useClass: OpenAiExceptionFilter }],
})
export class GatewayAppModule {}
