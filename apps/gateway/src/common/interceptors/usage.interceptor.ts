import {
  CallHandler,
  ExecutionContext,
  Inject,
  Injectable,
  NestInterceptor,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import type { Observable } from 'rxjs';
import type { Endpoint } from '@app/persistence';
import { InFlightRequests } from '../../proxy/in-flight-requests';
import { ProxiedRequest, requestIdOf } from '../../proxy/proxied-request';
import { handOver } from '../../proxy/proxied.decorator';
import { ProxyController } from '../../proxy/proxy.controller';
import { resolveOrigin } from '../../recording/origin-resolver';
import {
  EXCHANGE_SETTINGS,
  RequestExchange,
  type ExchangeSettings,
} from '../../recording/request-exchange';

const RECORDED_PATHS = new Map<string, Endpoint>([
  ['/v1/chat/completions', 'chat.completions'],
  ['/v1/completions', 'completions'],
  ['/v1/responses', 'responses'],
  ['/v1/embeddings', 'embeddings'],
]);

/**
 * Gives each proxied request its owner, with an exchange that watches its usage and timing on
 * the inference routes; the owner hands one record to the writer and one line to the log when
 * its response closes. One interceptor rather than a recording and a logging one: each
 * interceptor in Nest's chain costs every request a deferred Observable and a bound async
 * resource.
 */
@Injectable()
export class UsageInterceptor implements NestInterceptor {
  constructor(
    private readonly inFlight: InFlightRequests,
    @Inject(EXCHANGE_SETTINGS)
    private readonly settings: ExchangeSettings,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    // Probes of /health every few seconds would drown the lines that matter.
    if (context.getClass() !== ProxyController) return next.handle();
    const http = context.switchToHttp();
    const req = http.getRequest<Request>();
    const requestId = requestIdOf(req.headers);
    handOver(
      req,
      new ProxiedRequest(
        req,
        http.getResponse<Response>(),
        requestId,
        this.exchangeFor(req, requestId),
        this.inFlight,
      ),
    );
    return next.handle();
  }

  /** An exchange for the inference routes, whose usage is recorded; none for the others. */
  private exchangeFor(req: Request, requestId: string): RequestExchange | null {
    const endpoint = req.method === 'POST' ? endpointOf(req.path) : undefined;
    if (!endpoint) return null;
    return new RequestExchange(
      endpoint,
      requestId,
      resolveOrigin(req.headers),
      req.headers,
      this.settings,
    );
  }
}

function endpointOf(path: string): Endpoint | undefined {
  return RECORDED_PATHS.get(
    path.endsWith('/') ? path.replace(/\/+$/, '') : path,
  );
}
