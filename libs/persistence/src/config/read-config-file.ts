import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { FAILSAFE_SCHEMA, load } from 'js-yaml';

/** A configuration file that cannot be used; the message names the file and the problem. */
export class ConfigFileError extends Error {
  constructor(variable: string, path: string, problem: string) {
    super(`${variable} (${path}): ${problem}`);
    this.name = 'ConfigFileError';
  }
}

export interface ConfigFile {
  content: Record<string, unknown>;
  /** SHA-256 of the text read, in hex: tells versions of the file apart. */
  sha256: string;
}

/**
 * Reads a JSON (`.json`) or YAML (anything else; YAML also reads JSON) file whose top level
 * must be an object. Runs once at start-up, so it reads synchronously. `yamlStrings` reads
 * every YAML scalar as a string: an unquoted key of 16 digits would otherwise be a number
 * and lose digits beyond 2^53.
 */
export function readConfigFile(
  variable: string,
  path: string,
  yamlStrings = false,
): ConfigFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigFileError(
      variable,
      path,
      `cannot be read (${messageOf(error)})`,
    );
  }
  let parsed: unknown;
  try {
    parsed =
      extname(path).toLowerCase() === '.json'
        ? JSON.parse(text)
        : load(text, yamlStrings ? { schema: FAILSAFE_SCHEMA } : {});
  } catch (error) {
    throw new ConfigFileError(
      variable,
      path,
      `is not valid ${formatOf(path)} (${messageOf(error)})`,
    );
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw new ConfigFileError(
      variable,
      path,
      'must hold an object at its top level',
    );
  return {
    content: parsed as Record<string, unknown>,
    sha256: createHash('sha256').update(text).digest('hex'),
  };
}

function formatOf(path: string): string {
  return extname(path).toLowerCase() === '.json' ? 'JSON' : 'YAML';
}

function messageOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  // js-yaml appends a multi-line excerpt of the file; the first line says where and what.
  return message.split('\n')[0];
}
