import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import HttpProxy from 'http-proxy';
import { backendTarget } from './backend-target';

interface Seen {
  url?: string;
  headers?: IncomingHttpHeaders;
}

const listen = (server: Server, host: string) =>
  new Promise<number>((resolve) =>
    server.listen(0, host, () =>
      resolve((server.address() as AddressInfo).port),
    ),
  );

/** Sends `path` through a real http-proxy aimed at `backendTarget(base)`; returns what arrived. */
async function forwardThrough(
  backendHost: string,
  base: (port: number) => string,
  path: string,
): Promise<Seen> {
  const seen: Seen = {};
  const backend = createServer((req, res) => {
    Object.assign(seen, { url: req.url, headers: req.headers });
    res.end('ok');
  });
  const proxy = HttpProxy.createProxyServer({
    target: backendTarget(base(await listen(backend, backendHost))),
    changeOrigin: true,
  });
  const front = createServer((req, res) => proxy.web(req, res));
  const frontPort = await listen(front, '127.0.0.1');
  try {
    const response = await fetch(`http://127.0.0.1:${frontPort}${path}`);
    expect(await response.text()).toBe('ok');
    return seen;
  } finally {
    proxy.close();
    backend.close();
    front.close();
  }
}

describe('backendTarget', () => {
  it('keeps the path prefix and sends the backend its own host and port', async () => {
    const seen = await forwardThrough(
      '127.0.0.1',
      (port) => `http://127.0.0.1:${port}/api/openai`,
      '/v1/models?limit=2',
    );
    expect(seen.url).toBe('/api/openai/v1/models?limit=2');
    expect(seen.headers?.host).toMatch(/^127\.0\.0\.1:\d+$/);
  });

  it('connects to an IPv6 address given in brackets', async () => {
    const seen = await forwardThrough(
      '::1',
      (port) => `http://[::1]:${port}`,
      '/v1/chat/completions',
    );
    expect(seen.url).toBe('/v1/chat/completions');
    expect(seen.headers?.host).toMatch(/^\[::1\]:\d+$/);
  });

  it('leaves the port empty for the default, so http-proxy picks 443 for https', () => {
    expect(backendTarget('https://api.openai.com')).toEqual({
      protocol: 'https:',
      host: 'api.openai.com',
      hostname: 'api.openai.com',
      port: '',
      path: '/',
    });
  });
});
