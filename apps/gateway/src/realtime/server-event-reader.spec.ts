import * as ws from 'ws';
import { constants, createDeflateRaw, type DeflateRaw } from 'node:zlib';
import { OPCODE } from './frame-reader';
import { serverCompression, ServerEventReader } from './server-event-reader';

/** ws' own frame encoder (ws.Sender.frame), which its type definitions leave out. */
const { Sender } = ws as unknown as {
  Sender: {
    frame(
      data: Buffer,
      options: {
        fin: boolean;
        opcode: number;
        mask: boolean;
        readOnly: boolean;
        rsv1: boolean;
        maskBuffer?: Buffer;
      },
    ): Buffer[];
  };
};

/** Compresses one message as permessage-deflate does: sync flush, trailer removed. */
function compress(deflate: DeflateRaw, text: string): Promise<Buffer> {
  const out: Buffer[] = [];
  const onData = (chunk: Buffer) => out.push(chunk);
  deflate.on('data', onData);
  deflate.write(text);
  return new Promise((resolve) =>
    deflate.flush(constants.Z_SYNC_FLUSH, () => {
      deflate.off('data', onData);
      const data = Buffer.concat(out);
      resolve(data.subarray(0, data.length - 4));
    }),
  );
}

function frame(data: Buffer, opcode: number, rsv1: boolean): Buffer {
  const options = { fin: true, opcode, mask: false, readOnly: false, rsv1 };
  return Buffer.concat(Sender.frame(data, options));
}

async function serverBytes(): Promise<{ bytes: Buffer; texts: string[] }> {
  const deflate = createDeflateRaw();
  const texts = [
    '{"type":"a"}',
    '{"type":"b","x":"' + 'y'.repeat(5000) + '"}',
    '{"type":"c"}',
  ];
  const parts = [
    frame(await compress(deflate, texts[0]), OPCODE.text, true),
    frame(await compress(deflate, 'binary audio'), OPCODE.binary, true),
    frame(await compress(deflate, texts[1]), OPCODE.text, true),
    frame(Buffer.from(texts[2]), OPCODE.text, false),
    frame(Buffer.from([0x03, 0xf3]), OPCODE.close, false),
  ];
  return { bytes: Buffer.concat(parts), texts };
}

describe('serverCompression', () => {
  it.each([
    [undefined, { readable: true, deflate: false, noContextTakeover: false }],
    [
      'permessage-deflate',
      { readable: true, deflate: true, noContextTakeover: false },
    ],
    [
      'permessage-deflate; server_no_context_takeover; client_max_window_bits=10',
      { readable: true, deflate: true, noContextTakeover: true },
    ],
    [
      'x-unknown',
      { readable: false, deflate: false, noContextTakeover: false },
    ],
  ])('reads %p', (header, expected) => {
    expect(serverCompression(header)).toMatchObject(expected);
  });
});

describe('ServerEventReader', () => {
  it.each([1, 5, 4096])(
    'inflates compressed messages in order, at chunks of %i bytes, and sees the close',
    async (size) => {
      const { bytes, texts } = await serverBytes();
      const seen: string[] = [];
      const closes: number[] = [];
      const reader = new ServerEventReader(
        serverCompression('permessage-deflate'),
        {
          onText: (data) => seen.push(data.toString()),
          onClose: (code) => closes.push(code),
        },
      );
      for (let i = 0; i < bytes.length; i += size)
        reader.push(bytes.subarray(i, i + size));
      await new Promise<void>((resolve) => reader.whenDrained(resolve));
      expect(seen).toEqual(texts);
      expect(closes).toEqual([1011]);
      reader.close();
    },
  );

  it('reads plain text messages at once', () => {
    const seen: string[] = [];
    const reader = new ServerEventReader(serverCompression(undefined), {
      onText: (data) => seen.push(data.toString()),
      onClose: () => undefined,
    });
    reader.push(frame(Buffer.from('{"type":"a"}'), OPCODE.text, false));
    expect(seen).toEqual(['{"type":"a"}']);
  });
});
