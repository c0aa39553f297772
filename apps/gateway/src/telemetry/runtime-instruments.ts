import { PerformanceObserver, monitorEventLoopDelay } from 'node:perf_hooks';
import type { Meter } from '@opentelemetry/api';

/** Event-loop delay is summarised over windows of this length. */
const LAG_WINDOW_MS = 15_000;
const GC_KINDS: Record<number, string> = {
  1: 'minor',
  2: 'major',
  4: 'incremental',
  8: 'weakcb',
};

/**
 * The process's CPU, memory, event-loop delay and garbage collection, named as OpenTelemetry's
 * process and runtime conventions do. Returns what stops the timers and observers.
 */
export function observeRuntime(meter: Meter): () => void {
  const cpu = meter.createObservableCounter('process.cpu.time', {
    unit: 's',
    description: 'CPU time of the process, by mode.',
  });
  const memory = meter.createObservableUpDownCounter('process.memory.usage', {
    unit: 'By',
    description: 'Resident set size of the process.',
  });
  const heap = meter.createObservableGauge('v8js.memory.heap.used', {
    unit: 'By',
    description: 'V8 heap in use.',
  });
  const lag = meter.createObservableGauge('nodejs.eventloop.delay.p99', {
    unit: 's',
    description:
      '99th percentile of event-loop delay over the last 15 s window.',
  });
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  let lagP99 = 0;
  const window = setInterval(() => {
    lagP99 = delay.percentile(99) / 1e9;
    delay.reset();
  }, LAG_WINDOW_MS);
  window.unref();
  meter.addBatchObservableCallback(
    (result) => {
      const usage = process.cpuUsage();
      result.observe(cpu, usage.user / 1e6, { 'cpu.mode': 'user' });
      result.observe(cpu, usage.system / 1e6, { 'cpu.mode': 'system' });
      const { rss, heapUsed } = process.memoryUsage();
      result.observe(memory, rss);
      result.observe(heap, heapUsed);
      result.observe(lag, lagP99);
    },
    [cpu, memory, heap, lag],
  );
  const stopGc = observeGc(meter);
  return () => {
    clearInterval(window);
    delay.disable();
    stopGc();
  };
}

function observeGc(meter: Meter): () => void {
  const gc = meter.createHistogram('v8js.gc.duration', {
    unit: 's',
    description: 'Garbage collection pauses, by kind.',
    advice: { explicitBucketBoundaries: [0.01, 0.1, 1, 10] },
  });
  const attributes = Object.fromEntries(
    Object.entries(GC_KINDS).map(([kind, name]) => [
      kind,
      { 'v8js.gc.type': name },
    ]),
  );
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      const kind = (entry as { detail?: { kind?: number } }).detail?.kind ?? 0;
      gc.record(entry.duration / 1000, attributes[kind] ?? {});
    }
  });
  observer.observe({ entryTypes: ['gc'] });
  return () => observer.disconnect();
}
