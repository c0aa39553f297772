import { text } from 'node:stream/consumers';
import { jsonArrayStream } from './json-array-stream';

async function* batches(
  ...list: number[][]
): AsyncGenerator<number[], void, undefined> {
  for (const batch of list) yield await Promise.resolve(batch);
}

async function streamOf(...list: number[][]) {
  const rest = batches(...list);
  const first = await rest.next();
  return jsonArrayStream(first, rest, (n) => ({ n }));
}

describe('jsonArrayStream', () => {
  it('writes the batches as one JSON array', async () => {
    const json = await text(await streamOf([1, 2], [3], [4, 5]));
    expect(JSON.parse(json)).toEqual([1, 2, 3, 4, 5].map((n) => ({ n })));
  });

  it('writes an empty array when there is nothing', async () => {
    await expect(text(await streamOf())).resolves.toBe('[]');
  });

  it('skips empty batches without breaking the JSON', async () => {
    const json = await text(await streamOf([1], [], [2]));
    expect(JSON.parse(json)).toEqual([{ n: 1 }, { n: 2 }]);
  });

  it('closes the source when the stream is destroyed', async () => {
    let closed = false;
    async function* endless() {
      try {
        for (let i = 0; ; i++) yield await Promise.resolve([i]);
      } finally {
        closed = true;
      }
    }
    const rest = endless();
    const stream = jsonArrayStream(await rest.next(), rest, (n) => n);
    stream.once('data', () => stream.destroy());
    await new Promise((resolve) => stream.once('close', resolve));
    await new Promise((resolve) => setImmediate(resolve));
    expect(closed).toBe(true);
  });
});
