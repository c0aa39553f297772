import {
  Inject,
  Injectable,
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import {
  detectResources,
  envDetector,
  resourceFromAttributes,
  type Resource,
} from '@opentelemetry/resources';
import { MeterProvider, type IMetricReader } from '@opentelemetry/sdk-metrics';
import { DatabaseConnector, RecordWriter } from '@app/persistence';
import {
  telemetryConfig,
  type TelemetryConfig,
} from '../config/telemetry.config';
import { DatabaseProbe } from './database-probe';
import {
  DisabledTelemetry,
  GatewayTelemetry,
  MeteredGatewayTelemetry,
} from './gateway-telemetry';
import { otlpReader } from './otlp-reader';
import { PrometheusListener, PrometheusReader } from './prometheus-listener';
import { RequestMetricsProducer } from './request-metrics-producer';
import { RequestSeriesTable } from './request-series';
import { observeRuntime } from './runtime-instruments';
import { observeSpool } from './spool-instruments';
import { observeGatewayState } from './state-instruments';

/**
 * Owns the one MeterProvider both exports read (the Prometheus listener and, when an OTLP
 * endpoint is set, the OTLP push), and hands the request path its GatewayTelemetry: the
 * metered one, or the no-op base when both exports are off.
 */
@Injectable()
export class TelemetryService
  implements OnApplicationBootstrap, OnApplicationShutdown
{
  readonly telemetry: GatewayTelemetry;
  private provider?: MeterProvider;
  private listener?: PrometheusListener;
  private probe?: DatabaseProbe;
  private stopRuntime?: () => void;

  constructor(
    @Inject(telemetryConfig.KEY)
    private readonly config: ConfigType<typeof telemetryConfig>,
    writer: RecordWriter,
    connector: DatabaseConnector,
  ) {
    const resource = resourceOf(config);
    const producer = new RequestMetricsProducer(
      new RequestSeriesTable(config),
      resource,
    );
    const readers = this.readersFor(producer);
    if (readers.length === 0) {
      this.telemetry = new DisabledTelemetry();
      return;
    }
    this.provider = new MeterProvider({ readers, resource });
    const meter = this.provider.getMeter('llm-gateway');
    const telemetry = new MeteredGatewayTelemetry(producer);
    this.probe = new DatabaseProbe(connector);
    observeGatewayState(meter, telemetry, writer, this.probe);
    observeSpool(meter, writer);
    this.stopRuntime = observeRuntime(meter);
    this.telemetry = telemetry;
  }

  /** Both readers collect the request path's counts from the producer, the rest from the SDK. */
  private readersFor(producer: RequestMetricsProducer): IMetricReader[] {
    const readers: IMetricReader[] = [];
    if (this.config.prometheusEnabled) {
      const reader = new PrometheusReader({ metricProducers: [producer] });
      this.listener = new PrometheusListener(reader);
      readers.push(reader);
    }
    if (this.config.otlpEnabled)
      readers.push(otlpReader(this.config, producer));
    return readers;
  }

  /** The scrape URL, while the Prometheus listener is up. */
  get prometheusUrl(): string | undefined {
    return this.listener?.url;
  }

  async onApplicationBootstrap(): Promise<void> {
    this.probe?.start();
    await this.listener?.listen(
      this.config.prometheusPort,
      this.config.prometheusHost,
    );
  }

  /** After the writer's last flush, so the final OTLP push carries the final counts. */
  async onApplicationShutdown(): Promise<void> {
    this.probe?.stop();
    this.stopRuntime?.();
    await this.listener?.close();
    await this.provider?.shutdown();
  }
}

/** OTEL_RESOURCE_ATTRIBUTES and OTEL_SERVICE_NAME (read by the SDK), over the default name. */
function resourceOf(config: TelemetryConfig): Resource {
  return resourceFromAttributes({ 'service.name': config.serviceName }).merge(
    detectResources({ detectors: [envDetector] }),
  );
}
