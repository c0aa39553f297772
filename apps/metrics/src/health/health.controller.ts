import { Controller, Get } from '@nestjs/common';
import {
  ApiOkResponse,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import {
  HealthCheck,
  HealthCheckService,
  TypeOrmHealthIndicator,
} from '@nestjs/terminus';
import { Public } from '../common/decorators/public.decorator';
import { HealthFailureDto } from './dto/health-failure.dto';
import { HealthStatusDto } from './dto/health-status.dto';

@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
  ) {}

  /** Readiness: 200 while the database answers a ping, 503 with the details when it does not. */
  @Get()
  @HealthCheck({ swaggerDocumentation: false })
  @ApiOkResponse({ type: HealthStatusDto })
  @ApiServiceUnavailableResponse({
    type: HealthFailureDto,
    description: 'The database does not answer.',
  })
  async check(): Promise<HealthStatusDto> {
    const result = await this.health.check([
      () => this.database.pingCheck('database', { timeout: 2_000 }),
    ]);
    return {
      status: 'healthy',
      timestamp: new Date().toISOString(),
      details: result.details,
    };
  }

  /** Liveness: answers without touching the database. */
  @Get('live')
  @ApiOkResponse({ type: HealthStatusDto })
  live(): HealthStatusDto {
    return { status: 'healthy', timestamp: new Date().toISOString() };
  }
}
