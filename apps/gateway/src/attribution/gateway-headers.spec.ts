import {
  createServer,
  request,
  type IncomingHttpHeaders,
  type Server,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import HttpProxy from 'http-proxy';
import { stripGatewayHeaders } from './gateway-headers';

function listen(server: Server): Promise<number> {
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve((server.address() as AddressInfo).port),
    ),
  );
}

describe('stripGatewayHeaders', () => {
  it('removes X-Gateway-User and every X-Gateway-Tag-* header, nothing else', () => {
    const headers: IncomingHttpHeaders = {
      'x-gateway-user': 'alice',
      'x-gateway-tag-team': 'search',
      'x-gateway-tag-': 'bad',
      'x-gateway-other': 'kept',
      authorization: 'Bearer k',
      'api-key': 'k',
    };
    stripGatewayHeaders(headers);
    expect(headers).toEqual({
      'x-gateway-other': 'kept',
      authorization: 'Bearer k',
      'api-key': 'k',
    });
  });

  describe('through http-proxy', () => {
    let seen: IncomingHttpHeaders | undefined;
    const backend = createServer((req, res) => {
      seen = req.headers;
      res.end('ok');
    });
    const proxy = HttpProxy.createProxyServer({});
    let backendPort = 0;
    const gateway = createServer((req, res) => {
      stripGatewayHeaders(req.headers);
      proxy.web(req, res, { target: `http://127.0.0.1:${backendPort}` });
    });

    afterAll(() => {
      backend.close();
      gateway.close();
      proxy.close();
    });

    it('forwards req.headers as they are when proxy.web is called', async () => {
      backendPort = await listen(backend);
      const gatewayPort = await listen(gateway);
      await new Promise<void>((resolve, reject) => {
        const sent = request(
          {
            port: gatewayPort,
            host: '127.0.0.1',
            headers: {
              'X-Gateway-User': 'alice',
              'X-Gateway-Tag-Team': 'search',
              Authorization: 'Bearer k',
            },
          },
          (res) => res.resume().on('end', resolve),
        );
        sent.on('error', reject).end();
      });
      expect(seen?.authorization).toBe('Bearer k');
      expect(seen?.['x-gateway-user']).toBeUndefined();
      expect(seen?.['x-gateway-tag-team']).toBeUndefined();
    });
  });
});
