import type { ChartOptions, TooltipItem } from 'chart.js';
import type { TimeseriesPoint } from './api-types';
import type { ChartKind, ChartSpec, ColorRole } from './chart-specs';
import { formatUtc } from './format';

export interface ThemeColors {
  text: string;
  grid: string;
}

/** A colour of the current theme, from the custom properties of theme.css. */
function cssColor(name: string): string {
  return getComputedStyle(document.documentElement)
    .getPropertyValue(name)
    .trim();
}

export function themeColors(): ThemeColors {
  return { text: cssColor('--chart-text'), grid: cssColor('--chart-grid') };
}

export function datasetColors(role: ColorRole): {
  borderColor: string;
  backgroundColor: string;
} {
  const color = cssColor(`--chart-${role}`);
  return { borderColor: color, backgroundColor: color };
}

/**
 * Options of one chart. `pointAt` gives the bucket at an index, for the tooltip's title (its
 * UTC start: the axis labels are shortened) and footer.
 */
export function chartOptions(
  spec: ChartSpec,
  colors: ThemeColors,
  pointAt: (index: number) => TimeseriesPoint | undefined,
): ChartOptions<ChartKind> {
  const pointOf = (items: TooltipItem<ChartKind>[]) =>
    pointAt(items[0]?.dataIndex ?? -1);
  return {
    responsive: true,
    maintainAspectRatio: false,
    // A refresh every few seconds would otherwise replay the animation each time.
    animation: false,
    interaction: { mode: 'index', intersect: false },
    scales: scales(spec, colors),
    plugins: {
      legend: {
        position: 'bottom',
        labels: { color: colors.text, boxWidth: 12 },
      },
      tooltip: {
        callbacks: {
          title: (items: TooltipItem<ChartKind>[]) => {
            const point = pointOf(items);
            return point ? `${formatUtc(point.timestamp)} UTC` : '';
          },
          footer: (items: TooltipItem<ChartKind>[]) => {
            const point = pointOf(items);
            return point && spec.footer ? spec.footer(point) : '';
          },
          label: (item: TooltipItem<ChartKind>) =>
            `${item.dataset.label ?? ''}: ${item.parsed.y === null ? '—' : spec.format(item.parsed.y)}`,
        },
      },
    },
  };
}

function scales(
  spec: ChartSpec,
  colors: ThemeColors,
): ChartOptions<ChartKind>['scales'] {
  const stacked = spec.kind === 'bar';
  return {
    x: {
      stacked,
      ticks: {
        color: colors.text,
        maxRotation: 0,
        autoSkip: true,
        maxTicksLimit: 8,
      },
      grid: { display: false },
    },
    y: {
      stacked,
      beginAtZero: true,
      ticks: {
        color: colors.text,
        // Counts have no fractions: no axis ticks at 0.5 requests.
        precision: spec.integer ? 0 : undefined,
        callback: (value) => spec.format(Number(value)),
      },
      grid: { color: colors.grid },
    },
  };
}
