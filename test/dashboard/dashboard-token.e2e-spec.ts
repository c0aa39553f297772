import { DASHBOARD_ANSWERS } from '../fixtures/dashboard.fixture';
import { checkChromium } from '../support/browser';
import { expectText } from './dashboard-page';
import {
  startDashboardSession,
  type DashboardSession,
} from './dashboard-session';

const TOKEN = 'dashboard-token-0123456789abcdef';
const TOKEN_KEY = 'llm-dashboard.token';

/** Chromium logs every 401 answer as a failed resource load: those are expected here. */
const UNAUTHORIZED_LOADS = /status of 401 \(Unauthorized\)/;

(checkChromium() ? describe : describe.skip)(
  'the dashboard with METRICS_API_TOKEN set',
  () => {
    let session: DashboardSession;

    beforeAll(async () => {
      session = await startDashboardSession({ apiToken: TOKEN });
    });

    afterAll(() => session?.close());

    afterEach(async () => {
      await expect(session.closePages(UNAUTHORIZED_LOADS)).resolves.toEqual([]);
    });

    it('asks for the token once, says when it is wrong, and sends it', async () => {
      const page = await session.open();
      const dialog = page.page.getByRole('dialog', {
        name: 'Metrics API token',
      });
      await dialog.waitFor();
      await expect(dialog.getByRole('alert').isVisible()).resolves.toBe(false);
      await dialog.getByLabel('Token', { exact: true }).fill('not-the-token');
      await dialog.getByRole('button', { name: 'Show the figures' }).click();
      await dialog.getByRole('alert').waitFor();
      await dialog.getByLabel('Token', { exact: true }).fill(TOKEN);
      await dialog.getByRole('button', { name: 'Show the figures' }).click();
      await expectText(
        page.card('total_requests'),
        DASHBOARD_ANSWERS['24h'].requests,
      );
      await expect(dialog.isVisible()).resolves.toBe(false);
      const sent = page.calls.map((call) => call.authorization);
      expect(sent).toContain(`Bearer ${TOKEN}`);
      expect(sent.at(-1)).toBe(`Bearer ${TOKEN}`);
      await expect(page.storage('sessionStorage', TOKEN_KEY)).resolves.toBe(
        TOKEN,
      );
      await expect(page.storage('localStorage', TOKEN_KEY)).resolves.toBeNull();

      const asked = page.calls.length;
      await page.page.reload();
      await expectText(
        page.card('total_requests'),
        DASHBOARD_ANSWERS['24h'].requests,
      );
      await expect(dialog.isVisible()).resolves.toBe(false);
      expect(
        page.calls
          .slice(asked)
          .every((c) => c.authorization === `Bearer ${TOKEN}`),
      ).toBe(true);
    });

    it('remembers the token on this device when asked, until forgotten', async () => {
      const page = await session.open();
      const dialog = page.page.getByRole('dialog', {
        name: 'Metrics API token',
      });
      await dialog.getByLabel('Token', { exact: true }).fill(TOKEN);
      await dialog.getByLabel('Remember on this device').check();
      await dialog.getByRole('button', { name: 'Show the figures' }).click();
      await expectText(
        page.card('total_requests'),
        DASHBOARD_ANSWERS['24h'].requests,
      );
      await expect(page.storage('localStorage', TOKEN_KEY)).resolves.toBe(
        TOKEN,
      );

      const again = await page.page.context().newPage();
      await again.goto(session.api.url);
      await again.getByRole('button', { name: 'Forget token' }).click();
      await again.getByRole('dialog', { name: 'Metrics API token' }).waitFor();
      await expect(page.storage('localStorage', TOKEN_KEY)).resolves.toBeNull();
    });
  },
);
