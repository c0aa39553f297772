/** Generated text is kept only to estimate tokens; 1 MiB of it is plenty. */
export const MAX_GENERATED_TEXT = 1024 * 1024;

/** Collects text fragments up to a cap, joining them once at the end. */
export class TextAccumulator {
  private readonly parts: string[] = [];
  private length = 0;
  private truncated = false;

  constructor(private readonly limit = MAX_GENERATED_TEXT) {}

  append(text: string): void {
    const room = this.limit - this.length;
    if (text.length === 0 || room <= 0) {
      this.truncated ||= text.length > 0;
      return;
    }
    const part = text.length > room ? text.slice(0, room) : text;
    this.truncated ||= part.length < text.length;
    this.parts.push(part);
    this.length += part.length;
  }

  get isTruncated(): boolean {
    return this.truncated;
  }

  toString(): string {
    return this.parts.join('');
  }
}
