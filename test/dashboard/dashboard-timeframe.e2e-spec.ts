import { DASHBOARD_ANSWERS } from '../fixtures/dashboard.fixture';
import { checkChromium } from '../support/browser';
import { expectText, type DashboardPage } from './dashboard-page';
import {
  startDashboardSession,
  type DashboardSession,
} from './dashboard-session';

const END = '2024-03-01T12:00:00.000Z';
const WEEK_START = '2024-02-23T12:00:00.000Z';
const DAY_START = '2024-02-29T12:00:00.000Z';
const STORAGE_KEY = 'llm-dashboard.timeframe';

/** user-0's requests of the fixture: 0, 4 and 8 in the last 24 hours, and 12 in the week. */
const USER_0 = { '24h': '3', '7d': '4' };

/** Waits until the one checked radio of the picker is this timeframe's. */
async function expectChecked(page: DashboardPage, id: string): Promise<void> {
  const checked = page.page.getByRole('radio', { checked: true });
  await expectText(checked, id, (radio) => radio.getAttribute('value'));
}

(checkChromium() ? describe : describe.skip)(
  'the dashboard timeframe in the address',
  () => {
    let session: DashboardSession;

    beforeAll(async () => {
      session = await startDashboardSession();
    });

    afterAll(() => session?.close());

    afterEach(async () => {
      await expect(session.closePages()).resolves.toEqual([]);
    });

    it('opens a shared address on its timeframe, over the one the browser remembers', async () => {
      const page = await session.open({}, '/?timeframe=7d');
      await expectText(
        page.card('total_requests'),
        DASHBOARD_ANSWERS['7d'].requests,
      );
      await expectChecked(page, '7d');
      // The first round already asks for the week.
      expect(page.query('/metrics')).toEqual({
        start: WEEK_START,
        end: END,
        top: '10',
      });
      expect(page.query('/metrics/timeseries')).toMatchObject({
        start: WEEK_START,
        end: END,
      });
      expect(page.addressQuery()).toEqual({ timeframe: '7d' });
      // Opening a link is not a choice: the browser remembers none.
      await expect(page.storage('localStorage', STORAGE_KEY)).resolves.toBe(
        null,
      );

      await page.selectTimeframe('All');
      await expectText(
        page.card('total_requests'),
        DASHBOARD_ANSWERS.all.requests,
      );
      await expect(page.storage('localStorage', STORAGE_KEY)).resolves.toBe(
        'all',
      );
      await page.page.goto(`${session.api.url}/?timeframe=7d`);
      await expectText(
        page.card('total_requests'),
        DASHBOARD_ANSWERS['7d'].requests,
      );
      await expectChecked(page, '7d');
    });

    it('puts a picked timeframe in the address, keeping the filter and the sort', async () => {
      const page = await session.open({}, '/?user=user-0&sort=cost');
      await expectText(page.card('total_requests'), USER_0['24h']);
      expect(page.addressQuery()).toEqual({
        user: 'user-0',
        sort: 'cost',
        timeframe: '24h',
      });

      await page.selectTimeframe('7d');
      await expectText(page.card('total_requests'), USER_0['7d']);
      expect(page.addressQuery()).toEqual({
        user: 'user-0',
        sort: 'cost',
        timeframe: '7d',
      });
      await expect(page.storage('localStorage', STORAGE_KEY)).resolves.toBe(
        '7d',
      );
      expect(
        page.query(
          '/metrics/timeseries',
          (q) => q.get('user') === 'user-0' && q.get('start') === WEEK_START,
        ),
      ).toMatchObject({ end: END });
      await expect(page.page.getByLabel('Sort by').inputValue()).resolves.toBe(
        'cost',
      );

      // And the other way round: the filter and the sort keep the timeframe.
      await page.button('Clear the filter').click();
      await expectText(
        page.card('total_requests'),
        DASHBOARD_ANSWERS['7d'].requests,
      );
      await page.page.getByLabel('Sort by').selectOption({ label: 'Tokens' });
      expect(page.addressQuery()).toEqual({ sort: 'tokens', timeframe: '7d' });
      await page.valueButton('By user', 'user-0').click();
      await expectText(page.card('total_requests'), USER_0['7d']);
      expect(page.addressQuery()).toEqual({
        sort: 'tokens',
        timeframe: '7d',
        user: 'user-0',
      });
      await expectChecked(page, '7d');
    });

    it('falls back from a timeframe it does not know to the remembered one, and corrects the address', async () => {
      const page = await session.open({}, '/?timeframe=2w&user=user-0');
      await expectText(page.card('total_requests'), USER_0['24h']);
      await expectChecked(page, '24h');
      expect(page.addressQuery()).toEqual({ timeframe: '24h', user: 'user-0' });
      expect(page.query('/metrics')).toMatchObject({
        start: DAY_START,
        end: END,
      });

      await page.selectTimeframe('30d');
      await page.page.goto(`${session.api.url}/?timeframe=ALL`);
      await expectText(
        page.card('total_requests'),
        DASHBOARD_ANSWERS['30d'].requests,
      );
      await expectChecked(page, '30d');
      expect(page.addressQuery()).toEqual({ timeframe: '30d' });
    });

    it('steps back and forward between filters, each with its timeframe, and a pick adds no step', async () => {
      const page = await session.open();
      await expectText(
        page.card('total_requests'),
        DASHBOARD_ANSWERS['24h'].requests,
      );
      const steps = () => page.page.evaluate<number>('history.length');
      await page.valueButton('By user', 'user-0').click();
      await expectText(page.card('total_requests'), USER_0['24h']);
      const filtered = await steps();
      await page.selectTimeframe('7d');
      await expectText(page.card('total_requests'), USER_0['7d']);
      await page.selectTimeframe('30d');
      await page.selectTimeframe('7d');
      await expectText(page.card('total_requests'), USER_0['7d']);
      // The picks replaced the filtered address rather than adding to the history.
      await expect(steps()).resolves.toBe(filtered);

      await page.page.goBack();
      await expectText(
        page.card('total_requests'),
        DASHBOARD_ANSWERS['24h'].requests,
      );
      await expectChecked(page, '24h');
      expect(page.addressQuery()).toEqual({ timeframe: '24h' });
      await expect(page.filterChip().isVisible()).resolves.toBe(false);

      await page.page.goForward();
      await expectText(page.card('total_requests'), USER_0['7d']);
      await expectChecked(page, '7d');
      expect(page.addressQuery()).toEqual({ user: 'user-0', timeframe: '7d' });
      await expectText(page.filterChip().locator('.filter-value'), 'user-0');
    });
  },
);
