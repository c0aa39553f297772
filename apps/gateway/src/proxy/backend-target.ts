/** The fields of an object target that http-proxy reads (`common.setupOutgoing`). */
export interface BackendTarget {
  /** TLS or not, and the default port. */
  protocol: string;
  /** The Host header sent with `changeOrigin`. */
  host: string;
  /** Where to connect. */
  hostname: string;
  /** Empty for the protocol's default. */
  port: string;
  /** The prefix every request path is joined to. */
  path: string;
}

/**
 * BACKEND_URL read with the WHATWG parser (`url.parse()` is deprecated, DEP0169). http-proxy
 * uses an object target as it is; a string one it would parse with `url.parse()` per request.
 */
export function backendTarget(backendUrl: string): BackendTarget {
  const url = new URL(backendUrl);
  return {
    protocol: url.protocol,
    host: url.host,
    // `[::1]` to `::1`: a socket connects to the address, without brackets.
    hostname: url.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: url.port,
    path: url.pathname + url.search,
  };
}
