'use strict';
// The card's floor: the gateway's stack recording nothing. Express under Nest, one catch-all
// controller, a no-op APP_INTERCEPTOR and http-proxy over a keep-alive pool. The gateway's
// cost per chunk is read against this one, not against the bare proxy.
require('reflect-metadata');
const http = require('node:http');
const httpProxy = require('http-proxy');
const {
  All,
  Controller,
  Injectable,
  Module,
  Req,
  Res,
} = require('@nestjs/common');
const { APP_INTERCEPTOR, NestFactory } = require('@nestjs/core');

const PORT = Number(process.env.PORT);
const TARGET = process.env.BACKEND_URL;
const MAX_SOCKETS = Number(process.env.UPSTREAM_MAX_SOCKETS || 512);

const agent = new http.Agent({ keepAlive: true, maxSockets: MAX_SOCKETS });
const proxy = httpProxy.createProxyServer({
  target: TARGET,
  agent,
  changeOrigin: true,
});
// A client that leaves mid-stream must not strand the upstream response, paused with its
// pooled socket: after enough of them the pool is empty and every new request waits.
proxy.on('proxyRes', (proxyRes, req, res) => {
  res.once('close', () => {
    if (!res.writableFinished) proxyRes.destroy();
  });
});
proxy.on('error', (error, req, res) => {
  if (res.headersSent) return res.destroy();
  res.writeHead(502, { 'content-type': 'application/json' });
  res.end(
    JSON.stringify({
      error: { message: error.message, type: 'backend_unreachable' },
    }),
  );
});

// Decorators applied by hand: this file runs as plain JavaScript, without a build.
class PassThroughInterceptor {
  intercept(context, next) {
    return next.handle();
  }
}
Injectable()(PassThroughInterceptor);

class CatchAllController {
  forward(req, res) {
    if (req.url === '/health') {
      res.writeHead(200);
      return res.end('ok');
    }
    proxy.web(req, res);
  }
}
Controller()(CatchAllController);
const method = (name) =>
  Object.getOwnPropertyDescriptor(CatchAllController.prototype, name);
All('*path')(CatchAllController.prototype, 'forward', method('forward'));
Req()(CatchAllController.prototype, 'forward', 0);
Res()(CatchAllController.prototype, 'forward', 1);

class FloorModule {}
Module({
  controllers: [CatchAllController],
  providers: [{ provide: APP_INTERCEPTOR, useClass: PassThroughInterceptor }],
})(FloorModule);

async function main() {
  const app = await NestFactory.create(FloorModule, {
    bodyParser: false,
    logger: ['error', 'warn'],
    forceCloseConnections: true,
  });
  const server = app.getHttpServer();
  server.keepAliveTimeout = 65_000;
  server.requestTimeout = 0;
  await app.listen(PORT, '127.0.0.1');
  process.on('SIGTERM', () => {
    agent.destroy();
    app.close().finally(() => process.exit(0));
  });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
