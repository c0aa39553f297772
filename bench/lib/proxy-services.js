'use strict';
// The four servers of the proxy bench, each in its own process on a free loopback port.
const path = require('node:path');
const { freePort, startService } = require('./processes');
const { get } = require('./http-client');

/** Starts a service whose port is chosen here and passed through `portVariable`. */
async function start(name, args, env, portVariable, logDir) {
  const port = await freePort();
  return startService({
    name,
    args,
    env: { ...env, [portVariable]: String(port) },
    port,
    readyPath: '/health',
    logDir,
  });
}

function startBackend({ logDir }) {
  return start(
    'fake-backend',
    [path.join(__dirname, '..', 'fake-backend.js')],
    {},
    'PORT',
    logDir,
  );
}

function startBareProxy({ logDir, maxSockets }, backend) {
  const env = {
    BACKEND_URL: `http://127.0.0.1:${backend.port}`,
    UPSTREAM_MAX_SOCKETS: String(maxSockets),
  };
  return start(
    'bare-proxy',
    [path.join(__dirname, '..', 'bare-proxy.js')],
    env,
    'PORT',
    logDir,
  );
}

/** The card's floor: Nest on Express with a no-op interceptor and http-proxy, recording nothing. */
function startFloor({ logDir, maxSockets }, backend) {
  const env = {
    BACKEND_URL: `http://127.0.0.1:${backend.port}`,
    UPSTREAM_MAX_SOCKETS: String(maxSockets),
  };
  return start(
    'floor',
    [path.join(__dirname, '..', 'floor-app.js')],
    env,
    'PORT',
    logDir,
  );
}

/**
 * The real gateway as users run it, recording into a temporary SQLite file and spooling in a
 * temporary directory; `extra` overrides its environment (another database, SPOOL_DIR=off),
 * `main` runs another build.
 */
async function startGateway(
  { logDir, tmpDir, maxSockets, nodeOptions },
  backend,
  extra = {},
  name = 'gateway',
  main = 'dist/apps/gateway/src/main.js',
) {
  const env = {
    BACKEND_URL: `http://127.0.0.1:${backend.port}`,
    DATABASE_URL: `sqlite:${path.join(tmpDir, 'gateway.sqlite')}`,
    SPOOL_DIR: path.join(tmpDir, 'spool'),
    GATEWAY_HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    UPSTREAM_MAX_SOCKETS: String(maxSockets),
    SHUTDOWN_GRACE_MS: '2000',
    PROMETHEUS_PORT: String(await freePort()),
    ...extra,
  };
  return start(name, [...nodeOptions, main], env, 'GATEWAY_PORT', logDir);
}

/** The fake backend's counters: requests served, streams open now and at most. */
async function backendStats(backend) {
  let text = '';
  await get(backend.port, '/_bench/stats', {
    onData: (chunk) => (text += chunk),
  });
  return JSON.parse(text);
}

/** What the gateway wrote, by error type ('ok' for successes); read once it has stopped. */
function recordedRows(tmpDir) {
  const Database = require('better-sqlite3');
  const db = new Database(path.join(tmpDir, 'gateway.sqlite'), {
    readonly: true,
  });
  try {
    const sql =
      "SELECT COALESCE(error_type, 'ok') AS kind, COUNT(*) AS n FROM request_records GROUP BY kind";
    return Object.fromEntries(
      db
        .prepare(sql)
        .all()
        .map((row) => [row.kind, row.n]),
    );
  } finally {
    db.close();
  }
}

module.exports = {
  startBackend,
  startBareProxy,
  startFloor,
  startGateway,
  backendStats,
  recordedRows,
};
