import type { MigrationInterface, QueryRunner } from 'typeorm';
import {
  LATENCY_BACKFILL,
  LATENCY_TABLE_UP,
} from './1764633600000-BreakdownRollups';

/*
 * Frozen: the SQL this migration ran when it was written, per database; it imports nothing
 * from the library (only the SQL of the migration it reverts to).
 */

const BIN = 'CHARACTER SET "utf8mb4" COLLATE "utf8mb4_bin"';

/** Octaves of ms as of this migration: 0 (0-15), 16, 32, ... 2^24, each cut in sixteenths. */
const LAST = 2 ** 24;
const COUNTS = Array.from({ length: 16 }, (_, i) => `n${i}`);

const MYSQL_UP = `CREATE TABLE \`request_breakdown_histogram_daily\` (\`dimension\` varchar(40) ${BIN} NOT NULL, \`value\` varchar(256) ${BIN} NOT NULL, \`bucket_ms\` bigint NOT NULL, \`metric\` varchar(8) ${BIN} NOT NULL, \`octave_ms\` int NOT NULL, \`min_ms\` int NOT NULL, \`max_ms\` int NOT NULL, ${COUNTS.map((c) => `\`${c}\` int NOT NULL DEFAULT 0`).join(', ')}, PRIMARY KEY (\`dimension\`, \`value\`, \`bucket_ms\`, \`metric\`, \`octave_ms\`)) ENGINE=InnoDB`;
const SQLITE_UP = `CREATE TABLE "request_breakdown_histogram_daily" ("dimension" varchar(40) NOT NULL, "value" varchar(256) NOT NULL, "bucket_ms" bigint NOT NULL, "metric" varchar(8) NOT NULL, "octave_ms" int NOT NULL, "min_ms" int NOT NULL, "max_ms" int NOT NULL, ${COUNTS.map((c) => `"${c}" int NOT NULL DEFAULT (0)`).join(', ')}, PRIMARY KEY ("dimension", "value", "bucket_ms", "metric", "octave_ms")) WITHOUT ROWID`;

/** The octave, and the width of its sixteenths, of a bin of the old table (six significant bits). */
function ladder(c: string, of: (octave: number) => number): string {
  const steps = [`WHEN ${c} < 16 THEN ${of(0)}`];
  for (let octave = 16; octave < LAST; octave *= 2)
    steps.push(`WHEN ${c} < ${octave * 2} THEN ${of(octave)}`);
  return `(CASE ${steps.join(' ')} ELSE ${of(LAST)} END)`;
}
const OCTAVE = ladder('bin_ms', (octave) => octave);
const WIDTH = ladder('bin_ms', (octave) => Math.max(1, octave / 16));
const SIXTEENTH = `(CASE WHEN bin_ms >= ${2 * LAST} THEN 15 ELSE (bin_ms - bin_ms % ${WIDTH} - ${OCTAVE}) / ${WIDTH} END)`;

/** Every old row counted in the column of its sixteenth: one row per octave of a histogram. */
const FROM_BINS = `INSERT INTO request_breakdown_histogram_daily (bucket_ms, dimension, value, metric, octave_ms, min_ms, max_ms, ${COUNTS.join(', ')}) SELECT bucket_ms, dimension, value, metric, octave_ms, MIN(min_ms), MAX(max_ms), ${COUNTS.map((c, i) => `SUM(CASE WHEN sixteenth = ${i} THEN requests ELSE 0 END) AS ${c}`).join(', ')} FROM (SELECT bucket_ms, dimension, value, metric, requests, min_ms, max_ms, ${OCTAVE} AS octave_ms, ${SIXTEENTH} AS sixteenth FROM request_breakdown_latency_daily) placed GROUP BY bucket_ms, dimension, value, metric, octave_ms`;

/**
 * The breakdown latency histograms as one row per (dimension, value, day, latency, octave), a
 * column per sixteenth of the octave, instead of a row per bin: a batch's records spread over
 * nearly as many bins as there are records, and the writer upserted seven rows per record. The
 * bins are coarser (6.25% wide at most, without their least and greatest value); the old rows
 * are folded into them. The revert derives the old rows again from the records.
 */
export class BreakdownHistogramRows1764892800000 implements MigrationInterface {
  name = 'BreakdownHistogramRows1764892800000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    const mysql = queryRunner.connection.driver.options.type === 'mysql';
    await queryRunner.query(mysql ? MYSQL_UP : SQLITE_UP);
    await queryRunner.query(FROM_BINS);
    await queryRunner.query('DROP TABLE request_breakdown_latency_daily');
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    const mysql = queryRunner.connection.driver.options.type === 'mysql';
    await queryRunner.query(
      mysql ? LATENCY_TABLE_UP.mysql : LATENCY_TABLE_UP.sqlite,
    );
    for (const sql of LATENCY_BACKFILL) await queryRunner.query(sql);
    await queryRunner.query('DROP TABLE request_breakdown_histogram_daily');
  }
}
