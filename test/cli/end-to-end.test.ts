// The CLI as a user runs it: search → train → eval on the synthetic dataset, then the run directory's contents.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { parseGenotypeAuto } from '../../src/nas/genotype/parse.js';
import { CLI_PATH, syntheticData } from '../helpers/cli.js';

const cli = CLI_PATH;
const root = mkdtempSync(join(tmpdir(), 'tsnas-cli-'));
after(() => rmSync(root, { recursive: true, force: true }));
const data = syntheticData(64, 4);

function tsnas(...args: string[]): { stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', env: { ...process.env, TSNAS_THREADS: '1' } });
  assert.equal(r.status, 0, `tsnas ${args.join(' ')} failed:\n${r.stderr}`);
  return { stdout: r.stdout, stderr: r.stderr };
}

test('search, train and eval from the command line', () => {
  const s = join(root, 'search');
  tsnas('search', '--method', 'darts', '--epochs', '2', '--init-channels', '4', '--layers', '3', '--batch-size', '8', '--out', s, ...data);
  for (const f of [
    'config.json',
    'environment.json',
    'metrics.jsonl',
    'genotype.json',
    'genotype.txt',
    'genotype.normal.svg',
    'genotype.reduce.svg',
    'checkpoints/last.pt',
    'checkpoints/best.pt',
    'genotypes/epoch-001.json',
    'genotypes/epoch-002.txt',
    'genotypes/epoch-002.normal.svg',
  ])
    assert.ok(existsSync(join(s, f)), `search run lacks ${f}`);
  const g = parseGenotypeAuto(readFileSync(join(s, 'genotype.txt'), 'utf8'));
  assert.equal(g.kind, 'darts');
  assert.equal(g.normal.length, 8);
  const epochs = readFileSync(join(s, 'metrics.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { type: string })
    .filter((m) => m.type === 'epoch');
  assert.equal(epochs.length, 2);

  const t = join(root, 'train');
  tsnas('train', '--arch', s, '--epochs', '1', '--init-channels', '4', '--layers', '3', '--batch-size', '16', '--auxiliary', '--out', t, ...data);
  const result = JSON.parse(readFileSync(join(t, 'result.json'), 'utf8')) as { final: { top1: number; top5: number } };
  const ev = JSON.parse(
    tsnas('eval', '--arch', s, '--checkpoint', join(t, 'model.pt'), '--init-channels', '4', '--layers', '3', '--json', ...data).stdout,
  ) as { top1: number; top5: number };
  assert.equal(ev.top1, result.final.top1);
  assert.equal(ev.top5, result.final.top5);
});

test('bad input gives a clear error and exit code 1, not a crash', () => {
  const bad = (args: string[], pattern: RegExp): void => {
    const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8' });
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stderr, pattern);
  };
  bad(['count', '--arch', 'DARTS_V3'], /DARTS_V2/);
  bad(['search', '--dataset', 'cifar10', '--data', join(root, 'nowhere'), '--epochs', '1'], /nowhere/);
  bad(['train', '--arch', 'DARTS_V2', '--epochs', 'many'], /--epochs/);
});

test('Ctrl-C during a search saves a checkpoint; --resume finishes the run', async () => {
  const { spawn } = await import('node:child_process');
  const dir = join(root, 'interrupted');
  const child = spawn(
    process.execPath,
    [cli, 'search', '--epochs', '2', '--init-channels', '4', '--layers', '3', '--batch-size', '4', '--no-draw', '--out', dir, ...data],
    { env: { ...process.env, TSNAS_THREADS: '1' }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  const metrics = join(dir, 'metrics.jsonl');
  // Interrupt once the first training step is on record.
  const deadline = Date.now() + 60_000;
  while (!(existsSync(metrics) && readFileSync(metrics, 'utf8').includes('"type":"step"'))) {
    assert.ok(Date.now() < deadline, 'the search never logged a step');
    await new Promise((r) => setTimeout(r, 50));
  }
  child.kill('SIGINT');
  const code = await new Promise<number | null>((r) => child.on('exit', r));
  assert.equal(code, 130, stderr);
  assert.match(stderr, /checkpoint saved/);
  assert.ok(existsSync(join(dir, 'checkpoints', 'last.pt')));
  assert.ok(!existsSync(join(dir, 'genotype.json')), 'an interrupted search must not look finished');
  tsnas('search', '--resume', dir);
  assert.ok(existsSync(join(dir, 'genotype.json')));
});

for (const method of ['fairdarts', 'noisydarts']) {
  test(`${method}: a tiny search from the command line gives a genotype tsnas train accepts`, () => {
    const s = join(root, `${method}-search`);
    // NoisyDARTS runs with --no-recompute (the depthwise outputs kept) on both commands.
    const recompute = method === 'noisydarts' ? ['--no-recompute'] : [];
    tsnas(
      'search',
      '--method',
      method,
      '--epochs',
      '1',
      '--init-channels',
      '4',
      '--layers',
      '3',
      '--batch-size',
      '8',
      '--no-draw',
      '--out',
      s,
      ...recompute,
      ...data,
    );
    const t = join(root, `${method}-train`);
    tsnas('train', '--arch', s, '--epochs', '1', '--init-channels', '4', '--layers', '3', '--batch-size', '16', '--out', t, ...recompute, ...data);
    assert.ok(existsSync(join(t, 'model.pt')));
  });
}
