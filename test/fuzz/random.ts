/**
 * A small seeded generator (mulberry32): the same seed gives the same requests, so a failure
 * replays. Math.random would not.
 */
export class Random {
  private state: number;

  constructor(readonly seed: number) {
    this.state = seed >>> 0;
  }

  /** A number in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(0, items.length - 1)];
  }

  /** Calls one of the makers, so that only the chosen value is built. */
  oneOf<T>(makers: readonly (() => T)[]): T {
    return this.pick(makers)();
  }

  /** Calls one of the makers, chosen in proportion to its weight. */
  weighted<T>(choices: readonly [number, () => T][]): T {
    let roll = this.next() * choices.reduce((sum, [weight]) => sum + weight, 0);
    for (const [weight, make] of choices) {
      roll -= weight;
      if (roll < 0) return make();
    }
    return choices[choices.length - 1][1]();
  }

  string(length: number, alphabet: string): string {
    let text = '';
    for (let i = 0; i < length; i++)
      text += alphabet[this.int(0, alphabet.length - 1)];
    return text;
  }

  bytes(length: number): Buffer {
    const bytes = Buffer.alloc(length);
    for (let i = 0; i < length; i++) bytes[i] = this.int(0, 255);
    return bytes;
  }
}
