import { UnauthorizedException, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { MetricsConfig } from '../../config/metrics.config';
import { IS_PUBLIC_KEY } from '../decorators/public.decorator';
import { ApiTokenGuard } from './api-token.guard';

const TOKEN = 'a-token-of-at-least-16-chars';

class OpenController {}
class DataController {}

function contextFor(
  controller: object,
  authorization?: string,
): { context: ExecutionContext; headers: Record<string, string> } {
  const headers: Record<string, string> = {};
  const http = {
    getRequest: () => ({ headers: { authorization } }),
    getResponse: () => ({
      setHeader: (name: string, value: string) => (headers[name] = value),
    }),
  };
  const context = {
    switchToHttp: () => http,
    getHandler: () => () => undefined,
    getClass: () => controller,
  } as unknown as ExecutionContext;
  return { context, headers };
}

function guard(apiToken?: string): ApiTokenGuard {
  Reflect.defineMetadata(IS_PUBLIC_KEY, true, OpenController);
  const config = { apiToken } as MetricsConfig;
  return new ApiTokenGuard(new Reflector(), config);
}

describe('ApiTokenGuard', () => {
  it('lets everything through when no token is configured', () => {
    expect(guard().canActivate(contextFor(DataController).context)).toBe(true);
  });

  it('accepts the configured bearer token', () => {
    const { context } = contextFor(DataController, `Bearer ${TOKEN}`);
    expect(guard(TOKEN).canActivate(context)).toBe(true);
  });

  it.each([
    undefined,
    'Bearer wrong-token',
    `Basic ${TOKEN}`,
    `Bearer ${TOKEN} x`,
  ])('refuses %j and asks for a bearer token', (authorization) => {
    const { context, headers } = contextFor(DataController, authorization);
    expect(() => guard(TOKEN).canActivate(context)).toThrow(
      UnauthorizedException,
    );
    expect(headers['WWW-Authenticate']).toBe('Bearer realm="metrics"');
  });

  it('lets public routes through without a token', () => {
    const { context } = contextFor(OpenController);
    expect(guard(TOKEN).canActivate(context)).toBe(true);
  });
});
