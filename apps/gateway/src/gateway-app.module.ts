import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { PersistenceModule, environmentValidator } from '@app/persistence';
import { gatewayConfig } from './config/gateway.config';
import { GatewayEnvironment } from './config/gateway.environment';
import { HealthController } from './health/health.controller';
import { ProxyModule } from './proxy/proxy.module';

@Module({
  imports: [
    ConfigModule.forRoot({
      isGlobal: true,
      ignoreEnvFile: true,
      load: [gatewayConfig],
      validate: environmentValidator(GatewayEnvironment),
    }),
    PersistenceModule.forRoot(),
    ProxyModule,
  ],
  controllers: [HealthController],
})
export class GatewayAppModule {}
