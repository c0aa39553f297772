import {
  createServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { Logger } from '@nestjs/common';
import { MetricReader } from '@opentelemetry/sdk-metrics';
import {
  OPENMETRICS_CONTENT_TYPE,
  TEXT_CONTENT_TYPE,
  negotiateFormat,
  serializeMetrics,
} from './prometheus-serializer';

/** A reader that collects only when Prometheus scrapes. */
export class PrometheusReader extends MetricReader {
  protected onForceFlush(): Promise<void> {
    return Promise.resolve();
  }

  protected onShutdown(): Promise<void> {
    return Promise.resolve();
  }
}

/**
 * `GET /metrics` on a listener of its own (PROMETHEUS_PORT), so a load balancer in front of
 * the proxy's port never exposes it. A port already taken is logged, not fatal: metrics must
 * never stop the proxy.
 */
export class PrometheusListener {
  private readonly logger = new Logger(PrometheusListener.name);
  private readonly server: Server;

  constructor(private readonly reader: PrometheusReader) {
    this.server = createServer((req, res) => void this.answer(req, res));
  }

  listen(port: number, host: string): Promise<void> {
    return new Promise((resolve) => {
      const failed = (error: Error) => {
        this.logger.error(
          `Prometheus metrics not served on ${host}:${port}: ${error.message}`,
        );
        resolve();
      };
      this.server.once('error', failed);
      this.server.listen(port, host, () => {
        this.server.off('error', failed);
        this.logger.log(`Prometheus metrics on ${host}:${port}/metrics`);
        resolve();
      });
    });
  }

  /** Where it listens, once it does (the port is chosen by the system when 0 was asked). */
  get url(): string | undefined {
    const address = this.server.address();
    if (!address || typeof address === 'string') return undefined;
    return `http://127.0.0.1:${address.port}/metrics`;
  }

  close(): Promise<void> {
    if (!this.server.listening) return Promise.resolve();
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private async answer(req: IncomingMessage, res: ServerResponse) {
    const path = req.url?.split('?')[0];
    if (req.method !== 'GET' || path !== '/metrics') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
      return;
    }
    const format = negotiateFormat(req.headers.accept);
    try {
      const { resourceMetrics } = await this.reader.collect();
      const body = serializeMetrics(resourceMetrics, format);
      res.writeHead(200, {
        'content-type':
          format === 'openmetrics'
            ? OPENMETRICS_CONTENT_TYPE
            : TEXT_CONTENT_TYPE,
      });
      res.end(body);
    } catch (error) {
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(`collection failed: ${(error as Error).message}\n`);
    }
  }
}
