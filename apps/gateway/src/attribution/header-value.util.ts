/** Node gives `set-cookie` as an array and joins other repeated headers; take the first value. */
export function headerString(
  value: string | string[] | undefined,
): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
