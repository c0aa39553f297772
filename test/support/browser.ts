import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

const ROOT = join(__dirname, '..', '..');

/** Debian's chromium package; `npx playwright install` cannot download browsers here. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/** Without these, Chromium keeps trying to reach Google's hosts on a closed network. */
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export const hasChromium = (): boolean => existsSync(CHROMIUM_PATH);

/**
 * What to do when Chromium is missing: in CI (CI=true) the suite must fail, elsewhere it is
 * skipped with a banner. Returns false when the browser tests cannot run.
 */
export function checkChromium(): boolean {
  if (hasChromium()) return true;
  const message =
    `Chromium not found at ${CHROMIUM_PATH}: the browser tests need it. ` +
    'Install it with `apt-get install -y chromium` (or set CHROMIUM_PATH).';
  if (process.env.CI === 'true') {
    it('has Chromium to run the browser tests', () => {
      throw new Error(message);
    });
    return false;
  }
  const banner = '!'.repeat(78);
  console.warn(
    `\n${banner}\n!! BROWSER TESTS SKIPPED: ${message}\n${banner}\n`,
  );
  return false;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: CHROMIUM_ARGS,
  });
}

/** Builds dist/dashboard unless it is newer than its sources (esbuild takes a second). */
export function buildDashboardIfNeeded(): void {
  execFileSync(
    process.execPath,
    [join(ROOT, 'apps', 'dashboard', 'build.js'), '--if-needed'],
    { cwd: ROOT, stdio: 'inherit' },
  );
}

/** Console errors and uncaught exceptions of a page, gathered for a final assertion. */
export function collectPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  return errors;
}
