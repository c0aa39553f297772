import type { ApiClient } from './api-client';
import type { Breakdown } from './api-types';
import { API_KEY, MODEL, USER, type Dimension } from './breakdown-dimensions';
import { BreakdownTable } from './breakdown-tables';
import type { TimeRange } from './timeframe';

/** The tables of /metrics/breakdown: model, user, API key. */
export class BreakdownPanels {
  private readonly tables = new Map<string, BreakdownTable>();
  private shown: string[] = [];

  constructor(private readonly container: HTMLElement) {}

  async load(
    api: ApiClient,
    range: TimeRange,
    order: { top: number; sort: string },
  ): Promise<void> {
    const dimensions = [MODEL, USER, API_KEY];
    const answers = await Promise.all(
      dimensions.map(({ by }) =>
        api.get<Breakdown>('/metrics/breakdown', { ...range, by, ...order }),
      ),
    );
    this.show(dimensions).forEach((table, index) =>
      table.render(answers[index].body),
    );
  }

  /** The tables of these dimensions, in this order; panels are only moved when it changed. */
  private show(dimensions: Dimension[]): BreakdownTable[] {
    const tables = dimensions.map(
      (dimension) =>
        this.tables.get(dimension.by) ?? new BreakdownTable(dimension),
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
