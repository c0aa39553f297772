import { Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { UsageInterceptor } from '../common/interceptors/usage.interceptor';
import { RequestLogService } from '../common/logging/request-log.service';
import { InFlightRequests } from './in-flight-requests';
import { ProxyController } from './proxy.controller';
import { UpstreamProxy } from './upstream-proxy';

@Module({
  controllers: [ProxyController],
  providers: [
    UpstreamProxy,
    RequestLogService,
    InFlightRequests,
    { provide: APP_INTERCEPTOR, useClass: UsageInterceptor },
  ],
  exports: [InFlightRequests],
})
export class ProxyModule {}
