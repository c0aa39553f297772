import { ENDPOINTS } from '@app/persistence';
import { useMetricsApp } from '../support/metrics-app';
import { describeEachDatabase } from '../support/test-databases';

interface Schema {
  type?: string;
  $ref?: string;
  allOf?: Schema[];
  items?: Schema;
  enum?: unknown[];
  description?: string;
  example?: unknown;
  properties?: Record<string, Schema>;
  [key: string]: unknown;
}

interface Parameter {
  name: string;
  in: string;
  required: boolean;
  description?: string;
  schema: Schema;
}

interface Operation {
  parameters: Parameter[];
  responses: Record<string, { content?: unknown; headers?: object }>;
  security?: object[];
  summary?: string;
}

interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
}

const SEED_METRICS_FIELDS = [
  'total_requests',
  'successful_requests',
  'failed_requests',
  'recent_requests_24h',
  'streaming_requests',
  'non_streaming_requests',
  'total_tokens_used',
  'avg_tokens_per_request',
  'avg_response_time_ms',
  'avg_tokens_per_second',
  'top_models',
  'top_origins',
  'finish_reasons',
  'error_types',
  'timestamp',
];

const SEED_REQUEST_FIELDS = [
  'timestamp',
  'time_to_first_token_ms',
  'time_to_last_token_ms',
  'is_streaming',
  'success',
  'message_count',
  'prompt_tokens',
  'tokens',
];

const refName = (schema: Schema): string | undefined =>
  (schema.$ref ?? schema.allOf?.[0]?.$ref ?? schema.items?.$ref)?.replace(
    '#/components/schemas/',
    '',
  );

describeEachDatabase('OpenAPI document on %s', (_kind, create) => {
  const api = useMetricsApp(create);
  let document: OpenApiDocument;

  beforeAll(async () => {
    const answer = await api.get<OpenApiDocument>('/docs-json');
    expect(answer.status).toBe(200);
    document = answer.body;
  });

  const operation = (path: string) => document.paths[path].get;
  const parameters = (path: string) =>
    Object.fromEntries(operation(path).parameters.map((p) => [p.name, p]));

  it('lists every endpoint', () => {
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining([
        '/completion_requests',
        '/health',
        '/health/live',
        '/metrics',
        '/metrics/breakdown',
        '/metrics/tags',
      ]),
    );
    for (const path of Object.values(document.paths)) {
      expect(Object.keys(path)).toEqual(['get']);
      expect(path.get.summary).toEqual(expect.any(String));
    }
  });

  it('documents the parameters of /metrics', () => {
    const params = parameters('/metrics');
    expect(Object.keys(params).sort()).toEqual(['end', 'start', 'top']);
    expect(params.start.schema).toMatchObject({ format: 'date-time' });
    expect(params.top.schema).toMatchObject({
      minimum: 1,
      maximum: 100,
      default: 10,
    });
  });

  it('documents the parameters of /completion_requests', () => {
    const params = parameters('/completion_requests');
    expect(Object.keys(params).sort()).toEqual([
      'api_key_id',
      'before_id',
      'end',
      'endpoint',
      'limit',
      'model',
      'start',
      'success',
      'tag',
      'user',
    ]);
    expect(params.tag.schema.type).toBe('array');
    expect(params.limit.schema).toMatchObject({ minimum: 1, maximum: 10000 });
    expect(params.endpoint.schema.enum).toEqual([...ENDPOINTS]);
    expect(params.success.schema.type).toBe('boolean');
  });

  it('gives every parameter a description and an example, none required', () => {
    for (const path of ['/metrics', '/completion_requests']) {
      for (const param of operation(path).parameters) {
        expect(param).toMatchObject({ in: 'query', required: false });
        expect(param.description).toEqual(expect.any(String));
        expect(param.schema.example).toBeDefined();
      }
    }
  });

  it('describes the answers with their schemas', () => {
    const ok = (path: string) => operation(path).responses['200'];
    expect(JSON.stringify(ok('/metrics').content)).toContain(
      'MetricsResponseDto',
    );
    expect(JSON.stringify(ok('/completion_requests').content)).toContain(
      '"type":"array"',
    );
    expect(ok('/completion_requests').headers).toHaveProperty('Link');
    expect(operation('/health').responses).toHaveProperty('503');
  });

  it('keeps every field of the seed in the response schemas', () => {
    const { schemas } = document.components;
    expect(Object.keys(schemas.MetricsResponseDto.properties!)).toEqual(
      expect.arrayContaining(SEED_METRICS_FIELDS),
    );
    expect(Object.keys(schemas.CompletionRequestDto.properties!)).toEqual(
      expect.arrayContaining(SEED_REQUEST_FIELDS),
    );
    const topModels = schemas.MetricsResponseDto.properties!.top_models;
    expect(topModels.type).toBe('array');
    expect(
      Object.keys(schemas[refName(topModels)!].properties!).sort(),
    ).toEqual(['count', 'model']);
  });

  it('gives every field a description and an example (or a documented schema)', () => {
    const { schemas } = document.components;
    for (const [name, schema] of Object.entries(schemas)) {
      for (const [field, property] of Object.entries(schema.properties ?? {})) {
        const where = `${name}.${field}`;
        expect([where, property.description]).toEqual([
          where,
          expect.any(String),
        ]);
        const ref = refName(property);
        if (ref) expect(schemas).toHaveProperty(ref);
        else expect([where, property.example]).not.toEqual([where, undefined]);
      }
    }
  });

  it('asks for the bearer token on the data endpoints only', () => {
    expect(operation('/metrics').security).toEqual([{ bearer: [] }]);
    expect(operation('/completion_requests').security).toEqual([
      { bearer: [] },
    ]);
    expect(operation('/health').security).toBeUndefined();
  });

  it('serves Swagger UI at /docs', async () => {
    const { status, body, headers } = await api.get<string>('/docs');
    expect(status).toBe(200);
    expect(headers.get('content-type')).toMatch(/text\/html/);
    expect(body).toContain('swagger-ui');
  });
});
