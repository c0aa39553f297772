import type { Server } from 'node:http';
import { setTimeout as delay } from 'node:timers/promises';
import { Logger } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { gatewayConfig, type GatewayConfig } from './config/gateway.config';
import { InFlightRequests } from './proxy/in-flight-requests';

/**
 * Stops the gateway without losing what it has answered: new connections are refused at once,
 * requests in flight may finish until the grace deadline (then they are cut and recorded as
 * client_disconnected), and only then does the app close, which flushes the record writer.
 */
export async function drainAndClose(
  app: NestExpressApplication,
): Promise<void> {
  const { shutdownGraceMs } = app.get<GatewayConfig>(gatewayConfig.KEY);
  const server: Server = app.getHttpServer();
  const logger = new Logger('Shutdown');
  logger.log(`draining requests in flight for up to ${shutdownGraceMs} ms`);
  const drained = new Promise<boolean>((resolve) =>
    server.close(() => resolve(true)),
  );
  // Keep-alive connections whose response has ended would otherwise hold the server open.
  const reaper = setInterval(() => server.closeIdleConnections(), 100);
  const deadline = delay(shutdownGraceMs, false, { ref: false });
  const finished = await Promise.race([drained, deadline]);
  clearInterval(reaper);
  if (!finished) {
    logger.warn('grace period over; closing the remaining connections');
    server.closeAllConnections();
  }
  // Cut requests hand their records over from their responses' close handlers, which run
  // a tick after their sockets close; the writer flushes on app.close().
  const inFlight = app.get(InFlightRequests);
  if (inFlight.size > 0)
    logger.log(
      `waiting for ${inFlight.size} requests to hand over their records`,
    );
  await inFlight.settled();
  await app.close();
}

/** SIGTERM and SIGINT drain the gateway once, then the process exits. */
export function closeOnSignals(close: () => Promise<void>): void {
  let closing: Promise<void> | undefined;
  const onSignal = (signal: NodeJS.Signals) => {
    if (closing) return;
    new Logger('Shutdown').log(`${signal} received`);
    closing = close().then(
      () => process.exit(0),
      (error: Error) => {
        new Logger('Shutdown').error(error.message, error.stack);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}
