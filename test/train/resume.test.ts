// --resume must end with exactly what an uninterrupted run ends with (CPU, same threads): weights, alphas,
// optimiser state, data order and RNG streams all come back from the checkpoint.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { loadStateDict } from '../../src/io/index.js';
import { resumeSearch, runSearch, SearchInterrupted, type SearchOptions } from '../../src/train/search-runner.js';
import { Progress } from '../../src/train/progress.js';
import { resumeTraining, runTraining, TrainingInterrupted, type TrainOptions } from '../../src/train/trainer.js';
import { tinySearchOptions } from '../helpers/runs.js';

const root = mkdtempSync(join(tmpdir(), 'tsnas-resume-'));
after(() => rmSync(root, { recursive: true, force: true }));
const quiet = (): Progress => new Progress('test', process.stderr, true);

const synthetic = { size: 8, classes: 4, count: 64, channels: 1 };

function searchOptions(out: string, method = 'darts'): SearchOptions {
  return tinySearchOptions(out, { method });
}

for (const method of ['darts', 'noisydarts']) {
  test(`${method} search: interrupted + resumed equals uninterrupted`, async () => {
    const full = await runSearch(searchOptions(join(root, `${method}-full`), method), { progress: quiet() });
    const dir = join(root, `${method}-split`);
    // 4 steps per epoch: stop in the middle of the second epoch.
    await assert.rejects(runSearch(searchOptions(dir, method), { progress: quiet(), stopAfterSteps: 6 }), SearchInterrupted);
    const resumed = await resumeSearch(dir, { progress: quiet() });
    assert.equal(resumed.genotypeText, full.genotypeText);
    const weights = (d: string): unknown => JSON.parse(readFileSync(join(d, 'genotypes', 'epoch-002.weights.json'), 'utf8'));
    assert.deepEqual(weights(dir), weights(full.dir));
  });
}

function trainOptions(out: string): TrainOptions {
  return {
    arch: 'DARTS_V2',
    dataset: 'synthetic',
    epochs: 2,
    channels: 4,
    layers: 3,
    batchSize: 16,
    lr: 0.05,
    lrMin: 0,
    momentum: 0.9,
    weightDecay: 3e-4,
    gradClip: 5,
    auxiliary: true,
    auxiliaryWeight: 0.4,
    cutout: true,
    cutoutLength: 4,
    dropPath: 0.2,
    labelSmoothing: 0.1,
    seed: 1,
    workers: 0,
    device: 'cpu',
    out,
    synthetic,
  };
}

test('train: interrupted + resumed equals uninterrupted (aux head, cutout, drop path)', async () => {
  const full = await runTraining(trainOptions(join(root, 'train-full')), { progress: quiet() });
  const dir = join(root, 'train-split');
  await assert.rejects(runTraining(trainOptions(dir), { progress: quiet(), stopAfterSteps: 5 }), TrainingInterrupted);
  const resumed = await resumeTraining(dir, { progress: quiet() });
  assert.equal(resumed.final.top1, full.final.top1);
  const a = loadStateDict(join(full.dir, 'model.pt'));
  const b = loadStateDict(join(dir, 'model.pt'));
  assert.deepEqual([...a.keys()], [...b.keys()]);
  for (const [k, t] of a) assert.ok(t.equal(b.get(k)!), `${k} differs after resume`);
});
