import { Global, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { CLOCK, systemClock } from './clock/clock';
import { DatabaseUnavailableFilter } from './filters/database-unavailable.filter';
import { ApiTokenGuard } from './guards/api-token.guard';

/** What every feature of the metrics API shares: the clock, the token guard, the 503 filter. */
@Global()
@Module({
  providers: [
    { provide: CLOCK, useValue: systemClock },
    { provide: APP_GUARD, useClass: ApiTokenGuard },
    { provide: APP_FILTER, useClass: DatabaseUnavailableFilter },
  ],
  exports: [CLOCK],
})
export class CommonModule {}
