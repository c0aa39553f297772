/** UCUM units as Prometheus names them; annotations such as `{token}` have no suffix. */
const UNIT_SUFFIXES: Record<string, string> = {
  s: 'seconds',
  ms: 'milliseconds',
  By: 'bytes',
  USD: 'usd',
};

/**
 * An OpenTelemetry name as Prometheus spells it (OpenTelemetry's compatibility rules): dots and
 * other characters become underscores, and the unit is appended when the name lacks it.
 * `gen_ai.server.request.duration` in `s` is `gen_ai_server_request_duration_seconds`.
 */
export function prometheusFamilyName(name: string, unit: string): string {
  const base = prometheusLabelName(name);
  const suffix = UNIT_SUFFIXES[unit];
  return suffix && !base.endsWith(`_${suffix}`) ? `${base}_${suffix}` : base;
}

export function prometheusUnit(unit: string): string | undefined {
  return UNIT_SUFFIXES[unit];
}

export function prometheusLabelName(name: string): string {
  return name.replace(/[^A-Za-z0-9_]/g, '_').replace(/_{2,}/g, '_');
}

export function escapeLabelValue(value: string): string {
  return value
    .replace(/\\/g, '\\\\')
    .replace(/\n/g, '\\n')
    .replace(/"/g, '\\"');
}

export function escapeHelp(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}

/** Numbers as both formats accept them; bucket bounds as floats (`1.0`), as OpenMetrics wants. */
export function formatValue(value: number): string {
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return String(value);
}

export function formatBound(value: number): string {
  if (value === Infinity) return '+Inf';
  return Number.isInteger(value) ? value.toFixed(1) : String(value);
}
