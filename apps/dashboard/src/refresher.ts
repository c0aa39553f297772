/**
 * Runs a task now and again `intervalMs` after each run ends, so two runs never overlap and a
 * slow API is not piled on. A trigger during a run queues one more run right after it.
 * Nothing is scheduled while paused or while the page is hidden.
 */
export class Refresher {
  private timer: number | undefined;
  private running = false;
  private again = false;
  private paused = false;

  constructor(
    private readonly task: () => Promise<void>,
    private readonly intervalMs: number,
  ) {
    document.addEventListener('visibilitychange', () => {
      if (!document.hidden && !this.paused) this.trigger();
    });
  }

  get isPaused(): boolean {
    return this.paused;
  }

  /** Runs now, or right after the run in progress. */
  trigger(): void {
    if (this.running) {
      this.again = true;
      return;
    }
    window.clearTimeout(this.timer);
    void this.run();
  }

  pause(): void {
    this.paused = true;
    window.clearTimeout(this.timer);
  }

  resume(): void {
    this.paused = false;
    this.trigger();
  }

  private async run(): Promise<void> {
    this.running = true;
    try {
      await this.task();
    } finally {
      this.running = false;
    }
    if (this.again) {
      this.again = false;
      return this.run();
    }
    if (this.paused) return;
    this.timer = window.setTimeout(() => {
      if (!document.hidden) void this.run();
    }, this.intervalMs);
  }
}
