import { formatUtc } from './format';
import type { TimeRange } from './timeframe';

/** One line under the header: the window shown and when it was read, or what went wrong. */
export class StatusLine {
  constructor(
    private readonly element: HTMLElement,
    private readonly intervalMs: number,
  ) {}

  updated(range: TimeRange, paused: boolean): void {
    const end = `${formatUtc(range.end)} UTC`;
    const span = range.start
      ? `${formatUtc(range.start)} to ${end}`
      : `Everything up to ${end}`;
    this.element.classList.remove('error');
    this.element.textContent =
      `${span} · updated ${end.slice(11)}` +
      (paused
        ? ' · paused'
        : ` · refreshing every ${this.intervalMs / 1000} s`);
  }

  failed(message: string): void {
    this.element.classList.add('error');
    this.element.textContent = `Could not load the figures: ${message}`;
  }
}
