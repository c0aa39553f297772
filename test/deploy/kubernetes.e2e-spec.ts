import { existsSync, readFileSync } from 'node:fs';
import { join, resolve as resolvePath } from 'node:path';
import {
  DATABASE_ENVIRONMENT_KEYS,
  GATEWAY,
  METRICS,
  MIGRATE_COMMAND,
  gatewayDrainMs,
  gatewayPrometheusPort,
  gatewaySpoolDir,
  type AppContract,
} from './support/app-contract';
import {
  ROOT,
  commandOf,
  composeService,
  loadCompose,
} from './support/compose-file';
import { MONITORING_DIR } from '../telemetry/support/monitoring-files';
import {
  K8S_DIR,
  argvOf,
  containerEnvironment,
  databaseSecret,
  deploymentFor,
  loadKustomization,
  loadManifests,
  ofKind,
  preStopMs,
  quantity,
  resolvePort,
  selects,
  type Deployment,
  type Labels,
  type Manifest,
  type Service,
} from './support/k8s-manifests';
import {
  acceptedMistakes,
  FREE_FORM_KEYS,
  INVALID_VALUES,
  unnamedKeys,
} from './support/invalid-environment';

const kustomization = loadKustomization();
const manifests = loadManifests(kustomization);
/** The Prometheus Operator's resources, applied on their own (they need its CRDs). */
const monitoring = loadManifests(
  loadKustomization(MONITORING_DIR),
  MONITORING_DIR,
);
const services = ofKind<Service>(manifests, 'Service');

const SECRET_URL = 'mysql://gateway:secret@mysql.internal:3306/llm_gateway';

/** The image's working directory, which relative paths start from. */
const WORKDIR = '/app';

const deploymentOf = (app: AppContract) => deploymentFor(manifests, app.name);

