import './styles.css';
import { ApiClient, UnauthorizedError } from './api-client';
import type { Metrics, Timeseries } from './api-types';
import { BreakdownPanels } from './breakdown-panels';
import { BreakdownSort } from './breakdown-sort';
import { Breakdowns } from './breakdowns';
import { TimeseriesCharts } from './charts';
import { OverviewCards } from './cards';
import { byId } from './dom';
import { figuresOfMetrics } from './figures';
import { Refresher } from './refresher';
import { RequestsTable } from './requests-table';
import { StatusLine } from './status-line';
import { bindThemeToggle } from './theme';
import { loadTimeframe, rangeOf, saveTimeframe } from './timeframe';
import { renderTimeframePicker } from './timeframe-picker';
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
const panels = new BreakdownPanels(byId('cost-breakdowns'));
const breakdowns = new Breakdowns(byId('breakdowns'));
const sort = new BreakdownSort(byId('breakdown-sort'), () =>
  refresher.trigger(),
);
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
let timeframe = loadTimeframe();

/** One round: the figures, the series and the table page of the timeframe, read together. */
async function refresh(): Promise<void> {
  const range = rangeOf(timeframe, new Date());
  try {
    const [metrics, series] = await Promise.all([
      api.get<Metrics>('/metrics', { ...range, top: TOP }),
      api.get<Timeseries>('/metrics/timeseries', { ...range, bucket: 'auto' }),
      table.load(api, range),
      panels.load(api, range, { top: TOP, sort: sort.value }),
    ]);
    cards.render(figuresOfMetrics(metrics.body));
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

renderTimeframePicker(byId('timeframe'), timeframe, (id) => {
  timeframe = id;
  saveTimeframe(id);
  table.reset();
  refresher.trigger();
});

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

refresher.trigger();
