import { MigrationInterface, QueryRunner } from 'typeorm';

/*
 * Frozen: the SQL this migration ran when it was written, per database; it imports nothing
 * from the library.
 */

const BIN = 'CHARACTER SET "utf8mb4" COLLATE "utf8mb4_bin"';

export const SUMS = [
  'requests',
  'successful',
  'prompt_tokens',
  'completion_tokens',
  'total_tokens',
  'cost_nano_usd',
  'priced_requests',
  'unpriced_requests',
  'response_time_sum',
  'response_time_n',
  'ttft_sum',
  'ttft_n',
  'tps_sum',
  'tps_n',
];

const mysqlSum = (name: string) =>
  `\`${name}\` ${name === 'tps_sum' ? 'double' : 'bigint'} NOT NULL DEFAULT 0`;
const sqliteSum = (name: string) =>
  `"${name}" ${name === 'tps_sum' ? 'double' : 'bigint'} NOT NULL DEFAULT (0)`;

const MYSQL_UP = [
  `CREATE TABLE \`request_breakdown_daily\` (\`dimension\` varchar(40) ${BIN} NOT NULL, \`value\` varchar(256) ${BIN} NOT NULL, \`bucket_ms\` bigint NOT NULL, ${SUMS.map(mysqlSum).join(', ')}, PRIMARY KEY (\`dimension\`, \`value\`, \`bucket_ms\`)) ENGINE=InnoDB`,
  `CREATE TABLE \`request_breakdown_latency_daily\` (\`dimension\` varchar(40) ${BIN} NOT NULL, \`value\` varchar(256) ${BIN} NOT NULL, \`bucket_ms\` bigint NOT NULL, \`metric\` varchar(8) ${BIN} NOT NULL, \`bin_ms\` int NOT NULL, \`requests\` bigint NOT NULL DEFAULT 0, \`min_ms\` int NOT NULL, \`max_ms\` int NOT NULL, PRIMARY KEY (\`dimension\`, \`value\`, \`bucket_ms\`, \`metric\`, \`bin_ms\`)) ENGINE=InnoDB`,
];

const SQLITE_UP = [
  `CREATE TABLE "request_breakdown_daily" ("dimension" varchar(40) NOT NULL, "value" varchar(256) NOT NULL, "bucket_ms" bigint NOT NULL, ${SUMS.map(sqliteSum).join(', ')}, PRIMARY KEY ("dimension", "value", "bucket_ms")) WITHOUT ROWID`,
  'CREATE TABLE "request_breakdown_latency_daily" ("dimension" varchar(40) NOT NULL, "value" varchar(256) NOT NULL, "bucket_ms" bigint NOT NULL, "metric" varchar(8) NOT NULL, "bin_ms" int NOT NULL, "requests" bigint NOT NULL DEFAULT (0), "min_ms" int NOT NULL, "max_ms" int NOT NULL, PRIMARY KEY ("dimension", "value", "bucket_ms", "metric", "bin_ms")) WITHOUT ROWID',
];

/** How each sum comes from the records, as of this migration (the same SQL on both). */
export const SUM_SQL = [
  'COUNT(*)',
  'SUM(CASE WHEN success = 1 THEN 1 ELSE 0 END)',
  'COALESCE(SUM(prompt_tokens), 0)',
  'COALESCE(SUM(completion_tokens), 0)',
  'COALESCE(SUM(total_tokens), 0)',
  'COALESCE(SUM(ROUND(cost_usd * 1000000000)), 0)',
  'COUNT(cost_usd)',
  'SUM(CASE WHEN cost_usd IS NULL THEN 1 ELSE 0 END)',
  'COALESCE(SUM(response_time_ms), 0)',
  'COUNT(response_time_ms)',
  'COALESCE(SUM(time_to_first_token_ms), 0)',
  'COUNT(time_to_first_token_ms)',
  'COALESCE(SUM(tokens_per_second), 0)',
  'COUNT(tokens_per_second)',
];

/** Latency bins keeping six significant bits, as of this migration. */
function bin(c: string): string {
  const steps = [`WHEN ${c} < 64 THEN 1`];
  for (let e = 1; e <= 26; e++)
    steps.push(`WHEN ${c} < ${64 * 2 ** e} THEN ${2 ** e}`);
  return `(${c} - ${c} % (CASE ${steps.join(' ')} ELSE ${2 ** 26} END))`;
}

export const DAY = '(timestamp_ms - timestamp_ms % 86400000)';
const TAGS = 'JOIN request_tags t ON t.record_id = request_records.id';