describe('deploy/k8s', () => {
  it('lists manifests that exist and are well-formed', () => {
    for (const file of kustomization.resources) {
      expect(existsSync(join(K8S_DIR, file))).toBe(true);
    }
    const names = manifests.map(
      (m: Manifest) => `${m.kind}/${m.metadata.name}`,
    );
    expect(manifests.every((m) => m.apiVersion && m.kind)).toBe(true);
    expect(new Set(names).size).toBe(names.length);
  });

  describe.each([GATEWAY, METRICS])('the $name', (app) => {
    const deployment = deploymentOf(app);
    const pod = deployment.spec.template.spec;
    const [container] = pod.containers;
    const secrets = { [databaseSecret(container)]: SECRET_URL };
    const environment = containerEnvironment(container, kustomization, secrets);
    const port = app.port(environment);

    it("runs the app's built entry file from the image kustomize sets", () => {
      expect(pod.containers).toHaveLength(1);
      expect(argvOf(container)).toEqual(app.command);
      const images = kustomization.images?.map((image) => image.name);
      for (const each of [...pod.containers, ...(pod.initContainers ?? [])]) {
        expect(images).toContain(each.image);
      }
    });

    it('selects its own pods', () => {
      expect(
        selects(
          deployment.spec.selector.matchLabels,
          deployment.spec.template.metadata.labels,
        ),
      ).toBe(true);
    });

    it('declares the port the app listens on with its environment, behind a Service', () => {
      expect(resolvePort(container, 'http')).toBe(port);
      const service = services.find((s) =>
        selects(s.spec.selector, deployment.spec.template.metadata.labels),
      );
      expect(service).toBeDefined();
      const targets = service?.spec.ports
        .filter((p) => p.name !== 'metrics')
        .map((p) => resolvePort(container, p.targetPort ?? p.port));
      expect(targets).toEqual([port]);
    });

    it('probes liveness and readiness on health routes the app serves, on its port', () => {
      for (const probe of [container.livenessProbe, container.readinessProbe]) {
        expect(app.healthRoutes).toContain(probe?.httpGet?.path);
        expect(resolvePort(container, probe?.httpGet?.port)).toBe(port);
      }
    });

    it('sets CPU and memory requests and limits on every container', () => {
      for (const each of [...pod.containers, ...(pod.initContainers ?? [])]) {
        for (const resource of ['cpu', 'memory']) {
          const request = each.resources?.requests?.[resource];
          const limit = each.resources?.limits?.[resource];
          expect([each.name, resource, request, limit]).toEqual([
            each.name,
            resource,
            expect.anything(),
            expect.anything(),
          ]);
          expect(quantity(request as string)).toBeLessThanOrEqual(
            quantity(limit as string),
          );
        }
      }
    });

    it('sets only environment variables the app reads, DATABASE_URL from a Secret', () => {
      expect(databaseSecret(container)).not.toBe('none');
      const unknown = Object.keys(environment).filter(
        (key) => !app.environmentKeys.includes(key),
      );
      expect(unknown).toEqual([]);
      expect(environment.DATABASE_URL).toBe(SECRET_URL);
      expect(() => app.validate(environment)).not.toThrow();
    });

    it('would refuse each mistake its environment could carry, naming the key', () => {
      expect(acceptedMistakes(app, environment)).toEqual([]);
      expect(unnamedKeys(app, environment)).toEqual([]);
      const checked = [...Object.keys(INVALID_VALUES), ...FREE_FORM_KEYS];
      expect(
        app.environmentKeys.filter((key) => !checked.includes(key)),
      ).toEqual([]);
    });

    it('migrates in an init container, the same step as compose, and starts with DB_MIGRATE=false', () => {
      expect(environment.DB_MIGRATE).toBe('false');
      const init = pod.initContainers ?? [];
      expect(init.map(argvOf)).toEqual([MIGRATE_COMMAND]);
      expect(commandOf(composeService(loadCompose(), 'migrate'))).toEqual(
        MIGRATE_COMMAND,
      );
      expect(databaseSecret(init[0])).toBe(databaseSecret(container));
      const initKeys = Object.keys(
        containerEnvironment(init[0], kustomization),
      );
      expect(
        initKeys.filter((key) => !DATABASE_ENVIRONMENT_KEYS.includes(key)),
      ).toEqual([]);
    });

    it('runs as a non-root user', () => {
      expect(pod.securityContext?.runAsNonRoot).toBe(true);
      expect(pod.securityContext?.runAsUser).toBeGreaterThan(0);
    });

    it('keeps serving for a moment after termination starts, while load balancers catch up', () => {
      expect(preStopMs(container)).toBeGreaterThan(0);
    });
  });

  describe('the gateway', () => {
    const deployment = deploymentOf(GATEWAY);
    const pod = deployment.spec.template.spec;
    const [container] = pod.containers;
    const replicas = deployment.spec.replicas ?? 1;

    it('runs at least two replicas and keeps one through voluntary disruptions', () => {
      expect(replicas).toBeGreaterThanOrEqual(2);
      const budget = manifests.find(
        (m) =>
          m.kind === 'PodDisruptionBudget' &&
          selects(
            (m.spec as Deployment['spec']).selector.matchLabels,
            deployment.spec.template.metadata.labels,
          ),
      );
      const { minAvailable } = budget?.spec as { minAvailable: number };
      expect(minAvailable).toBeGreaterThanOrEqual(1);
      expect(minAvailable).toBeLessThan(replicas);
    });

    it('declares, annotates and exposes to the ServiceMonitor the port it serves Prometheus metrics on', () => {
      const environment = containerEnvironment(container, kustomization);
      const metricsPort = gatewayPrometheusPort(environment);
      expect(resolvePort(container, 'metrics')).toBe(metricsPort);
      const annotations = (
        deployment.spec.template.metadata as { annotations?: Labels }
      ).annotations;
      expect(annotations).toEqual({
        'prometheus.io/scrape': 'true',
        'prometheus.io/port': String(metricsPort),
        'prometheus.io/path': '/metrics',
      });
      const service = services.find((s) =>
        selects(s.spec.selector, deployment.spec.template.metadata.labels),
      );
      const metrics = service?.spec.ports.find((p) => p.name === 'metrics');
      expect(resolvePort(container, metrics?.targetPort)).toBe(metricsPort);
      const [monitor] = monitoring.filter((m) => m.kind === 'ServiceMonitor');
      const spec = monitor.spec as {
        selector: { matchLabels: Labels };
        endpoints: { port: string; path: string }[];
      };
      expect(selects(spec.selector.matchLabels, service?.metadata.labels)).toBe(
        true,
      );
      expect(spec.endpoints).toEqual([
        expect.objectContaining({ port: 'metrics', path: '/metrics' }),
      ]);
    });

    it('spools records on an emptyDir, which outlives a container restart, on its read-only root', () => {
      const environment = containerEnvironment(container, kustomization);
      const dir = resolvePath(WORKDIR, gatewaySpoolDir(environment) ?? '');
      expect(container.securityContext?.readOnlyRootFilesystem).toBe(true);
      const mount = container.volumeMounts?.find(
        ({ mountPath }) => dir === mountPath || dir.startsWith(`${mountPath}/`),
      );
      const volume = pod.volumes?.find(({ name }) => name === mount?.name);
      expect(volume?.emptyDir).toBeDefined();
      const text = readFileSync(join(K8S_DIR, 'gateway.yaml'), 'utf8');
      expect(text).toMatch(/emptyDir outlives a\s+#?\s*container restart/);
    });

    it('is given more time to stop than the preStop pause plus its drain deadline', () => {
      const environment = containerEnvironment(container, kustomization);
      const neededMs = preStopMs(container) + gatewayDrainMs(environment);
      expect((pod.terminationGracePeriodSeconds ?? 30) * 1000).toBeGreaterThan(
        neededMs,
      );
    });
  });

  it('lists monitoring resources that exist and are well-formed', () => {
    expect(
      monitoring.map((m) => `${m.kind}/${m.metadata.name}`).sort(),
    ).toEqual(['PrometheusRule/llm-gateway', 'ServiceMonitor/llm-gateway']);
  });

  it('probes the metrics API for liveness without the readiness route that pings the database', () => {
    const [container] = deploymentOf(METRICS).spec.template.spec.containers;
    expect(container.livenessProbe?.httpGet?.path).not.toBe(
      container.readinessProbe?.httpGet?.path,
    );
  });

  it('has the README create the Secret the pods read DATABASE_URL from, in their namespace', () => {
    const commands = readFileSync(join(ROOT, 'README.md'), 'utf8')
      .replace(/\s*\\\n\s*/g, ' ')
      .split('\n')
      .filter((line) => line.includes('create secret generic'));
    const [name, key] = databaseSecret(
      deploymentOf(GATEWAY).spec.template.spec.containers[0],
    ).split('/');
    const namespace = kustomization.namespace ?? 'default';
    expect(commands).toContainEqual(
      expect.stringMatching(
        new RegExp(
          `kubectl -n ${namespace} create secret generic ${name} --from-literal=${key}=`,
        ),
      ),
    );
  });
});
