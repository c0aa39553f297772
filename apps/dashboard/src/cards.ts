import type { Metrics, Percentiles } from './api-types';
import { el } from './dom';
import { formatCount, formatMs, formatNumber, formatPercent } from './format';

interface CardSpec {
  /** The /metrics field the card leads with; also its data-metric attribute. */
  metric: string;
  title: string;
  value(metrics: Metrics): string;
  detail(metrics: Metrics): string;
}

const latencyDetail = ({ p50, p95 }: Percentiles) =>
  `p50 ${formatMs(p50)} · p95 ${formatMs(p95)}`;

const CARDS: CardSpec[] = [
  {
    metric: 'total_requests',
    title: 'Requests',
    value: (m) => formatCount(m.total_requests),
    detail: (m) =>
      `${formatCount(m.successful_requests)} succeeded · ${formatCount(m.failed_requests)} failed`,
  },
  {
    metric: 'success_rate',
    title: 'Success rate',
    value: (m) =>
      m.total_requests === 0
        ? '—'
        : formatPercent(m.successful_requests / m.total_requests),
    detail: (m) => `${formatCount(m.failed_requests)} failed`,
  },
  {
    metric: 'total_tokens_used',
    title: 'Tokens',
    value: (m) => formatCount(m.total_tokens_used),
    detail: (m) =>
      `${formatCount(m.total_prompt_tokens)} prompt · ${formatCount(m.total_completion_tokens)} completion`,
  },
  {
    metric: 'avg_tokens_per_request',
    title: 'Tokens per request',
    value: (m) => formatNumber(m.avg_tokens_per_request),
    detail: (m) => `${formatPercent(m.estimated_tokens_share)} estimated`,
  },
  {
    metric: 'avg_response_time_ms',
    title: 'Response time',
    value: (m) => formatMs(m.avg_response_time_ms),
    detail: (m) => latencyDetail(m.response_time_ms),
  },
  {
    metric: 'avg_time_to_first_token_ms',
    title: 'Time to first token',
    value: (m) => formatMs(m.avg_time_to_first_token_ms),
    detail: (m) => latencyDetail(m.time_to_first_token_ms),
  },
  {
    metric: 'avg_tokens_per_second',
    title: 'Tokens per second',
    value: (m) => formatNumber(m.avg_tokens_per_second),
    detail: () => 'mean over generating requests',
  },
  {
    metric: 'streaming_requests',
    title: 'Streamed',
    value: (m) => formatCount(m.streaming_requests),
    detail: (m) => `${formatCount(m.non_streaming_requests)} not streamed`,
  },
];

/** The /metrics figures of the timeframe, one card each. */
export class OverviewCards {
  private readonly cells = CARDS.map((spec) => ({
    spec,
    value: el('p', { class: 'card-value' }, '…'),
    detail: el('p', { class: 'card-detail' }, ''),
  }));

  constructor(container: HTMLElement) {
    container.replaceChildren(
      ...this.cells.map(({ spec, value, detail }) =>
        el(
          'article',
          { class: 'card', 'data-metric': spec.metric },
          el('h3', { class: 'card-title' }, spec.title),
          value,
          detail,
        ),
      ),
    );
  }

  render(metrics: Metrics): void {
    for (const { spec, value, detail } of this.cells) {
      value.textContent = spec.value(metrics);
      detail.textContent = spec.detail(metrics);
    }
  }
}
