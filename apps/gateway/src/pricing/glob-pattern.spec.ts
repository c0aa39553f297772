import { compileGlob, isGlob } from './glob-pattern';

describe('compileGlob', () => {
  it('lets * stand for any run of characters, : and / included', () => {
    const glob = compileGlob('llama3.2:*');
    expect(glob.test('llama3.2:3b')).toBe(true);
    expect(glob.test('llama3.2:')).toBe(true);
    expect(glob.test('llama3.2')).toBe(false);
    expect(compileGlob('*/llama-*').test('meta-llama/llama-3-70b')).toBe(true);
  });

  it('takes everything else literally', () => {
    expect(compileGlob('llama3.2:*').test('llama3x2:3b')).toBe(false);
    expect(compileGlob('a+b(c)*').test('a+b(c)d')).toBe(true);
    expect(compileGlob('a+b*').test('aab')).toBe(false);
  });

  it('lets ? stand for exactly one character', () => {
    expect(compileGlob('gpt-?').test('gpt-4')).toBe(true);
    expect(compileGlob('gpt-?').test('gpt-4o')).toBe(false);
  });

  it('ignores case, as model names are matched', () => {
    expect(compileGlob('Llama*').test('LLAMA3')).toBe(true);
  });

  it('tells patterns from plain names', () => {
    expect(isGlob('llama3.2:*')).toBe(true);
    expect(isGlob('my-vllm-model')).toBe(false);
  });
});
