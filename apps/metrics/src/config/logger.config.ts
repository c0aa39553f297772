import type { Params } from 'nestjs-pino';

/** JSON logs with one line per request: method, URL and status only, never credentials. */
export function metricsLoggerParams(level: string): Params {
  return {
    pinoHttp: {
      level,
      serializers: {
        req: (req: { id: unknown; method: string; url: string }) => ({
          id: req.id,
          method: req.method,
          url: req.url,
        }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
    },
  };
}
