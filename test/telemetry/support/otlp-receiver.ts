import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

interface OtlpValue {
  stringValue?: string;
  intValue?: string | number;
}

interface OtlpPoint {
  attributes?: { key: string; value: OtlpValue }[];
  asInt?: string | number;
  asDouble?: number;
  count?: string | number;
  sum?: number;
}

interface OtlpMetric {
  name: string;
  unit?: string;
  sum?: { dataPoints: OtlpPoint[] };
  gauge?: { dataPoints: OtlpPoint[] };
  histogram?: { dataPoints: OtlpPoint[] };
}

interface OtlpRequest {
  resourceMetrics: { scopeMetrics: { metrics: OtlpMetric[] }[] }[];
}

export interface OtlpPointValue {
  attributes: Record<string, string>;
  value: number;
  count: number;
  sum: number;
}

/** An OTLP/HTTP receiver (JSON encoding) that keeps the last export it got. */
export class OtlpReceiver {
  exports = 0;
  private last: OtlpRequest | undefined;
  private server?: Server;

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        if (req.url === '/v1/metrics' && req.method === 'POST') {
          this.last = JSON.parse(body) as OtlpRequest;
          this.exports++;
        }
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((resolve) =>
      this.server?.listen(0, '127.0.0.1', resolve),
    );
    const { port } = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}`;
  }

  /** The data points of `name` in the last export. */
  points(name: string): OtlpPointValue[] {
    const metrics = (this.last?.resourceMetrics ?? [])
      .flatMap((r) => r.scopeMetrics)
      .flatMap((s) => s.metrics)
      .filter((m) => m.name === name);
    return metrics.flatMap(
      (m) => (m.sum ?? m.gauge ?? m.histogram)?.dataPoints.map(toValue) ?? [],
    );
  }

  close(): Promise<void> {
    const server = this.server;
    if (!server) return Promise.resolve();
    server.closeAllConnections();
    return new Promise((resolve) => server.close(() => resolve()));
  }
}

function toValue(point: OtlpPoint): OtlpPointValue {
  const attributes: Record<string, string> = {};
  for (const { key, value } of point.attributes ?? [])
    attributes[key] = String(value.stringValue ?? value.intValue ?? '');
  return {
    attributes,
    value: Number(point.asInt ?? point.asDouble ?? 0),
    count: Number(point.count ?? 0),
    sum: Number(point.sum ?? 0),
  };
}
