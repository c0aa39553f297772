import type { Meter } from '@opentelemetry/api';
import type { RecordWriter } from '@app/persistence';

/**
 * The record spool's state and the duplicates the writer skipped, read when a collection asks.
 * With SPOOL_DIR=off the spool gauges have no series (there is no spool to describe).
 */
export function observeSpool(meter: Meter, writer: RecordWriter): void {
  const bytes = meter.createObservableUpDownCounter('llm_gateway.spool.size', {
    unit: 'By',
    description: 'Bytes of the spool segment files on disk.',
  });
  const oldestAge = meter.createObservableGauge(
    'llm_gateway.spool.oldest_age',
    {
      unit: 's',
      description:
        'How long the oldest spooled record not yet in the database has waited; 0 when none.',
    },
  );
  const duplicates = meter.createObservableCounter(
    'llm_gateway.records.duplicates',
    {
      unit: '{record}',
      description:
        'Records replayed from the spool that the database already had, skipped.',
    },
  );
  meter.addBatchObservableCallback(
    (result) => {
      const stats = writer.stats();
      result.observe(duplicates, stats.duplicates);
      if (!stats.spool) return;
      result.observe(bytes, stats.spool.bytes);
      result.observe(oldestAge, stats.spool.oldestAgeMs / 1000);
    },
    [bytes, oldestAge, duplicates],
  );
}
