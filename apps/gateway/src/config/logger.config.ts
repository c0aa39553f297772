import type { Params } from 'nestjs-pino';

/**
 * JSON logs. No request logging middleware on the hot path: the request log interceptor writes
 * one line per proxied request itself, with only the fields it chose (never headers or bodies).
 */
export function gatewayLoggerParams(level: string): Params {
  return { pinoHttp: { level, autoLogging: false }, forRoutes: [] };
}
