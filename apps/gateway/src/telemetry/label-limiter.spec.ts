import { LabelLimiter, OTHER } from './label-limiter';

describe('LabelLimiter', () => {
  it('keeps the first values up to the limit and counts later ones as other', () => {
    const limiter = new LabelLimiter(2);
    expect(['a', 'b', 'c', 'a', 'd', 'b'].map((v) => limiter.bound(v))).toEqual(
      ['a', 'b', OTHER, 'a', OTHER, 'b'],
    );
  });

  it('never yields more than limit + 1 distinct values', () => {
    const limiter = new LabelLimiter(100);
    const values = new Set(
      Array.from({ length: 500 }, (_, i) => limiter.bound(`model-${i}`)),
    );
    expect(values.size).toBe(101);
  });

  it('cuts very long values', () => {
    expect(new LabelLimiter(1).bound('x'.repeat(1000))).toHaveLength(128);
  });
});
