/** Numbers come back as strings from MySQL's DECIMAL and BIGINT arithmetic. */
export function toNumberOrNull(value: unknown): number | null {
  if (value === null || value === undefined) return null;
  const number = Number(value);
  return Number.isFinite(number) ? number : null;
}

/** `sum / count`, rounded like every average the API shows; null when nothing was counted. */
export function average(sum: number, count: number): number | null {
  return count === 0 ? null : Math.round((sum / count) * 100) / 100;
}
