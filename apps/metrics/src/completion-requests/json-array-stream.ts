import { Readable } from 'node:stream';

/**
 * A JSON array written batch by batch: `[`, the rows joined by commas, `]`. Reading is
 * driven by the consumer (one batch buffered at most), and destroying the stream, as
 * the HTTP adapter does when the client goes away, stops the source.
 */
export function jsonArrayStream<T>(
  first: IteratorResult<T[]>,
  rest: AsyncIterator<T[]>,
  toJson: (row: T) => unknown,
): Readable {
  return Readable.from(chunks(first, rest, toJson), { highWaterMark: 1 });
}

async function* chunks<T>(
  first: IteratorResult<T[]>,
  rest: AsyncIterator<T[]>,
  toJson: (row: T) => unknown,
): AsyncGenerator<string> {
  try {
    yield '[';
    let separator = '';
    for (let batch = first; !batch.done; batch = await rest.next()) {
      if (batch.value.length === 0) continue;
      const rows = batch.value.map((row) => JSON.stringify(toJson(row)));
      yield separator + rows.join(',');
      separator = ',';
    }
    yield ']';
  } finally {
    await rest.return?.();
  }
}
