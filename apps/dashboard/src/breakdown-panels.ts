import type { ApiClient } from './api-client';
import type { Breakdown, TagNames } from './api-types';
import {
  API_KEY,
  MODEL,
  USER,
  tagDimension,
  type Dimension,
} from './breakdown-dimensions';
import { BreakdownTable } from './breakdown-tables';
import type { PageFilter } from './page-filter';
import type { TimeRange } from './timeframe';

/** Tag names with a table of their own, most used first; each table costs a request per round. */
export const MAX_TAG_TABLES = 6;

/** The tables of /metrics/breakdown: model, user, API key, then each tag name of the timeframe. */
export class BreakdownPanels {
  private readonly tables = new Map<string, BreakdownTable>();
  private shown: string[] = [];

  constructor(
    private readonly container: HTMLElement,
    private readonly onSelect: (filter: PageFilter) => void,
  ) {}

  async load(
    api: ApiClient,
    range: TimeRange,
    filter: PageFilter | null,
    order: { top: number; sort: string },
  ): Promise<void> {
    const tags = await api.get<TagNames>('/metrics/tags', { ...range });
    const dimensions = [
      MODEL,
      USER,
      API_KEY,
      ...tags.body.names
        .slice(0, MAX_TAG_TABLES)
        .map(({ name }) => tagDimension(name)),
    ];
    const answers = await Promise.all(
      dimensions.map(({ by }) =>
        api.get<Breakdown>('/metrics/breakdown', { ...range, by, ...order }),
      ),
    );
    this.show(dimensions).forEach((table, index) =>
      table.render(answers[index].body, filter),
    );
  }

  /** The tables of these dimensions, in this order; panels are only moved when it changed. */
  private show(dimensions: Dimension[]): BreakdownTable[] {
    const tables = dimensions.map(
      (dimension) =>
        this.tables.get(dimension.by) ??
        new BreakdownTable(dimension, this.onSelect),
    );
    const order = dimensions.map(({ by }) => by);
    if (order.join('\n') !== this.shown.join('\n')) {
      this.tables.clear();
      tables.forEach((table) => this.tables.set(table.dimension.by, table));
      this.container.replaceChildren(...tables.map((table) => table.panel));
      this.shown = order;
    }
    return tables;
  }
}
