import type { Endpoint } from '@app/persistence';
import { SseParser, type SseEvent } from './sse-parser';
import {
  StreamUsageTracker,
  type StreamUsageResult,
} from './stream-usage-tracker';

const NULL_USAGE = Buffer.from('"usage":null');
const NULL_USAGE_FIELD = /,"usage":null(?=[,}])|"usage":null,/g;

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
  const raws = events.map((event) => withoutNullUsage(event.raw));
  return raws.length === 1 ? raws[0] : Buffer.concat(raws);
}

/** Drops `"usage":null` from an event's JSON, leaving every other byte as it was. */
export function withoutNullUsage(raw: Buffer): Buffer {
  if (raw.indexOf(NULL_USAGE) === -1) return raw;
  return Buffer.from(
    raw.toString('utf8').replace(NULL_USAGE_FIELD, ''),
    'utf8',
  );
}
