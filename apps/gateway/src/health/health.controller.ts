import { Controller, Get, Inject } from '@nestjs/common';
import type { PriceTableVersion } from '../pricing/price-table';
import {
  EXCHANGE_SETTINGS,
  type ExchangeSettings,
} from '../recording/request-exchange';

export interface GatewayHealth {
  status: 'healthy';
  timestamp: string;
  /** Which prices the gateway costs requests with: the package's version, the file's digest. */
  details: { prices: PriceTableVersion };
}

/** Liveness for Kubernetes: answers without touching the backend or the database. */
@Controller('health')
export class HealthController {
  constructor(
    @Inject(EXCHANGE_SETTINGS) private readonly settings: ExchangeSettings,
  ) {}

  @Get()
  check(): GatewayHealth {
    return {
      status: 'healthy',
      timestamp: new Date().toISOString(),
      details: { prices: this.settings.prices.version() },
    };
  }
}
