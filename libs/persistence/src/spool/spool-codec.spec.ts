import type { SpooledRecord } from '../records/request-record.types';
import { decodeSegment, encodeRecord } from './spool-codec';

const entry = (n: number): SpooledRecord => ({
  uid: `uid-${n}`,
  record: {
    timestamp: new Date(Date.UTC(2026, 0, 1, 0, 0, n)),
    endpoint: 'chat.completions',
    model: 'gpt-4o «ü»',
    origin: null,
    isStreaming: n % 2 === 0,
    success: true,
    statusCode: 200,
    errorType: null,
    errorMessage: null,
    finishReason: 'stop',
    messageCount: 1,
    promptTokens: n,
    completionTokens: 2,
    totalTokens: n + 2,
    tokensEstimated: false,
    timeToFirstTokenMs: null,
    timeToLastTokenMs: null,
    responseTimeMs: 12,
    tokensPerSecond: 1.5,
    requestId: `req-${n}`,
    user: n % 2 === 0 ? 'alice' : null,
    apiKeyId: n % 2 === 0 ? '0123456789abcdef' : null,
    cachedPromptTokens: null,
    costUsd: n % 2 === 0 ? 0.00042 : null,
    tags: n % 2 === 0 ? { team: 'search', env: 'prod' } : {},
  },
});

const segment = (...parts: (string | Buffer)[]) =>
  Buffer.concat(parts.map((part) => Buffer.from(part)));

describe('spool codec', () => {
  it('reads back what it wrote, dates and all', () => {
    const data = segment(encodeRecord(entry(1)), encodeRecord(entry(2)));
    expect(decodeSegment(data)).toEqual({
      records: [entry(1), entry(2)],
      validBytes: data.length,
    });
  });

  it('stops before a record cut short', () => {
    const whole = encodeRecord(entry(1));
    const data = segment(whole, encodeRecord(entry(2)).slice(0, -1));
    const decoded = decodeSegment(data);
    expect(decoded.records).toEqual([entry(1)]);
    expect(decoded.validBytes).toBe(Buffer.byteLength(whole));
  });

  it('stops at the first line that is not a record', () => {
    const whole = encodeRecord(entry(1));
    for (const bad of ['{"a":1}\n', '["x"]\n', '[1,{}]\n', '\u0000\n']) {
      const data = segment(whole, bad, encodeRecord(entry(2)));
      expect(decodeSegment(data)).toEqual({
        records: [entry(1)],
        validBytes: Buffer.byteLength(whole),
      });
    }
  });

  it('gives a record spooled without tags, or with malformed ones, none', () => {
    const { uid, record } = entry(2);
    const lines = [
      JSON.stringify([uid, { ...record, tags: undefined }]),
      JSON.stringify([uid, { ...record, tags: { team: 1 } }]),
      JSON.stringify([uid, { ...record, tags: ['x'] }]),
    ];
    const { records } = decodeSegment(segment(lines.join('\n') + '\n'));
    expect(records).toEqual(
      [1, 2, 3].map(() => ({ uid, record: { ...record, tags: {} } })),
    );
  });
});
