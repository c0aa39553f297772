import type { Meter } from '@opentelemetry/api';
import type { RecordWriter } from '@app/persistence';
import type { DatabaseProbe } from './database-probe';
import type { MeteredGatewayTelemetry } from './gateway-telemetry';

/**
 * Instruments read when a collection asks, never on the request path: in-flight counts, the
 * record writer's counters and the database probe's last answer.
 */
export function observeGatewayState(
  meter: Meter,
  telemetry: MeteredGatewayTelemetry,
  writer: RecordWriter,
  probe: DatabaseProbe,
): void {
  const gauge = (name: string, unit: string, description: string) =>
    meter.createObservableUpDownCounter(name, { unit, description });
  const counter = (name: string, description: string) =>
    meter.createObservableCounter(name, { unit: '{record}', description });
  const inFlight = gauge(
    'llm_gateway.requests.in_flight',
    '{request}',
    'Requests to /v1/ being handled now.',
  );
  const streams = gauge(
    'llm_gateway.streams.open',
    '{stream}',
    'Event streams being relayed now.',
  );
  const buffered = gauge(
    'llm_gateway.records.buffered',
    '{record}',
    'Records waiting in memory to be written.',
  );
  const written = counter('llm_gateway.records.written', 'Records written.');
  const dropped = counter(
    'llm_gateway.records.dropped',
    'Records lost: no room while the database was away, or refused by it.',
  );
  const failures = counter(
    'llm_gateway.records.write_failures',
    'Batch writes that failed (and were retried).',
  );
  const databaseUp = meter.createObservableGauge('llm_gateway.database.up', {
    description: '1 when the last database ping answered, else 0.',
  });
  meter.addBatchObservableCallback(
    (result) => {
      const stats = writer.stats();
      result.observe(inFlight, telemetry.inFlight);
      result.observe(streams, telemetry.openStreams);
      result.observe(buffered, stats.buffered);
      result.observe(written, stats.written);
      result.observe(dropped, stats.dropped);
      result.observe(failures, stats.failedAttempts);
      result.observe(databaseUp, probe.up ? 1 : 0);
    },
    [inFlight, streams, buffered, written, dropped, failures, databaseUp],
  );
}
