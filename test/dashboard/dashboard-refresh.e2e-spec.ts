import { dashboardRecord } from '../fixtures/dashboard.fixture';
import { checkChromium } from '../support/browser';
import { waitFor } from '../support/wait-for';
import { expectText } from './dashboard-page';
import {
  addRecords,
  startDashboardSession,
  type DashboardSession,
} from './dashboard-session';

const REFRESH_MS = 5_000;

/** Unref'd: a route handler still sleeping when the test ends does not hold Jest. */
const sleep = (ms: number) =>
  new Promise((resolve) => setTimeout(resolve, ms).unref());

/** A request a minute before DASHBOARD_NOW, arriving while the page is open. */
const lateRequest = (n: number) => ({
  ...dashboardRecord(100 + 4 * n, 60_000),
  requestId: `late-${n}`,
});

(checkChromium() ? describe : describe.skip)('the dashboard refreshing', () => {
  let session: DashboardSession;

  beforeAll(async () => {
    session = await startDashboardSession();
  });

  afterAll(() => session?.close());

  it('reads the figures again every few seconds, unless paused', async () => {
    const page = await session.open();
    await page.selectTimeframe('1h');
    const total = page.card('total_requests');
    await expectText(total, '2');
    await addRecords(session.database.url, [lateRequest(1)]);
    await expectText(total, '3');
    await page.button('Pause').click();
    await expect(page.button('Resume').isVisible()).resolves.toBe(true);
    await addRecords(session.database.url, [lateRequest(2)]);
    // Proving that nothing happens takes waiting: past a whole interval.
    await sleep(REFRESH_MS + 1_000);
    await expect(total.textContent()).resolves.toBe('3');
    await page.button('Resume').click();
    await expectText(total, '4');
    await expect(session.closePages()).resolves.toEqual([]);
  }, 40_000);

  it('never has two rounds of requests in flight, even when answers are slow', async () => {
    const page = await session.open();
    let inFlight = 0;
    let most = 0;
    // Every /metrics answer takes longer than the refresh interval.
    await page.page.route('**/metrics?*', async (route) => {
      most = Math.max(most, ++inFlight);
      await sleep(REFRESH_MS + 500);
      await route.continue().catch(() => undefined);
      inFlight -= 1;
    });
    const metricsCalls = () =>
      page.calls.filter(({ url }) => url.pathname === '/metrics').length;
    const before = metricsCalls();
    await page.page.reload();
    await page.waitForFigures();
    // The next round starts an interval after the first ended: wait for it, however late.
    await waitFor(
      () => metricsCalls() - before >= 2,
      4 * (2 * REFRESH_MS + 500),
      'a second round',
    );
    expect(most).toBe(1);
    expect(metricsCalls() - before).toBe(2);
    await expect(session.closePages()).resolves.toEqual([]);
  }, 90_000);
});
