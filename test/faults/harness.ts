// What every fault test needs: the CLI in a child process (so a crash fails the test instead of the runner), and a
// snapshot of a folder's files to prove that nothing an earlier run wrote was modified.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { CLI_PATH, syntheticData } from '../helpers/cli.js';

export const cliPath = CLI_PATH;

/** The tiny synthetic dataset every CLI fault test uses (8 px, 64 images, 4 classes, 1 channel, no workers). */
export const tinyData = syntheticData(64, 4);

export interface CliResult {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs `tsnas ...args` to completion (one libtorch thread, bounded in time). */
export function tsnas(args: string[], opts: { cwd?: string; env?: Record<string, string>; timeoutMs?: number; input?: string } = {}): CliResult {
  const r = spawnSync(process.execPath, [cliPath, ...args], {
    encoding: 'utf8',
    cwd: opts.cwd,
    input: opts.input,
    timeout: opts.timeoutMs ?? 240_000,
    env: { ...process.env, TSNAS_THREADS: '1', ...opts.env },
  });
  return { status: r.status, signal: r.signal, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

/** Asserts a clean failure: exit code `code` (1 by default), no signal, stderr matching `message`, no stack trace. */
export function assertFails(r: CliResult, message: RegExp, code = 1): void {
  const context = `\nstatus ${r.status} signal ${r.signal}\nstderr: ${r.stderr}\nstdout: ${r.stdout.slice(-2000)}`;
  assert.equal(r.signal, null, `killed by ${r.signal}${context}`);
  assert.equal(r.status, code, `exit code${context}`);
  assert.match(r.stderr, message, `message${context}`);
  assert.doesNotMatch(r.stderr, /^\s+at .+:\d+:\d+\)?$/m, `a stack trace reached the user${context}`);
}

export function assertSucceeds(r: CliResult): void {
  assert.equal(r.status, 0, `status ${r.status} signal ${r.signal}\nstderr: ${r.stderr}\nstdout: ${r.stdout.slice(-2000)}`);
}

/** Relative path -> sha256 of every file below `dir` (empty when `dir` does not exist). */
export function snapshot(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string): void => {
    for (const e of readdirSync(d)) {
      const p = join(d, e);
      if (statSync(p).isDirectory()) walk(p);
      else out.set(relative(dir, p), createHash('sha256').update(readFileSync(p)).digest('hex'));
    }
  };
  if (existsSync(dir)) walk(dir);
  return out;
}

/** Asserts that every file of `before` is still there with the same bytes (new files are allowed unless `exact`). */
export function assertUnchanged(dir: string, before: Map<string, string>, opts: { exact?: boolean } = {}): void {
  const now = snapshot(dir);
  for (const [f, h] of before) {
    assert.ok(now.has(f), `${f} was deleted from ${dir}`);
    assert.equal(now.get(f), h, `${f} in ${dir} was modified`);
  }
  if (opts.exact) assert.deepEqual([...now.keys()].sort(), [...before.keys()].sort(), `files were added to ${dir}`);
}

/**
 * Starts `tsnas ...args`, waits until stdout+stderr match `when`, then sends `signal`; resolves with the exit status.
 * Bounded: the child is killed with SIGKILL after `timeoutMs`.
 */
export function signalWhen(
  args: string[],
  when: RegExp,
  signal: NodeJS.Signals,
  opts: { env?: Record<string, string>; timeoutMs?: number } = {},
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cliPath, ...args], { env: { ...process.env, TSNAS_THREADS: '1', ...opts.env } });
    let stdout = '',
      stderr = '',
      sent = false;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`tsnas ${args.join(' ')}: timed out\n${stderr}`));
    }, opts.timeoutMs ?? 240_000);
    const check = (): void => {
      if (!sent && when.test(stdout + stderr)) {
        sent = true;
        child.kill(signal);
      }
    };
    child.stdout.setEncoding('utf8').on('data', (s: string) => {
      stdout += s;
      check();
    });
    child.stderr.setEncoding('utf8').on('data', (s: string) => {
      stderr += s;
      check();
    });
    child.on('close', (status, sig) => {
      clearTimeout(timer);
      if (!sent) reject(new Error(`tsnas ${args.join(' ')} ended before ${when} appeared (status ${status})\n${stderr}`));
      else resolve({ status, signal: sig, stdout, stderr });
    });
  });
}

/** Step records in a run's metrics.jsonl so far (0 before it exists). */
export function stepRecords(dir: string): number {
  try {
    return readFileSync(join(dir, 'metrics.jsonl'), 'utf8')
      .split('\n')
      .filter((l) => l.includes('"type":"step"')).length;
  } catch {
    return 0;
  }
}

/**
 * Runs `tsnas ...args` writing to run directory `dir`, and sends `signal` once its metrics.jsonl holds `afterSteps`
 * step records. Bounded: SIGKILL after `timeoutMs`.
 */
export function signalAfterSteps(args: string[], dir: string, afterSteps: number, signal: NodeJS.Signals, timeoutMs = 180_000): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cliPath, ...args], { env: { ...process.env, TSNAS_THREADS: '1' } });
    let stdout = '',
      stderr = '',
      sent = false;
    child.stdout.setEncoding('utf8').on('data', (s: string) => {
      stdout += s;
    });
    child.stderr.setEncoding('utf8').on('data', (s: string) => {
      stderr += s;
    });
    const poll = setInterval(() => {
      if (!sent && stepRecords(dir) >= afterSteps) {
        sent = true;
        child.kill(signal);
      }
    }, 5);
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (status, sig) => {
      clearInterval(poll);
      clearTimeout(timer);
      if (!sent) reject(new Error(`tsnas ${args.join(' ')} ended before ${afterSteps} steps (status ${status}):\n${stderr}`));
      else resolve({ status, signal: sig, stdout, stderr });
    });
  });
}

/** A record of a zip archive (a torch.save file) as its central directory gives it. */
export interface ZipRecord {
  name: string;
  dataStart: number;
  size: number;
  central: number;
}

/** The records of a zip archive by name, read independently of src/io (for tests that damage them). */
export function zipRecords(buf: Buffer): Map<string, ZipRecord> {
  const eocd = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  assert.ok(eocd > 0, 'no end-of-central-directory record');
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const out = new Map<string, ZipRecord>();
  for (let i = 0; i < count; i++) {
    assert.equal(buf.readUInt32LE(p), 0x02014b50);
    const nameLen = buf.readUInt16LE(p + 28),
      extraLen = buf.readUInt16LE(p + 30),
      commentLen = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.subarray(p + 46, p + 46 + nameLen).toString('utf8');
    const dataStart = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    out.set(name, { name, dataStart, size: buf.readUInt32LE(p + 24), central: p });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return out;
}
