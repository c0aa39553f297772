import { Controller, Get, Inject } from '@nestjs/common';
import { RecordWriter, type RecordWriterStats } from '@app/persistence';
import type { PriceTableVersion } from '../pricing/price-table';
import {
  EXCHANGE_SETTINGS,
  type ExchangeSettings,
} from '../recording/request-exchange';

export interface GatewayHealth {
  status: 'healthy';
  timestamp: string;
  /**
   * The records not yet in the database, and the spool holding them (null when off); which
   * prices the gateway costs requests with: the package's version, the file's digest.
   */
  details: { recording: RecordWriterStats; prices: PriceTableVersion };
}

/** Liveness for Kubernetes: answers without touching the backend or the database. */
@Controller('health')
export class HealthController {
  constructor(
    private readonly writer: RecordWriter,
    @Inject(EXCHANGE_SETTINGS) private readonly settings: ExchangeSettings,
  ) {}

  @Get()
  check(): GatewayHealth {
    return {
      status: 'healthy',
      timestamp: new Date().toISOString(),
      details: {
        recording: this.writer.stats(),
        prices: this.settings.prices.version(),
      },
    };
  }
}
