import { API_KEY_ID_LENGTH as FINGERPRINT_LENGTH } from '@app/persistence';
import {
  ConfigFileError,
  readConfigFile,
} from '@app/persistence/config/read-config-file';

const FINGERPRINT = new RegExp(`^[0-9a-f]{${FINGERPRINT_LENGTH}}$`);
const MAX_NAME_LENGTH = 128;

/**
 * Readable names for key fingerprints, from `API_KEY_NAMES`: an object mapping each
 * fingerprint (16 lower-case hex digits) to a name, in JSON or YAML.
 */
export function loadApiKeyNames(path: string): ReadonlyMap<string, string> {
  return parseApiKeyNames(
    path,
    readConfigFile('API_KEY_NAMES', path, true).content,
  );
}

export function parseApiKeyNames(
  path: string,
  content: Record<string, unknown>,
): ReadonlyMap<string, string> {
  const names = new Map<string, string>();
  for (const [index, [fingerprint, name]] of Object.entries(
    content,
  ).entries()) {
    const problem = problemOf(index, fingerprint, name);
    if (problem) throw new ConfigFileError('API_KEY_NAMES', path, problem);
    names.set(fingerprint, name as string);
  }
  return names;
}

function problemOf(
  index: number,
  fingerprint: string,
  name: unknown,
): string | null {
  // Not quoted: a raw API key put there by mistake must not end up in the start-up log.
  if (!FINGERPRINT.test(fingerprint))
    return `entry ${index + 1} is not keyed by a key id (${FINGERPRINT_LENGTH} lower-case hex digits, as the gateway records them; never the key itself)`;
  if (typeof name !== 'string' || name.trim() === '')
    return `the name of "${fingerprint}" must be a non-empty string`;
  if (name.length > MAX_NAME_LENGTH)
    return `the name of "${fingerprint}" is longer than ${MAX_NAME_LENGTH} characters`;
  return null;
}

/** Readable names of API key ids, from `API_KEY_NAMES`; none without it. */
export class ApiKeyNames {
  constructor(private readonly names: ReadonlyMap<string, string>) {}

  static fromFile(path: string | undefined): ApiKeyNames {
    return new ApiKeyNames(path ? loadApiKeyNames(path) : new Map());
  }

  nameOf(id: string | null): string | null {
    return id === null ? null : (this.names.get(id) ?? null);
  }
}
