import type { Metrics } from './api-types';
import { el } from './dom';
import { formatCount, formatPercent } from './format';

interface Ranked {
  name: string;
  count: number;
}

interface BreakdownSpec {
  id: string;
  title: string;
  column: string;
  rows(metrics: Metrics): Ranked[];
  /** What the shares are of. */
  whole(metrics: Metrics): number;
}

const BREAKDOWNS: BreakdownSpec[] = [
  {
    id: 'by-origin',
    title: 'By origin',
    column: 'Origin',
    rows: (m) => m.top_origins.map((r) => ({ name: r.origin, count: r.count })),
    whole: (m) => m.total_requests,
  },
  {
    id: 'by-finish-reason',
    title: 'By finish reason',
    column: 'Finish reason',
    rows: (m) =>
      m.finish_reasons.map((r) => ({ name: r.reason, count: r.count })),
    whole: (m) => m.total_requests,
  },
  {
    id: 'by-error-type',
    title: 'By error type',
    column: 'Error type',
    rows: (m) => m.error_types.map((r) => ({ name: r.type, count: r.count })),
    whole: (m) => m.failed_requests,
  },
];

/** The ranked lists of /metrics not in /metrics/breakdown tables, with a share bar. */
export class Breakdowns {
  private readonly bodies = BREAKDOWNS.map((spec) => ({
    spec,
    tbody: el('tbody'),
  }));

  constructor(container: HTMLElement) {
    container.replaceChildren(
      ...this.bodies.map(({ spec, tbody }) => panel(spec, tbody)),
    );
  }

  render(metrics: Metrics): void {
    for (const { spec, tbody } of this.bodies) {
      const rows = spec.rows(metrics);
      const whole = spec.whole(metrics);
      tbody.replaceChildren(
        ...(rows.length === 0
          ? [emptyRow()]
          : rows.map((row) => rankedRow(row, whole))),
      );
    }
  }
}

function panel(spec: BreakdownSpec, tbody: HTMLElement): HTMLElement {
  const headingId = `${spec.id}-title`;
  return el(
    'section',
    { class: 'panel', id: spec.id, 'aria-labelledby': headingId },
    el('h3', { id: headingId }, spec.title),
    el(
      'table',
      { class: 'ranked' },
      el(
        'thead',
        {},
        el(
          'tr',
          {},
          el('th', { scope: 'col' }, spec.column),
          el('th', { scope: 'col', class: 'num' }, 'Requests'),
          el('th', { scope: 'col', class: 'share' }, 'Share'),
        ),
      ),
      tbody,
    ),
  );
}

function rankedRow({ name, count }: Ranked, whole: number): HTMLElement {
  const share = whole === 0 ? 0 : count / whole;
  const bar = el('span', { class: 'bar', 'aria-hidden': 'true' });
  bar.style.width = `${Math.round(share * 100)}%`;
  return el(
    'tr',
    {},
    el('th', { scope: 'row' }, name),
    el('td', { class: 'num' }, formatCount(count)),
    el(
      'td',
      { class: 'share' },
      el(
        'span',
        { class: 'share-cell' },
        el('span', { class: 'bar-track' }, bar),
        el('span', { class: 'share-text' }, formatPercent(share)),
      ),
    ),
  );
}

function emptyRow(): HTMLElement {
  return el(
    'tr',
    {},
    el('td', { colspan: '3', class: 'empty' }, 'None in this timeframe'),
  );
}
