// What the tests that run the tsnas command share: where the compiled CLI is, and the tiny synthetic dataset's flags.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const CLI_PATH = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));

/** `--dataset synthetic` flags: 8 px, one channel, no loader workers; `classes` omitted keeps the dataset's default. */
export function syntheticData(count: number, classes?: number): string[] {
  const flags = ['--dataset', 'synthetic', '--synthetic-size', '8', '--synthetic-count', String(count)];
  if (classes !== undefined) flags.push('--synthetic-classes', String(classes));
  return [...flags, '--synthetic-channels', '1', '--workers', '0'];
}

/** A one-epoch `tsnas train` of a tiny network (C=4, L=3, batches of 4) into `out`, without an event file. */
export function tinyTrainFlags(out: string): string[] {
  return ['--epochs', '1', '--batch-size', '4', '--init-channels', '4', '--layers', '3', '--no-tensorboard', '--out', out];
}

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** `tsnas ARGS` as a child process on one libtorch thread (so that runs compare bit for bit), bounded in time. */
export function tsnas(...args: string[]): CliResult {
  const r = spawnSync(process.execPath, [CLI_PATH, ...args], { encoding: 'utf8', env: { ...process.env, TSNAS_THREADS: '1' }, timeout: 240_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** `tsnas ARGS`, which must succeed; its stdout. */
export function tsnasOk(...args: string[]): string {
  const r = tsnas(...args);
  assert.equal(r.status, 0, `tsnas ${args.join(' ')}\n${r.stderr}`);
  return r.stdout;
}
