import type { TestingModule } from '@nestjs/testing';
import {
  BreakdownReader,
  DatabaseConnector,
  RecordWriter,
  type BreakdownSort,
} from '@app/persistence';
import { rebuildRollups } from '@app/persistence/rollups/rollup-rebuild';
import { commitBatch } from '@app/persistence/writer/commit-batch';
import { randomRecords } from '../fixtures/random-records';
import {
  HOUR_MS,
  RAGGED_WINDOWS,
  RANDOM_NOW,
} from '../fixtures/random-windows';
import {
  BREAKDOWN_DIMENSIONS,
  exactBreakdown,
  expectRows,
} from '../support/exact-breakdown';
import { createPersistenceModule } from '../support/persistence-testing';
import {
  describeEachDatabase,
  type TestDatabase,
} from '../support/test-databases';

const RECORDS = randomRecords(20240311, 1_600, RANDOM_NOW, 4 * 24 * HOUR_MS);
const SORTS: BreakdownSort[] = ['requests', 'tokens', 'cost'];

const CASES = RAGGED_WINDOWS.flatMap(([name, window]) =>
  BREAKDOWN_DIMENSIONS.flatMap((by) =>
    SORTS.map((sort) => [name, by, sort, window] as const),
  ),
);

describeEachDatabase(
  'breakdown rollups written by two processes at once on %s',
  (_kind, createDatabase) => {
    let database: TestDatabase;
    let writers: TestingModule[];
    let reader: BreakdownReader;

    beforeAll(async () => {
      database = await createDatabase();
      writers = [];
      for (let i = 0; i < 2; i++) {
        writers.push(
          await createPersistenceModule(database.url, {
            maxBatchSize: 29,
            flushIntervalMs: 1,
          }),
        );
      }
      // Interleaved halves: both writers add to the same (dimension, value, day) rows at once.
      await Promise.all(
        writers.map(async (moduleRef, i) => {
          const writer = moduleRef.get(RecordWriter);
          RECORDS.filter((_, n) => n % 2 === i).forEach((r) =>
            writer.record(r),
          );
          await writer.flush();
          expect(writer.stats()).toMatchObject({ written: 800, dropped: 0 });
        }),
      );
      reader = writers[0].get(BreakdownReader);
    }, 120_000);

    afterAll(async () => {
      await Promise.all(writers.map((moduleRef) => moduleRef.close()));
      await database.drop();
    });

    it.each(CASES)(
      'agrees with the records over %s by %s, sorted by %s',
      async (_name, by, sort, window) => {
        const actual = await reader.breakdown({ by, window, top: 3, sort });
        const exact = exactBreakdown(RECORDS, { by, window, top: 3, sort });
        expect(actual.distinctValues).toBe(exact.distinct_values);
        expectRows(actual.rows, exact.rows);
        expectRows(
          [actual.other, actual.none].filter((row) => row !== null),
          [exact.other, exact.none].filter((row) => row !== null),
        );
        expect([actual.other === null, actual.none === null]).toEqual([
          exact.other === null,
          exact.none === null,
        ]);
      },
    );

    it('gives the same answers after the rollups are rebuilt from the records', async () => {
      const ask = () =>
        Promise.all(
          CASES.map(([, by, sort, window]) =>
            reader.breakdown({ by, window, top: 3, sort }),
          ),
        );
      const before = await ask();
      await rebuildRollups(await writers[0].get(DatabaseConnector).get());
      await expect(ask()).resolves.toEqual(before);
    });
  },
);

describeEachDatabase(
  'breakdown rollups of a full batch on %s',
  (_kind, createDatabase) => {
    let database: TestDatabase;
    let moduleRef: TestingModule;

    beforeAll(async () => {
      database = await createDatabase();
      moduleRef = await createPersistenceModule(database.url, {
        maxBatchSize: 500,
      });
    });

    afterAll(async () => {
      await moduleRef.close();
      await database.drop();
    });

    it('writes a batch whose histogram rows need more parameters than one statement takes', async () => {
      // Latencies from 0 ms to minutes: nearly every record has bins of its own in each place.
      const records = randomRecords(31337, 500, RANDOM_NOW, 4 * 24 * HOUR_MS);
      const written = await commitBatch(
        await moduleRef.get(DatabaseConnector).get(),
        records.map((record, n) => ({ uid: `full-${n}`, record })),
      );
      expect(written).toBe(500);
      const breakdown = await moduleRef
        .get(BreakdownReader)
        .breakdown({ by: 'endpoint', window: {}, top: 5, sort: 'requests' });
      expect(breakdown.rows.map((row) => row.requests)).toEqual([500]);
    });
  },
);
