import type { Endpoint } from '@app/persistence';
import { SseParser, type SseEvent } from './sse-parser';
import {
  StreamUsageTracker,
  type StreamUsageResult,
} from './stream-usage-tracker';

const NULL_USAGE = Buffer.from('"usage":null');
const COMMA = 0x2c;
const CLOSE_BRACE = 0x7d;

/**
 * Watches a server-sent event stream on its way to the client. When the gateway asked the
 * backend for usage on the client's behalf, the usage chunk and the `"usage":null` field the
 * backend then adds to every chunk are taken out, so the client gets the stream it asked for;
 * otherwise every byte passes as it came, without waiting for events to complete.
 */
export class StreamWatcher {
  private readonly parser = new SseParser();
  private readonly tracker: StreamUsageTracker;

  constructor(
    endpoint: Endpoint,
    startedAt: number,
    private readonly hideInjectedUsage: boolean,
  ) {
    this.tracker = new StreamUsageTracker(endpoint, startedAt, {
      suppressUsageOnlyChunk: hideInjectedUsage,
    });
  }

  /** Observes a chunk; returns what the client gets of it. */
  push(chunk: Buffer): Buffer {
    const events = this.parser.push(chunk);
    const kept = this.observe(events);
    return this.hideInjectedUsage ? joinEvents(kept) : chunk;
  }

  /** The stream ended; returns bytes still held back, if any. */
  end(): Buffer | null {
    const kept = this.observe(this.parser.end());
    return this.hideInjectedUsage && kept.length > 0 ? joinEvents(kept) : null;
  }

  result(): StreamUsageResult {
    return this.tracker.result();
  }

  private observe(events: SseEvent[]): SseEvent[] {
    const now = performance.now();
    return events.filter((event) => this.tracker.onEvent(event, now));
  }
}

function joinEvents(events: SseEvent[]): Buffer {
  if (events.length === 1) return withoutNullUsage(events[0].raw);
  const raws: Buffer[] = [];
  for (const event of events) raws.push(withoutNullUsage(event.raw));
  return Buffer.concat(raws);
}

/**
 * Drops `"usage":null` from an event's JSON with the comma that joins it to its neighbour
 * (the one before it, else the one after), leaving every other byte as it was. Inside JSON
 * strings quotes are escaped, so the bytes cannot be part of a text.
 */
export function withoutNullUsage(raw: Buffer): Buffer {
  let found = raw.indexOf(NULL_USAGE);
  if (found === -1) return raw;
  const kept: Buffer[] = [];
  let copied = 0;
  while (found !== -1) {
    const after = found + NULL_USAGE.length;
    const next = raw[after];
    let cut = -1;
    let resume = after;
    if (
      found > copied &&
      raw[found - 1] === COMMA &&
      (next === COMMA || next === CLOSE_BRACE)
    ) {
      cut = found - 1;
    } else if (next === COMMA) {
      cut = found;
      resume = after + 1;
    }
    if (cut !== -1) {
      kept.push(raw.subarray(copied, cut));
      copied = resume;
    }
    found = raw.indexOf(NULL_USAGE, resume);
  }
  if (copied === 0) return raw;
  kept.push(raw.subarray(copied));
  return Buffer.concat(kept);
}
