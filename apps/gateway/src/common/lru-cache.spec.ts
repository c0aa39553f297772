import { LruCache } from './lru-cache';

describe('LruCache', () => {
  it('evicts the least recently used entry beyond its capacity', () => {
    const cache = new LruCache<string, number>(2);
    cache.set('a', 1);
    cache.set('b', 2);
    expect(cache.get('a')).toBe(1); // 'b' is now the oldest
    cache.set('c', 3);
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBe(1);
    expect(cache.get('c')).toBe(3);
    expect(cache.size).toBe(2);
  });

  it('computes a missing value once and serves it from the cache afterwards', () => {
    const cache = new LruCache<string, string>(4);
    const compute = jest.fn((key: string) => key.toUpperCase());
    expect(cache.getOrCompute('x', compute)).toBe('X');
    expect(cache.getOrCompute('x', compute)).toBe('X');
    expect(compute).toHaveBeenCalledTimes(1);
  });

  it('refuses a capacity that is not a positive integer', () => {
    expect(() => new LruCache(0)).toThrow(RangeError);
    expect(() => new LruCache(1.5)).toThrow(RangeError);
  });
});
