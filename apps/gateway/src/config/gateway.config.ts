import { registerAs } from '@nestjs/config';

const MIB = 1024 * 1024;

const numberOr = (value: string | undefined, fallback: number) =>
  value === undefined || value === '' ? fallback : Number(value);

/** The gateway's own settings; every default is here. */
export const gatewayConfig = registerAs('gateway', () => ({
  port: numberOr(process.env.GATEWAY_PORT, 8001),
  host: process.env.GATEWAY_HOST || '0.0.0.0',
  backendUrl: (process.env.BACKEND_URL || 'http://localhost:11434').replace(
    /\/+$/,
    '',
  ),
  maxBodyBytes: numberOr(process.env.MAX_REQUEST_BODY_BYTES, 50 * MIB),
  // Idle, like the upstream one: a slow upload that keeps sending is never cut.
  requestBodyTimeoutMs: numberOr(process.env.REQUEST_BODY_TIMEOUT_MS, 60_000),
  // Whole request, headers and body, however steadily it trickles; 0 turns it off. The
  // response may then take as long as it takes.
  requestTimeoutMs: numberOr(process.env.REQUEST_TIMEOUT_MS, 5 * 60_000),
  upstreamIdleTimeoutMs: numberOr(
    process.env.UPSTREAM_IDLE_TIMEOUT_MS,
    5 * 60_000,
  ),
  upstreamMaxSockets: numberOr(process.env.UPSTREAM_MAX_SOCKETS, 512),
  injectStreamUsage: process.env.INJECT_STREAM_USAGE !== 'false',
  trustProxy: process.env.TRUST_PROXY || 'loopback, linklocal, uniquelocal',
  // Above the 60 s idle timeout of common load balancers, so they close first.
  keepAliveTimeoutMs: numberOr(process.env.KEEP_ALIVE_TIMEOUT_MS, 65_000),
  shutdownGraceMs: numberOr(process.env.SHUTDOWN_GRACE_MS, 25_000),
}));

export type GatewayConfig = ReturnType<typeof gatewayConfig>;
