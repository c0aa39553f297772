const GLOB_CHARACTERS = /[*?]/;
const REGEX_SPECIAL = /[.+^${}()|[\]\\]/g;

export function isGlob(pattern: string): boolean {
  return GLOB_CHARACTERS.test(pattern);
}

/**
 * `*` is any run of characters (`/` and `:` included, as model names use both), `?` is one
 * character; everything else is literal. Case-insensitive, like the package's own matching.
 */
export function compileGlob(pattern: string): RegExp {
  const source = pattern
    .replace(REGEX_SPECIAL, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${source}$`, 'is');
}
