/** One sample line of a Prometheus text or OpenMetrics exposition. */
export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)$/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

/** The samples of an exposition; comment lines (# HELP, # TYPE, # UNIT, # EOF) are skipped. */
export function parseExposition(text: string): Sample[] {
  return text
    .split('\n')
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const match = SAMPLE.exec(line);
      if (!match) throw new Error(`not a sample line: ${line}`);
      const labels: Record<string, string> = {};
      for (const [, key, value] of (match[2] ?? '').matchAll(LABEL))
        labels[key] = value.replace(/\\(.)/g, (_, c: string) =>
          c === 'n' ? '\n' : c,
        );
      return { name: match[1], labels, value: parseValue(match[3]) };
    });
}

function parseValue(text: string): number {
  if (text === '+Inf') return Infinity;
  if (text === '-Inf') return -Infinity;
  return Number(text);
}

/** Sum of the samples named `name` whose labels include `where`. */
export function sumOf(
  samples: Sample[],
  name: string,
  where: Record<string, string> = {},
): number {
  return samples
    .filter(
      (s) =>
        s.name === name &&
        Object.entries(where).every(([k, v]) => s.labels[k] === v),
    )
    .reduce((total, s) => total + s.value, 0);
}

/** The distinct values of `label` among the samples named `name`. */
export function valuesOf(
  samples: Sample[],
  name: string,
  label: string,
): Set<string> {
  return new Set(
    samples
      .filter((s) => s.name === name && s.labels[label] !== undefined)
      .map((s) => s.labels[label]),
  );
}

/** Scrapes `url`, asking for OpenMetrics or the text format. */
export async function scrape(
  url: string,
  openMetrics = false,
): Promise<{ contentType: string; text: string; samples: Sample[] }> {
  const response = await fetch(url, {
    headers: openMetrics
      ? { accept: 'application/openmetrics-text;version=1.0.0' }
      : {},
  });
  if (response.status !== 200) throw new Error(`scrape: ${response.status}`);
  const text = await response.text();
  return {
    contentType: response.headers.get('content-type') ?? '',
    text,
    samples: parseExposition(text),
  };
}
