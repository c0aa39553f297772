'use strict';
// Child processes of the bench: started on free loopback ports, logged to files, and always
// stopped, on success, on failure and on Ctrl-C.
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const http = require('node:http');
const net = require('node:net');
const path = require('node:path');
const { setTimeout: sleep } = require('node:timers/promises');

const READY_TIMEOUT_MS = 60_000;
const STOP_GRACE_MS = 5_000;
const running = new Set();

/** A port that was free a moment ago on 127.0.0.1. */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** GET on loopback; resolves with the status, or 0 when nothing answers. */
function probe(port, urlPath) {
  return new Promise((resolve) => {
    const req = http.get(
      { host: '127.0.0.1', port, path: urlPath, agent: false, timeout: 2_000 },
      (res) => {
        res.resume();
        res.once('end', () => resolve(res.statusCode));
      },
    );
    req.once('timeout', () => req.destroy());
    req.once('error', () => resolve(0));
  });
}

/**
 * Starts `node <args>` with `env` added, its output in `<logDir>/<name>.log`, and waits
 * until GET `readyPath` on `port` answers `readyStatus`.
 */
async function startService({ name, args, env, port, readyPath, logDir }) {
  const logFile = path.join(logDir, `${name}.log`);
  const out = fs.openSync(logFile, 'a');
  const child = spawn(process.execPath, args, {
    cwd: path.join(__dirname, '..', '..'),
    env: { ...process.env, ...env },
    stdio: ['ignore', out, out],
  });
  fs.closeSync(out);
  const service = { name, child, pid: child.pid, port, logFile, exited: false };
  running.add(service);
  child.once('exit', () => {
    service.exited = true;
    running.delete(service);
  });
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline && !service.exited) {
    if ((await probe(port, readyPath)) === 200) return service;
    await sleep(100);
  }
  await stopService(service);
  throw new Error(`${name} did not become ready:\n${tail(logFile)}`);
}

/**
 * Runs `node <args>` to its end, its stderr in `<logDir>/<name>.log`; `onLine` sees each line
 * of its stdout as it comes. Resolves with the last line, parsed as JSON.
 */
function runJob({ name, args, logDir, onLine = () => undefined }) {
  const logFile = path.join(logDir, `${name}.log`);
  const err = fs.openSync(logFile, 'a');
  const child = spawn(process.execPath, args, {
    cwd: path.join(__dirname, '..', '..'),
    stdio: ['ignore', 'pipe', err],
  });
  fs.closeSync(err);
  const service = { name, child, pid: child.pid, exited: false };
  running.add(service);
  let last = '';
  let pending = '';
  child.stdout.setEncoding('utf8').on('data', (text) => {
    const lines = (pending + text).split('\n');
    pending = lines.pop();
    for (const line of lines.filter(Boolean)) {
      last = line;
      onLine(line);
    }
  });
  return new Promise((resolve, reject) => {
    child.once('exit', (code, signal) => {
      service.exited = true;
      running.delete(service);
      if (code === 0) return resolve(JSON.parse(pending || last));
      reject(
        new Error(`${name} ended with ${signal ?? code}:\n${tail(logFile)}`),
      );
    });
  });
}

/** SIGTERM, then SIGKILL after a grace period; resolves once the process is gone. */
async function stopService(service) {
  if (service.exited) return;
  const gone = new Promise((resolve) => service.child.once('exit', resolve));
  service.child.kill('SIGTERM');
  const killer = setTimeout(() => service.child.kill('SIGKILL'), STOP_GRACE_MS);
  await gone;
  clearTimeout(killer);
}

async function stopAll() {
  await Promise.all([...running].map(stopService));
}

/** Last resort when the bench itself dies: no child may outlive it. */
function killAllNow() {
  for (const service of running) {
    try {
      process.kill(service.pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
}

/** Resident set size in MiB, from /proc (Linux), else from ps; null once the process is gone. */
function rssMiB(pid) {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
    return match ? Number(match[1]) / 1024 : null;
  } catch {
    return null;
  }
}

const TICKS_PER_SECOND = 100;

/**
 * CPU time (user + system) a process has used, in ms, from /proc/<pid>/stat; null elsewhere.
 * Unlike throughput, CPU per request barely moves when other work shares the machine.
 */
function cpuMs(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (
      ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND
    );
  } catch {
    return null;
  }
}

/** Samples the RSS of `pid` every `everyMs` until stop() is called; returns the peak. */
function sampleRss(pid, everyMs = 100) {
  let peak = rssMiB(pid) ?? 0;
  const timer = setInterval(() => {
    peak = Math.max(peak, rssMiB(pid) ?? 0);
  }, everyMs);
  return {
    stop() {
      clearInterval(timer);
      return Math.max(peak, rssMiB(pid) ?? 0);
    },
  };
}

function tail(file, lines = 20) {
  try {
    return fs
      .readFileSync(file, 'utf8')
      .trimEnd()
      .split('\n')
      .slice(-lines)
      .join('\n');
  } catch {
    return '(no log)';
  }
}

module.exports = {
  freePort,
  startService,
  runJob,
  stopService,
  stopAll,
  killAllNow,
  rssMiB,
  cpuMs,
  sampleRss,
};
