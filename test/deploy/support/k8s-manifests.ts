import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load, loadAll } from 'js-yaml';
import { ROOT } from './compose-file';

export const K8S_DIR = join(ROOT, 'deploy', 'k8s');

export type Labels = Record<string, string>;

export interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: {
    secretKeyRef?: { name: string; key: string };
    configMapKeyRef?: { name: string; key: string };
  };
}

export interface HttpProbe {
  httpGet?: { path: string; port: number | string };
}

export interface Container {
  name: string;
  image: string;
  command?: string[];
  args?: string[];
  ports?: { name?: string; containerPort: number }[];
  env?: EnvVar[];
  envFrom?: { configMapRef?: { name: string }; secretRef?: { name: string } }[];
  livenessProbe?: HttpProbe;
  readinessProbe?: HttpProbe;
  lifecycle?: {
    preStop?: { exec?: { command: string[] }; sleep?: { seconds: number } };
  };
  resources?: {
    requests?: Record<string, string | number>;
    limits?: Record<string, string | number>;
  };
  volumeMounts?: { name: string; mountPath: string }[];
  securityContext?: { readOnlyRootFilesystem?: boolean };
}

export interface PodSpec {
  containers: Container[];
  initContainers?: Container[];
  terminationGracePeriodSeconds?: number;
  securityContext?: { runAsNonRoot?: boolean; runAsUser?: number };
  volumes?: { name: string; emptyDir?: Record<string, unknown> }[];
}

export interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Labels };
  spec?: unknown;
}

export interface Deployment extends Manifest {
  kind: 'Deployment';
  spec: {
    replicas?: number;
    selector: { matchLabels: Labels };
    template: { metadata: { labels: Labels }; spec: PodSpec };
  };
}

export interface Service extends Manifest {
  kind: 'Service';
  spec: {
    selector: Labels;
    ports: { name?: string; port: number; targetPort?: number | string }[];
  };
}

export interface Kustomization {
  namespace?: string;
  resources: string[];
  configMapGenerator?: { name: string; literals?: string[] }[];
  images?: { name: string; newName?: string; newTag?: string }[];
}

export function loadKustomization(dir = K8S_DIR): Kustomization {
  const text = readFileSync(join(dir, 'kustomization.yaml'), 'utf8');
  return load(text) as Kustomization;
}

/** Every document of every file the kustomization lists. */
export function loadManifests(
  kustomization: Kustomization,
  dir = K8S_DIR,
): Manifest[] {
  return kustomization.resources.flatMap((file) =>
    loadAll(readFileSync(join(dir, file), 'utf8')).filter(Boolean),
  ) as Manifest[];
}

export function ofKind<T extends Manifest>(
  manifests: Manifest[],
  kind: T['kind'],
): T[] {
  return manifests.filter((manifest): manifest is T => manifest.kind === kind);
}

/** Whether every label a selector asks for is on `labels`. */
export function selects(selector: Labels, labels: Labels = {}): boolean {
  const wanted = Object.entries(selector);
  return wanted.length > 0 && wanted.every(([k, v]) => labels[k] === v);
}

/** The Deployment labelled `app.kubernetes.io/component: <component>`. */
export function deploymentFor(
  manifests: Manifest[],
  component: string,
): Deployment {
  const found = ofKind<Deployment>(manifests, 'Deployment').find(
    (d) => d.metadata.labels?.['app.kubernetes.io/component'] === component,
  );
  if (!found) throw new Error(`no Deployment for the ${component}`);
  return found;
}

/** `secret/key` that DATABASE_URL is read from, or `none`. */
export function databaseSecret(container: Container): string {
  const variable = container.env?.find((e) => e.name === 'DATABASE_URL');
  const ref = variable?.valueFrom?.secretKeyRef;
  return ref ? `${ref.name}/${ref.key}` : 'none';
}

/** How long the preStop hook holds the container before SIGTERM. */
export function preStopMs(container: Container): number {
  const preStop = container.lifecycle?.preStop;
  if (preStop?.sleep) return preStop.sleep.seconds * 1000;
  const [program, seconds] = preStop?.exec?.command ?? [];
  return program === 'sleep' ? Number(seconds) * 1000 : 0;
}

export function argvOf(container: Container): string[] {
  return [...(container.command ?? []), ...(container.args ?? [])];
}

/** A probe's or Service's port, by name or number, as the container's port number. */
export function resolvePort(
  container: Container,
  port: number | string | undefined,
): number | undefined {
  if (typeof port === 'number') return port;
  return container.ports?.find((p) => p.name === port)?.containerPort;
}

/**
 * The environment the container starts with: literal values, then the generated ConfigMaps it
 * takes whole; values from a Secret come from `secrets` (`name/key`).
 */
export function containerEnvironment(
  container: Container,
  kustomization: Kustomization,
  secrets: Record<string, string> = {},
): Record<string, string> {
  const environment: Record<string, string> = {};
  for (const source of container.envFrom ?? []) {
    const generated = kustomization.configMapGenerator?.find(
      (map) => map.name === source.configMapRef?.name,
    );
    for (const literal of generated?.literals ?? []) {
      const [key, value] = literal.split(/=(.*)/s);
      environment[key] = value;
    }
  }
  for (const { name, value, valueFrom } of container.env ?? []) {
    const ref = valueFrom?.secretKeyRef;
    environment[name] = ref ? secrets[`${ref.name}/${ref.key}`] : String(value);
  }
  return environment;
}

/** Kubernetes quantities: CPU in millicores, memory in bytes. */
export function quantity(value: string | number): number {
  const match = /^(\d+(?:\.\d+)?)(m|k|M|G|Ki|Mi|Gi)?$/.exec(String(value));
  if (!match) throw new Error(`not a quantity: ${value}`);
  const factors: Record<string, number> = {
    m: 1e-3,
    k: 1e3,
    M: 1e6,
    G: 1e9,
    Ki: 2 ** 10,
    Mi: 2 ** 20,
    Gi: 2 ** 30,
  };
  return Number(match[1]) * (match[2] ? factors[match[2]] : 1);
}
