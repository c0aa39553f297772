import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './compose-file';

/** The second Node line `.ci/run` tests on, besides the machine's own. */
export function ciNodeLine(): number {
  const script = readFileSync(join(ROOT, '.ci/run'), 'utf8');
  return Number(/^NODE_LINE=(\d+)$/m.exec(script)?.[1]);
}

const COMPARATOR = /^(>=|<=|>|<)(\d+)(?:\.(\d+))?(?:\.(\d+))?$/;

function satisfies(version: number[], comparator: string): boolean {
  const [, op, ...parts] = COMPARATOR.exec(comparator) ?? [];
  if (!op) throw new Error(`unsupported range: ${comparator}`);
  const bound = parts.map((part) => Number(part ?? 0));
  const order =
    version.map((n, i) => Math.sign(n - bound[i])).find((sign) => sign) ?? 0;
  const accepted: Record<string, boolean> = {
    '>=': order >= 0,
    '>': order > 0,
    '<=': order <= 0,
    '<': order < 0,
  };
  return accepted[op];
}

/**
 * Whether an engines range such as `>=20.19 <21 || >=24` accepts the latest release of Node
 * `major` (comparators with `>=`, `>`, `<=` and `<` only, which is all it uses).
 */
export function acceptsLine(range: string, major: number): boolean {
  const latest = [major, Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER];
  return range.split('||').some((set) =>
    set
      .trim()
      .split(/\s+/)
      .every((comparator) => satisfies(latest, comparator)),
  );
}
