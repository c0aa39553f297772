import { Controller, Get } from '@nestjs/common';
import { RecordWriter, type RecordWriterStats } from '@app/persistence';

export interface GatewayHealth {
  status: 'healthy';
  timestamp: string;
  /** The records not yet in the database, and the spool holding them (null when off). */
  details: { recording: RecordWriterStats };
}

/** Liveness for Kubernetes: answers without touching the backend or the database. */
@Controller('health')
export class HealthController {
  constructor(private readonly writer: RecordWriter) {}

  @Get()
  check(): GatewayHealth {
    return {
      status: 'healthy',
      timestamp: new Date().toISOString(),
      details: { recording: this.writer.stats() },
    };
  }
}
