// `tsnas experiment` for real: an experiment (tiny synthetic runs) started as a child process, stopped with SIGTERM
// once its first run finished, and run again: it must finish without redoing any run that had finished (their
// result.json untouched, their status never resumed) and end with every evaluation and the summary. Also: a run that
// fails is reported with its log and the others go on; a changed file is refused with what changed.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { CLI_PATH } from '../helpers/cli.js';

const root = mkdtempSync(join(tmpdir(), 'tsnas-experiment-'));
after(() => rmSync(root, { recursive: true, force: true }));
const TIMEOUT = { timeout: 240_000 };

const TINY = `
shared:
  dataset: synthetic
  synthetic-size: 8
  synthetic-count: 48
  synthetic-classes: 4
  synthetic-channels: 1
  workers: 0
  init-channels: 4
  layers: 3
  batch-size: 16
search: { epochs: 1 }
train: { epochs: 1 }
`;

interface Ended {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `tsnas experiment ...` in `root`; `onStart` gets the process (to signal it). */
function experiment(args: string[], onStart?: (pid: number) => void): Promise<Ended> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI_PATH, 'experiment', ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    onStart?.(child.pid!);
  });
}

/** Every finished run under `dir`: its id and its result.json's modification time. */
function finishedRuns(dir: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const group of readdirSync(dir)) {
    if (!statSync(join(dir, group)).isDirectory()) continue;
    for (const e of readdirSync(join(dir, group))) {
      const result = join(dir, group, e, 'result.json');
      if (existsSync(result)) out.set(`${group}/${e}`, statSync(result).mtimeMs);
      else if (e.endsWith('.json') && e.startsWith('eval-')) out.set(`${group}/${e.slice(0, -5)}`, statSync(join(dir, group, e)).mtimeMs);
    }
  }
  return out;
}

describe('tsnas experiment', () => {
  it('stopped by SIGTERM after its first run and run again, finishes without redoing finished runs', TIMEOUT, async () => {
    writeFileSync(join(root, 'k.yaml'), `name: k\noutput: k-out\nseeds: [0, 1]\nmethods: [darts]\nselect: { epochs: 1 }\n${TINY}`);
    const out = join(root, 'k-out');
    const first = await experiment(['k.yaml', '--parallel', '1', '--threads', '1'], (pid) => {
      const poll = setInterval(() => {
        if (!existsSync(join(out, 'darts', 'search-s0', 'result.json'))) return;
        clearInterval(poll);
        process.kill(pid, 'SIGTERM');
      }, 50);
    });
    assert.equal(first.code, 143, first.stdout + first.stderr);
    assert.match(first.stdout, /^SIGTERM: stopping the \d running runs \(each saves a checkpoint\); run the same command again to continue$/m);
    assert.match(first.stdout, /^stopped by SIGTERM after/m);
    const before = finishedRuns(out);
    assert.ok(before.has('darts/search-s0'));
    // No run was left behind: the experiment waited for its runs to stop.
    for (const e of readdirSync(join(out, 'darts')).filter((e) => !e.includes('.'))) {
      const status = JSON.parse(readFileSync(join(out, 'darts', e, 'status.json'), 'utf8')) as { state: string };
      assert.notEqual(status.state, 'running', `${e} is still running`);
    }

    const second = await experiment(['k.yaml', '--parallel', '2', '--threads', '1']);
    assert.equal(second.code, 0, second.stdout + second.stderr);
    for (const id of before.keys()) assert.match(second.stdout, new RegExp(`^skip\\s+${id}\\s+finished before`, 'm'));
    assert.equal([...second.stdout.matchAll(/^skip /gm)].length, before.size);
    assert.match(second.stdout, /8 of 8 runs finished/);
    const afterwards = finishedRuns(out);
    for (const [id, mtime] of before) assert.equal(afterwards.get(id), mtime, `${id} was run again`);
    assert.deepEqual(
      [...afterwards.keys()].sort(),
      ['eval-s0', 'eval-s1', 'search-s0', 'search-s1', 'select-s0', 'select-s1', 'train-s0', 'train-s1'].map((r) => `darts/${r}`),
    );
    const s0 = JSON.parse(readFileSync(join(out, 'darts', 'search-s0', 'status.json'), 'utf8')) as { resumes?: unknown[] };
    assert.equal(s0.resumes, undefined);
    // The final training runs trained the cell the select stage kept.
    const selection = JSON.parse(readFileSync(join(out, 'darts', 'selection.json'), 'utf8')) as { search: string };
    const trained = JSON.parse(readFileSync(join(out, 'darts', 'train-s1', 'config.json'), 'utf8')) as { options: { arch: string; seed: number } };
    assert.equal(trained.options.arch, join(out, selection.search));
    assert.equal(trained.options.seed, 1);
    assert.match(second.stdout, /^\| darts \| 2\/2 \| \d+\.\d\d ± \d+\.\d\d \| \d+\.\d\d ± \d+\.\d\d \|/m);
    for (const f of ['summary.md', 'summary.csv', 'summary.json', 'experiment.json']) assert.ok(existsSync(join(out, f)), f);

    // The summary alone runs nothing.
    const summary = await experiment(['k.yaml', '--summary']);
    assert.equal(summary.code, 0, summary.stderr);
    assert.doesNotMatch(summary.stdout, /^(start|skip) /m);
    assert.match(summary.stdout, /^\| darts \| 2\/2 \|/m);
  });

  it('a failed run is reported with the end of its log, the others go on, the exit status is 1; a changed file is refused', TIMEOUT, async () => {
    const yaml = `name: f\noutput: f-out\nseeds: [0]\nmethods:\n  darts:\n  broken:\n    method: darts\n    no-such-flag: 1\n${TINY}`;
    writeFileSync(join(root, 'f.yaml'), yaml);
    const r = await experiment(['f.yaml', '--parallel', '2', '--threads', '1']);
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.match(
      r.stdout,
      /^FAILED\s+broken\/search-s0\s+exited with code 1 after [\d.]+ s; the end of .*broken\/search-s0\.log:\n(\s+\| .*\n)*\s+\| .*unknown option '--no-such-flag'/m,
    );
    assert.match(r.stdout, /^blocked\s+broken\/train-s0\s+not run: broken\/search-s0 did not finish$/m);
    assert.match(r.stdout, /^blocked\s+broken\/eval-s0\s+not run: broken\/train-s0 did not finish$/m);
    assert.ok(existsSync(join(root, 'f-out', 'darts', 'eval-s0.json')));
    assert.match(r.stdout, /^\| broken \| 0\/1 \| - \| - \|/m);

    writeFileSync(join(root, 'f.yaml'), yaml.replace('search: { epochs: 1 }', 'search: { epochs: 2 }'));
    const changed = await experiment(['f.yaml']);
    assert.equal(changed.code, 1);
    assert.match(changed.stderr, /holds this experiment with other options:\n\s+--epochs 1 -> 2: darts\/search-s0, broken\/search-s0\n/);
    assert.match(changed.stderr, /--overwrite to run these runs \(and the runs that need them\) again/);
  });

  it('a mistake in the file is refused before anything runs', TIMEOUT, async () => {
    writeFileSync(join(root, 'bad.yaml'), 'name: bad\nseeds: [0]\nmethods: [darts]\nserach: {epochs: 1}\n');
    const r = await experiment(['bad.yaml']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /bad\.yaml:\n\s+the file: unknown key 'serach' \(did you mean 'search'\?\)/);
    assert.ok(!existsSync(join(root, 'runs')));
  });
});
