import { get } from 'node:http';
import {
  RECORD_STREAM_BATCH,
  RecordReader,
  type RequestRecordInput,
} from '@app/persistence';
import { FIXTURE_RECORDS } from '../fixtures/records.fixture';
import { useMetricsApp } from '../support/metrics-app';
import { describeEachDatabase } from '../support/test-databases';

const ROWS = 10_000;
/** RecordReader.stream reads a batch per query, and one more query finds the end. */
const QUERIES_FOR_ALL_ROWS = ROWS / RECORD_STREAM_BATCH + 1;

/** One request a second from 2023-01-01, every tenth of them failed. */
function bulkRecords(): RequestRecordInput[] {
  const start = Date.UTC(2023, 0, 1);
  return Array.from({ length: ROWS }, (_, i) => ({
    ...FIXTURE_RECORDS[i % 10],
    timestamp: new Date(start + i * 1_000),
    requestId: `bulk-${i}`,
  }));
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describeEachDatabase(
  'streaming GET /completion_requests on %s',
  (_kind, createDatabase) => {
    const api = useMetricsApp(
      createDatabase,
      { records: bulkRecords() },
      120_000,
    );
    let reader: RecordReader;

    beforeAll(() => {
      reader = api.app.get(RecordReader);
    });

    afterEach(() => jest.restoreAllMocks());

    it('sends every row, newest first, reading the database in batches', async () => {
      const pageQueries = jest.spyOn(reader, 'page');
      const { status, body } = await api.get<{ request_id: string }[]>(
        '/completion_requests',
      );
      expect(status).toBe(200);
      expect(body).toHaveLength(ROWS);
      expect(body[0].request_id).toBe(`bulk-${ROWS - 1}`);
      expect(body[ROWS - 1].request_id).toBe('bulk-0');
      expect(pageQueries).toHaveBeenCalledTimes(QUERIES_FOR_ALL_ROWS);
      for (const [, limit] of pageQueries.mock.calls) {
        expect(limit).toBe(RECORD_STREAM_BATCH);
      }
    });

    it('stops reading the database when the client goes away', async () => {
      const { page, stream } = slowReader(reader);
      const firstChunk = await readFirstChunkAndHangUp(
        `${api.url}/completion_requests`,
      );
      expect(firstChunk).toMatch(/^\[/);
      await waitFor(() => stream.closed);
      expect(page.mock.calls.length).toBeLessThan(QUERIES_FOR_ALL_ROWS);
    });
  },
);

/**
 * Spies on a RecordReader whose queries take a while, as a busy database's do, and tells
 * when the listing's batch generator has been closed.
 */
function slowReader(reader: RecordReader) {
  const stream = { closed: false };
  const originalPage = RecordReader.prototype.page.bind(reader);
  const originalStream = RecordReader.prototype.stream.bind(reader);
  const page = jest
    .spyOn(reader, 'page')
    .mockImplementation(async (...args) => {
      await pause(20);
      return originalPage(...args);
    });
  jest.spyOn(reader, 'stream').mockImplementation(async function* (...args) {
    try {
      yield* originalStream(...args);
    } finally {
      stream.closed = true;
    }
  });
  return { page, stream };
}

/** Reads the first chunk of a response, then closes the connection. */
function readFirstChunkAndHangUp(url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const request = get(url, (response) => {
      response.once('data', (chunk: Buffer) => {
        request.destroy();
        resolve(chunk.toString());
      });
    });
    request.on('error', reject);
  });
}

async function waitFor(condition: () => boolean, timeoutMs = 5_000) {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition never held');
    await pause(10);
  }
}
