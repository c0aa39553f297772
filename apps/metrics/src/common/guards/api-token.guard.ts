import {
  CanActivate,
  ExecutionContext,
  Inject,
  Injectable,
  UnauthorizedException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Request, Response } from 'express';
import { metricsConfig, type MetricsConfig } from '../../config/metrics.config';
import { IS_PUBLIC_KEY } from '../decorators/public.decorator';

const BEARER = /^Bearer\s+(\S+)\s*$/i;

/**
 * When METRICS_API_TOKEN is set, every route not marked @Public() needs
 * `Authorization: Bearer <token>`. Digests of equal length are compared in constant time, so
 * neither the token's content nor its length leaks through timing.
 */
@Injectable()
export class ApiTokenGuard implements CanActivate {
  private readonly expected?: Buffer;

  constructor(
    private readonly reflector: Reflector,
    @Inject(metricsConfig.KEY) config: MetricsConfig,
  ) {
    this.expected = config.apiToken ? digest(config.apiToken) : undefined;
  }

  canActivate(context: ExecutionContext): boolean {
    if (!this.expected || this.isPublic(context)) return true;
    const http = context.switchToHttp();
    const header = http.getRequest<Request>().headers.authorization;
    const token = header ? BEARER.exec(header)?.[1] : undefined;
    if (token && timingSafeEqual(digest(token), this.expected)) return true;
    http
      .getResponse<Response>()
      .setHeader('WWW-Authenticate', 'Bearer realm="metrics"');
    throw new UnauthorizedException(
      'A valid token is required: Authorization: Bearer <METRICS_API_TOKEN>',
    );
  }

  private isPublic(context: ExecutionContext): boolean {
    return (
      this.reflector.getAllAndOverride<boolean | undefined>(IS_PUBLIC_KEY, [
        context.getHandler(),
        context.getClass(),
      ]) === true
    );
  }
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}
