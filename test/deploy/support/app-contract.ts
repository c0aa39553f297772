import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RequestMethod, type Type } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { getMetadataStorage } from 'class-validator';
import {
  DatabaseEnvironment,
  environmentValidator,
  loadEnvironment,
  spoolConfig,
} from '@app/persistence';
import { gatewayConfig } from '../../../apps/gateway/src/config/gateway.config';
import { GatewayEnvironment } from '../../../apps/gateway/src/config/gateway.environment';
import { telemetryConfig } from '../../../apps/gateway/src/config/telemetry.config';
import { HealthController as GatewayHealthController } from '../../../apps/gateway/src/health/health.controller';
import { metricsConfig } from '../../../apps/metrics/src/config/metrics.config';
import { MetricsEnvironment } from '../../../apps/metrics/src/config/metrics.environment';
import { HealthController as MetricsHealthController } from '../../../apps/metrics/src/health/health.controller';
import { ROOT } from './compose-file';

export type AppName = 'gateway' | 'metrics';
export type Environment = Record<string, string>;

/** What the deployment files must agree with, read from the app's own code. */
export interface AppContract {
  name: AppName;
  /** `node dist/<entryFile>.js`, the entry file nest-cli.json builds for the project. */
  command: string[];
  /** Every environment key the app validates at boot. */
  environmentKeys: string[];
  /** Throws what the app would at boot when `environment` is invalid. */
  validate(environment: Environment): void;
  /** The port the app listens on with `environment` set. */
  port(environment: Environment): number;
  /** The variables that set where the app listens, found by trying each key the app reads. */
  listenKeys: { port: string; host: string };
  /** GET routes of the health controller, e.g. `/health`. */
  healthRoutes: string[];
}

/** The one-shot migration step, built from apps/cli/src/migrate.ts: the apps' migration runner. */
export const MIGRATE_COMMAND = ['node', 'dist/apps/cli/src/migrate.js'];

interface NestCli {
  projects: Record<string, { entryFile: string }>;
}

function entryCommand(project: AppName): string[] {
  const text = readFileSync(join(ROOT, 'nest-cli.json'), 'utf8');
  const { entryFile } = (JSON.parse(text) as NestCli).projects[project];
  return ['node', `dist/${entryFile}.js`];
}

function keysOf(schema: Type): string[] {
  const metadata = getMetadataStorage().getTargetValidationMetadatas(
    schema,
    '',
    true,
    false,
  );
  return [...new Set(metadata.map((entry) => entry.propertyName))].sort();
}

function getRoutes(controller: Type): string[] {
  const base = Reflect.getMetadata(PATH_METADATA, controller) as string;
  const prototype = controller.prototype as Record<string, unknown>;
  return Object.getOwnPropertyNames(prototype).flatMap((name) => {
    const handler = prototype[name];
    if (typeof handler !== 'function') return [];
    const path = Reflect.getMetadata(PATH_METADATA, handler) as
      string | string[] | undefined;
    const method = Reflect.getMetadata(METHOD_METADATA, handler) as unknown;
    if (path === undefined || method !== RequestMethod.GET) return [];
    return [path].flat().map((sub) => joinPath(base, sub));
  });
}

function joinPath(...parts: string[]): string {
  const segments = parts.map((part) => part.replace(/^\/+|\/+$/g, ''));
  return `/${segments.filter(Boolean).join('/')}`;
}

type Listen = (environment: Environment) => { port: number; host: string };

function findListenKeys(keys: string[], listen: Listen) {
  const changes = (key: string, field: 'port' | 'host', value: string) => {
    try {
      return String(listen({ [key]: value })[field]) === value;
    } catch {
      return false; // not a valid value for that key: it is not the one
    }
  };
  const find = (field: 'port' | 'host', value: string) => {
    const found = keys.find((key) => changes(key, field, value));
    if (!found) throw new Error(`no environment key sets the ${field}`);
    return found;
  };
  return { port: find('port', '54321'), host: find('host', '192.0.2.1') };
}

function contract(
  name: AppName,
  schema: Type,
  listen: Listen,
  health: Type,
): AppContract {
  const environmentKeys = keysOf(schema);
  return {
    name,
    command: entryCommand(name),
    environmentKeys,
    validate: (environment) => {
      environmentValidator(schema)(environment);
    },
    port: (environment) => listen(environment).port,
    listenKeys: findListenKeys(environmentKeys, listen),
    healthRoutes: getRoutes(health),
  };
}

/** The gateway's settings as it would read them from exactly `environment`. */
const gatewaySettings = (environment: Environment) =>
  gatewayConfig(loadEnvironment(GatewayEnvironment, environment));

export const GATEWAY = contract(
  'gateway',
  GatewayEnvironment,
  gatewaySettings,
  GatewayHealthController,
);

export const METRICS = contract(
  'metrics',
  MetricsEnvironment,
  (environment) =>
    metricsConfig(loadEnvironment(MetricsEnvironment, environment)),
  MetricsHealthController,
);

/** The keys the persistence library (and so the migrate command) reads. */
export const DATABASE_ENVIRONMENT_KEYS = keysOf(DatabaseEnvironment);

export function validateDatabaseEnvironment(environment: Environment): void {
  environmentValidator(DatabaseEnvironment)(environment);
}

/** How long the gateway drains requests in flight after SIGTERM, with `environment` set. */
export function gatewayDrainMs(environment: Environment): number {
  return gatewaySettings(environment).shutdownGraceMs;
}

/** Where the gateway spools records with `environment` set, null when the spool is off. */
export function gatewaySpoolDir(environment: Environment): string | null {
  return spoolConfig(loadEnvironment(GatewayEnvironment, environment)).dir;
}

/** The port the gateway serves Prometheus metrics on, with `environment` set. */
export function gatewayPrometheusPort(environment: Environment): number {
  return telemetryConfig(loadEnvironment(GatewayEnvironment, environment))
    .prometheusPort;
}
