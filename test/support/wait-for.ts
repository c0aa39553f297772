/**
 * Polls `check` until it holds. For effects that land a moment after the event a test can
 * see (a record written after the response, a log line after a purge): waiting for them
 * instead of sleeping a fixed time keeps a loaded machine from turning a test red.
 */
export async function waitFor(
  check: () => boolean | Promise<boolean>,
  timeoutMs = 10_000,
  what = 'condition',
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) {
      throw new Error(`${what} not met within ${timeoutMs} ms`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
