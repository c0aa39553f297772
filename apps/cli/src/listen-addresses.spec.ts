import { listenAddresses } from './listen-addresses';

describe('listenAddresses', () => {
  it('gives both apps at their defaults', () => {
    expect(listenAddresses({})).toEqual([
      { app: 'gateway', host: '0.0.0.0', port: 8001, path: '/health' },
      { app: 'metrics', host: '0.0.0.0', port: 8002, path: '/health' },
    ]);
  });

  it('reads the ports and hosts the apps read', () => {
    expect(
      listenAddresses({ GATEWAY_PORT: '9001', METRICS_HOST: '127.0.0.1' }),
    ).toEqual([
      expect.objectContaining({ app: 'gateway', port: 9001 }),
      expect.objectContaining({ app: 'metrics', host: '127.0.0.1' }),
    ]);
  });

  it('leaves out an app whose environment would not have let it start', () => {
    expect(
      listenAddresses({ METRICS_API_TOKEN: 'short' }).map(({ app }) => app),
    ).toEqual(['gateway']);
  });
});
