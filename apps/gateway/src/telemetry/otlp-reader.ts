import { OTLPMetricExporter as JsonExporter } from '@opentelemetry/exporter-metrics-otlp-http';
import { OTLPMetricExporter as ProtobufExporter } from '@opentelemetry/exporter-metrics-otlp-proto';
import {
  PeriodicExportingMetricReader,
  type MetricProducer,
} from '@opentelemetry/sdk-metrics';
import type { TelemetryConfig } from '../config/telemetry.config';

/**
 * Pushes the same instruments over OTLP/HTTP, cumulative like the Prometheus reader, so both
 * exports show the same numbers. The endpoint comes from the gateway's settings; the exporters
 * read headers, compression and timeouts from the standard OTEL_EXPORTER_OTLP_* variables
 * in process.env themselves.
 */
export function otlpReader(
  config: TelemetryConfig,
  producer: MetricProducer,
): PeriodicExportingMetricReader {
  const options = { url: config.otlpUrl ?? undefined };
  const exporter =
    config.otlpProtocol === 'http/json'
      ? new JsonExporter(options)
      : new ProtobufExporter(options);
  return new PeriodicExportingMetricReader({
    exporter,
    metricProducers: [producer],
    exportIntervalMillis: config.otlpIntervalMs,
    exportTimeoutMillis: Math.min(config.otlpTimeoutMs, config.otlpIntervalMs),
  });
}
