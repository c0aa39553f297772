import * as ws from 'ws';
import {
  clientCloseFrame,
  closeStatus,
  FrameReader,
  OPCODE,
  serverCloseFrame,
  type Frame,
} from './frame-reader';

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

/** Frames as `ws` writes them, masked like a client's or not like a server's. */
function frames(masked: boolean): Buffer {
  const parts: Buffer[] = [];
  const add = (data: Buffer, opcode: number, fin = true) =>
    parts.push(
      ...Sender.frame(data, {
        fin,
        opcode,
        mask: masked,
        readOnly: false,
        rsv1: false,
        maskBuffer: masked ? Buffer.from([1, 2, 3, 4]) : undefined,
      }),
    );
  add(Buffer.from('{"type":"a"}'), OPCODE.text);
  add(Buffer.alloc(70_000, 7), OPCODE.binary);
  add(Buffer.from('part one '), OPCODE.text, false);
  add(Buffer.alloc(0), 9); // a ping between the parts of a message
  add(Buffer.from('part two'), OPCODE.continuation);
  add(Buffer.alloc(300, 1), OPCODE.binary);
  add(Buffer.from([0x03, 0xe8, 0x62, 0x79, 0x65]), OPCODE.close);
  return Buffer.concat(parts);
}

function read(
  bytes: Buffer,
  chunkSize: number,
): { frames: Frame[]; boundaries: number } {
  const seen: Frame[] = [];
  const reader = new FrameReader(
    (frame) => seen.push(frame),
    (opcode) => opcode !== OPCODE.binary,
  );
  let boundaries = 0;
  for (let i = 0; i < bytes.length; i += chunkSize) {
    reader.push(bytes.subarray(i, i + chunkSize));
    if (reader.atBoundary) boundaries++;
  }
  expect(reader.atBoundary).toBe(true);
  return { frames: seen, boundaries };
}

describe('FrameReader', () => {
  it.each([
    [false, 1],
    [false, 3],
    [false, 1000],
    [true, 1],
    [true, 7],
    [true, 65536],
  ])('reads every frame (masked %s) at chunks of %i bytes', (masked, size) => {
    const { frames: seen } = read(frames(masked), size);
    expect(seen.map((f) => [f.opcode, f.fin])).toEqual([
      [OPCODE.text, true],
      [OPCODE.binary, true],
      [OPCODE.text, false],
      [9, true],
      [OPCODE.continuation, true],
      [OPCODE.binary, true],
      [OPCODE.close, true],
    ]);
    expect(seen[0].payload?.toString()).toBe('{"type":"a"}');
    expect(seen[1].payload).toBeNull();
    expect(`${seen[2].payload?.toString()}${seen[4].payload?.toString()}`).toBe(
      'part one part two',
    );
    expect(closeStatus(seen[6].payload)).toEqual({ code: 1000, reason: 'bye' });
  });

  it('knows when the bytes so far end between frames', () => {
    const reader = new FrameReader(
      () => undefined,
      () => false,
    );
    const bytes = frames(false);
    reader.push(bytes.subarray(0, 1));
    expect(reader.atBoundary).toBe(false);
    reader.push(bytes.subarray(1, 14));
    expect(reader.atBoundary).toBe(true);
  });

  it('writes close frames that a reader reads back', () => {
    const seen: Frame[] = [];
    const reader = new FrameReader(
      (f) => seen.push(f),
      () => true,
    );
    reader.push(serverCloseFrame(1001, 'going away'));
    reader.push(clientCloseFrame(1011, 'é'));
    expect(seen.map((f) => closeStatus(f.payload))).toEqual([
      { code: 1001, reason: 'going away' },
      { code: 1011, reason: 'é' },
    ]);
    expect(closeStatus(null)).toEqual({ code: 1005, reason: '' });
  });
});
