import {
  CallHandler,
  ExecutionContext,
  Injectable,
  NestInterceptor,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { InjectPinoLogger, PinoLogger } from 'nestjs-pino';
import { finalize, type Observable } from 'rxjs';
import { contextOf } from '../../proxy/request-context';

/** One structured line per proxied request: id, route, status, and what was recorded of it. */
@Injectable()
export class RequestLogInterceptor implements NestInterceptor {
  constructor(
    @InjectPinoLogger('Proxy')
    private readonly logger: PinoLogger,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = context.switchToHttp();
    const req = http.getRequest<Request>();
    // Probes of /health every few seconds would drown the lines that matter.
    if (!req.path.startsWith('/v1/')) return next.handle();
    const res = http.getResponse<Response>();
    const started = performance.now();
    return next.handle().pipe(finalize(() => this.log(req, res, started)));
  }

  private log(req: Request, res: Response, started: number): void {
    // Skip building the line at all when it would be dropped.
    if (!this.logger.logger.isLevelEnabled('info')) return;
    const { requestId, record } = contextOf(req);
    this.logger.info(
      {
        requestId,
        method: req.method,
        path: req.path,
        status: res.headersSent ? res.statusCode : null,
        durationMs: Math.round(performance.now() - started),
        ...(record && {
          model: record.model,
          streaming: record.isStreaming,
          success: record.success,
          errorType: record.errorType,
          timeToFirstTokenMs: record.timeToFirstTokenMs,
          promptTokens: record.promptTokens,
          completionTokens: record.completionTokens,
          tokensPerSecond: record.tokensPerSecond,
        }),
      },
      'proxied',
    );
  }
}
