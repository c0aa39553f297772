#!/usr/bin/env node
// `npm start`: the gateway and the metrics API in one process, on the embedded SQLite default.
// Production runs them apart (`npm run start:gateway`, `npm run start:metrics`).
const { Logger } = require('@nestjs/common');
const { bootstrapGateway } = require('../dist/apps/gateway/src/main');
const { closeOnSignals, drainAndClose } = require('../dist/apps/gateway/src/shutdown');
const { bootstrapMetrics } = require('../dist/apps/metrics/src/main');

async function main() {
  const gateway = await bootstrapGateway(false);
  const metrics = await bootstrapMetrics(false);
  closeOnSignals(async () => {
    await drainAndClose(gateway);
    await metrics.close();
  });
}

main().catch((error) => {
  Logger.error(error.message, error.stack, 'Bootstrap');
  process.exit(1);
});
