import { computeTiming, TimingInput } from './timing';

const base: TimingInput = {
  startedAt: 1000,
  firstTokenAt: null,
  lastTokenAt: null,
  endedAt: 3000.4,
  streaming: false,
  completionTokens: 50,
};

describe('computeTiming', () => {
  it('uses the response time for every figure of a non-streamed response', () => {
    expect(
      computeTiming({ ...base, firstTokenAt: 3000.4, lastTokenAt: 3000.4 }),
    ).toEqual({
      timeToFirstTokenMs: 2000,
      timeToLastTokenMs: 2000,
      responseTimeMs: 2000,
      tokensPerSecond: 25,
    });
  });

  it('has no token times for a non-streamed answer that delivered none', () => {
    expect(computeTiming(base)).toMatchObject({
      timeToFirstTokenMs: null,
      timeToLastTokenMs: null,
      responseTimeMs: 2000,
    });
  });

  it('ignores token times of a non-streamed response', () => {
    const timing = computeTiming({
      ...base,
      firstTokenAt: 1100,
      lastTokenAt: 1200,
    });

    expect(timing.timeToFirstTokenMs).toBe(2000);
  });

  it('measures a stream over its generation phase', () => {
    const timing = computeTiming({
      ...base,
      streaming: true,
      firstTokenAt: 1250.6,
      lastTokenAt: 2250.6,
      endedAt: 2300.2,
      completionTokens: 30,
    });

    expect(timing).toEqual({
      timeToFirstTokenMs: 251,
      timeToLastTokenMs: 1251,
      responseTimeMs: 1300,
      tokensPerSecond: 30,
    });
  });

  it('falls back to the time to the last token for a single content event', () => {
    const timing = computeTiming({
      ...base,
      streaming: true,
      firstTokenAt: 1400,
      lastTokenAt: 1400,
      completionTokens: 3,
    });

    expect(timing.tokensPerSecond).toBe(7.5);
  });

  it('reports no token times for a stream without content', () => {
    expect(computeTiming({ ...base, streaming: true })).toEqual({
      timeToFirstTokenMs: null,
      timeToLastTokenMs: null,
      responseTimeMs: 2000,
      tokensPerSecond: null,
    });
  });

  it.each([
    ['completion tokens are unknown', { completionTokens: null }],
    ['there are no completion tokens', { completionTokens: 0 }],
    ['no time passed', { endedAt: 1000 }],
  ])('has no rate when %s', (_, override) => {
    expect(computeTiming({ ...base, ...override }).tokensPerSecond).toBeNull();
  });

  it('rounds the rate to two decimals', () => {
    const timing = computeTiming({
      ...base,
      endedAt: 1300,
      completionTokens: 1,
    });

    expect(timing.tokensPerSecond).toBe(3.33);
  });
});
