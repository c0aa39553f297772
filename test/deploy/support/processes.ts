import { spawn, type ChildProcess } from 'node:child_process';
import {
  buildApps as buildAppsWith,
  freePort,
} from '../../support/app-process';
import { setTimeout as delay } from 'node:timers/promises';
import { ROOT } from './compose-file';

const OUTPUT_LIMIT = 200_000;

/** Builds dist/ quietly: the deploy suites print only their own failures. */
export const buildApps = () => buildAppsWith('pipe');

export { freePort };

export interface RunningProcess {
  name: string;
  child: ChildProcess;
  /** Resolves with the exit code, or the signal that ended the process. */
  exited: Promise<number | NodeJS.Signals>;
  output(): string;
  /** Sends `signal`, waits for the exit, SIGKILLs after `timeoutMs`. */
  stop(
    signal?: NodeJS.Signals,
    timeoutMs?: number,
  ): Promise<number | NodeJS.Signals>;
}

/**
 * Runs a container command (`node …`) from the repository root with exactly `environment`
 * (plus PATH), as the image would.
 */
export function startCommand(
  name: string,
  argv: string[],
  environment: Record<string, string>,
  cwd = ROOT,
): RunningProcess {
  const [program, ...args] = argv;
  const child = spawn(program === 'node' ? process.execPath : program, args, {
    cwd,
    env: { PATH: process.env.PATH ?? '', ...environment },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-OUTPUT_LIMIT);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exited = new Promise<number | NodeJS.Signals>((resolve) => {
    child.once('exit', (code, signal) => resolve(code ?? signal ?? 'SIGKILL'));
  });
  const stop = async (
    signal: NodeJS.Signals = 'SIGTERM',
    timeoutMs = 60_000,
  ) => {
    if (child.exitCode === null && child.signalCode === null)
      child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    try {
      return await exited;
    } finally {
      clearTimeout(timer);
    }
  };
  return { name, child, exited, output: () => output, stop };
}

/** Runs a one-shot command to its end. */
export async function runCommand(
  argv: string[],
  environment: Record<string, string>,
  cwd = ROOT,
  timeoutMs = 60_000,
): Promise<{ code: number | NodeJS.Signals; output: string }> {
  const running = startCommand(argv.join(' '), argv, environment, cwd);
  const timer = setTimeout(() => running.child.kill('SIGKILL'), timeoutMs);
  const code = await running.exited.finally(() => clearTimeout(timer));
  return { code, output: running.output() };
}

/** Polls `url` until it answers `status`; fails early, with the output, if the process exits. */
export async function waitForStatus(
  running: RunningProcess,
  url: string,
  status = 200,
  timeoutMs = 30_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer';
  while (Date.now() < deadline) {
    if (running.child.exitCode !== null) {
      throw new Error(
        `${running.name} exited (${running.child.exitCode}) before ${url} answered ${status}:\n${running.output()}`,
      );
    }
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      await response.arrayBuffer();
      if (response.status === status) return;
      last = `status ${response.status}`;
    } catch (error) {
      last = (error as Error).message;
    }
    await delay(100);
  }
  throw new Error(
    `${url} did not answer ${status} in ${timeoutMs} ms (${last}):\n${running.output()}`,
  );
}

/** Processes a suite started; `killAll` in afterAll leaves none behind, failures included. */
export class ProcessGroup {
  private readonly running: RunningProcess[] = [];

  start(
    name: string,
    argv: string[],
    environment: Record<string, string>,
    cwd = ROOT,
  ): RunningProcess {
    const started = startCommand(name, argv, environment, cwd);
    this.running.push(started);
    return started;
  }

  async killAll(): Promise<void> {
    await Promise.all(this.running.map((p) => p.stop('SIGKILL', 5_000)));
    this.running.length = 0;
  }
}
