// Finds the Python that has PyTorch and runs committed reference scripts (test/reference/*.py) with it.
// The interpreter is $TSNAS_PYTHON, else /usr/bin/python3 (Debian's python3-torch), else `python3`.
// Tests call pythonSkip() first and pass the reason to node:test's `skip` when torch is not importable.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json')) || !existsSync(join(dir, 'test'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('test/helpers/python: cannot find the repository root');
    dir = up;
  }
  return dir;
}

export const REPO_ROOT = repoRoot();

export function referencePath(script: string): string {
  return join(REPO_ROOT, 'test', 'reference', script);
}

export function torchPython(): string {
  if (process.env.TSNAS_PYTHON) return process.env.TSNAS_PYTHON;
  return existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
}

let skipReason: string | false | undefined;

/** Why Python tests cannot run here (no interpreter, or torch not importable), or false when they can. */
export function pythonSkip(): string | false {
  if (skipReason !== undefined) return skipReason;
  const py = torchPython();
  const r = spawnSync(py, ['-c', 'import torch; print(torch.__version__)'], { encoding: 'utf8' });
  if (r.error) skipReason = `no Python at '${py}' (install python3-torch or set TSNAS_PYTHON)`;
  else if (r.status !== 0) {
    const last = r.stderr.trim().split('\n').pop() ?? '';
    skipReason = `PyTorch is not importable by ${py} (${last}); install python3-torch or set TSNAS_PYTHON`;
  } else skipReason = false;
  return skipReason;
}

export interface RunOptions {
  /** Text written to the script's stdin. */
  input?: string;
  /** Extra environment (OMP_NUM_THREADS defaults to 1 unless given). */
  env?: Record<string, string>;
  timeoutMs?: number;
}

/** Runs test/reference/<script> with args; returns stdout. Throws with stderr when the script fails. */
export function runPython(script: string, args: readonly string[] = [], opts: RunOptions = {}): string {
  const path = script.endsWith('.py') && !script.includes('/') ? referencePath(script) : script;
  const py = torchPython();
  const r = spawnSync(py, [path, ...args], {
    input: opts.input ?? '',
    encoding: 'utf8',
    maxBuffer: 512 * 1024 * 1024,
    timeout: opts.timeoutMs ?? 300_000,
    env: { ...process.env, OMP_NUM_THREADS: process.env.OMP_NUM_THREADS ?? '1', ...opts.env },
  });
  if (r.error) throw new Error(`running ${py} ${path}: ${r.error.message}`);
  if (r.status !== 0) {
    throw new Error(`${py} ${path} ${args.join(' ')} exited with ${r.status ?? r.signal}:\n${r.stderr}${r.stdout.slice(-2000)}`);
  }
  return r.stdout;
}

/** runPython, parsing stdout as JSON. */
export function runPythonJson<T>(script: string, args: readonly string[] = [], opts: RunOptions = {}): T {
  const out = runPython(script, args, opts);
  try {
    return JSON.parse(out) as T;
  } catch (e) {
    throw new Error(`${script} printed no JSON (${(e as Error).message}):\n${out.slice(0, 2000)}`);
  }
}
