const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const KEY = 'llm-dashboard.timeframe';

export const TIMEFRAMES = [
  { id: '1h', label: '1h', title: 'Last hour', ms: HOUR },
  { id: '6h', label: '6h', title: 'Last 6 hours', ms: 6 * HOUR },
  { id: '24h', label: '24h', title: 'Last 24 hours', ms: DAY },
  { id: '7d', label: '7d', title: 'Last 7 days', ms: 7 * DAY },
  { id: '30d', label: '30d', title: 'Last 30 days', ms: 30 * DAY },
  { id: 'all', label: 'All', title: 'All time', ms: null },
] as const;

export type TimeframeId = (typeof TIMEFRAMES)[number]['id'];

export const DEFAULT_TIMEFRAME: TimeframeId = '24h';

/** The API's window: ISO 8601 UTC; `all` leaves the start open. */
export interface TimeRange {
  start?: string;
  end: string;
}

export function rangeOf(id: TimeframeId, now: Date): TimeRange {
  const { ms } = timeframe(id);
  const end = now.toISOString();
  if (ms === null) return { end };
  return { start: new Date(now.getTime() - ms).toISOString(), end };
}

function timeframe(id: TimeframeId): (typeof TIMEFRAMES)[number] {
  const byId = (wanted: TimeframeId) => TIMEFRAMES.find((t) => t.id === wanted);
  return byId(id) ?? (byId(DEFAULT_TIMEFRAME) as (typeof TIMEFRAMES)[number]);
}

/** The timeframe a text names (from the address or storage), if it names one. */
export function timeframeOf(text: string | null): TimeframeId | undefined {
  return TIMEFRAMES.find((t) => t.id === text)?.id;
}

/** The choice the browser remembers, else the default. */
export function loadTimeframe(): TimeframeId {
  return timeframeOf(localStorage.getItem(KEY)) ?? DEFAULT_TIMEFRAME;
}

export function saveTimeframe(id: TimeframeId): void {
  localStorage.setItem(KEY, id);
}
