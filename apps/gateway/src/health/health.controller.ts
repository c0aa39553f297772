import { Controller, Get } from '@nestjs/common';

/** Liveness for Kubernetes: answers without touching the backend or the database. */
@Controller('health')
export class HealthController {
  @Get()
  check(): { status: 'healthy'; timestamp: string } {
    return { status: 'healthy', timestamp: new Date().toISOString() };
  }
}
