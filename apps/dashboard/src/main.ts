import './styles.css';
import { ApiClient, UnauthorizedError } from './api-client';
import type { Breakdown, Metrics, Timeseries } from './api-types';
import { BreakdownPanels } from './breakdown-panels';
import { BreakdownSort } from './breakdown-sort';
import { Breakdowns } from './breakdowns';
import { TimeseriesCharts } from './charts';
import { OverviewCards } from './cards';
import { byId } from './dom';
import { figuresOfMetrics, figuresOfRow } from './figures';
import { FilterChip } from './filter-chip';
import {
  filterQuery,
  readFilter,
  sameFilter,
  withFilter,
  type PageFilter,
} from './page-filter';
import { Refresher } from './refresher';
import { RequestsTable } from './requests-table';
import { StatusLine } from './status-line';
import { bindThemeToggle } from './theme';
import { rangeOf } from './timeframe';
import { TimeframePicker } from './timeframe-picker';
import { TokenPrompt } from './token-prompt';
import { TokenStore } from './token-store';

const REFRESH_MS = 5_000;
const TOP = 10;

// The theme comes first: the charts read its colours when they are created.
bindThemeToggle(byId('theme-toggle'), () => charts.applyTheme());

const tokens = new TokenStore();
const api = new ApiClient(tokens);
const prompt = new TokenPrompt(byId('token-dialog'), tokens);
const status = new StatusLine(byId('status'), REFRESH_MS);
const cards = new OverviewCards(byId('cards'));
const charts = new TimeseriesCharts(byId('charts'));
const panels = new BreakdownPanels(byId('cost-breakdowns'), (chosen) =>
  // A second click on the value in force removes it.
  navigate(sameFilter(chosen, filter) ? null : chosen),
);
const breakdowns = new Breakdowns(byId('breakdowns'));
const sort = new BreakdownSort(byId('breakdown-sort'), () =>
  refresher.trigger(),
);
const timeframe = new TimeframePicker(byId('timeframe'), () => {
  table.reset();
  refresher.trigger();
});
const chip = new FilterChip(byId('filter'), () => navigate(null));
const breakdownsNote = byId('breakdowns-note');
const table = new RequestsTable(
  {
    body: byId('requests-body'),
    previous: byId('page-previous'),
    next: byId('page-next'),
    label: byId('page-label'),
  },
  () => refresher.trigger(),
);
const refresher = new Refresher(refresh, REFRESH_MS);
const forget = byId<HTMLButtonElement>('token-forget');
let filter = readFilter(location.search);

/**
 * One round: the figures, the series and the table page of the timeframe, read together.
 * Filtered, the cards show the value's breakdown row and the charts and table follow it.
 */
async function refresh(): Promise<void> {
  const range = rangeOf(timeframe.value, new Date());
  const only = filterQuery(filter);
  try {
    const [metrics, series, row] = await Promise.all([
      api.get<Metrics>('/metrics', { ...range, top: TOP }),
      api.get<Timeseries>('/metrics/timeseries', {
        ...range,
        bucket: 'auto',
        ...only,
      }),
      filter &&
        api.get<Breakdown>('/metrics/breakdown', {
          ...range,
          by: filter.by,
          value: filter.value,
        }),
      table.load(api, range, only),
      panels.load(api, range, filter, { top: TOP, sort: sort.value }),
    ]);
    cards.render(
      row ? figuresOfRow(row.body.rows[0]) : figuresOfMetrics(metrics.body),
    );
    breakdowns.render(metrics.body);
    charts.render(series.body);
    status.updated(range, refresher.isPaused);
  } catch (error) {
    await recover(error);
  }
  forget.hidden = tokens.get() === null;
}

/** A 401 asks for the token and tries again; anything else is shown until the next round. */
async function recover(error: unknown): Promise<void> {
  if (!(error instanceof UnauthorizedError)) {
    status.failed(error instanceof Error ? error.message : String(error));
    return;
  }
  const rejected = tokens.get() !== null;
  tokens.clear();
  await prompt.ask(rejected);
  refresher.trigger();
}

/** The page's filter, kept in its address so a reload or a shared link shows the same. */
function navigate(next: PageFilter | null): void {
  history.pushState(null, '', withFilter(location.href, next));
  applyFilter(next);
}

function applyFilter(next: PageFilter | null): void {
  filter = next;
  chip.render(filter);
  breakdownsNote.hidden = filter === null;
  table.reset();
  refresher.trigger();
}

const pause = byId<HTMLButtonElement>('refresh-toggle');
pause.addEventListener('click', () => {
  if (refresher.isPaused) refresher.resume();
  else refresher.pause();
  pause.textContent = refresher.isPaused ? 'Resume' : 'Pause';
});

forget.addEventListener('click', () => {
  tokens.clear();
  refresher.trigger();
});

// Back and forward move between filters as between pages, each with its timeframe and sort.
window.addEventListener('popstate', () => {
  timeframe.readAddress();
  sort.readAddress();
  applyFilter(readFilter(location.search));
});

// An address with several filters keeps the first: the API follows one at a time.
history.replaceState(null, '', withFilter(location.href, filter));
applyFilter(filter);
