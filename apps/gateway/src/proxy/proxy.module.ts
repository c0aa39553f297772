import { Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { RequestLogInterceptor } from '../common/interceptors/request-log.interceptor';
import { UsageInterceptor } from '../common/interceptors/usage.interceptor';
import { ProxyController } from './proxy.controller';
import { UpstreamProxy } from './upstream-proxy';

@Module({
  controllers: [ProxyController],
  providers: [
    UpstreamProxy,
    // The log interceptor wraps the usage one, so the record exists when the line is written.
    { provide: APP_INTERCEPTOR, useClass: RequestLogInterceptor },
    { provide: APP_INTERCEPTOR, useClass: UsageInterceptor },
  ],
})
export class ProxyModule {}
