import { Global, Module } from '@nestjs/common';
import { GatewayTelemetry } from './gateway-telemetry';
import { TelemetryService } from './telemetry.service';

/** The gateway's metrics: Prometheus on its own port and OTLP, from one set of instruments. */
@Global()
@Module({
  providers: [
    TelemetryService,
    {
      provide: GatewayTelemetry,
      inject: [TelemetryService],
      useFactory: (service: TelemetryService) => service.telemetry,
    },
  ],
  exports: [GatewayTelemetry, TelemetryService],
})
export class TelemetryModule {}
