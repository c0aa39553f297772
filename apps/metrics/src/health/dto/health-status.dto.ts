import { ApiProperty } from '@nestjs/swagger';

export class HealthStatusDto {
  /** Always "healthy" on a 200 answer. */
  @ApiProperty({ example: 'healthy' })
  status: 'healthy';

  /** When the check ran, ISO 8601 UTC. */
  @ApiProperty({ example: '2024-01-15T10:30:00.000Z' })
  timestamp: string;

  /** Each dependency checked and its state (readiness only). */
  @ApiProperty({ required: false, example: { database: { status: 'up' } } })
  details?: Record<string, { status: string }>;
}
