import { Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { UsageInterceptor } from '../common/interceptors/usage.interceptor';
import { RequestLogService } from '../common/logging/request-log.service';
import { loadAttribution } from '../attribution/load-attribution';
import { attributionConfig } from '../config/attribution.config';
import { gatewayConfig } from '../config/gateway.config';
import { loadPriceTable } from '../pricing/load-price-table';
import {
  EXCHANGE_SETTINGS,
  type ExchangeSettings,
} from '../recording/request-exchange';
import { InFlightRequests } from './in-flight-requests';
import { ProxyController } from './proxy.controller';
import { UpstreamProxy } from './upstream-proxy';

/** Built once at start-up: a bad names or prices file stops the gateway here. */
function exchangeSettings(
  attribution: ReturnType<typeof attributionConfig>,
  gateway: ReturnType<typeof gatewayConfig>,
): ExchangeSettings {
  return {
    injectStreamUsage: gateway.injectStreamUsage,
    attribution: loadAttribution(attribution),
    prices: loadPriceTable(attribution, gateway.backendUrl),
  };
}

@Module({
  controllers: [ProxyController],
  providers: [
    UpstreamProxy,
    RequestLogService,
    InFlightRequests,
    {
      provide: EXCHANGE_SETTINGS,
      useFactory: exchangeSettings,
      inject: [attributionConfig.KEY, gatewayConfig.KEY],
    },
    { provide: APP_INTERCEPTOR, useClass: UsageInterceptor },
  ],
  exports: [InFlightRequests, EXCHANGE_SETTINGS],
})
export class ProxyModule {}
