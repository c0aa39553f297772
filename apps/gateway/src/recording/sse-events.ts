import type { SseEvent, SseEventView, SseParser, SseSink } from './sse-parser';

/** Materialises events for callers that want them as objects. */
class SseEventCollector implements SseSink {
  readonly events: SseEvent[] = [];

  onSseEvent(view: SseEventView): void {
    this.events.push({
      event: view.event,
      data: view.data,
      raw: view.buffer.subarray(view.rawStart, view.rawEnd),
    });
  }
}

/** The events a chunk completes, as objects: for tests and tools, not the hot path. */
export function parseSseEvents(parser: SseParser, chunk: Buffer): SseEvent[] {
  const collector = new SseEventCollector();
  parser.feed(chunk, collector);
  return collector.events;
}

/** The events still held once the stream ended, as objects. */
export function endSseEvents(parser: SseParser): SseEvent[] {
  const collector = new SseEventCollector();
  parser.finish(collector);
  return collector.events;
}
