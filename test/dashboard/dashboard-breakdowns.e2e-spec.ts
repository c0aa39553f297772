import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RequestRecordInput } from '@app/persistence';
import { dashboardRecord } from '../fixtures/dashboard.fixture';
import { checkChromium } from '../support/browser';
import { cellsOf, expectText, type DashboardPage } from './dashboard-page';
import {
  startDashboardSession,
  type DashboardSession,
} from './dashboard-session';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** A user id and a tag value that would run script if the page took them for markup. */
const XSS = '<img src=x onerror="window.pwned=1">';

/**
 * Beside DASHBOARD_RECORDS (see its rules): in the last hour, a gpt-4o request of the user
 * and tag value above without an API key, and one without user, key or tag; 40 days back,
 * eight users of one request each, so that the whole history has more users than a table's ten.
 */
const MORE_RECORDS: RequestRecordInput[] = [
  {
    ...dashboardRecord(0, 10 * MINUTE),
    requestId: 'markup',
    user: XSS,
    apiKeyId: null,
    tags: { team: XSS },
  },
  {
    ...dashboardRecord(0, 20 * MINUTE),
    requestId: 'anonymous',
    user: null,
    apiKeyId: null,
    tags: {},
  },
  ...Array.from({ length: 8 }, (_, n) => ({
    ...dashboardRecord(0, 40 * DAY + n * HOUR),
    requestId: `extra-${n}`,
    user: `extra-${n}`,
    tags: {},
  })),
];

const NAMED_KEY = '0123456789abcdef';
const OTHER_KEY = 'fedcba9876543210';

const queryOf = (page: DashboardPage) =>
  Object.fromEntries(new URL(page.page.url()).searchParams);

/** The query of the last call to `path`, once the page has made one `matches`. */
const lastQuery = (
  page: DashboardPage,
  path: string,
  matches: (query: URLSearchParams) => boolean,
) => {
  const calls = page.calls.filter(
    ({ url }) => url.pathname === path && matches(url.searchParams),
  );
  return calls.length === 0
    ? undefined
    : Object.fromEntries(calls[calls.length - 1].url.searchParams);
};

(checkChromium() ? describe : describe.skip)(
  'the dashboard broken down by model, user and API key',
  () => {
    let session: DashboardSession;
    let namesDir: string;

    beforeAll(async () => {
      namesDir = mkdtempSync(join(tmpdir(), 'dashboard-key-names-'));
      const namesFile = join(namesDir, 'key-names.json');
      writeFileSync(namesFile, JSON.stringify({ [NAMED_KEY]: 'search team' }));
      session = await startDashboardSession({
        moreRecords: MORE_RECORDS,
        environment: { API_KEY_NAMES: namesFile },
      });
    });

    afterAll(async () => {
      await session?.close();
      rmSync(namesDir, { recursive: true, force: true });
    });

    afterEach(async () => {
      await expect(session.closePages()).resolves.toEqual([]);
    });

    it('shows requests, tokens, cost, p95 and failures per value, with the none row apart', async () => {
      const page = await session.open();
      const rows = async (panel: string) =>
        Promise.all((await page.panelRows(panel).all()).map(cellsOf));
      await expectText(
        page.panelRows('By API key').last(),
        'No API key | 2 | 300 | $0.02 | 500 ms | 0',
        cellsOf,
      );
      await expect(rows('By model')).resolves.toEqual([
        'gpt-4o | 5 | 885 | $0.05 | 1,100 ms | 0',
        'llama3.1:8b | 3 | 465 | $0.02 | 1,200 ms | 1',
        'mistral-small | 3 | 450 | unpriced | 1,300 ms | 1',
      ]);
      await expect(rows('By user')).resolves.toEqual([
        'user-0 | 3 | 630 | $0.02 + 1 unpriced | 1,300 ms | 0',
        'user-1 | 2 | 0 | $0.00 + 1 unpriced | 1,000 ms | 2',
        'user-2 | 2 | 420 | $0.01 + 1 unpriced | 1,100 ms | 0',
        'user-3 | 2 | 450 | $0.02 | 1,200 ms | 0',
        `${XSS} | 1 | 150 | $0.01 | 500 ms | 0`,
        'No user | 1 | 150 | $0.01 | 500 ms | 0',
      ]);
      await expect(rows('By API key')).resolves.toEqual([
        `search team ${NAMED_KEY} | 5 | 1,050 | $0.03 + 2 unpriced | 1,300 ms | 0`,
        `${OTHER_KEY} | 4 | 450 | $0.02 + 1 unpriced | 1,200 ms | 2`,
        'No API key | 2 | 300 | $0.02 | 500 ms | 0',
      ]);
      const none = page.panelRows('By user').last();
      await expect(none.getAttribute('data-row')).resolves.toBe('none');
    });

    it('sorts the tables by cost on request, and keeps the order in the address', async () => {
      const page = await session.open();
      const users = async () =>
        (await page.panelRows('By user').locator('th').allTextContents()).join(
          ', ',
        );
      await expectText(
        page.panelRows('By user').first().locator('th'),
        'user-0',
      );
      await page.page.getByLabel('Sort by').selectOption({ label: 'Cost' });
      // Two cents for user-0 and user-3, one for the markup user and user-2, none for user-1.
      const byCost = `user-0, user-3, ${XSS}, user-2, user-1, No user`;
      await expectText(page.panelRows('By user').first(), byCost, users);
      expect(queryOf(page)).toEqual({ sort: 'cost' });
      expect(
        lastQuery(page, '/metrics/breakdown', (q) => q.get('by') === 'user'),
      ).toMatchObject({ sort: 'cost', top: '10' });
      await page.page.reload();
      await expectText(page.panelRows('By user').first(), byCost, users);
      await expect(page.page.getByLabel('Sort by').inputValue()).resolves.toBe(
        'cost',
      );
    });

    it('sums the users beyond the top ten in an other row', async () => {
      const page = await session.open();
      await page.selectTimeframe('All');
      // Ten users (four of the fixture, the markup one and extra-0 to extra-4), then three.
      await expectText(
        page.panelRows('By user').nth(10),
        'Other (3 values) | 3 | 450 | $0.03 | 500 ms | 0',
        cellsOf,
      );
      await expectText(
        page.panelRows('By user').nth(9),
        'extra-4 | 1 | 150 | $0.01 | 500 ms | 0',
        cellsOf,
      );
      await expect(
        page.panelRows('By user').nth(10).getAttribute('data-row'),
      ).resolves.toBe('other');
    });

    it('shows user ids as text, never as markup', async () => {
      const page = await session.open();
      await expectText(
        page.breakdownRow('By user', 'user-0'),
        'user-0 | 3 | 630 | $0.02 + 1 unpriced | 1,300 ms | 0',
        cellsOf,
      );
      await expectText(page.panelRows('By user').nth(4).locator('th'), XSS);
      await expect(page.page.locator('img').count()).resolves.toBe(0);
      await expect(
        page.page.evaluate<unknown>('window.pwned'),
      ).resolves.toBeUndefined();
    });
  },
);
