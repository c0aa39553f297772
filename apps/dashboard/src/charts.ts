import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
  type ChartDataset,
} from 'chart.js';
import type { Timeseries, TimeseriesPoint } from './api-types';
import { chartOptions, datasetColors, themeColors } from './chart-options';
import { CHARTS, type ChartKind, type ChartSpec } from './chart-specs';
import { el } from './dom';
import { BUCKET_WORDS, bucketLabel } from './format';

// Only what the charts use, so the bundle leaves the rest of Chart.js out.
Chart.register(
  BarController,
  BarElement,
  CategoryScale,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
);

type Values = (number | null)[];

interface Drawn {
  spec: ChartSpec;
  chart: Chart<ChartKind, Values, string>;
}

/** The charts over time, fed by /metrics/timeseries and coloured by the current theme. */
export class TimeseriesCharts {
  private readonly drawn: Drawn[];
  private points: TimeseriesPoint[] = [];
  private readonly pointAt = (index: number) => this.points[index];

  constructor(container: HTMLElement) {
    this.drawn = CHARTS.map((spec) => {
      const canvas = el('canvas', {
        id: spec.id,
        role: 'img',
        'aria-label': spec.title,
      });
      container.append(figure(spec, canvas));
      const chart = new Chart<ChartKind, Values, string>(canvas, {
        type: spec.kind,
        data: { labels: [], datasets: datasets(spec) },
        options: chartOptions(spec, themeColors(), this.pointAt),
      });
      return { spec, chart };
    });
  }

  render(series: Timeseries): void {
    this.points = series.points;
    const labels = series.points.map((point) =>
      bucketLabel(point.timestamp, series.bucket),
    );
    const per = BUCKET_WORDS[series.bucket];
    for (const { spec, chart } of this.drawn) {
      chart.data.labels = labels;
      spec.series.forEach((item, index) => {
        chart.data.datasets[index].data = series.points.map(item.value);
      });
      chart.canvas.setAttribute(
        'aria-label',
        `${spec.summary(series.points)} (per ${per})`,
      );
      chart.update('none');
    }
  }

  /** Re-reads the theme's colours after a switch. */
  applyTheme(): void {
    const colors = themeColors();
    for (const { spec, chart } of this.drawn) {
      chart.options = chartOptions(spec, colors, this.pointAt);
      spec.series.forEach((item, index) => {
        Object.assign(chart.data.datasets[index], datasetColors(item.color));
      });
      chart.update('none');
    }
  }
}

function figure(spec: ChartSpec, canvas: HTMLCanvasElement): HTMLElement {
  return el(
    'figure',
    { class: spec.wide ? 'panel chart wide' : 'panel chart' },
    el('figcaption', {}, spec.title),
    el('div', { class: 'chart-box' }, canvas),
  );
}

function datasets(spec: ChartSpec): ChartDataset<ChartKind, Values>[] {
  return spec.series.map((item) => ({
    label: item.label,
    data: [],
    spanGaps: true,
    pointRadius: 2,
    borderWidth: spec.kind === 'line' ? 2 : 0,
    ...datasetColors(item.color),
  }));
}
