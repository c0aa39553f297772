import { el } from './dom';
import type { Figures } from './figures';
import {
  formatCount,
  formatMs,
  formatNumber,
  formatPercent,
  formatPricedSum,
} from './format';

interface CardSpec {
  /** The /metrics field the card leads with; also its data-metric attribute. */
  metric: string;
  title: string;
  value(figures: Figures): string;
  detail(figures: Figures): string;
}

/** What a card shows for a figure that is not kept per model, user, key or tag. */
const NOT_FILTERED = 'not kept per filter value';

const latencyDetail = ({ p50, p95 }: { p50: number; p95: number }) =>
  `p50 ${formatMs(p50)} · p95 ${formatMs(p95)}`;

const CARDS: CardSpec[] = [
  {
    metric: 'total_requests',
    title: 'Requests',
    value: (f) => formatCount(f.requests),
    detail: (f) =>
      `${formatCount(f.requests - f.failed)} succeeded · ${formatCount(f.failed)} failed`,
  },
  {
    metric: 'success_rate',
    title: 'Success rate',
    value: (f) =>
      f.requests === 0
        ? '—'
        : formatPercent((f.requests - f.failed) / f.requests),
    detail: (f) => `${formatCount(f.failed)} failed`,
  },
  {
    metric: 'total_cost_usd',
    title: 'Cost',
    // Requests without a price are not $0: the card says so rather than sum them as free.
    value: (f) => formatPricedSum(f.cost),
    detail: (f) =>
      `${formatCount(f.cost.priced_requests)} priced · ${formatCount(f.cost.unpriced_requests)} unpriced`,
  },
  {
    metric: 'unpriced_requests',
    title: 'Unpriced',
    value: (f) => formatCount(f.cost.unpriced_requests),
    detail: (f) =>
      f.cost.unpriced_requests === 0
        ? 'every request has a price'
        : 'no price for their model: not in the cost',
  },
  {
    metric: 'total_tokens_used',
    title: 'Tokens',
    value: (f) => formatCount(f.tokens.total),
    detail: (f) =>
      `${formatCount(f.tokens.prompt)} prompt · ${formatCount(f.tokens.completion)} completion`,
  },
  {
    metric: 'avg_tokens_per_request',
    title: 'Tokens per request',
    value: (f) =>
      f.tokensPerRequest === null ? '—' : formatNumber(f.tokensPerRequest),
    detail: (f) =>
      f.estimatedShare === null
        ? NOT_FILTERED
        : `${formatPercent(f.estimatedShare)} estimated`,
  },
  {
    metric: 'avg_response_time_ms',
    title: 'Response time',
    value: (f) => formatMs(f.responseTime.avg),
    detail: (f) => latencyDetail(f.responseTime),
  },
  {
    metric: 'avg_time_to_first_token_ms',
    title: 'Time to first token',
    value: (f) => formatMs(f.firstToken.avg),
    detail: (f) => latencyDetail(f.firstToken),
  },
  {
    metric: 'avg_tokens_per_second',
    title: 'Tokens per second',
    value: (f) => formatNumber(f.tokensPerSecond),
    detail: () => 'mean over generating requests',
  },
  {
    metric: 'streaming_requests',
    title: 'Streamed',
    value: (f) => (f.streamed === null ? '—' : formatCount(f.streamed.yes)),
    detail: (f) =>
      f.streamed === null
        ? NOT_FILTERED
        : `${formatCount(f.streamed.no)} not streamed`,
  },
];

/** The figures of the timeframe (or of the filter's value), one card each. */
export class OverviewCards {
  private readonly cells = CARDS.map((spec) => ({
    spec,
    card: el('article', { class: 'card', 'data-metric': spec.metric }),
    value: el('p', { class: 'card-value' }, '…'),
    detail: el('p', { class: 'card-detail' }, ''),
  }));

  constructor(container: HTMLElement) {
    container.replaceChildren(
      ...this.cells.map(({ spec, card, value, detail }) => {
        card.append(
          el('h3', { class: 'card-title' }, spec.title),
          value,
          detail,
        );
        return card;
      }),
    );
  }

  render(figures: Figures): void {
    for (const { spec, value, detail } of this.cells) {
      value.textContent = spec.value(figures);
      detail.textContent = spec.detail(figures);
    }
    this.mark('unpriced_requests', figures.cost.unpriced_requests > 0);
  }

  /** Draws the eye to a card whose figure needs attention. */
  private mark(metric: string, on: boolean): void {
    this.cells
      .find(({ spec }) => spec.metric === metric)
      ?.card.classList.toggle('attention', on);
  }
}
