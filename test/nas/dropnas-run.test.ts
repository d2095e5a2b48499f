// DropNAS through the search runner and the CLI: one-level on the whole training set (validation accuracy on the
// test split), --resume equal to an uninterrupted run (mask RNG, weights, α, optimiser states), and a searched
// genotype that `tsnas train --arch <run dir>` accepts.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { parseGenotypeAuto } from '../../src/nas/genotype/parse.js';
import { Progress } from '../../src/train/progress.js';
import { resumeSearch, runSearch, SearchInterrupted, type SearchOptions } from '../../src/train/search-runner.js';
import { CLI_PATH, syntheticData } from '../helpers/cli.js';
import { tinySearchOptions } from '../helpers/runs.js';

const root = mkdtempSync(join(tmpdir(), 'tsnas-dropnas-'));
after(() => rmSync(root, { recursive: true, force: true }));
const quiet = (): Progress => new Progress('test', process.stderr, true);
const cli = CLI_PATH;

function options(out: string, method = 'dropnas', trainPortion = 1): SearchOptions {
  return tinySearchOptions(out, {
    method,
    trainPortion,
    // A high drop rate so that every step drops ops and the mask stream matters.
    methodConfig: { dropRate: 0.05 },
    synthetic: { size: 8, classes: 4, count: 32, channels: 1 },
  });
}

test('dropnas search: interrupted + resumed equals uninterrupted', async () => {
  const full = await runSearch(options(join(root, 'full')), { progress: quiet() });
  const dir = join(root, 'split');
  // 32 images, batch 8: 4 steps per epoch; stop in the middle of the second epoch.
  await assert.rejects(runSearch(options(dir), { progress: quiet(), stopAfterSteps: 6 }), SearchInterrupted);
  const resumed = await resumeSearch(dir, { progress: quiet() });
  assert.equal(resumed.genotypeText, full.genotypeText);
  const weights = (d: string): unknown => JSON.parse(readFileSync(join(d, 'genotypes', 'epoch-002.weights.json'), 'utf8'));
  assert.deepEqual(weights(dir), weights(full.dir));
  const losses = (d: string): number[] =>
    readFileSync(join(d, 'metrics.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { type: string; loss?: number })
      .filter((m) => m.type === 'step')
      .map((m) => m.loss!);
  assert.deepEqual(losses(dir), losses(full.dir));
});

test('a bilevel method cannot take the whole training set', async () => {
  await assert.rejects(runSearch(options(join(root, 'darts-1'), 'darts', 1), { progress: quiet() }), /--train-portion must be below 1/);
});

test('CLI: tsnas search --method dropnas, then tsnas train --arch <run dir>', () => {
  const run = (...args: string[]): string => {
    const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', env: { ...process.env, TSNAS_THREADS: '1' } });
    assert.equal(r.status, 0, `tsnas ${args.join(' ')} failed:\n${r.stderr}`);
    return r.stdout;
  };
  const data = syntheticData(32);
  const s = join(root, 'cli-search');
  run('search', '--method', 'dropnas', '--epochs', '1', '--init-channels', '4', '--layers', '3', '--batch-size', '8', ...data, '--out', s);
  const config = JSON.parse(readFileSync(join(s, 'config.json'), 'utf8')) as { options: SearchOptions };
  assert.equal(config.options.trainPortion, 1, 'one-level: the whole training set by default');
  assert.equal(config.options.methodConfig.dropRate, 3e-5);
  assert.equal(config.options.methodConfig.variant, 'original');
  const g = parseGenotypeAuto(readFileSync(join(s, 'genotype.txt'), 'utf8'));
  assert.equal(g.kind, 'darts');
  if (g.kind !== 'darts') return;
  assert.equal(g.normal.length, 8);
  const allowed = new Set(['sep_conv_3x3', 'sep_conv_5x5', 'dil_conv_3x3', 'dil_conv_5x5', 'max_pool_3x3', 'avg_pool_3x3', 'skip_connect']);
  for (const [op, from] of [...g.normal, ...g.reduce]) {
    assert.ok(allowed.has(op), op);
    assert.ok(from >= 0 && from <= 4);
  }
  const t = join(root, 'cli-train');
  run('train', '--arch', s, '--epochs', '1', '--init-channels', '4', '--layers', '3', '--batch-size', '16', ...data, '--out', t);
  assert.ok(existsSync(join(t, 'result.json')));
  assert.ok(existsSync(join(t, 'model.pt')));
});
