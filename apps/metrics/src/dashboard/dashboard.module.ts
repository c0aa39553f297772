import { Inject, Logger, Module, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  dashboardConfig,
  type DashboardConfig,
} from '../config/dashboard.config';
import { DASHBOARD_STATIC_OPTIONS } from './dashboard-static.options';

/**
 * Serves the web dashboard (built from apps/dashboard) at `/`; its files need no token, the
 * page asks for one. The files are mounted when modules initialise, after the controllers'
 * routes, so they can never shadow the API. (@nestjs/serve-static picks its loader when the
 * module is compiled, before a testing module has an HTTP adapter, and then serves nothing
 * in e2e tests: nestjs/serve-static#240.)
 */
@Module({})
export class DashboardModule implements OnModuleInit {
  private readonly logger = new Logger('Dashboard');

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    @Inject(dashboardConfig.KEY) private readonly config: DashboardConfig,
  ) {}

  onModuleInit(): void {
    const { dir } = this.config;
    if (!existsSync(join(dir, 'index.html'))) {
      this.logger.warn(
        `no dashboard in ${dir}: run \`npm run build\` or set DASHBOARD_DIR`,
      );
      return;
    }
    this.adapterHost.httpAdapter.useStaticAssets(dir, DASHBOARD_STATIC_OPTIONS);
  }
}
