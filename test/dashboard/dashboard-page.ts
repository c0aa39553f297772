import type { Locator, Page, Request } from 'playwright-core';
import { collectPageErrors } from '../support/browser';

const WAIT_MS = 10_000;

export interface ApiCall {
  url: URL;
  authorization: string | undefined;
}

/** The dashboard as a user sees it: what the tests read and click, by role and label. */
export class DashboardPage {
  /** Every API call the page made, in order. */
  readonly calls: ApiCall[] = [];
  /** Console errors and uncaught exceptions of the page. */
  readonly errors: string[];

  constructor(readonly page: Page) {
    this.errors = collectPageErrors(page);
    page.on('request', (request: Request) => {
      const url = new URL(request.url());
      if (url.pathname !== '/' && !url.pathname.includes('.')) {
        this.calls.push({
          url,
          authorization: request.headers().authorization,
        });
      }
    });
  }

  async open(baseUrl: string): Promise<void> {
    await this.page.goto(baseUrl);
  }

  /** The query of the first call to `path` that `matches`. */
  query(
    path: string,
    matches: (query: URLSearchParams) => boolean = () => true,
  ): Record<string, string> | undefined {
    const call = this.calls.find(
      ({ url }) => url.pathname === path && matches(url.searchParams),
    );
    return call && Object.fromEntries(call.url.searchParams);
  }

  card(metric: string): Locator {
    return this.page.locator(`[data-metric="${metric}"] .card-value`);
  }

  cardDetail(metric: string): Locator {
    return this.page.locator(`[data-metric="${metric}"] .card-detail`);
  }

  /** Clicks the timeframe's label, as a user does (the radio itself is hidden). */
  async selectTimeframe(label: string): Promise<void> {
    await this.page
      .getByRole('group', { name: 'Timeframe' })
      .getByText(label, { exact: true })
      .click();
  }

  timeframe(label: string): Locator {
    return this.page.getByLabel(label, { exact: true });
  }

  tableRows(): Locator {
    return this.page.locator('#requests-body tr');
  }

  button(name: string): Locator {
    return this.page.getByRole('button', { name, exact: true });
  }

  pageLabel(): Locator {
    return this.page.locator('#page-label');
  }

  breakdownRow(panel: string, name: string): Locator {
    return this.page
      .getByRole('region', { name: panel })
      .getByRole('row', { name: new RegExp(`^${name} `) });
  }

  /** The rows of a breakdown panel: its values, then its `other` and `none` rows. */
  panelRows(panel: string): Locator {
    return this.page
      .getByRole('region', { name: panel })
      .locator('tbody tr, tfoot tr');
  }

  /** The button of a value in a breakdown panel, which filters the page to it. */
  valueButton(panel: string, name: string): Locator {
    return this.page
      .getByRole('region', { name: panel })
      .getByRole('button', { name, exact: true });
  }

  filterChip(): Locator {
    return this.page.getByRole('group', { name: 'Filter' });
  }

  /** The page's address after the origin: path and query. */
  address(): string {
    const url = new URL(this.page.url());
    return `${url.pathname}${url.search}`;
  }

  /** The query of the page's address; it always names the timeframe, 24h unless one was picked. */
  addressQuery(): Record<string, string> {
    return Object.fromEntries(new URL(this.page.url()).searchParams);
  }

  chart(id: string): Locator {
    return this.page.locator(`canvas#${id}`);
  }

  // Expressions rather than functions: the tests are compiled without the DOM's types.
  /** Waits until the cards show figures rather than their placeholder. */
  async waitForFigures(): Promise<void> {
    // A mark that is never a figure: resolves once the placeholder is gone.
    await expectText(this.card('total_requests'), 'figures', async (l) =>
      (await l.textContent()) === '…' ? 'placeholder' : 'figures',
    );
  }

  theme(): Promise<string | undefined> {
    return this.page.evaluate<string | undefined>(
      'document.documentElement.dataset.theme',
    );
  }

  backgroundColor(): Promise<string> {
    return this.page.evaluate<string>(
      'getComputedStyle(document.body).backgroundColor',
    );
  }

  storage(
    area: 'localStorage' | 'sessionStorage',
    key: string,
  ): Promise<string | null> {
    return this.page.evaluate<string | null>(
      `${area}.getItem(${JSON.stringify(key)})`,
    );
  }

  /** How far the page is wider than the window (0 when nothing scrolls sideways). */
  horizontalOverflow(): Promise<number> {
    return this.page.evaluate<number>(
      'document.documentElement.scrollWidth - document.documentElement.clientWidth',
    );
  }
}

/** Waits until the locator's text (or `read` of it) equals `expected`; fails naming both. */
export async function expectText(
  locator: Locator,
  expected: string,
  read: (l: Locator) => Promise<string | null> = (l) => l.textContent(),
): Promise<void> {
  const deadline = Date.now() + WAIT_MS;
  let actual: string | null = null;
  while (Date.now() < deadline) {
    actual = (await read(locator).catch(() => null))?.trim() ?? null;
    if (actual === expected) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(
    `expected ${locator.toString()} to read "${expected}", got "${actual}"`,
  );
}

/** A table row's cells, as `a | b | c`. */
export const cellsOf = async (row: Locator): Promise<string> =>
  (await row.locator('th, td').allTextContents()).join(' | ');

export async function expectCount(
  locator: Locator,
  expected: number,
): Promise<void> {
  await expectText(locator, String(expected), async (l) =>
    String(await l.count()),
  );
}
