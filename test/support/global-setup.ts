import { DEFAULT_TEST_MYSQL_URL, probeMysql } from './mysql-probe';

/**
 * Decides once whether the MySQL suites run. An explicit TEST_MYSQL_URL must answer, and so
 * must the default local server under CI=true (as a missing Chromium fails CI); elsewhere the
 * MySQL cases are skipped, counted as skipped by Jest, with a banner.
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
  if (process.env.CI === 'true') {
    throw new Error(
      `CI=true and no MySQL answers at ${url} (${failure}): the MySQL suites must run in CI. ` +
        'Start MariaDB/MySQL or set TEST_MYSQL_URL.',
    );
  }
  delete process.env.TEST_MYSQL_URL;
  const banner = '!'.repeat(78);
  console.warn(
    `\n${banner}\n!! MySQL SUITES SKIPPED: nothing answers at ${url} (${failure}).\n` +
      `!! Their cases are reported as skipped below. Set TEST_MYSQL_URL or start\n` +
      `!! MariaDB/MySQL to run them (CI=true makes this an error).\n${banner}\n`,
  );
}
