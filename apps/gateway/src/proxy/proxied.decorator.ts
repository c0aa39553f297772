import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import type { ProxiedRequest } from './proxied-request';

const PROXIED = Symbol('ProxiedRequest');

type Carrying = Request & { [PROXIED]?: ProxiedRequest };

/**
 * Hands a request's owner from the interceptor to the handler. Nest gives handlers only what
 * the request carries, so it rides on the request until {@link Proxied} takes it.
 */
export function handOver(req: Request, request: ProxiedRequest): void {
  (req as Carrying)[PROXIED] = request;
}

/** The owner the usage interceptor created for this request. */
export const Proxied = createParamDecorator(
  (_: unknown, context: ExecutionContext): ProxiedRequest => {
    const request = context.switchToHttp().getRequest<Carrying>()[PROXIED];
    if (!request) throw new Error('no ProxiedRequest: is the interceptor on?');
    return request;
  },
);
