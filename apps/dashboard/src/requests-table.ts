import type { ApiClient, QueryParams } from './api-client';
import type { CompletionRequest } from './api-types';
import { el } from './dom';
import {
  formatCount,
  formatMs,
  formatNumber,
  formatOptional,
  formatUsd,
  formatUtc,
} from './format';
import type { TimeRange } from './timeframe';

export const PAGE_SIZE = 20;

export interface RequestsTableElements {
  body: HTMLTableSectionElement;
  previous: HTMLButtonElement;
  next: HTMLButtonElement;
  label: HTMLElement;
}

/**
 * The newest requests of the timeframe, a page at a time. Pages follow the API's keyset
 * cursor (X-Next-Before-Id); the cursors of the pages seen are kept to go back.
 */
export class RequestsTable {
  /** before_id of each page from the first to the one shown; the first has none. */
  private cursors: (number | undefined)[] = [undefined];
  private nextCursor: number | undefined;

  constructor(
    private readonly elements: RequestsTableElements,
    onNavigate: () => void,
  ) {
    elements.next.addEventListener('click', () => {
      if (this.nextCursor === undefined) return;
      this.cursors.push(this.nextCursor);
      onNavigate();
    });
    elements.previous.addEventListener('click', () => {
      if (this.cursors.length === 1) return;
      this.cursors.pop();
      onNavigate();
    });
  }

  /** Back to the first page, as after a change of timeframe. */
  reset(): void {
    this.cursors = [undefined];
  }

  /** `only` narrows the listing to the page's filter (its /completion_requests parameter). */
  async load(
    api: ApiClient,
    range: TimeRange,
    only: QueryParams,
  ): Promise<void> {
    const page = this.cursors.length;
    const { body, headers } = await api.get<CompletionRequest[]>(
      '/completion_requests',
      {
        ...range,
        ...only,
        limit: PAGE_SIZE,
        before_id: this.cursors[page - 1],
      },
    );
    const next = headers.get('X-Next-Before-Id');
    this.nextCursor = next ? Number(next) : undefined;
    this.render(body, page);
  }

  private render(requests: CompletionRequest[], page: number): void {
    const { body, previous, next, label } = this.elements;
    body.replaceChildren(
      ...(requests.length === 0 ? [emptyRow()] : requests.map(requestRow)),
    );
    label.textContent = `Page ${page}`;
    previous.disabled = page === 1;
    next.disabled = this.nextCursor === undefined;
  }
}

function requestRow(request: CompletionRequest): HTMLElement {
  const ms = (value: number | null) => formatOptional(value, formatMs);
  return el(
    'tr',
    { 'data-id': String(request.id) },
    el('td', { class: 'nowrap' }, formatUtc(request.timestamp)),
    el('td', {}, request.model ?? '—'),
    el('td', {}, request.endpoint),
    el('td', {}, request.origin ?? '—'),
    el('td', { class: 'clip' }, request.user ?? '—'),
    el('td', {}, outcome(request)),
    el(
      'td',
      { class: 'num' },
      formatOptional(request.tokens.total, formatCount),
    ),
    el(
      'td',
      { class: request.cost_usd === null ? 'num unpriced' : 'num' },
      cost(request.cost_usd),
    ),
    el('td', { class: 'num' }, ms(request.time_to_first_token_ms)),
    el('td', { class: 'num' }, ms(request.response_time_ms)),
    el(
      'td',
      { class: 'num' },
      formatOptional(request.tokens_per_second, formatNumber),
    ),
    el('td', {}, request.is_streaming ? 'yes' : 'no'),
  );
}

/** A request without a price says so: it did not cost $0. */
const cost = (usd: number | null): string =>
  usd === null ? 'unpriced' : formatUsd(usd);

function outcome(request: CompletionRequest): HTMLElement {
  const status = request.status_code === null ? '' : `${request.status_code} `;
  const text = request.success
    ? `${status}${request.finish_reason ?? 'ok'}`
    : `${status}${request.error_type ?? 'failed'}`;
  return el('span', { class: request.success ? 'ok' : 'fail' }, text);
}

function emptyRow(): HTMLElement {
  return el(
    'tr',
    {},
    el(
      'td',
      { colspan: '12', class: 'empty' },
      'No requests in this timeframe',
    ),
  );
}
