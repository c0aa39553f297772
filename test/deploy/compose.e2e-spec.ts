import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  DATABASE_ENVIRONMENT_KEYS,
  GATEWAY,
  METRICS,
  MIGRATE_COMMAND,
  gatewayDrainMs,
  gatewayPrometheusPort,
  validateDatabaseEnvironment,
  type AppContract,
} from './support/app-contract';
import {
  ROOT,
  commandOf,
  composeService,
  containerPorts,
  dependencies,
  durationMs,
  loadCompose,
  serviceEnvironment,
} from './support/compose-file';
import {
  acceptedMistakes,
  FREE_FORM_KEYS,
  INVALID_VALUES,
  unnamedKeys,
} from './support/invalid-environment';

const compose = loadCompose();
const mysql = composeService(compose, 'mysql');
const migrate = composeService(compose, 'migrate');
const apps: [string, AppContract][] = [
  ['gateway', GATEWAY],
  ['metrics', METRICS],
];

describe('docker-compose.yml', () => {
  describe('mysql', () => {
    it('is MySQL 8 with a health check and its data on a named volume', () => {
      expect(mysql.image).toMatch(/^mysql:8(\.|$)/);
      expect(mysql.healthcheck?.test).toBeDefined();
      expect(mysql.healthcheck?.disable).not.toBe(true);
      const [mount] = mysql.volumes ?? [];
      const [volume, target] =
        typeof mount === 'string'
          ? mount.split(':')
          : [mount?.source, mount?.target];
      expect(target).toBe('/var/lib/mysql');
      expect(Object.keys(compose.volumes ?? {})).toContain(volume);
    });
  });

  describe('migrate', () => {
    it('applies the migrations once MySQL is healthy, then exits for good', () => {
      expect(commandOf(migrate)).toEqual(MIGRATE_COMMAND);
      expect(existsSync(join(ROOT, MIGRATE_COMMAND[1]))).toBe(true);
      expect(dependencies(migrate)).toEqual({ mysql: 'service_healthy' });
      expect(migrate.restart ?? 'no').toBe('no');
      expect(migrate.ports ?? []).toEqual([]);
    });

    it('sets only environment variables the migration runner reads', () => {
      const environment = serviceEnvironment(migrate);
      expect(Object.keys(environment)).toEqual(['DATABASE_URL']);
      expect(DATABASE_ENVIRONMENT_KEYS).toContain('DATABASE_URL');
      expect(() => validateDatabaseEnvironment(environment)).not.toThrow();
    });
  });

  describe.each(apps)('%s', (name, app) => {
    const svc = composeService(compose, name);
    const environment = serviceEnvironment(svc);

    it("runs the app's built entry file from this repository's image", () => {
      expect(commandOf(svc)).toEqual(app.command);
      expect(svc.build).toBe('.');
      expect(svc.image).toBe(migrate.image);
    });

    it('publishes the port the app listens on with this environment (and the Prometheus one)', () => {
      const prometheus =
        name === 'gateway' ? [gatewayPrometheusPort(environment)] : [];
      expect(containerPorts(svc)).toEqual([
        app.port(environment),
        ...prometheus,
      ]);
    });

    it('sets only environment variables the app reads, with values it accepts', () => {
      const unknown = Object.keys(environment).filter(
        (key) => !app.environmentKeys.includes(key),
      );
      expect(unknown).toEqual([]);
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

    it('uses the MySQL service with its database and credentials, like the migrate step', () => {
      const url = new URL(environment.DATABASE_URL);
      const database = serviceEnvironment(mysql);
      expect(url.protocol).toBe('mysql:');
      expect(url.hostname).toBe('mysql');
      expect(url.pathname).toBe(`/${database.MYSQL_DATABASE}`);
      expect(url.username).toBe(database.MYSQL_USER);
      expect(url.password).toBe(database.MYSQL_PASSWORD);
      expect(environment.DATABASE_URL).toBe(
        serviceEnvironment(migrate).DATABASE_URL,
      );
    });

    it('starts after a healthy MySQL and the migrations, and does not migrate itself', () => {
      expect(dependencies(svc)).toEqual({
        mysql: 'service_healthy',
        migrate: 'service_completed_successfully',
      });
      expect(environment.DB_MIGRATE).toBe('false');
    });
  });

  describe("the gateway's backend and shutdown", () => {
    const gateway = composeService(compose, 'gateway');

    it('forwards to the ollama service unless BACKEND_URL names another server', () => {
      const backend = new URL(serviceEnvironment(gateway).BACKEND_URL);
      expect(compose.services[backend.hostname]?.image).toMatch(/^ollama\//);
      expect(backend.port).toBe('11434');
      const external = 'https://llm.example.com/api';
      expect(
        serviceEnvironment(gateway, { BACKEND_URL: external }).BACKEND_URL,
      ).toBe(external);
    });

    it('gives requests in flight the whole drain deadline before Docker kills it', () => {
      const drainMs = gatewayDrainMs(serviceEnvironment(gateway));
      expect(durationMs(gateway.stop_grace_period ?? '10s')).toBeGreaterThan(
        drainMs,
      );
    });
  });
});
