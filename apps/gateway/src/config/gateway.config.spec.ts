import { loadEnvironment } from '@app/persistence';
import { gatewayConfig } from './gateway.config';
import { GatewayEnvironment } from './gateway.environment';

const load = (environment: Record<string, string>) =>
  gatewayConfig(loadEnvironment(GatewayEnvironment, environment));

describe('gatewayConfig', () => {
  it('gives the documented defaults', () => {
    expect(load({})).toEqual({
      port: 8001,
      host: '0.0.0.0',
      backendUrl: 'http://localhost:11434',
      maxBodyBytes: 50 * 1024 * 1024,
      requestBodyTimeoutMs: 60_000,
      requestTimeoutMs: 300_000,
      upstreamIdleTimeoutMs: 300_000,
      upstreamMaxSockets: 512,
      injectStreamUsage: true,
      trustProxy: ['loopback', 'linklocal', 'uniquelocal'],
      keepAliveTimeoutMs: 65_000,
      shutdownGraceMs: 25_000,
    });
  });

  it('reads INJECT_STREAM_USAGE=0 as off, like false', () => {
    expect(load({ INJECT_STREAM_USAGE: '0' }).injectStreamUsage).toBe(false);
    expect(load({ INJECT_STREAM_USAGE: 'false' }).injectStreamUsage).toBe(
      false,
    );
  });

  it('refuses a boolean it does not know, naming the key', () => {
    expect(() => load({ INJECT_STREAM_USAGE: 'disabled' })).toThrow(
      /INJECT_STREAM_USAGE/,
    );
  });

  it('keeps a REQUEST_TIMEOUT_MS of 0 (off) and drops trailing slashes of BACKEND_URL', () => {
    expect(
      load({ REQUEST_TIMEOUT_MS: '0', BACKEND_URL: 'http://b:8000/api//' }),
    ).toMatchObject({ requestTimeoutMs: 0, backendUrl: 'http://b:8000/api' });
  });

  it('refuses a port that is not a number', () => {
    expect(() => load({ GATEWAY_PORT: '80a' })).toThrow(/GATEWAY_PORT/);
  });

  it.each([
    ['true', true],
    ['FALSE', false],
    ['2', 2],
    ['10.0.0.0/8, 192.168.1.7', ['10.0.0.0/8', '192.168.1.7']],
    [
      'loopback,fd00::/8,10.0.0.0/255.0.0.0',
      ['loopback', 'fd00::/8', '10.0.0.0/255.0.0.0'],
    ],
  ])('reads TRUST_PROXY=%s as Express means it', (value, expected) => {
    expect(load({ TRUST_PROXY: value }).trustProxy).toEqual(expected);
  });

  it('refuses a TRUST_PROXY entry Express would fail on at start-up, naming it', () => {
    expect(() =>
      load({ TRUST_PROXY: 'loopback, proxy.internal, 10.0.0.0/33' }),
    ).toThrow(
      /TRUST_PROXY must be .*; not "proxy\.internal", "10\.0\.0\.0\/33"/,
    );
    expect(() => load({ TRUST_PROXY: 'yes' })).toThrow(/TRUST_PROXY/);
  });
});
