import { configFactory } from '@app/persistence/config/config-factory';
import type { GatewayEnvironment } from './gateway.environment';

/** The gateway's own settings, from its validated environment (the defaults are there). */
export const gatewayConfig = configFactory(
  'gateway',
  (environment: GatewayEnvironment) => ({
    port: environment.GATEWAY_PORT,
    host: environment.GATEWAY_HOST,
    backendUrl: environment.BACKEND_URL,
    maxBodyBytes: environment.MAX_REQUEST_BODY_BYTES,
    requestBodyTimeoutMs: environment.REQUEST_BODY_TIMEOUT_MS,
    requestTimeoutMs: environment.REQUEST_TIMEOUT_MS,
    upstreamIdleTimeoutMs: environment.UPSTREAM_IDLE_TIMEOUT_MS,
    upstreamMaxSockets: environment.UPSTREAM_MAX_SOCKETS,
    injectStreamUsage: environment.INJECT_STREAM_USAGE,
    trustProxy: environment.TRUST_PROXY,
    keepAliveTimeoutMs: environment.KEEP_ALIVE_TIMEOUT_MS,
    shutdownGraceMs: environment.SHUTDOWN_GRACE_MS,
  }),
);

export type GatewayConfig = ReturnType<typeof gatewayConfig>;
