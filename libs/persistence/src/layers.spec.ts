import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

/**
 * The library's layers, lowest first: a file imports its own folder or a lower layer, never a
 * peer or a higher one. Schema, then what is derived from it, then SQL building, then the
 * writer and the readers, then the Nest module.
 */
const LAYERS: string[][] = [
  ['entities'],
  ['records', 'config'],
  ['sql', 'database-connector', 'spool'],
  ['rollups'],
  ['writer', 'reader'],
  ['persistence.module'],
  ['index', 'data-source', 'layers.spec'],
];

const SRC = __dirname;

/** The folder of a file under src/, or the file's own name for one at the top. */
function unitOf(file: string): string {
  const [first] = relative(SRC, file).split('/');
  return first.replace(/\.ts$/, '');
}

function rankOf(unit: string): number {
  const rank = LAYERS.findIndex((layer) => layer.includes(unit));
  if (rank < 0) throw new Error(`${unit} has no layer: add it to LAYERS`);
  return rank;
}

const SPECIFIER = /(?:from|import|require\()\s*\(?'([^']+)'/g;

/** The library files a source imports, as paths without extension. */
function importsOf(file: string, source: string): string[] {
  return [...source.matchAll(SPECIFIER)]
    .map((match) => match[1])
    .map((spec) => {
      if (spec === '@app/persistence') return SRC + '/index';
      if (spec.startsWith('@app/persistence/')) {
        return join(SRC, spec.slice('@app/persistence/'.length));
      }
      return spec.startsWith('.') ? resolve(dirname(file), spec) : null;
    })
    .filter((path): path is string => path !== null);
}

function sourceFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** Edges between units (folders, or files at the top): `from -> to`, with the file that did it. */
export function unitEdges(
  files: Map<string, string>,
): { from: string; to: string; file: string }[] {
  return [...files].flatMap(([file, source]) =>
    importsOf(file, source)
      .map((target) => ({ from: unitOf(file), to: unitOf(target), file }))
      .filter(({ from, to }) => from !== to),
  );
}

/** Imports that go to a peer or a higher layer. */
export function layerViolations(edges: ReturnType<typeof unitEdges>): string[] {
  return edges
    .filter(({ from, to }) => rankOf(to) >= rankOf(from))
    .map(({ from, to, file }) => `${relative(SRC, file)}: ${from} -> ${to}`);
}

/** A cycle between units, as the units along it; null when there is none. */
export function findCycle(
  edges: { from: string; to: string }[],
): string[] | null {
  const next = new Map<string, Set<string>>();
  for (const { from, to } of edges) {
    next.set(from, (next.get(from) ?? new Set()).add(to));
  }
  const done = new Set<string>();
  const visit = (unit: string, path: string[]): string[] | null => {
    if (path.includes(unit)) return [...path.slice(path.indexOf(unit)), unit];
    if (done.has(unit)) return null;
    for (const to of next.get(unit) ?? []) {
      const cycle = visit(to, [...path, unit]);
      if (cycle) return cycle;
    }
    done.add(unit);
    return null;
  };
  for (const unit of next.keys()) {
    const cycle = visit(unit, []);
    if (cycle) return cycle;
  }
  return null;
}

describe('libs/persistence dependencies', () => {
  const files = new Map(
    sourceFiles(SRC).map((file) => [file, readFileSync(file, 'utf8')]),
  );
  const edges = unitEdges(files);

  it('sees the imports between folders', () => {
    expect(edges).toContainEqual(
      expect.objectContaining({ from: 'writer', to: 'sql' }),
    );
  });

  it('run one way: each import goes to a lower layer', () => {
    expect(layerViolations(edges)).toEqual([]);
  });

  it('have no cycle between folders', () => {
    expect(findCycle(edges)).toBeNull();
  });

  it('would catch a folder importing one that imports it back', () => {
    const file = join(SRC, 'sql/x.ts');
    const looped = [...edges, { from: 'sql', to: 'reader', file }];
    const cycle = findCycle(looped);
    expect(cycle).toEqual(expect.arrayContaining(['sql', 'reader']));
    expect(cycle?.[0]).toBe(cycle?.[cycle.length - 1]);
    expect(layerViolations(looped)).toEqual(['sql/x.ts: sql -> reader']);
  });
});
