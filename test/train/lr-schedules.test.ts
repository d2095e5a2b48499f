// Training's learning-rate schedules (cosine, step, linear, warm-up) against values worked out by hand from the
// reference formulas: DARTS train.py (cosine), DARTS train_imagenet.py (StepLR 0.97 every epoch), P-DARTS / EvNAS
// train_imagenet.py (`adjust_lr` and the warm-up lr·(e+1)/5); then through resume and the command line.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { ChainedScheduler, LinearDecayLR, LinearLR, SGD, StepLR } from '../../src/optim/index.js';
import { zeros } from '../../src/tensor/index.js';
import { Progress } from '../../src/train/progress.js';
import {
  type LrScheduleOptions,
  resumeTraining,
  runTraining,
  TrainingInterrupted,
  type TrainOptions,
  trainLrScheduler,
} from '../../src/train/trainer.js';
import { syntheticData, tsnas, tsnasOk } from '../helpers/cli.js';
import { tinyTrainOptions } from '../helpers/runs.js';

const root = mkdtempSync(join(tmpdir(), 'tsnas-lr-'));
after(() => rmSync(root, { recursive: true, force: true }));
const quiet = (): Progress => new Progress('test', process.stderr, true);

/** The lr of epochs 0..epochs-1 of a training run's schedule, starting from lr0. */
function lrs(lr0: number, o: LrScheduleOptions, epochs = o.epochs): number[] {
  const p = zeros([1], { requiresGrad: true });
  const opt = new SGD([p], { lr: lr0 });
  const s = trainLrScheduler(opt, o);
  const out: number[] = [];
  for (let e = 0; e < epochs; e++) {
    s.step(e);
    out.push(opt.paramGroups[0]!.lr);
  }
  opt.dispose();
  p.dispose();
  return out;
}

function close(actual: readonly number[], expected: readonly number[], what: string): void {
  assert.equal(actual.length, expected.length, what);
  actual.forEach((a, i) => assert.ok(Math.abs(a - expected[i]!) < 1e-12, `${what}: epoch ${i}: ${a} vs ${expected[i]}`));
}

test('step: lr0 · γ^floor(e / step) (DARTS train_imagenet.py: 0.1, γ 0.97 every epoch)', () => {
  close(lrs(0.1, { epochs: 4, lrMin: 0, lrSchedule: 'step' }), [0.1, 0.097, 0.09409, 0.0912673], 'γ 0.97 (default), step 1');
  close(lrs(0.1, { epochs: 5, lrMin: 0, lrSchedule: 'step', lrGamma: 0.5, lrStep: 2 }), [0.1, 0.1, 0.05, 0.05, 0.025], 'γ 0.5 every 2');
});

test('linear: P-DARTS adjust_lr, lr0 (E−5−e)/(E−5) while E−e > 5, else lr0 (E−e)/((E−5)·5)', () => {
  // E = 10: 0.1·(5−e)/5 for e < 5, then 0.1·(10−e)/25.
  close(lrs(0.1, { epochs: 10, lrMin: 0, lrSchedule: 'linear' }), [0.1, 0.08, 0.06, 0.04, 0.02, 0.02, 0.016, 0.012, 0.008, 0.004], 'E 10');
  // E = 250 (the ImageNet protocol): the last epoch of the first slope and the tail.
  const at = lrs(0.1, { epochs: 250, lrMin: 0, lrSchedule: 'linear' });
  close([at[0]!, at[1]!, at[244]!, at[245]!, at[249]!], [0.1, 0.1 * (244 / 245), 0.1 / 245, 0.1 / 245, 0.1 / 1225], 'E 250');
});

test('warm-up: the schedule’s lr · (e+1)/W for e < W, on any schedule', () => {
  // P-DARTS with batch > 256: linear E = 10, W = 5.
  close(
    lrs(0.1, { epochs: 10, lrMin: 0, lrSchedule: 'linear', warmupEpochs: 5 }),
    [0.02, 0.032, 0.036, 0.032, 0.02, 0.02, 0.016, 0.012, 0.008, 0.004],
    'linear, W 5',
  );
  // cosine to 0 over 4 epochs, W = 2: 0.1·(1+cos(πe/4))/2 · (e+1)/2 for e < 2.
  const c = (e: number): number => (0.1 * (1 + Math.cos((Math.PI * e) / 4))) / 2;
  close(lrs(0.1, { epochs: 4, lrMin: 0, warmupEpochs: 2 }), [c(0) / 2, c(1), c(2), c(3)], 'cosine, W 2');
  close(lrs(0.1, { epochs: 3, lrMin: 0, lrSchedule: 'step', lrGamma: 0.5, warmupEpochs: 4 }), [0.025, 0.025, 0.01875], 'step, W 4');
  // W 1 is the factor (0+1)/1: no warm-up.
  close(lrs(0.1, { epochs: 2, lrMin: 0, lrSchedule: 'step', warmupEpochs: 1 }), [0.1, 0.097], 'W 1');
});

