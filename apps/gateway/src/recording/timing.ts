/** Moments of one request on the `performance.now()` clock, in milliseconds. */
export interface TimingInput {
  startedAt: number;
  /**
   * First and last events with generated content. A non-streamed answer passes the moment it
   * ended, or null when it delivered none (a failure).
   */
  firstTokenAt: number | null;
  lastTokenAt: number | null;
  endedAt: number;
  streaming: boolean;
  completionTokens: number | null;
}

export interface Timing {
  timeToFirstTokenMs: number | null;
  timeToLastTokenMs: number | null;
  responseTimeMs: number;
  tokensPerSecond: number | null;
}

/**
 * A non-streamed response arrives at once, so its first and last tokens come with the
 * whole response. A stream's rate is measured over its generation phase (first to
 * last token) so that queueing and prompt processing do not dilute it; with a single
 * content event that phase has no length and the time to the last token is used.
 */
export function computeTiming(input: TimingInput): Timing {
  const { startedAt, endedAt, streaming, completionTokens } = input;
  const responseTime = elapsed(startedAt, endedAt);
  if (!streaming) {
    const ms = Math.round(responseTime);
    const delivered = input.firstTokenAt === null ? null : ms;
    return {
      timeToFirstTokenMs: delivered,
      timeToLastTokenMs: delivered,
      responseTimeMs: ms,
      tokensPerSecond: rate(completionTokens, responseTime),
    };
  }
  const first = input.firstTokenAt;
  const last = input.lastTokenAt;
  const toFirst = first === null ? null : elapsed(startedAt, first);
  const toLast = last === null ? null : elapsed(startedAt, last);
  const generation = first !== null && last !== null ? last - first : 0;
  return {
    timeToFirstTokenMs: toFirst === null ? null : Math.round(toFirst),
    timeToLastTokenMs: toLast === null ? null : Math.round(toLast),
    responseTimeMs: Math.round(responseTime),
    tokensPerSecond: rate(
      completionTokens,
      generation > 0 ? generation : toLast,
    ),
  };
}

function elapsed(from: number, to: number): number {
  return Math.max(0, to - from);
}

/** Null when there is nothing to divide: no tokens counted or no time passed. */
function rate(tokens: number | null, ms: number | null): number | null {
  if (tokens === null || tokens <= 0 || ms === null || ms <= 0) return null;
  return Math.round((tokens / (ms / 1000)) * 100) / 100;
}
