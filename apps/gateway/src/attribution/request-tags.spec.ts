import type { IncomingHttpHeaders } from 'node:http';
import { droppedCount, extractTags, MAX_TAGS } from './request-tags';

describe('extractTags', () => {
  it('reads X-Gateway-Tag-<name> headers into name to value', () => {
    const result = extractTags({
      'x-gateway-tag-team': 'search',
      'x-gateway-tag-cost_center': 'cc-42',
      'x-gateway-user': 'alice',
      authorization: 'Bearer k',
    });
    expect(result).toEqual({
      tags: { team: 'search', cost_center: 'cc-42' },
      dropped: null,
    });
  });

  it('gives {} when there are none', () => {
    expect(extractTags({ 'content-type': 'application/json' })).toEqual({
      tags: {},
      dropped: null,
    });
  });

  it('drops names outside letters, digits, - and _ or longer than 32', () => {
    const result = extractTags({
      'x-gateway-tag-': 'empty name',
      'x-gateway-tag-a.b': 'dot',
      [`x-gateway-tag-${'n'.repeat(33)}`]: 'long',
      [`x-gateway-tag-${'n'.repeat(32)}`]: 'fits',
    });
    expect(result.tags).toEqual({ ['n'.repeat(32)]: 'fits' });
    expect(result.dropped).toEqual({ badName: 3, badValue: 0, overLimit: 0 });
  });

  it('drops empty values and values over 128 characters', () => {
    const result = extractTags({
      'x-gateway-tag-a': '',
      'x-gateway-tag-b': 'v'.repeat(129),
      'x-gateway-tag-c': 'v'.repeat(128),
      'x-gateway-tag-d': ['x', 'y'],
    });
    expect(result.tags).toEqual({ c: 'v'.repeat(128) });
    expect(result.dropped).toEqual({ badName: 0, badValue: 3, overLimit: 0 });
  });

  it('keeps the first 10 valid tags and counts the rest', () => {
    const headers: IncomingHttpHeaders = { 'x-gateway-tag-bad!': 'x' };
    for (let i = 0; i < MAX_TAGS + 3; i++)
      headers[`x-gateway-tag-t${i}`] = `v${i}`;
    const result = extractTags(headers);
    expect(Object.keys(result.tags)).toEqual(
      Array.from({ length: MAX_TAGS }, (_, i) => `t${i}`),
    );
    expect(result.dropped).toEqual({ badName: 1, badValue: 0, overLimit: 3 });
    expect(droppedCount(result.dropped)).toBe(4);
    expect(droppedCount(null)).toBe(0);
  });
});
