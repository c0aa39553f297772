import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './support/compose-file';
import { acceptsLine, ciNodeLine } from './support/node-lines';

const engines = (
  JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
    engines: { node: string };
  }
).engines.node;

describe("package.json's engines", () => {
  it('accept the Node running this suite and the line CI adds', () => {
    const running = Number(process.versions.node.split('.')[0]);
    expect(acceptsLine(engines, running)).toBe(true);
    expect(ciNodeLine()).toBeGreaterThan(20);
    expect(acceptsLine(engines, ciNodeLine())).toBe(true);
  });

  it('claim no line between 20 and 24 that CI does not test', () => {
    for (const untested of [21, 22, 23]) {
      expect(acceptsLine(engines, untested)).toBe(false);
    }
  });
});

describe('acceptsLine', () => {
  it.each([
    ['>=20.19 <21 || >=24', 20, true],
    ['>=20.19 <21 || >=24', 24, true],
    ['>=20.19 <21 || >=24', 26, true],
    ['>=20.19 <21 || >=24', 22, false],
    ['>=20.19', 18, false],
    ['<20', 20, false],
    ['>20', 20, true],
  ])('%s accepts the latest Node %i: %p', (range, major, expected) => {
    expect(acceptsLine(range, major)).toBe(expected);
  });

  it.each(['^20.19.0', '20', '20.x'])(
    'refuses %s, a range syntax it does not read',
    (range) => {
      expect(() => acceptsLine(range, 20)).toThrow(/unsupported/);
    },
  );
});