/** A dimension as of this migration: its name, value, join, extra group keys, own bins. */
const DIMENSIONS: [string, string, string, string[], boolean][] = [
  ["'model'", 'model', '', [], true],
  ["'origin'", 'origin', '', [], true],
  ["'endpoint'", 'endpoint', '', [], true],
  ["'user'", 'user', '', [], false],
  ["'api_key'", 'api_key_id', '', [], false],
  ["CONCAT('tag:', t.name)", 't.value', TAGS, ['t.name'], true],
];

type DimensionSql = (typeof DIMENSIONS)[number];

const sumsOf = ([name, value, join, keys]: DimensionSql) =>
  `INSERT INTO request_breakdown_daily (bucket_ms, dimension, value, ${SUMS.join(', ')}) SELECT ${DAY} AS bucket_ms, ${name} AS dimension, ${value} AS value, ${SUM_SQL.join(', ')} FROM request_records ${join} WHERE ${value} IS NOT NULL GROUP BY ${[DAY, ...keys, value].join(', ')}`;

/** Bins per value, or the `none:<column>` / `any:tag:<name>` histogram (`group`). */
const binsOf = (
  [name, value, join, keys]: DimensionSql,
  metric: string,
  column: string,
  group: boolean,
) => {
  const tag = join !== '';
  const dimension = !group
    ? name
    : tag
      ? "CONCAT('any:tag:', t.name)"
      : `'none:${value === 'api_key_id' ? 'api_key' : value}'`;
  const present = group && !tag ? `${value} IS NULL` : `${value} IS NOT NULL`;
  const groupKeys = [DAY, ...keys, ...(group ? [] : [value]), bin(column)];
  return `INSERT INTO request_breakdown_latency_daily (bucket_ms, dimension, value, metric, bin_ms, requests, min_ms, max_ms) SELECT ${DAY} AS bucket_ms, ${dimension} AS dimension, ${group ? "''" : value} AS value, '${metric}' AS metric, ${bin(column)} AS bin_ms, COUNT(*) AS requests, MIN(${column}) AS min_ms, MAX(${column}) AS max_ms FROM request_records ${join} WHERE ${present} AND ${column} IS NOT NULL GROUP BY ${groupKeys.join(', ')}`;
};

const LATENCIES: [string, string][] = [
  ['ttft', 'time_to_first_token_ms'],
  ['rt', 'response_time_ms'],
];

/** Fills request_breakdown_latency_daily from the records (a later migration's revert too). */
export const LATENCY_BACKFILL = DIMENSIONS.flatMap((dimension) =>
  (dimension[4] ? [false, true] : [true]).flatMap((group) =>
    LATENCIES.map(([metric, column]) =>
      binsOf(dimension, metric, column, group),
    ),
  ),
);

/** Fills the new tables from the records already there. */
const BACKFILL = [...DIMENSIONS.map(sumsOf), ...LATENCY_BACKFILL];

/** request_breakdown_latency_daily as this migration made it, per database. */
export const LATENCY_TABLE_UP = { mysql: MYSQL_UP[1], sqlite: SQLITE_UP[1] };

/** Users and API keys are counted per day in request_breakdown_daily from now on. */
const FORGET_HOURLY_USERS =
  "DELETE FROM request_values_hourly WHERE dimension IN ('user', 'api_key_id')";

const HOUR = '(timestamp_ms - timestamp_ms % 3600000)';

/** What the code before this migration counts per hour, again from the records. */
const RESTORE_HOURLY_USERS = ['user', 'api_key_id'].map(
  (column) =>
    `INSERT INTO request_values_hourly (bucket_ms, dimension, value, requests) SELECT ${HOUR} AS bucket_ms, '${column}' AS dimension, ${column} AS value, COUNT(*) AS requests FROM request_records WHERE ${column} IS NOT NULL GROUP BY ${HOUR}, ${column}`,
);

/**
 * Breakdowns by model, origin, endpoint, user, API key and tag: sums per day and value, latency
 * histograms per day and value (but for users and keys) and of the records without a value,
 * filled from the records already there. Users and keys leave the hourly value counts.
 */
export class BreakdownRollups1764633600000 implements MigrationInterface {
  name = 'BreakdownRollups1764633600000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    const mysql = queryRunner.connection.driver.options.type === 'mysql';
    for (const sql of mysql ? MYSQL_UP : SQLITE_UP)
      await queryRunner.query(sql);
    for (const sql of BACKFILL) await queryRunner.query(sql);
    await queryRunner.query(FORGET_HOURLY_USERS);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const sql of RESTORE_HOURLY_USERS) await queryRunner.query(sql);
    await queryRunner.query('DROP TABLE request_breakdown_latency_daily');
    await queryRunner.query('DROP TABLE request_breakdown_daily');
  }
}
