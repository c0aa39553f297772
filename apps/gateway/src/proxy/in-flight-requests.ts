import { Injectable, Logger } from '@nestjs/common';
import { RecordWriter, type RequestRecordInput } from '@app/persistence';
import { RequestLogService } from '../common/logging/request-log.service';
import type { RequestExchange } from '../recording/request-exchange';
import { GatewayTelemetry } from '../telemetry/gateway-telemetry';
import type { ProxiedRequest, RequestTracker } from './proxied-request';

/**
 * The requests whose response is still open. Each hands its record to the writer and its line
 * to the log when its response closes; shutdown waits for the last of them before it flushes
 * the writer. Recording never delays or fails a request.
 */
@Injectable()
export class InFlightRequests implements RequestTracker {
  private readonly logger = new Logger(InFlightRequests.name);
  private open = 0;
  private onSettled: (() => void) | null = null;

  constructor(
    private readonly writer: RecordWriter,
    private readonly requestLog: RequestLogService,
    private readonly telemetry: GatewayTelemetry,
  ) {}

  get size(): number {
    return this.open;
  }

  opened(): void {
    this.open++;
    this.telemetry.requestStarted();
  }

  closed(request: ProxiedRequest): void {
    try {
      const record = request.exchange
        ? this.record(request.exchange)
        : undefined;
      this.telemetry.requestEnded(
        request.req.headers,
        request.exchange,
        record,
      );
      this.requestLog.log(
        request.req,
        request.res,
        request.requestId,
        request.startedAt,
        record,
        request.exchange?.attributionNotes(),
      );
    } finally {
      if (--this.open === 0 && this.onSettled) {
        this.onSettled();
        this.onSettled = null;
      }
    }
  }

  /** Settles once every request in flight has handed its record over. */
  settled(): Promise<void> {
    if (this.open === 0) return Promise.resolve();
    return new Promise((resolve) => {
      const previous = this.onSettled;
      this.onSettled = () => {
        previous?.();
        resolve();
      };
    });
  }

  private record(exchange: RequestExchange): RequestRecordInput | undefined {
    try {
      const record = exchange.toRecord();
      this.writer.record(record);
      return record;
    } catch (error) {
      this.logger.error(
        `could not record request ${exchange.requestId}: ${(error as Error).message}`,
      );
    }
  }
}
