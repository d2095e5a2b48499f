// `tsnas runs ls` and `tsnas runs compare` over run directories written by hand: the numbers shown must be the ones in
// the files (best over the epochs, the last epoch, epochs done of the total, wall time), a torn metrics line skipped,
// and compare must list exactly the options that differ.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { CLI_PATH } from '../helpers/cli.js';

const root = mkdtempSync(join(tmpdir(), 'tsnas-runs-'));
after(() => rmSync(root, { recursive: true, force: true }));

function runDir(
  name: string,
  o: { command: string; options: Record<string, unknown>; epochs: Record<string, unknown>[]; torn?: boolean; result?: unknown; status: unknown },
): string {
  const dir = join(root, 'runs', name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'config.json'), JSON.stringify({ command: o.command, options: o.options }));
  writeFileSync(join(dir, 'status.json'), JSON.stringify(o.status));
  const lines = o.epochs.map((e, i) => JSON.stringify({ time: 't', type: 'epoch', epoch: i + 1, ...e }));
  writeFileSync(
    join(dir, 'metrics.jsonl'),
    [JSON.stringify({ type: 'step', epoch: 1, step: 1, loss: 1 }), ...lines].join('\n') + (o.torn ? '\n{"type":"epoch","ep' : '\n'),
  );
  if (o.result) writeFileSync(join(dir, 'result.json'), JSON.stringify(o.result));
  return dir;
}

const finished = (seconds: number) => ({
  state: 'finished',
  command: 'x',
  pid: 1,
  startedAt: '2026-01-01T00:00:00.000Z',
  endedAt: new Date(Date.parse('2026-01-01T00:00:00.000Z') + seconds * 1000).toISOString(),
});

const a = runDir('search-a', {
  command: 'search',
  options: { method: 'darts', dataset: 'cifar10', epochs: 3, seed: 2, methodConfig: { unrolled: false }, out: 'runs/search-a' },
  epochs: [{ valAccuracy: 40 }, { valAccuracy: 55.5, genotype: 'G1' }, { valAccuracy: 50, genotype: 'G2' }],
  result: { genotypeText: 'G-final', seconds: 125 },
  status: { ...finished(130), command: 'search' },
});
const b = runDir('search-b', {
  command: 'search',
  options: { method: 'darts', dataset: 'cifar10', epochs: 3, seed: 3, methodConfig: { unrolled: true }, out: 'runs/search-b' },
  epochs: [{ valAccuracy: 41 }],
  torn: true,
  // Stopped by a signal after one epoch: no result.json, the wall time from its status.
  status: {
    state: 'interrupted',
    signal: 'SIGINT',
    command: 'search',
    pid: 1,
    startedAt: '2026-01-01T00:00:00.000Z',
    endedAt: '2026-01-01T00:01:00.000Z',
  },
});
runDir('train-c', {
  command: 'train',
  options: { arch: 'DARTS_V2', dataset: 'cifar10', epochs: 2, seed: 0 },
  epochs: [{ testTop1: 91.25 }, { testTop1: 90.5 }],
  result: { seconds: 7200 },
  status: { ...finished(7200), command: 'train' },
});

function tsnas(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI_PATH, ...args], { encoding: 'utf8', cwd: root });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('tsnas runs', () => {
  it('ls (the default) shows each run from its files', () => {
    const r = tsnas('runs');
    assert.equal(r.status, 0, r.stderr);
    const line = (name: string): string => r.stdout.split('\n').find((l) => l.startsWith(`runs/${name}`)) ?? '';
    assert.match(line('search-a'), /search\s+darts\s+cifar10\s+3\/3\s+55\.50%\s+50\.00%\s+2\.1 min\s+finished/);
    // The torn last line is not an epoch; no result.json: the time from status.json.
    assert.match(line('search-b'), /search\s+darts\s+cifar10\s+1\/3\s+41\.00%\s+41\.00%\s+60\.0 s\s+interrupted/);
    assert.match(line('train-c'), /train\s+DARTS_V2\s+cifar10\s+2\/2\s+91\.25%\s+90\.50%\s+2\.0 h\s+finished/);
    // The explicit form, on the folder, shows the same.
    assert.equal(tsnas('runs', 'ls', join(root, 'runs')).stdout, r.stdout);
  });

  it('ls --json holds the same numbers', () => {
    const rows = JSON.parse(tsnas('runs', '--json').stdout) as { what: string; best: number; last: number; epochsDone: number; genotype?: string }[];
    assert.deepEqual(
      rows.map((x) => [x.what, x.best, x.last, x.epochsDone, x.genotype]),
      [
        ['darts', 55.5, 50, 3, 'G-final'],
        ['darts', 41, 41, 1, undefined],
        ['DARTS_V2', 91.25, 90.5, 2, undefined],
      ],
    );
  });

  it('compare lists exactly the options that differ, and the genotypes', () => {
    const r = tsnas('runs', 'compare', a, b, '--json');
    assert.equal(r.status, 0, r.stderr);
    const j = JSON.parse(r.stdout) as { differingOptions: Record<string, unknown[]> };
    assert.deepEqual(j.differingOptions, { 'methodConfig.unrolled': [false, true], seed: [2, 3] });
    const text = tsnas('runs', 'compare', a, b).stdout;
    assert.match(text, /^seed\s+2\s+3$/m);
    assert.match(text, /^best\s+55\.50%\s+41\.00%$/m);
    assert.match(text, /genotype of .*search-a: G-final/);
  });

  it('compare needs two runs; a missing run is named', () => {
    const one = tsnas('runs', 'compare', a);
    assert.equal(one.status, 1);
    assert.match(one.stderr, /two or more run directories/);
    const missing = tsnas('runs', 'compare', a, join(root, 'nope'));
    assert.equal(missing.status, 1);
    assert.match(missing.stderr, /nope/);
  });
});
