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
