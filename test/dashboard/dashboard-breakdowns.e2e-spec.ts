import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RequestRecordInput } from '@app/persistence';
import { dashboardRecord } from '../fixtures/dashboard.fixture';
import { checkChromium } from '../support/browser';
import {
  cellsOf,
  expectCount,
  expectText,
  type DashboardPage,
} from './dashboard-page';
import {
  ARTIFACTS,
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
  'the dashboard broken down by model, user, API key and tag',
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
        page.panelRows('By tag team').last(),
        'No team tag | 1 | 150 | $0.01 | 500 ms | 0',
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
      await expect(rows('By tag team')).resolves.toEqual([
        'search | 5 | 1,050 | $0.03 + 2 unpriced | 1,300 ms | 0',
        'ads | 4 | 450 | $0.02 + 1 unpriced | 1,200 ms | 2',
        `${XSS} | 1 | 150 | $0.01 | 500 ms | 0`,
        'No team tag | 1 | 150 | $0.01 | 500 ms | 0',
      ]);
      // The none row is not a value: nothing to filter to.
      const none = page.panelRows('By user').last();
      await expect(none.getAttribute('data-row')).resolves.toBe('none');
      await expect(none.getByRole('button').count()).resolves.toBe(0);
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
      expect(page.addressQuery()).toEqual({ sort: 'cost', timeframe: '24h' });
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

    it('filters the whole page to a clicked user, in an address that survives a reload', async () => {
      const page = await session.open();
      await page
        .breakdownRow('By user', 'user-0')
        .locator('td')
        .first()
        .click();
      await expectText(page.filterChip().locator('.filter-value'), 'user-0');
      expect(page.addressQuery()).toEqual({ user: 'user-0', timeframe: '24h' });
      await expectFilteredToUser0(page);
      const only = (q: URLSearchParams) => q.get('user') === 'user-0';
      expect(lastQuery(page, '/metrics/timeseries', only)).toMatchObject({
        bucket: 'auto',
      });
      expect(lastQuery(page, '/completion_requests', only)).toMatchObject({
        limit: '20',
      });
      expect(
        lastQuery(page, '/metrics/breakdown', (q) => q.has('value')),
      ).toMatchObject({ by: 'user', value: 'user-0' });
      await expect(
        page.valueButton('By user', 'user-0').getAttribute('aria-pressed'),
      ).resolves.toBe('true');

      await page.page.reload();
      await expectText(page.filterChip().locator('.filter-value'), 'user-0');
      await expectFilteredToUser0(page);
      await page.page.screenshot({
        path: join(ARTIFACTS, 'dashboard-filtered.png'),
        fullPage: true,
      });

      await page.button('Clear the filter').click();
      await expect(page.filterChip().isVisible()).resolves.toBe(false);
      expect(page.addressQuery()).toEqual({ timeframe: '24h' });
      await expectText(page.card('total_requests'), '11');
      await expectCount(page.tableRows(), 11);
      // Back returns to the filter, as to a page.
      await page.page.goBack();
      await expectText(page.filterChip().locator('.filter-value'), 'user-0');
      await expectText(page.card('total_requests'), '3');
    });

    it('opens a shared address filtered to a tag, and keeps only the first of several filters', async () => {
      const page = await session.open({}, '/?tag=team:ads');
      await expectText(page.filterChip(), 'Only Tag team: ads×');
      await expectText(page.card('total_requests'), '4');
      await expectText(
        page.cardDetail('total_requests'),
        '2 succeeded · 2 failed',
      );
      await expectText(page.card('total_cost_usd'), '$0.02');
      await expectText(
        page.cardDetail('total_cost_usd'),
        '3 priced · 1 unpriced',
      );
      await expectCount(page.tableRows(), 4);
      await expectText(
        page.chart('chart-requests'),
        'Requests: 4, 2 failed (per 5 minutes)',
        (canvas) => canvas.getAttribute('aria-label'),
      );

      const both = await session.open({}, '/?user=user-0&model=gpt-4o');
      await expectText(both.filterChip().locator('.filter-value'), 'gpt-4o');
      expect(both.addressQuery()).toEqual({
        model: 'gpt-4o',
        timeframe: '24h',
      });
      await expectText(both.card('total_requests'), '5');
      await expectCount(both.tableRows(), 5);
    });

    it('says what is wrong with a filter in the address, and the chip clears it', async () => {
      const page = await session.open({}, '/?api_key_id=not-a-key');
      await expectText(page.filterChip().locator('.filter-value'), 'not-a-key');
      await expectText(page.page.locator('#status'), 'names it', async (l) =>
        /^Could not load the figures: .*api_key_id/.test(
          (await l.textContent()) ?? '',
        )
          ? 'names it'
          : await l.textContent(),
      );
      await page.button('Clear the filter').click();
      await expectText(page.card('total_requests'), '11');
      expect(page.addressQuery()).toEqual({ timeframe: '24h' });
      // Chromium logs each refused call as a failed load.
      await expect(session.closePages(/status of 400/)).resolves.toEqual([]);
    });

    it('fits a phone screen filtered, the tables scrolling on their own', async () => {
      const page = await session.open(
        { viewport: { width: 390, height: 844 } },
        `/?user=${encodeURIComponent(XSS)}`,
      );
      await expectText(page.card('total_requests'), '1');
      await expectText(page.filterChip().locator('.filter-value'), XSS);
      await expect(page.horizontalOverflow()).resolves.toBe(0);
      await page.page.screenshot({
        path: join(ARTIFACTS, 'dashboard-filtered-phone.png'),
        fullPage: true,
      });
    });

    it('filters from the keyboard, and a second press removes the filter', async () => {
      const page = await session.open();
      const key = page.valueButton('By API key', `search team ${NAMED_KEY}`);
      await key.focus();
      await page.page.keyboard.press('Enter');
      await expectText(page.card('total_requests'), '5');
      expect(page.addressQuery()).toEqual({
        api_key_id: NAMED_KEY,
        timeframe: '24h',
      });
      await expectText(page.filterChip().locator('.filter-value'), NAMED_KEY);
      await expectText(page.card('total_cost_usd'), '$0.03');
      await expectText(page.card('unpriced_requests'), '2');
      // The refresh redraws the table under the keyboard: the focus stays on the value.
      await expectText(key, 'true', (l) => l.getAttribute('aria-pressed'));
      await expect(
        page.page.evaluate<string | undefined>(
          'document.activeElement?.dataset.value',
        ),
      ).resolves.toBe(NAMED_KEY);
      await page.page.keyboard.press('Space');
      await expectText(page.card('total_requests'), '11');
      expect(page.addressQuery()).toEqual({ timeframe: '24h' });

      const tag = page.valueButton('By tag team', 'search');
      await tag.focus();
      await page.page.keyboard.press('Enter');
      await expectText(page.card('total_requests'), '5');
      expect(page.addressQuery()).toEqual({
        tag: 'team:search',
        timeframe: '24h',
      });
    });

    it('shows user ids and tag values as text, never as markup', async () => {
      const page = await session.open();
      const user = page.valueButton('By user', XSS);
      await expectText(user, XSS);
      await expectText(page.valueButton('By tag team', XSS), XSS);
      await user.click();
      await expectText(page.filterChip().locator('.filter-value'), XSS);
      expect(page.addressQuery()).toEqual({ user: XSS, timeframe: '24h' });
      await expectText(page.card('total_requests'), '1');
      await expectCount(page.tableRows(), 1);
      await expectText(page.tableRows().first().locator('td').nth(4), XSS);
      await expect(page.page.locator('img').count()).resolves.toBe(0);
      await expect(
        page.page.evaluate<unknown>('window.pwned'),
      ).resolves.toBeUndefined();
    });
  },
);

/** user-0 over the last 24 hours: requests 0, 4 and 8 of the fixture, 8 of the unpriced model. */
async function expectFilteredToUser0(page: DashboardPage): Promise<void> {
  await expectText(page.card('total_requests'), '3');
  await expectText(page.cardDetail('total_requests'), '3 succeeded · 0 failed');
  await expectText(page.card('total_cost_usd'), '$0.02');
  await expectText(page.cardDetail('total_cost_usd'), '2 priced · 1 unpriced');
  await expectText(page.card('total_tokens_used'), '630');
  await expectText(page.card('avg_response_time_ms'), '900 ms');
  await expectText(page.card('streaming_requests'), '—');
  await expectText(
    page.chart('chart-requests'),
    'Requests: 3, 0 failed (per 5 minutes)',
    (canvas) => canvas.getAttribute('aria-label'),
  );
  await expectText(
    page.chart('chart-cost'),
    'Cost: $0.02, unpriced requests: 1 (per 5 minutes)',
    (canvas) => canvas.getAttribute('aria-label'),
  );
  await expectCount(page.tableRows(), 3);
  for (const row of await page.tableRows().all()) {
    await expectText(row.locator('td').nth(4), 'user-0');
  }
}
