import { ApiProperty } from '@nestjs/swagger';

type Indicators = Record<string, { status: string; message?: string }>;

/** Terminus's answer when a check fails, sent as is with a 503. */
export class HealthFailureDto {
  /** Always "error" on a 503 answer. */
  @ApiProperty({ example: 'error' })
  status: 'error';

  /** The checks that passed. */
  @ApiProperty({ example: {} })
  info: Indicators;

  /** The checks that failed, with terminus's message when it gives one. */
  @ApiProperty({ example: { database: { status: 'down' } } })
  error: Indicators;

  /** Every check and its state. */
  @ApiProperty({ example: { database: { status: 'down' } } })
  details: Indicators;
}
