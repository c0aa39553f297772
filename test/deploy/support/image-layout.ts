import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { ROOT } from './compose-file';
import {
  copySources,
  instructions,
  loadDockerfile,
  type Stage,
} from './dockerfile';

export interface ImageLayout {
  /** Stands for the runtime image's WORKDIR. */
  dir: string;
  remove(): void;
}

/**
 * A directory holding what the Dockerfile's runtime stage copies, and nothing else: no sources,
 * and in node_modules only the production packages (`npm prune --omit=dev`). Build outputs are
 * taken from the working tree, which the test builds first.
 */
export function imageLayout(): ImageLayout {
  const stages = loadDockerfile();
  const runtime = stages[stages.length - 1];
  const dir = mkdtempSync(join(tmpdir(), 'gateway-image-'));
  for (const args of instructions(runtime, 'COPY')) {
    const { from, sources, destination } = copySources(args);
    const buildDir = from ? workdirOf(stages, from) : undefined;
    for (const source of sources) {
      const inTree = join(
        ROOT,
        buildDir ? relativeTo(buildDir, source) : source,
      );
      const target = /\/$|^\.$/.test(destination)
        ? join(dir, destination, basename(source))
        : join(dir, destination);
      if (basename(source) === 'node_modules') productionModules(target);
      else cpSync(inTree, target, { recursive: true });
    }
  }
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

function workdirOf(stages: Stage[], name: string): string | undefined {
  const stage = stages.find((candidate) => candidate.name === name);
  return stage && instructions(stage, 'WORKDIR').at(-1);
}

function relativeTo(workdir: string, path: string): string {
  return path.startsWith(`${workdir}/`) ? path.slice(workdir.length + 1) : path;
}

/**
 * Links the top-level packages package-lock.json does not mark dev-only. A package's own
 * dependencies resolve from its real path, and those of a production package are production ones.
 */
function productionModules(target: string): void {
  const lock = JSON.parse(
    readFileSync(join(ROOT, 'package-lock.json'), 'utf8'),
  ) as { packages: Record<string, { dev?: boolean }> };
  mkdirSync(target);
  for (const [path, entry] of Object.entries(lock.packages)) {
    const name = path.slice('node_modules/'.length);
    const topLevel =
      path.startsWith('node_modules/') && !name.includes('node_modules/');
    if (!topLevel || entry.dev) continue;
    mkdirSync(dirname(join(target, name)), { recursive: true });
    symlinkSync(join(ROOT, path), join(target, name));
  }
  symlinkSync(join(ROOT, 'node_modules', '.bin'), join(target, '.bin'));
}
