import Database from 'better-sqlite3';
import { binOf, binSql, valueAtRank, type LatencyBin } from './latency-bins';

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
