import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { LoggerModule } from 'nestjs-pino';
import {
  PersistenceModule,
  configProvider,
  databaseConfig,
  loadEnvironment,
  spoolConfig,
  type Environment,
} from '@app/persistence';
import { OpenAiExceptionFilter } from './common/filters/openai-exception.filter';
import { attributionConfig } from './config/attribution.config';
import { gatewayConfig } from './config/gateway.config';
import { GatewayEnvironment } from './config/gateway.environment';
import { telemetryConfig } from './config/telemetry.config';
import { gatewayLoggerParams } from './config/logger.config';
import { HealthController } from './health/health.controller';
import { ProxyModule } from './proxy/proxy.module';
import { RealtimeModule } from './realtime/realtime.module';
import { TelemetryModule } from './telemetry/telemetry.module';

/** The gateway's settings, read from the environment once and provided to every module. */
@Module({})
class GatewaySettingsModule {
  static forEnvironment(environment: GatewayEnvironment): DynamicModule {
    const providers = [
      configProvider(gatewayConfig, environment),
      configProvider(telemetryConfig, environment),
      configProvider(attributionConfig, environment),
    ];
    return {
      module: GatewaySettingsModule,
      global: true,
      providers,
      exports: providers.map((provider) => provider.provide),
    };
  }
}

@Module({})
export class GatewayAppModule {
  /** Refuses (throws, naming every bad key) an environment that does not validate. */
  static forEnvironment(environment: Environment): DynamicModule {
    const settings = loadEnvironment(GatewayEnvironment, environment);
    return {
      module: GatewayAppModule,
      imports: [
        GatewaySettingsModule.forEnvironment(settings),
        LoggerModule.forRoot(gatewayLoggerParams(settings.LOG_LEVEL)),
        PersistenceModule.forRoot({
          writer: true,
          database: databaseConfig(settings),
          spool: spoolConfig(settings),
        }),
        ProxyModule,
        RealtimeModule,
        TelemetryModule,
      ],
      controllers: [HealthController],
      providers: [{ provide: APP_FILTER, useClass: OpenAiExceptionFilter }],
    };
  }
}
