import type { Breakdown, BreakdownRow } from './api-types';
import type { Dimension } from './breakdown-dimensions';
import { el } from './dom';
import { formatCost, formatCount, formatMs } from './format';

const COLUMNS = ['Requests', 'Tokens', 'Cost', 'p95 response', 'Failed'];

/**
 * One table of /metrics/breakdown: a row per value, then the sum beyond the top and the
 * records without a value, set apart in the table's foot.
 */
export class BreakdownTable {
  readonly panel: HTMLElement;
  private readonly body = el('tbody');
  private readonly foot = el('tfoot');

  constructor(readonly dimension: Dimension) {
    this.panel = panel(dimension, this.body, this.foot);
  }

  render(breakdown: Breakdown): void {
    const rows = breakdown.rows.flatMap((row) =>
      row.value === null ? [] : [this.valueRow({ ...row, value: row.value })],
    );
    this.body.replaceChildren(
      ...(rows.length === 0 && !breakdown.none ? [emptyRow()] : rows),
    );
    this.foot.replaceChildren(
      ...(breakdown.other
        ? [aggregateRow('other', otherLabel(breakdown), breakdown.other)]
        : []),
      ...(breakdown.none
        ? [aggregateRow('none', this.dimension.noneLabel, breakdown.none)]
        : []),
    );
  }

  private valueRow(row: BreakdownRow & { value: string }): HTMLElement {
    return el(
      'tr',
      {},
      el('th', { scope: 'row' }, ...this.dimension.label(row)),
      ...figureCells(row),
    );
  }
}

function panel(
  dimension: Dimension,
  body: HTMLElement,
  foot: HTMLElement,
): HTMLElement {
  const headingId = `${dimension.id}-title`;
  return el(
    'section',
    { class: 'panel', id: dimension.id, 'aria-labelledby': headingId },
    el('h3', { id: headingId }, dimension.title),
    // A narrow screen scrolls the table, not the page; the keyboard can scroll it too.
    el(
      'div',
      { class: 'table-scroll', tabindex: '0' },
      el(
        'table',
        { class: 'ranked costs' },
        el(
          'thead',
          {},
          el(
            'tr',
            {},
            el('th', { scope: 'col' }, dimension.column),
            ...COLUMNS.map((title) =>
              el('th', { scope: 'col', class: 'num' }, title),
            ),
          ),
        ),
        body,
        foot,
      ),
    ),
  );
}

function figureCells(row: BreakdownRow): HTMLElement[] {
  const cell = (text: string, extra = '') =>
    el('td', { class: `num${extra}` }, text);
  return [
    cell(formatCount(row.requests)),
    cell(formatCount(row.total_tokens)),
    cell(formatCost(row), row.unpriced_requests > 0 ? ' unpriced' : ''),
    cell(row.requests === 0 ? '—' : formatMs(row.p95_response_time_ms)),
    cell(formatCount(row.failed_requests)),
  ];
}

function otherLabel(breakdown: Breakdown): string {
  const more = breakdown.distinct_values - breakdown.rows.length;
  return more > 0
    ? `Other (${formatCount(more)} ${more === 1 ? 'value' : 'values'})`
    : 'Other';
}

function aggregateRow(
  kind: 'other' | 'none',
  label: string,
  row: BreakdownRow,
): HTMLElement {
  return el(
    'tr',
    { class: `aggregate ${kind}`, 'data-row': kind },
    el('th', { scope: 'row' }, label),
    ...figureCells(row),
  );
}

function emptyRow(): HTMLElement {
  return el(
    'tr',
    {},
    el(
      'td',
      { colspan: String(COLUMNS.length + 1), class: 'empty' },
      'None in this timeframe',
    ),
  );
}
