import {
  BINS_PER_OCTAVE,
  HISTOGRAM_COUNTS,
  LAST_OCTAVE_MS,
} from '../entities/request-breakdown-histogram-daily.entity';

/**
 * Latency histogram bins that keep six significant bits: every value below 64 ms has a bin of
 * its own, and above that a bin is at most 1/32 of its lower bound wide (64-65, ..., 1024-1055,
 * ...). A bin also keeps the smallest and largest value it holds, so a percentile read from the
 * bins is exact wherever the values sharing a bin are equal, and otherwise off by less than
 * the bin's width (3.2% at worst).
 */
const EXACT_BELOW = 64;
const LARGEST_WIDTH_EXPONENT = 26; // values up to 2^31, the INT column's range

/** The lower bound of the bin that holds `value` (whole milliseconds). */
export function binOf(value: number): number {
  const ms = Math.round(value);
  if (ms < EXACT_BELOW) return ms;
  const width = 2 ** (Math.floor(Math.log2(ms)) - 5);
  return ms - (ms % width);
}

/**
 * The same bin in SQL, with integer arithmetic both SQLite and MySQL share (SQLite may lack
 * LOG2): the width comes from a ladder of powers of two.
 */
export function binSql(column: string): string {
  const steps: string[] = [`WHEN ${column} < ${EXACT_BELOW} THEN 1`];
  for (let exponent = 1; exponent <= LARGEST_WIDTH_EXPONENT; exponent++) {
    steps.push(
      `WHEN ${column} < ${EXACT_BELOW * 2 ** exponent} THEN ${2 ** exponent}`,
    );
  }
  return `(${column} - ${column} % (CASE ${steps.join(' ')} ELSE ${2 ** LARGEST_WIDTH_EXPONENT} END))`;
}

/** One bin of a histogram: how many values fell in it, and the least and greatest of them. */
export interface LatencyBin {
  lowerMs: number;
  count: number;
  minMs: number;
  maxMs: number;
}

/**
 * The nearest-rank percentile (the value with `rank` values at or below it) read from bins
 * sorted by lower bound: the bin that holds the rank, and within it a value spread evenly
 * between the bin's least and greatest.
 */
export function valueAtRank(bins: LatencyBin[], rank: number): number | null {
  let below = 0;
  for (const bin of bins) {
    if (below + bin.count >= rank) {
      if (bin.count === 1 || bin.minMs === bin.maxMs) return bin.minMs;
      const position = (rank - below - 1) / (bin.count - 1);
      return Math.round(bin.minMs + (bin.maxMs - bin.minMs) * position);
    }
    below += bin.count;
  }
  return null;
}

/** Nearest-rank percentiles (fractions such as 0.95) over bins sorted by bound; null when empty. */
export function percentilesOf(
  bins: LatencyBin[],
  fractions: number[],
): (number | null)[] {
  const n = bins.reduce((sum, bin) => sum + bin.count, 0);
  return fractions.map((p) =>
    n === 0 ? null : valueAtRank(bins, Math.max(1, Math.ceil(p * n))),
  );
}

/** Several histograms as one, sorted by bound. */
export function mergeBins(histograms: LatencyBin[][]): LatencyBin[] {
  const merged = new Map<number, LatencyBin>();
  for (const bins of histograms) {
    for (const { lowerMs, count, minMs, maxMs } of bins) {
      const bin = merged.get(lowerMs);
      if (bin) {
        bin.count += count;
        bin.minMs = Math.min(bin.minMs, minMs);
        bin.maxMs = Math.max(bin.maxMs, maxMs);
      } else merged.set(lowerMs, { lowerMs, count, minMs, maxMs });
    }
  }
  return [...merged.values()].sort((a, b) => a.lowerMs - b.lowerMs);
}

/**
 * What is left of `whole` without `part`, a histogram of some of its values. Counts are exact;
 * a bin keeps the whole's least and greatest value, which bound what is left of it, so a
 * percentile read from the result stays in the right bin.
 */
export function subtractBins(
  whole: LatencyBin[],
  part: LatencyBin[],
): LatencyBin[] {
  const taken = new Map(part.map((bin) => [bin.lowerMs, bin.count]));
  return whole
    .map((bin) => ({
      ...bin,
      count: bin.count - (taken.get(bin.lowerMs) ?? 0),
    }))
    .filter((bin) => bin.count > 0);
}

