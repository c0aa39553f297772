/**
 * Deprecations that http-proxy 1.18.1, its last release, triggers from its own code: DEP0060
 * (`util._extend`, called for every request in `common.setupOutgoing` and for per-request
 * options; printed from Node 22 on) and DEP0169 (`url.parse()` of each request path; Node 24
 * reports it from node_modules only under `--pending-deprecation`). Neither call can be
 * avoided from outside the library; the fix waits unmerged (http-party/node-http-proxy#1666).
 */
const HTTP_PROXY_CODES = new Set(['DEP0060', 'DEP0169']);
const HTTP_PROXY_FRAME = /[\\/]node_modules[\\/]http-proxy[\\/]/;

export function isHttpProxyDeprecation(
  warning: Error & { code?: string },
): boolean {
  return (
    warning.name === 'DeprecationWarning' &&
    HTTP_PROXY_CODES.has(warning.code ?? '') &&
    HTTP_PROXY_FRAME.test(warning.stack ?? '')
  );
}

let filtering = false;

/**
 * Keeps http-proxy's deprecations out of stderr, where they would land between the JSON log
 * lines on every start. Node prints warnings from a 'warning' listener: that listener now
 * receives every other warning, from this code or any other dependency, as before.
 */
export function silenceHttpProxyDeprecations(): void {
  if (filtering) return;
  filtering = true;
  const printers = process.listeners('warning');
  process.removeAllListeners('warning');
  process.on('warning', (warning) => {
    if (isHttpProxyDeprecation(warning)) return;
    for (const print of printers) print(warning);
  });
}
