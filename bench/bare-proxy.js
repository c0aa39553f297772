'use strict';
// The floor for any Node.js proxy: http-proxy over a keep-alive pool, no framework, no
// recording. The gateway's numbers are read against this one.
const http = require('node:http');
const httpProxy = require('http-proxy');

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

const server = http.createServer((req, res) => {
  if (req.url === '/health') {
    res.writeHead(200);
    return res.end('ok');
  }
  proxy.web(req, res);
});
server.keepAliveTimeout = 65_000;
server.requestTimeout = 0;
server.listen(PORT, '127.0.0.1');
process.on('SIGTERM', () => {
  server.close();
  server.closeAllConnections();
  agent.destroy();
  process.exit(0);
});
