import { DatabaseConnector } from '@app/persistence';

const PROBE_INTERVAL_MS = 5_000;
const PROBE_TIMEOUT_MS = 2_000;

/**
 * Whether the database answers, from a `SELECT 1` every few seconds off the request path; the
 * gauge reads the last answer, so a scrape never waits for the database.
 */
export class DatabaseProbe {
  up = false;
  private timer?: NodeJS.Timeout;

  constructor(private readonly connector: DatabaseConnector) {}

  start(): void {
    void this.ping();
    this.timer = setInterval(() => void this.ping(), PROBE_INTERVAL_MS);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private async ping(): Promise<void> {
    let timeout: NodeJS.Timeout | undefined;
    const expired = new Promise<never>((_, reject) => {
      timeout = setTimeout(
        () => reject(new Error('timeout')),
        PROBE_TIMEOUT_MS,
      );
    });
    try {
      const dataSource = await Promise.race([this.connector.get(), expired]);
      await Promise.race([dataSource.query('SELECT 1'), expired]);
      this.up = true;
    } catch {
      this.up = false;
    } finally {
      clearTimeout(timeout);
    }
  }
}
