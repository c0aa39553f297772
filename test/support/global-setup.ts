import { DEFAULT_TEST_MYSQL_URL, probeMysql } from './mysql-probe';

/**
 * Decides once whether the MySQL suites run. An explicit TEST_MYSQL_URL must answer; the
 * default local server is tried and, when nothing answers, the suites are skipped loudly.
 */
export default async function globalSetup(): Promise<void> {
  const explicit = process.env.TEST_MYSQL_URL;
  const url = explicit || DEFAULT_TEST_MYSQL_URL;
  const failure = await probeMysql(url);
  if (!failure) {
    process.env.TEST_MYSQL_URL = url;
    return;
  }
  if (explicit) {
    throw new Error(`TEST_MYSQL_URL=${explicit} does not answer: ${failure}`);
  }
  delete process.env.TEST_MYSQL_URL;
  const banner = '!'.repeat(78);
  console.warn(
    `\n${banner}\n!! MySQL SUITES SKIPPED: nothing answers at ${url} (${failure}).\n` +
      `!! Set TEST_MYSQL_URL or start MariaDB/MySQL to run them.\n${banner}\n`,
  );
}
