import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './compose-file';

export interface Instruction {
  keyword: string;
  args: string;
}

export interface Stage {
  image: string;
  name?: string;
  instructions: Instruction[];
}

/** The Dockerfile as stages of instructions: comments dropped, continued lines joined. */
export function loadDockerfile(): Stage[] {
  const text = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');
  const lines = text
    .split('\n')
    .filter((line) => !/^\s*#/.test(line))
    .join('\n')
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
  const stages: Stage[] = [];
  for (const line of lines) {
    const [, keyword, args] = /^(\S+)\s+(.*)$/s.exec(line) ?? [];
    const upper = keyword.toUpperCase();
    if (upper === 'FROM') {
      const [image, , name] = args.split(/\s+/);
      stages.push({ image, name, instructions: [] });
    } else {
      stages.at(-1)?.instructions.push({ keyword: upper, args });
    }
  }
  return stages;
}

export function instructions(stage: Stage, keyword: string): string[] {
  return stage.instructions
    .filter((instruction) => instruction.keyword === keyword)
    .map((instruction) => instruction.args);
}

/** `["node", "x.js"]` (exec form) or `node x.js` (shell form) as argv. */
export function execForm(args: string): string[] {
  const trimmed = args.trim();
  if (trimmed.startsWith('[')) return JSON.parse(trimmed) as string[];
  return trimmed.split(/\s+/);
}

/** A HEALTHCHECK's command, after its `--interval=…` options and `CMD`. */
export function healthcheckCommand(args: string): string[] {
  const command = args.replace(/^(\s*--\S+)*\s*CMD\s+/, '');
  return execForm(command);
}

export interface Copy {
  /** The stage copied from; undefined for the build context. */
  from?: string;
  sources: string[];
  destination: string;
}

/** `COPY [--from=…] [--chown=…] src… dest`. */
export function copySources(args: string): Copy {
  const words = args.split(/\s+/);
  const from = words
    .find((word) => word.startsWith('--from='))
    ?.slice('--from='.length);
  const paths = words.filter((word) => !word.startsWith('--'));
  return { from, sources: paths.slice(0, -1), destination: paths.at(-1) ?? '' };
}
