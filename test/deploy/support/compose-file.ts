import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';

export const ROOT = join(__dirname, '..', '..', '..');

type ScalarValue = string | number | boolean | null;

export interface ComposeService {
  image?: string;
  build?: string | { context: string; dockerfile?: string };
  command?: string[] | string;
  environment?: Record<string, ScalarValue> | string[];
  ports?: (string | number | { target: number })[];
  depends_on?: Record<string, { condition?: string }> | string[];
  healthcheck?: { test?: string[] | string; disable?: boolean };
  volumes?: (string | { source?: string; target: string })[];
  stop_grace_period?: string;
  restart?: string;
  profiles?: string[];
}

export interface ComposeFile {
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
}

export function loadCompose(): ComposeFile {
  const text = readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8');
  return load(text) as ComposeFile;
}

export function composeService(
  compose: ComposeFile,
  name: string,
): ComposeService {
  const found = compose.services[name];
  if (!found) throw new Error(`docker-compose.yml has no "${name}" service`);
  return found;
}

/** Compose's `${NAME}`, `${NAME:-default}`, `${NAME-default}` and `$$`, as `docker compose config` resolves them. */
export function interpolate(
  value: string,
  variables: Record<string, string | undefined> = {},
): string {
  return value.replace(
    /\$\$|\$\{(\w+)(?:(:?-)([^}]*))?\}|\$(\w+)/g,
    (
      whole,
      braced?: string,
      operator?: string,
      fallback?: string,
      bare?: string,
    ) => {
      if (whole === '$$') return '$';
      const set = variables[(braced ?? bare) as string];
      if (operator === ':-') return set ? set : (fallback ?? '');
      if (operator === '-') return set ?? fallback ?? '';
      return set ?? '';
    },
  );
}

/** The environment a service's container gets, with `variables` standing in for the shell's. */
export function serviceEnvironment(
  svc: ComposeService,
  variables: Record<string, string | undefined> = {},
): Record<string, string> {
  const entries = Array.isArray(svc.environment)
    ? svc.environment.map((line) => line.split(/=(.*)/s).slice(0, 2))
    : Object.entries(svc.environment ?? {});
  return Object.fromEntries(
    entries.map(([key, value]) => [
      key,
      interpolate(String(value ?? ''), variables),
    ]),
  );
}

/** The container side of each published port: `8001:8001`, `127.0.0.1:80:8001`, `8001/tcp`. */
export function containerPorts(svc: ComposeService): number[] {
  return (svc.ports ?? []).map((port) => {
    if (typeof port === 'object') return port.target;
    const parts = String(port).split('/')[0].split(':');
    return Number(parts[parts.length - 1]);
  });
}

export function commandOf(svc: ComposeService): string[] {
  const { command } = svc;
  if (command === undefined) return [];
  return Array.isArray(command) ? command : command.split(/\s+/);
}

export function dependencies(
  svc: ComposeService,
): Record<string, string | undefined> {
  const dependsOn = svc.depends_on ?? {};
  if (Array.isArray(dependsOn)) {
    return Object.fromEntries(dependsOn.map((name) => [name, undefined]));
  }
  return Object.fromEntries(
    Object.entries(dependsOn).map(([name, { condition }]) => [name, condition]),
  );
}

/** Compose durations such as `45s`, `1m30s` or `500ms`, in milliseconds. */
export function durationMs(value: string): number {
  const units: Record<string, number> = { ms: 1, s: 1e3, m: 6e4, h: 3.6e6 };
  const parts = [...value.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)];
  if (parts.map((part) => part[0]).join('') !== value) {
    throw new Error(`not a compose duration: ${value}`);
  }
  return parts.reduce((sum, [, n, unit]) => sum + Number(n) * units[unit], 0);
}
