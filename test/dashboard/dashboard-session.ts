import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type {
  Browser,
  BrowserContext,
  BrowserContextOptions,
} from 'playwright-core';
import {
  RecordWriter,
  type Environment,
  type RequestRecordInput,
} from '@app/persistence';
import {
  DASHBOARD_NOW,
  DASHBOARD_RECORDS,
} from '../fixtures/dashboard.fixture';
import { buildDashboardIfNeeded, launchChromium } from '../support/browser';
import {
  startMetricsApp,
  type RunningMetricsApp,
} from '../support/metrics-app';
import { createPersistenceModule } from '../support/persistence-testing';
import { testDatabases, type TestDatabase } from '../support/test-databases';
import { DashboardPage } from './dashboard-page';

/** Where the screenshots go (gitignored). */
export const ARTIFACTS = join(__dirname, '..', 'artifacts');

export interface DashboardSession {
  api: RunningMetricsApp;
  database: TestDatabase;
  /**
   * A fresh browser profile on the dashboard (at `path`, `/` by default), its clock at
   * DASHBOARD_NOW like the app's.
   */
  open(options?: BrowserContextOptions, path?: string): Promise<DashboardPage>;
  /**
   * Closes the pages opened so far and returns their console errors and uncaught exceptions,
   * but for those `expected` matches.
   */
  closePages(expected?: RegExp): Promise<string[]>;
  close(): Promise<void>;
}

export interface DashboardSessionOptions {
  apiToken?: string;
  /** Requests recorded beside DASHBOARD_RECORDS. */
  moreRecords?: RequestRecordInput[];
  /** More variables of the metrics app, e.g. API_KEY_NAMES. */
  environment?: Environment;
}

/**
 * The built dashboard served by the metrics app (SQLite, seeded with DASHBOARD_RECORDS,
 * clock at DASHBOARD_NOW) and a headless Chromium to look at it.
 */
export async function startDashboardSession(
  options: DashboardSessionOptions = {},
): Promise<DashboardSession> {
  buildDashboardIfNeeded();
  mkdirSync(ARTIFACTS, { recursive: true });
  const database = await testDatabases()[0][1]();
  const api = await startMetricsApp({
    databaseUrl: database.url,
    records: [...DASHBOARD_RECORDS, ...(options.moreRecords ?? [])],
    now: DASHBOARD_NOW,
    apiToken: options.apiToken,
    environment: options.environment,
  });
  const browser: Browser = await launchChromium();
  const opened: { context: BrowserContext; page: DashboardPage }[] = [];
  return {
    api,
    database,
    async open(options = {}, path = '/') {
      const context = await browser.newContext({
        locale: 'en-US',
        // Far from UTC, so that a figure read in local time would show.
        timezoneId: 'America/New_York',
        viewport: { width: 1280, height: 900 },
        colorScheme: 'light',
        ...options,
      });
      const page = await context.newPage();
      await page.clock.setFixedTime(DASHBOARD_NOW);
      const dashboard = new DashboardPage(page);
      opened.push({ context, page: dashboard });
      await dashboard.open(`${api.url}${path}`);
      return dashboard;
    },
    async closePages(expected) {
      const closing = opened.splice(0);
      await Promise.all(closing.map(({ context }) => context.close()));
      return closing
        .flatMap(({ page }) => page.errors)
        .filter((error) => !expected?.test(error));
    },
    async close() {
      await browser.close();
      await api.close();
      await database.drop();
    },
  };
}

/** Writes requests to the dashboard's database, as the gateway would. */
export async function addRecords(
  url: string,
  records: RequestRecordInput[],
): Promise<void> {
  const moduleRef = await createPersistenceModule(url);
  try {
    const writer = moduleRef.get(RecordWriter);
    records.forEach((record) => writer.record(record));
    await writer.flush();
  } finally {
    await moduleRef.close();
  }
}
