#!/usr/bin/env node
// The image's HEALTHCHECK: exits 0 when the app in this container answers its health route.
// A container runs one of the two apps and the other one's port is closed, so it is skipped.
// Ports and hosts come from the apps' own validation and config factories (through the typed
// apps/cli/src/listen-addresses.ts): the same environment, the same defaults, no copy here.
const { request } = require('node:http');
const { listenAddresses } = require('../dist/apps/cli/src/listen-addresses');

const TIMEOUT_MS = 3_000;
const ANY_ADDRESS = ['0.0.0.0', '::', ''];

const targets = listenAddresses(process.env);

/** The status code, or null when nothing listens on the port. */
function probe({ host, port, path }) {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: ANY_ADDRESS.includes(host) ? '127.0.0.1' : host,
        port,
        path,
        timeout: TIMEOUT_MS,
      },
      (res) => {
        res.resume();
        resolve(res.statusCode);
      },
    );
    req.on('timeout', () =>
      req.destroy(new Error(`no answer in ${TIMEOUT_MS} ms`)),
    );
    req.on('error', (error) =>
      error.code === 'ECONNREFUSED' ? resolve(null) : reject(error),
    );
    req.end();
  });
}

async function main() {
  for (const target of targets) {
    const status = await probe(target);
    if (status === null) continue;
    console.log(
      `${target.app} GET ${target.path} on :${target.port}: ${status}`,
    );
    return status === 200 ? 0 : 1;
  }
  console.log('no app answers on its port');
  return 1;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.log(`health check failed: ${error.message}`);
    process.exit(1);
  },
);
