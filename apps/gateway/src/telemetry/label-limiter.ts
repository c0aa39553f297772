/** The label value every value past the limit is counted under. */
export const OTHER = 'other';

/** Header values longer than this are cut: a label is for grouping, not for payloads. */
const MAX_VALUE_LENGTH = 128;

/**
 * Keeps a label's distinct values per process at `limit`: the first `limit` values seen keep
 * their name, any later one becomes `other`. One Map lookup per call, no allocation, so the
 * metrics library never sees an unbounded set of values whatever clients send.
 */
export class LabelLimiter {
  private readonly seen = new Map<string, string>();

  constructor(private readonly limit: number) {}

  bound(value: string): string {
    const known = this.seen.get(value);
    if (known !== undefined) return known;
    if (this.seen.size >= this.limit) return OTHER;
    const kept =
      value.length > MAX_VALUE_LENGTH
        ? value.slice(0, MAX_VALUE_LENGTH)
        : value;
    this.seen.set(value, kept);
    return kept;
  }
}
