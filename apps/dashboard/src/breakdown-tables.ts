import type { Breakdown, BreakdownRow } from './api-types';
import type { Dimension } from './breakdown-dimensions';
import { el } from './dom';
import { formatCost, formatCount, formatMs } from './format';
import { sameFilter, type PageFilter } from './page-filter';

const COLUMNS = ['Requests', 'Tokens', 'Cost', 'p95 response', 'Failed'];

/**
 * One table of /metrics/breakdown: a row per value, each a button that filters the page to
 * that value (pressed while it does), then the sum beyond the top and the records without a
 * value, set apart in the table's foot.
 */
export class BreakdownTable {
  readonly panel: HTMLElement;
  private readonly body = el('tbody');
  private readonly foot = el('tfoot');

  constructor(
    readonly dimension: Dimension,
    private readonly onSelect: (filter: PageFilter) => void,
  ) {
    this.panel = panel(dimension, this.body, this.foot);
    // A click anywhere on a row does what its button does; the button alone takes focus.
    this.body.addEventListener('click', (event) => {
      const target = event.target as Element;
      if (target.closest('button')) return;
      target.closest('tr')?.querySelector('button')?.click();
    });
  }

  render(breakdown: Breakdown, filter: PageFilter | null): void {
    const focused = this.focusedValue();
    const rows = breakdown.rows.flatMap((row) =>
      row.value === null
        ? []
        : [this.valueRow({ ...row, value: row.value }, filter)],
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
    // A refresh every few seconds must not take the keyboard's place away.
    if (focused !== null) this.buttonOf(focused)?.focus();
  }

  private valueRow(
    row: BreakdownRow & { value: string },
    current: PageFilter | null,
  ): HTMLElement {
    const filter = this.dimension.filterOf(row.value);
    const pressed = sameFilter(filter, current);
    const button = el(
      'button',
      {
        type: 'button',
        class: 'row-filter',
        'aria-pressed': String(pressed),
        'data-value': row.value,
        title: pressed ? 'Show every value again' : 'Show only this one',
      },
      ...this.dimension.label(row),
    );
    button.addEventListener('click', () => this.onSelect(filter));
    return el(
      'tr',
      { class: pressed ? 'selected' : '' },
      el('th', { scope: 'row' }, button),
      ...figureCells(row),
    );
  }

  private focusedValue(): string | null {
    const active = document.activeElement;
    return active instanceof HTMLElement && this.body.contains(active)
      ? (active.dataset.value ?? null)
      : null;
  }

  private buttonOf(value: string): HTMLButtonElement | undefined {
    return [...this.body.querySelectorAll('button')].find(
      (button) => button.dataset.value === value,
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
