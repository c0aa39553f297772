import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GATEWAY, METRICS } from './support/app-contract';
import { ROOT } from './support/compose-file';
import {
  copySources,
  execForm,
  healthcheckCommand,
  instructions,
  loadDockerfile,
  type Stage,
} from './support/dockerfile';
import { acceptsLine, ciNodeLine } from './support/node-lines';

const stages = loadDockerfile();
const runtime = stages[stages.length - 1];
const build = stages.find((stage) => stage.name === 'build') as Stage;
const packageJson = JSON.parse(
  readFileSync(join(ROOT, 'package.json'), 'utf8'),
) as {
  scripts: Record<string, string>;
  engines: { node: string };
  allowScripts?: Record<string, boolean>;
};

const runs = (stage: Stage) => instructions(stage, 'RUN').join('\n');
const lastOf = (stage: Stage, keyword: string) =>
  instructions(stage, keyword).at(-1) ?? '';

describe('Dockerfile', () => {
  it('builds in one stage and runs from another', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    expect(build).toBeDefined();
    expect(runtime).not.toBe(build);
  });

  it('compiles the native addon, builds the apps and drops dev dependencies in the build stage', () => {
    expect(runs(build)).toMatch(
      /apt-get install[^\n]*python3[^\n]*make[^\n]*g\+\+/,
    );
    expect(runs(build)).toMatch(/\bnpm ci\b/);
    expect(runs(build)).toMatch(/\bnpm run build\b/);
    expect(packageJson.scripts.build).toBeDefined();
    expect(runs(build)).toMatch(/\bnpm prune --omit=dev\b/);
  });

  it("installs with an npm that honours package.json's allowScripts", () => {
    expect(packageJson.allowScripts).toBeDefined();
    const npm = /npm install (?:--global|-g) npm@(\d+)/.exec(runs(build));
    expect(Number(npm?.[1])).toBeGreaterThanOrEqual(11);
    expect(runs(build).indexOf(npm?.[0] ?? '?')).toBeLessThan(
      runs(build).indexOf('npm ci'),
    );
  });

  it('runs on the base image the addon was compiled against, on a Node the package accepts', () => {
    expect(runtime.image).toBe(build.image);
    const major = Number(/^node:(\d+)-bookworm-slim$/.exec(runtime.image)?.[1]);
    expect(acceptsLine(packageJson.engines.node, major)).toBe(true);
  });

  // Node 20 reached its end of life on 2026-04-30; the image follows the LTS line CI tests.
  it("is on the Node line that CI runs the suite on besides the machine's", () => {
    const major = Number(/^node:(\d+)/.exec(runtime.image)?.[1]);
    expect(major).toBeGreaterThanOrEqual(24);
    expect(major).toBe(ciNodeLine());
  });

  it('runs as a non-root user in production mode, with no compiler and no npm install', () => {
    expect(lastOf(runtime, 'USER')).toMatch(/^(?!root\b|0\b)\S+/);
    expect(instructions(runtime, 'ENV').join(' ')).toMatch(
      /\bNODE_ENV=production\b/,
    );
    expect(runs(runtime)).not.toMatch(/apt-get install|npm (ci|install)/);
  });

  it('takes the pruned node_modules and dist from the build stage', () => {
    const fromBuild = instructions(runtime, 'COPY')
      .map(copySources)
      .filter((copy) => copy.from === build.name)
      .flatMap((copy) => copy.sources);
    expect(fromBuild).toEqual(
      expect.arrayContaining(['/app/node_modules', '/app/dist']),
    );
  });

  it('exposes the ports the apps listen on by default', () => {
    const exposed = instructions(runtime, 'EXPOSE')
      .flatMap((args) => args.split(/\s+/))
      .map((port) => Number(port.split('/')[0]));
    expect(exposed.sort()).toEqual([GATEWAY.port({}), METRICS.port({})].sort());
  });

  it('starts the gateway by default', () => {
    expect(execForm(lastOf(runtime, 'CMD'))).toEqual(GATEWAY.command);
  });

  it('has a HEALTHCHECK whose script is copied into the image', () => {
    const [program, script] = healthcheckCommand(
      lastOf(runtime, 'HEALTHCHECK'),
    );
    expect(program).toBe('node');
    expect(existsSync(join(ROOT, script))).toBe(true);
    const copied = instructions(runtime, 'COPY')
      .map(copySources)
      .filter((copy) => copy.from === undefined)
      .flatMap((copy) => copy.sources);
    expect(copied.some((source) => script.startsWith(`${source}/`))).toBe(true);
  });

  it('copies from the build context only files that exist', () => {
    const sources = stages
      .flatMap((stage) => instructions(stage, 'COPY'))
      .map(copySources)
      .filter((copy) => copy.from === undefined)
      .flatMap((copy) => copy.sources);
    expect(sources.length).toBeGreaterThan(0);
    const missing = sources.filter((source) => !existsSync(join(ROOT, source)));
    expect(missing).toEqual([]);
  });
});

describe('.dockerignore', () => {
  const ignored = readFileSync(join(ROOT, '.dockerignore'), 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'));
  const isIgnored = (path: string) =>
    ignored.some(
      (pattern) =>
        pattern === path ||
        (pattern.startsWith('*') && path.endsWith(pattern.slice(1))),
    );

  it('keeps local installs, build output, data, secrets and history out of the context', () => {
    for (const path of ['node_modules', 'dist', 'data', '.env', '.git']) {
      expect(isIgnored(path)).toBe(true);
    }
  });

  it('lets in everything the Dockerfile copies from the context', () => {
    const sources = stages
      .flatMap((stage) => instructions(stage, 'COPY'))
      .map(copySources)
      .filter((copy) => copy.from === undefined)
      .flatMap((copy) => copy.sources);
    expect(sources.filter(isIgnored)).toEqual([]);
  });
});
