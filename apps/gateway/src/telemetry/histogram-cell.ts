import type { Histogram } from '@opentelemetry/sdk-metrics';

/** One histogram series: explicit buckets (upper bound inclusive, as OpenTelemetry's). */
export class HistogramCell {
  private readonly counts: number[];
  private sum = 0;
  private count = 0;
  private min = Infinity;
  private max = -Infinity;

  constructor(private readonly boundaries: readonly number[]) {
    this.counts = new Array<number>(boundaries.length + 1).fill(0);
  }

  record(value: number): void {
    const { boundaries } = this;
    let i = 0;
    while (i < boundaries.length && value > boundaries[i]) i++;
    this.counts[i]++;
    this.sum += value;
    this.count++;
    if (value < this.min) this.min = value;
    if (value > this.max) this.max = value;
  }

  get empty(): boolean {
    return this.count === 0;
  }

  /** A copy in the SDK's shape, for the exporters. */
  snapshot(): Histogram {
    return {
      buckets: { boundaries: [...this.boundaries], counts: [...this.counts] },
      sum: this.sum,
      count: this.count,
      min: this.min,
      max: this.max,
    };
  }
}
