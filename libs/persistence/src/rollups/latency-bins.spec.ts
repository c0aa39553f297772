import Database from 'better-sqlite3';
import {
  binOf,
  binSql,
  histogramBinOf,
  histogramPlaceOf,
  histogramPlaceSql,
  histogramRowBins,
  toHistogramBins,
  valueAtRank,
  type LatencyBin,
} from './latency-bins';

const SAMPLE = [
  0,
  1,
  63,
  64,
  65,
  127,
  128,
  129,
  1000,
  1023,
  1024,
  1055,
  1056,
  65_535,
  299_999,
  2 ** 31 - 1,
];

describe('binOf', () => {
  it('gives every value below 64 ms a bin of its own', () => {
    for (let v = 0; v < 64; v++) expect(binOf(v)).toBe(v);
  });

  it('keeps bins at most 1/32 of their lower bound wide above that', () => {
    for (let v = 64; v < 200_000; v += 7) {
      const bin = binOf(v);
      expect(bin).toBeLessThanOrEqual(v);
      expect(v - bin).toBeLessThan(Math.max(1, bin / 32));
    }
    expect([binOf(1024), binOf(1055), binOf(1056)]).toEqual([1024, 1024, 1056]);
  });

  it('rounds fractional milliseconds first', () => {
    expect(binOf(62.6)).toBe(63);
  });
});

describe('binSql', () => {
  it('computes the same bins in SQL as binOf does', () => {
    const db = new Database(':memory:');
    try {
      const query = db.prepare(
        `SELECT ${binSql('v')} AS bin FROM (SELECT ? AS v)`,
      );
      for (const v of SAMPLE) {
        expect([v, (query.get(v) as { bin: number }).bin]).toEqual([
          v,
          binOf(v),
        ]);
      }
    } finally {
      db.close();
    }
  });
});

describe('valueAtRank', () => {
  const bins: LatencyBin[] = [
    { lowerMs: 10, count: 1, minMs: 10, maxMs: 10 },
    { lowerMs: 1024, count: 3, minMs: 1030, maxMs: 1050 },
    { lowerMs: 2048, count: 2, minMs: 2050, maxMs: 2050 },
  ];

  it('answers a bin holding one distinct value exactly', () => {
    expect(valueAtRank(bins, 1)).toBe(10);
    expect(valueAtRank(bins, 5)).toBe(2050);
    expect(valueAtRank(bins, 6)).toBe(2050);
  });

  it('spreads the ranks inside a bin between its least and greatest value', () => {
    expect([2, 3, 4].map((rank) => valueAtRank(bins, rank))).toEqual([
      1030, 1040, 1050,
    ]);
  });

  it('answers null past the last value', () => {
    expect(valueAtRank(bins, 7)).toBeNull();
    expect(valueAtRank([], 1)).toBeNull();
  });
});

describe('the breakdown histograms', () => {
  it('place a value in the sixteenth of its octave, each at most 1/16 of its bound wide', () => {
    for (let v = 0; v < 32; v++) expect(histogramBinOf(v)).toBe(v);
    expect(histogramPlaceOf(5)).toEqual({ octave: 0, index: 5 });
    expect(histogramPlaceOf(20)).toEqual({ octave: 16, index: 4 });
    expect(histogramPlaceOf(1100)).toEqual({ octave: 1024, index: 1 });
    for (let v = 32; v < 3_000_000; v += 997) {
      const bin = histogramBinOf(v);
      expect(bin).toBeLessThanOrEqual(v);
      expect(v - bin).toBeLessThan(bin / 16);
    }
    // Past the last octave, everything counts in its last sixteenth.
    expect(histogramPlaceOf(2 ** 31 - 1)).toEqual({
      octave: 2 ** 24,
      index: 15,
    });
  });

  it('hold every bin of binOf inside one of theirs', () => {
    for (let v = 0; v < 2_000_000; v += 331) {
      expect([v, histogramBinOf(binOf(v))]).toEqual([v, histogramBinOf(v)]);
    }
  });

  it('place a bin of binOf in SQL as histogramPlaceOf does', () => {
    const db = new Database(':memory:');
    try {
      const { octave, index } = histogramPlaceSql('v');
      const query = db.prepare(
        `SELECT ${octave} AS octave, ${index} AS idx FROM (SELECT ? AS v)`,
      );
      for (const v of SAMPLE) {
        const found = query.get(binOf(v)) as { octave: number; idx: number };
        expect([v, { octave: found.octave, index: found.idx }]).toEqual([
          v,
          histogramPlaceOf(v),
        ]);
      }
    } finally {
      db.close();
    }
  });

  it('fold bins of binOf into theirs, keeping the least and greatest value', () => {
    expect(
      toHistogramBins([
        { lowerMs: 1024, count: 2, minMs: 1025, maxMs: 1030 },
        { lowerMs: 1056, count: 1, minMs: 1060, maxMs: 1060 },
        { lowerMs: 1088, count: 1, minMs: 1090, maxMs: 1090 },
      ]),
    ).toEqual([
      { lowerMs: 1024, count: 3, minMs: 1025, maxMs: 1060 },
      { lowerMs: 1088, count: 1, minMs: 1090, maxMs: 1090 },
    ]);
  });

  it("read a row's first and last value exactly, the others within their bin", () => {
    const row = {
      octave_ms: 1024,
      min_ms: 1030,
      max_ms: 1900,
      n0: 1,
      n5: 2,
      n13: 1,
    };
    expect(histogramRowBins(row)).toEqual([
      { lowerMs: 1024, count: 1, minMs: 1030, maxMs: 1087 },
      { lowerMs: 1344, count: 2, minMs: 1344, maxMs: 1407 },
      { lowerMs: 1856, count: 1, minMs: 1900, maxMs: 1900 },
    ]);
    const bins = histogramRowBins(row);
    expect([1, 4].map((rank) => valueAtRank(bins, rank))).toEqual([1030, 1900]);
  });
});
