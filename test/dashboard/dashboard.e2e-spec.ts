import { join } from 'node:path';
import { DASHBOARD_ANSWERS } from '../fixtures/dashboard.fixture';
import { checkChromium } from '../support/browser';
import { cellsOf, expectCount, expectText } from './dashboard-page';
import {
  ARTIFACTS,
  startDashboardSession,
  type DashboardSession,
} from './dashboard-session';

/** [the label of the timeframe's button, its figures] */
const TIMEFRAMES = [
  ['1h', '1h'],
  ['6h', '6h'],
  ['24h', '24h'],
  ['7d', '7d'],
  ['30d', '30d'],
  ['All', 'all'],
] as const;

(checkChromium() ? describe : describe.skip)(
  'the dashboard in Chromium',
  () => {
    let session: DashboardSession;

    beforeAll(async () => {
      session = await startDashboardSession();
    });

    afterAll(() => session?.close());

    afterEach(async () => {
      await expect(session.closePages()).resolves.toEqual([]);
    });

    it('shows the last 24 hours by default, with start and end in UTC', async () => {
      const page = await session.open();
      const answer = DASHBOARD_ANSWERS['24h'];
      await expectText(page.card('total_requests'), answer.requests);
      await expectText(
        page.cardDetail('total_requests'),
        '7 succeeded · 2 failed',
      );
      await expectText(page.card('total_tokens_used'), answer.tokens);
      await expect(page.timeframe('24h').isChecked()).resolves.toBe(true);
      expect(page.query('/metrics')).toEqual({
        start: '2024-02-29T12:00:00.000Z',
        end: '2024-03-01T12:00:00.000Z',
        top: '10',
      });
      expect(page.query('/metrics/timeseries')).toMatchObject({
        bucket: 'auto',
      });
    });

    it('breaks the figures down and charts them', async () => {
      const page = await session.open();
      // Requests 0, 3 and 6 of the fixture; response times 500, 800 and 1,100 ms.
      await expectText(
        page.breakdownRow('By model', 'gpt-4o'),
        'gpt-4o | 3 | 585 | $0.03 | 1,100 ms | 0',
        cellsOf,
      );
      await expectText(
        page.breakdownRow('By model', 'mistral-small'),
        'mistral-small | 3 | 450 | unpriced | 1,300 ms | 1',
        cellsOf,
      );
      await expectText(
        page.breakdownRow('By error type', 'rate_limit'),
        'rate_limit | 1 | 50%',
        cellsOf,
      );
      await expectText(
        page.chart('chart-requests'),
        'Requests: 9, 2 failed (per 5 minutes)',
        (canvas) => canvas.getAttribute('aria-label'),
      );
      await expectText(
        page.chart('chart-tokens'),
        'Tokens: 1,500 (per 5 minutes)',
        (canvas) => canvas.getAttribute('aria-label'),
      );
      // The tooltip reads the bucket's UTC start; hovering must not throw.
      await page.chart('chart-requests').hover();
    });

    it('shows what the timeframe cost, never counting an unpriced request as $0', async () => {
      const page = await session.open();
      // 24 hours: requests 0 to 8; 2, 5 and 8 are of the model without a price, and of the
      // six priced ones the failed request 1 cost nothing: five answered cost a cent each.
      await expectText(page.card('total_cost_usd'), '$0.05');
      await expectText(
        page.cardDetail('total_cost_usd'),
        '6 priced · 3 unpriced',
      );
      await expectText(page.card('unpriced_requests'), '3');
      await expect(
        page.page
          .locator('[data-metric="unpriced_requests"]')
          .getAttribute('class'),
      ).resolves.toContain('attention');
      await expectText(
        page.chart('chart-cost'),
        'Cost: $0.05, unpriced requests: 3 (per 5 minutes)',
        (canvas) => canvas.getAttribute('aria-label'),
      );
      // Newest first: request 0 (user-0, a cent), then request 1 (user-1, failed, $0), and
      // request 2 of the unpriced model.
      const cells = (row: number) => page.tableRows().nth(row).locator('td');
      await expectText(cells(0).nth(4), 'user-0');
      await expectText(cells(0).nth(7), '$0.01');
      await expectText(cells(1).nth(7), '$0.00');
      await expectText(cells(2).nth(1), 'mistral-small');
      await expectText(cells(2).nth(7), 'unpriced');
      await page.chart('chart-cost').hover();
    });

    it('changes the figures with the timeframe and remembers the choice', async () => {
      const page = await session.open();
      for (const [title, id] of TIMEFRAMES) {
        await page.selectTimeframe(title);
        const answer = DASHBOARD_ANSWERS[id];
        await expectText(page.card('total_requests'), answer.requests);
        await expectText(page.card('total_tokens_used'), answer.tokens);
        await expectText(
          page.cardDetail('success_rate'),
          `${answer.failed} failed`,
        );
      }
      const lastHour = page.query(
        '/metrics',
        (q) => q.get('start')?.includes('T11:') ?? false,
      );
      expect(lastHour).toMatchObject({
        start: '2024-03-01T11:00:00.000Z',
        end: '2024-03-01T12:00:00.000Z',
      });
      expect(page.query('/metrics', (q) => !q.has('start'))).toBeDefined();
      await page.page.reload();
      await expectText(
        page.card('total_requests'),
        DASHBOARD_ANSWERS.all.requests,
      );
      await expect(page.timeframe('All').isChecked()).resolves.toBe(true);
      await page.page.screenshot({
        path: join(ARTIFACTS, 'dashboard.png'),
        fullPage: true,
      });
    });

    it('pages through the recent requests', async () => {
      const page = await session.open();
      await page.selectTimeframe('All');
      await expectCount(page.tableRows(), 20);
      const firstCell = page.tableRows().first().locator('td').first();
      await expectText(firstCell, '2024-03-01 11:55:00');
      await expect(page.button('Previous').isDisabled()).resolves.toBe(true);
      await page.button('Next').click();
      await expectCount(page.tableRows(), 7);
      await expectText(page.pageLabel(), 'Page 2');
      const lastCell = page.tableRows().last().locator('td').first();
      await expectText(lastCell, '2023-11-22 12:00:00');
      await expect(page.button('Next').isDisabled()).resolves.toBe(true);
      await page.button('Previous').click();
      await expectCount(page.tableRows(), 20);
      await expectText(page.pageLabel(), 'Page 1');
      await expectText(firstCell, '2024-03-01 11:55:00');
    });

    it('switches between light and dark themes and keeps the choice', async () => {
      const page = await session.open();
      await expect(page.theme()).resolves.toBe('light');
      const light = await page.backgroundColor();
      const toggle = page.button('Dark theme');
      await expect(toggle.getAttribute('aria-pressed')).resolves.toBe('false');
      await toggle.click();
      await expect(toggle.getAttribute('aria-pressed')).resolves.toBe('true');
      await expect(page.theme()).resolves.toBe('dark');
      await expect(page.backgroundColor()).resolves.not.toBe(light);
      await page.selectTimeframe('All');
      await page.page.reload();
      await expect(page.theme()).resolves.toBe('dark');
      await expectText(
        page.card('total_requests'),
        DASHBOARD_ANSWERS.all.requests,
      );
      await page.page.screenshot({
        path: join(ARTIFACTS, 'dashboard-dark.png'),
        fullPage: true,
      });
    });

    it('follows the system theme until one is chosen', async () => {
      const page = await session.open({ colorScheme: 'dark' });
      await expect(page.theme()).resolves.toBe('dark');
      await expect(
        page.button('Dark theme').getAttribute('aria-pressed'),
      ).resolves.toBe('true');
    });

    it('fits a phone screen without sideways scrolling', async () => {
      const page = await session.open({
        viewport: { width: 390, height: 844 },
      });
      await expectText(
        page.card('total_requests'),
        DASHBOARD_ANSWERS['24h'].requests,
      );
      await expect(page.horizontalOverflow()).resolves.toBe(0);
      await page.page.screenshot({
        path: join(ARTIFACTS, 'dashboard-phone.png'),
        fullPage: true,
      });
    });
  },
);
