import {
  CallHandler,
  ExecutionContext,
  Inject,
  Injectable,
  Logger,
  NestInterceptor,
} from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import type { Request, Response } from 'express';
import { finalize, type Observable } from 'rxjs';
import {
  RecordWriter,
  type Endpoint,
  type RequestRecordInput,
} from '@app/persistence';
import { gatewayConfig } from '../../config/gateway.config';
import { contextOf } from '../../proxy/request-context';
import { resolveOrigin } from '../../recording/origin-resolver';
import { RequestExchange } from '../../recording/request-exchange';
import { GatewayTelemetry } from '../../telemetry/gateway-telemetry';
import { RequestLogService } from '../logging/request-log.service';

const RECORDED_PATHS = new Map<string, Endpoint>([
  ['/v1/chat/completions', 'chat.completions'],
  ['/v1/completions', 'completions'],
  ['/v1/responses', 'responses'],
  ['/v1/embeddings', 'embeddings'],
]);

/**
 * Watches each inference request while it is proxied (its usage and timing), hands one record
 * to the writer when it is over, then logs every /v1/ request. One interceptor rather than a
 * recording and a logging one: each interceptor in Nest's chain costs every request a
 * deferred Observable and a bound async resource. Recording never delays or fails the request.
 */
@Injectable()
export class UsageInterceptor implements NestInterceptor {
  private readonly logger = new Logger(UsageInterceptor.name);

  constructor(
    private readonly writer: RecordWriter,
    private readonly requestLog: RequestLogService,
    @Inject(gatewayConfig.KEY)
    private readonly config: ConfigType<typeof gatewayConfig>,
    private readonly telemetry: GatewayTelemetry,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = context.switchToHttp();
    const req = http.getRequest<Request>();
    const path = req.path;
    // Probes of /health every few seconds would drown the lines that matter.
    if (!path.startsWith('/v1/')) return next.handle();
    const startedAt = performance.now();
    this.telemetry.requestStarted();
    const requestContext = contextOf(req);
    const exchange = this.exchangeFor(req, path, requestContext.requestId);
    requestContext.exchange = exchange;
    const res = http.getResponse<Response>();
    return next.handle().pipe(
      finalize(() => {
        const record = exchange && this.record(exchange);
        this.telemetry.requestEnded(req.headers, exchange, record);
        this.requestLog.log(
          req,
          res,
          requestContext.requestId,
          startedAt,
          record,
        );
      }),
    );
  }

  /** An exchange for the inference routes, whose usage is recorded; none for the others. */
  private exchangeFor(
    req: Request,
    path: string,
    requestId: string,
  ): RequestExchange | undefined {
    const endpoint = req.method === 'POST' ? endpointOf(path) : undefined;
    if (!endpoint) return undefined;
    return new RequestExchange(
      endpoint,
      requestId,
      resolveOrigin(req.headers),
      this.config.injectStreamUsage,
    );
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

function endpointOf(path: string): Endpoint | undefined {
  return RECORDED_PATHS.get(
    path.endsWith('/') ? path.replace(/\/+$/, '') : path,
  );
}
