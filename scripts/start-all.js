#!/usr/bin/env node
// `npm start`: the gateway and the metrics API in one process, on the embedded SQLite default.
// Production runs them apart (`npm run start:gateway`, `npm run start:metrics`).
const { Logger } = require('@nestjs/common');
const { bootstrapGateway } = require('../dist/apps/gateway/src/main');
const { bootstrapMetrics } = require('../dist/apps/metrics/src/main');

async function main() {
  const apps = [await bootstrapGateway(false), await bootstrapMetrics(false)];
  let closing = false;
  const shutdown = async (signal) => {
    if (closing) return;
    closing = true;
    Logger.log(`${signal} received, shutting down`, 'Shutdown');
    await Promise.all(apps.map((app) => app.close()));
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((error) => {
  Logger.error(error.message, error.stack, 'Bootstrap');
  process.exit(1);
});