/**
 * The octave of the breakdown histograms that holds `ms` (see request_breakdown_histogram_daily),
 * and the index of its sixteenth there. Each bin of binOf lies inside one sixteenth, so a bin's
 * lower bound gives the place of all its values.
 */
export function histogramPlaceOf(ms: number): {
  octave: number;
  index: number;
} {
  const value = Math.max(0, Math.round(ms));
  if (value < BINS_PER_OCTAVE) return { octave: 0, index: value };
  const octave = Math.min(LAST_OCTAVE_MS, 2 ** Math.floor(Math.log2(value)));
  const width = octave / BINS_PER_OCTAVE;
  const index = Math.min(
    BINS_PER_OCTAVE - 1,
    Math.floor((value - octave) / width),
  );
  return { octave, index };
}

/** The lower bound of a sixteenth of an octave, and the next one's. */
function sixteenthBounds(octave: number, index: number): [number, number] {
  const width = Math.max(1, octave / BINS_PER_OCTAVE);
  return [octave + index * width, octave + (index + 1) * width];
}

/** The lower bound of the breakdown histogram bin that holds `ms`. */
export function histogramBinOf(ms: number): number {
  const { octave, index } = histogramPlaceOf(ms);
  return sixteenthBounds(octave, index)[0];
}

/**
 * The octave and the sixteenth's index of a whole number of ms (a bin of binOf's bound) in SQL,
 * as `octave_ms` and `n_index`, on both databases (whose division of whole numbers differs only
 * in type: every division here is exact).
 */
export function histogramPlaceSql(column: string): {
  octave: string;
  index: string;
} {
  const octaves = [`WHEN ${column} < ${BINS_PER_OCTAVE} THEN 0`];
  const widths = [`WHEN ${column} < ${BINS_PER_OCTAVE} THEN 1`];
  for (let octave = BINS_PER_OCTAVE; octave < LAST_OCTAVE_MS; octave *= 2) {
    octaves.push(`WHEN ${column} < ${octave * 2} THEN ${octave}`);
    widths.push(
      `WHEN ${column} < ${octave * 2} THEN ${octave / BINS_PER_OCTAVE}`,
    );
  }
  const octave = `(CASE ${octaves.join(' ')} ELSE ${LAST_OCTAVE_MS} END)`;
  const width = `(CASE ${widths.join(' ')} ELSE ${LAST_OCTAVE_MS / BINS_PER_OCTAVE} END)`;
  const last = BINS_PER_OCTAVE - 1;
  return {
    octave,
    index: `(CASE WHEN ${column} >= ${2 * LAST_OCTAVE_MS} THEN ${last} ELSE (${column} - ${column} % ${width} - ${octave}) / ${width} END)`,
  };
}

/**
 * Bins of binOf (or of the breakdown histograms) as the breakdown histograms' bins: counts
 * added, each keeping the least and greatest value of those it took, sorted by bound.
 */
export function toHistogramBins(bins: LatencyBin[]): LatencyBin[] {
  return mergeBins([
    bins.map((bin) => ({ ...bin, lowerMs: histogramBinOf(bin.lowerMs) })),
  ]);
}

/**
 * A breakdown histogram row's counts (`n0`..`n15` of its octave) as bins. The row keeps the
 * least and greatest value of the whole octave, not of each bin: those bound its first and last
 * bin (and are its value, where that bin holds one), and elsewhere the bin's own bounds stand
 * for them, so a percentile read inside it is spread over its width (6.25% of its bound at most).
 */
export function histogramRowBins(row: Record<string, unknown>): LatencyBin[] {
  const octave = Number(row.octave_ms);
  const least = Number(row.min_ms);
  const greatest = Number(row.max_ms);
  const bins: LatencyBin[] = [];
  HISTOGRAM_COUNTS.forEach((column, index) => {
    const count = Number(row[column] ?? 0);
    if (count > 0) {
      const [lowerMs, end] = sixteenthBounds(octave, index);
      const minMs = Math.max(lowerMs, least);
      const maxMs = Math.min(end - 1, greatest);
      bins.push({ lowerMs, count, minMs, maxMs });
    }
  });
  const last = bins[bins.length - 1];
  if (last?.count === 1) last.minMs = last.maxMs;
  return bins;
}
