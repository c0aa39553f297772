import type { Attributes } from '@opentelemetry/api';
import {
  DataPointType,
  type Histogram,
  type MetricData,
  type ResourceMetrics,
} from '@opentelemetry/sdk-metrics';
import {
  escapeHelp,
  escapeLabelValue,
  formatBound,
  formatValue,
  prometheusFamilyName,
  prometheusLabelName,
  prometheusUnit,
} from './prometheus-names';

export const TEXT_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';
export const OPENMETRICS_CONTENT_TYPE =
  'application/openmetrics-text; version=1.0.0; charset=utf-8';

export type ExpositionFormat = 'text' | 'openmetrics';

/** The format a scraper asked for in `Accept`: OpenMetrics when it names it, else text. */
export function negotiateFormat(accept: string | undefined): ExpositionFormat {
  return accept?.includes('application/openmetrics-text')
    ? 'openmetrics'
    : 'text';
}

/**
 * What one collection holds, in the Prometheus text format or in OpenMetrics. Written here
 * rather than taken from @opentelemetry/exporter-prometheus, which neither appends units
 * (`_seconds`) nor speaks OpenMetrics, and adds an `otel_scope_name` label to every series.
 */
export function serializeMetrics(
  resourceMetrics: ResourceMetrics,
  format: ExpositionFormat,
): string {
  let out = '';
  for (const scope of resourceMetrics.scopeMetrics) {
    for (const metric of scope.metrics) out += serializeMetric(metric, format);
  }
  return format === 'openmetrics' ? `${out}# EOF\n` : out;
}

function serializeMetric(metric: MetricData, format: ExpositionFormat): string {
  const { name, unit, description } = metric.descriptor;
  const family = prometheusFamilyName(name, unit);
  const counter =
    metric.dataPointType === DataPointType.SUM && metric.isMonotonic;
  const type =
    metric.dataPointType === DataPointType.HISTOGRAM
      ? 'histogram'
      : counter
        ? 'counter'
        : 'gauge';
  // OpenMetrics names the counter family without `_total`; the text format names it as the sample.
  const declared = counter && format === 'text' ? `${family}_total` : family;
  let out = `# HELP ${declared} ${escapeHelp(description || name)}\n`;
  out += `# TYPE ${declared} ${type}\n`;
  const suffix = prometheusUnit(unit);
  if (format === 'openmetrics' && suffix && family.endsWith(`_${suffix}`))
    out += `# UNIT ${family} ${suffix}\n`;
  if (metric.dataPointType === DataPointType.HISTOGRAM) {
    for (const point of metric.dataPoints)
      out += histogramLines(family, point.attributes, point.value);
    return out;
  }
  if (metric.dataPointType === DataPointType.EXPONENTIAL_HISTOGRAM) return out;
  const sample = counter ? `${family}_total` : family;
  for (const point of metric.dataPoints)
    out += `${sample}${labels(point.attributes)} ${formatValue(point.value)}\n`;
  return out;
}

function histogramLines(
  family: string,
  attributes: Attributes,
  histogram: Histogram,
): string {
  const base = labelPairs(attributes);
  const { boundaries, counts } = histogram.buckets;
  let out = '';
  let cumulative = 0;
  for (let i = 0; i < counts.length; i++) {
    cumulative += counts[i];
    const bound = formatBound(i < boundaries.length ? boundaries[i] : Infinity);
    const pairs = base ? `${base},le="${bound}"` : `le="${bound}"`;
    out += `${family}_bucket{${pairs}} ${cumulative}\n`;
  }
  const braces = base ? `{${base}}` : '';
  out += `${family}_sum${braces} ${formatValue(histogram.sum ?? 0)}\n`;
  out += `${family}_count${braces} ${histogram.count}\n`;
  return out;
}

function labels(attributes: Attributes): string {
  const pairs = labelPairs(attributes);
  return pairs ? `{${pairs}}` : '';
}

function labelPairs(attributes: Attributes): string {
  let pairs = '';
  for (const key in attributes) {
    const value = attributes[key];
    if (value === undefined) continue;
    const text = escapeLabelValue(String(value));
    pairs += `${pairs ? ',' : ''}${prometheusLabelName(key)}="${text}"`;
  }
  return pairs;
}
