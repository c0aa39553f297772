import {
  CallHandler,
  ExecutionContext,
  Inject,
  Injectable,
  Logger,
  NestInterceptor,
} from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import type { Request } from 'express';
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

const RECORDED_PATHS = new Map<string, Endpoint>([
  ['/v1/chat/completions', 'chat.completions'],
  ['/v1/completions', 'completions'],
  ['/v1/responses', 'responses'],
  ['/v1/embeddings', 'embeddings'],
]);

/**
 * Watches each inference request while it is proxied (its usage and timing) and hands one
 * record to the writer when it is over. Recording never delays or fails the request.
 */
@Injectable()
export class UsageInterceptor implements NestInterceptor {
  private readonly logger = new Logger(UsageInterceptor.name);

  constructor(
    private readonly writer: RecordWriter,
    @Inject(gatewayConfig.KEY)
    private readonly config: ConfigType<typeof gatewayConfig>,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = context.switchToHttp().getRequest<Request>();
    const endpoint =
      req.method === 'POST'
        ? RECORDED_PATHS.get(req.path.replace(/\/+$/, ''))
        : undefined;
    if (!endpoint) return next.handle();
    const requestContext = contextOf(req);
    const exchange = new RequestExchange(
      endpoint,
      requestContext.requestId,
      resolveOrigin(req.headers),
      this.config.injectStreamUsage,
    );
    requestContext.exchange = exchange;
    return next
      .handle()
      .pipe(finalize(() => (requestContext.record = this.record(exchange))));
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
