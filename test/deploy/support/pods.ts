import Database from 'better-sqlite3';
import { type AppContract, type Environment } from './app-contract';
import { healthcheckCommand, instructions, loadDockerfile } from './dockerfile';
import {
  containerEnvironment,
  deploymentFor,
  loadKustomization,
  loadManifests,
  type Container,
} from './k8s-manifests';
import { freePort } from './processes';

const kustomization = loadKustomization();
const manifests = loadManifests(kustomization);

/** The Dockerfile's HEALTHCHECK command. */
export function imageHealthcheck(): string[] {
  const stages = loadDockerfile();
  const runtime = stages[stages.length - 1];
  return healthcheckCommand(instructions(runtime, 'HEALTHCHECK').at(-1) ?? '');
}

/** The app's container and first init container, from its Kubernetes Deployment. */
export function podOf(app: AppContract): {
  container: Container;
  init: Container;
} {
  const pod = deploymentFor(manifests, app.name).spec.template.spec;
  if (!pod.initContainers?.length) {
    throw new Error(`no Deployment with an init container for the ${app.name}`);
  }
  return { container: pod.containers[0], init: pod.initContainers[0] };
}

/**
 * The container's environment from its manifest, with every Secret value replaced by the test's
 * database URL and the app listening on a free loopback port.
 */
export async function podEnvironment(
  app: AppContract,
  container: Container,
  databaseUrl: string,
): Promise<Environment> {
  const secrets = Object.fromEntries(
    (container.env ?? []).flatMap(({ valueFrom }) => {
      const ref = valueFrom?.secretKeyRef;
      return ref ? [[`${ref.name}/${ref.key}`, databaseUrl]] : [];
    }),
  );
  return {
    ...containerEnvironment(container, kustomization, secrets),
    [app.listenKeys.port]: String(await freePort()),
    [app.listenKeys.host]: '127.0.0.1',
  };
}

/** Runs one counting query on a SQLite database given as `sqlite:<path>`. */
export function sqliteCount(url: string, sql: string): number {
  const database = new Database(url.slice('sqlite:'.length), {
    readonly: true,
  });
  try {
    return (database.prepare(sql).get() as { n: number }).n;
  } finally {
    database.close();
  }
}