test('LinearLR, LinearDecayLR and ChainedScheduler save and restore their state as PyTorch names it', () => {
  const p = zeros([1], { requiresGrad: true });
  const opt = new SGD([p], { lr: 0.1 });
  const chain = new ChainedScheduler([new LinearLR(opt, 0.25, 1, 3), new StepLR(opt, 1, 0.5)]);
  chain.step(2);
  const sd = chain.stateDict();
  assert.equal(sd.last_epoch, 2);
  const inner = sd._schedulers as unknown as Record<string, number>[];
  assert.deepEqual(
    inner.map((s) => [s.start_factor, s.end_factor, s.total_iters, s.step_size, s.gamma]),
    [
      [0.25, 1, 3, undefined, undefined],
      [undefined, undefined, undefined, 1, 0.5],
    ],
  );
  // lr0 · (0.25 + 0.75·2/3) · 0.5² = 0.1 · 0.75 · 0.25
  assert.ok(Math.abs(chain.getLastLr()[0]! - 0.01875) < 1e-15);
  const opt2 = new SGD([p], { lr: 0.1 });
  const chain2 = new ChainedScheduler([new LinearLR(opt2, 0.5, 1, 1), new StepLR(opt2, 2, 0.9)]);
  chain2.loadStateDict(sd);
  assert.deepEqual(chain2.lrAt(2), chain.lrAt(2));
  assert.throws(() => new LinearDecayLR(opt2, 5), /totalEpochs must be an integer above tailEpochs \(5\), got 5/);
  opt.dispose();
  opt2.dispose();
  p.dispose();
});

/** 16 images of 3 classes in 2 steps of 8 per epoch, 8 test images, lr 0.1. */
function trainOptions(out: string, o: Partial<TrainOptions>): TrainOptions {
  const synthetic = { size: 8, classes: 3, count: 16, channels: 1 };
  return tinyTrainOptions(out, { synthetic, epochs: 7, batchSize: 8, lr: 0.1, seed: 1, testSubset: 8, tensorboard: false, ...o });
}

/** The lr of every epoch record of a run's metrics.jsonl. */
function epochLrs(dir: string): number[] {
  return readFileSync(join(dir, 'metrics.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l.includes('"type":"epoch"'))
    .map((l) => (JSON.parse(l) as { lr: number }).lr);
}

test('train: a run stopped mid-epoch and resumed has the lr sequence of the uninterrupted run (linear, warm-up 2)', async () => {
  const o = { lrSchedule: 'linear', warmupEpochs: 2 } as const;
  const full = await runTraining(trainOptions(join(root, 'full'), o), { progress: quiet() });
  // E = 7: 0.1·(2−e)/2 for e < 2, then 0.1·(7−e)/10; warm-up ×(e+1)/2 for e < 2.
  const expected = [0.05, 0.05, 0.05, 0.04, 0.03, 0.02, 0.01];
  close(epochLrs(full.dir), expected, 'uninterrupted');
  const dir = join(root, 'split');
  // 2 steps per epoch: stop in the middle of the fourth epoch.
  await assert.rejects(runTraining(trainOptions(dir, o), { progress: quiet(), stopAfterSteps: 7 }), TrainingInterrupted);
  await resumeTraining(dir, { progress: quiet() });
  assert.deepEqual(epochLrs(dir), epochLrs(full.dir));
  // Going on to 9 epochs: the 7 done keep their lr, epochs 8 and 9 follow the 9-epoch schedule: 0.1·(9−e)/20.
  await resumeTraining(dir, { progress: quiet() }, { epochs: 9 });
  close(epochLrs(dir), [...expected, 0.01, 0.005], 'resumed to 9 epochs');
});

test('tsnas train --lr-schedule step|linear: lr per epoch, config.json, and what is refused', () => {
  const out = join(root, 'cli-step');
  const data = [...syntheticData(16, 3), '--arch', 'DARTS_V2', '--init-channels', '4', '--layers', '3', '--batch-size', '8', '--test-subset', '8'];
  const common = [...data, '--drop-path', '0', '--no-tensorboard', '--lr', '0.1'];
  tsnasOk('train', ...common, '--epochs', '3', '--lr-schedule', 'step', '--lr-gamma', '0.5', '--warmup-epochs', '2', '--out', out);
  close(epochLrs(out), [0.05, 0.05, 0.025], 'step γ 0.5 with warm-up 2');
  const config = JSON.parse(readFileSync(join(out, 'config.json'), 'utf8')) as { config: Record<string, unknown> };
  assert.deepEqual(
    ['lr-schedule', 'lr-gamma', 'lr-step', 'warmup-epochs'].map((k) => config.config[k]),
    ['step', 0.5, 1, 2],
  );
  // The recorded schedule survives --resume --epochs: epoch 4 at 0.1·0.5³.
  tsnasOk('train', '--resume', out, '--epochs', '4');
  close(epochLrs(out), [0.05, 0.05, 0.025, 0.0125], 'resumed to 4 epochs');

  const cosine = join(root, 'cli-cosine');
  tsnasOk('train', ...common, '--epochs', '2', '--out', cosine);
  const recorded = (JSON.parse(readFileSync(join(cosine, 'config.json'), 'utf8')) as { config: Record<string, unknown> }).config;
  assert.equal(recorded['lr-schedule'], 'cosine');
  assert.equal('lr-gamma' in recorded, false, 'a cosine run records no step parameters');
  close(epochLrs(cosine), [0.1, 0.05], 'cosine to 0 over 2 epochs');

  const gammaWithCosine = tsnas('train', ...common, '--epochs', '2', '--lr-gamma', '0.5', '--out', join(root, 'refused-1'));
  assert.equal(gammaWithCosine.status, 1);
  assert.match(gammaWithCosine.stderr, /--lr-gamma sets the step schedule: it needs --lr-schedule step \(the schedule is cosine\)/);
  const shortLinear = tsnas('train', ...common, '--epochs', '5', '--lr-schedule', 'linear', '--out', join(root, 'refused-2'));
  assert.equal(shortLinear.status, 1);
  assert.match(shortLinear.stderr, /--lr-schedule linear needs --epochs above 5 .*got 5/);
});
