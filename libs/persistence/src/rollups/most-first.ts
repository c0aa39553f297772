/**
 * Entries with the greatest key first, ties by value in byte order, as both databases order
 * text: the order of every ranked list the API answers.
 */
export function mostFirst<T>(
  entries: T[],
  keyOf: (entry: T) => number,
  valueOf: (entry: T) => string,
): T[] {
  const keyed = entries.map((entry) => ({
    entry,
    key: keyOf(entry),
    bytes: Buffer.from(valueOf(entry)),
  }));
  keyed.sort((a, b) => b.key - a.key || Buffer.compare(a.bytes, b.bytes));
  return keyed.map(({ entry }) => entry);
}
