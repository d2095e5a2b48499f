// Training an NB201 cell as the benchmark did (spec §5.4): NB201_TRAIN_DEFAULTS are `tsnas train` options (checked
// by the compiler) with the values of AutoDL's 200E.config, and the two things the trainer needed for them:
// `gradClip: 0` leaves the gradients alone, and `nesterov` reaches the run's SGD.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadTorchCheckpoint, type PickleTree } from '../../src/io/index.js';
import { parseNb201Arch } from '../../src/nas/genotype/nb201.js';
import { NB201_SEEDS, NB201_TRAIN_DEFAULTS, Nb201Network } from '../../src/nas/nb201/index.js';
import { functional as F } from '../../src/nn/index.js';
import { SGD } from '../../src/optim/index.js';
import { manualSeed, randint, randn, tidy } from '../../src/tensor/index.js';
import { Progress } from '../../src/train/progress.js';
import { runTraining, type TrainOptions, trainStep } from '../../src/train/trainer.js';

const INDEX1 = parseNb201Arch('|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|');

test("NB201_TRAIN_DEFAULTS: train's option names, AutoDL configs/nas-benchmark/hyper-opts/200E.config values", () => {
  const d: Partial<TrainOptions> = NB201_TRAIN_DEFAULTS;
  // 200E.config, verbatim (AutoDL-Projects commit 6effb6f1).
  const config = JSON.parse(`{
  "scheduler": ["str",   "cos"],
  "eta_min"  : ["float", "0.0"],
  "epochs"   : ["int",   "200"],
  "warmup"   : ["int",   "0"],
  "optim"    : ["str",   "SGD"],
  "LR"       : ["float", "0.1"],
  "decay"    : ["float", "0.0005"],
  "momentum" : ["float", "0.9"],
  "nesterov" : ["bool",  "1"],
  "criterion": ["str",   "Softmax"],
  "batch_size": ["int", "256"]
}`) as Record<string, [string, string]>;
  const value = (k: string): number => Number(config[k]![1]);
  assert.equal(d.epochs, value('epochs'));
  assert.equal(d.lr, value('LR'));
  assert.equal(d.lrMin, value('eta_min'));
  assert.equal(d.weightDecay, value('decay'));
  assert.equal(d.momentum, value('momentum'));
  assert.equal(d.nesterov, value('nesterov') === 1);
  assert.equal(d.batchSize, value('batch_size'));
  // The network (C = 16, N = 5) and what functions.py's training loop does not do: clip, aux head, cutout, drop path.
  assert.deepEqual([d.channels, d.layers, d.gradClip, d.auxiliary, d.cutout, d.dropPath, d.labelSmoothing], [16, 5, 0, false, false, 0, 0]);
  assert.deepEqual(NB201_SEEDS, [777, 888, 999]);
});

test('trainStep with gradClip 0 takes the plain SGD step (a tiny clip would change it)', () => {
  manualSeed(5);
  const make = (): Nb201Network => new Nb201Network(INDEX1, { channels: 4, cellsPerStage: 1, numClasses: 3, inChannels: 3 });
  const nets = [make(), make(), make()];
  for (const n of nets.slice(1)) n.loadStateDict(nets[0]!.stateDict());
  const batch = { x: randn([4, 3, 8, 8]).keep(), y: randint(0, 3, [4], { dtype: 'int64' }).keep() };
  const [unclipped, reference, clipped] = nets as [Nb201Network, Nb201Network, Nb201Network];
  const optimizers = nets.map((n) => new SGD(n.parameters(), { lr: 0.1, momentum: 0.9 }));
  for (let step = 0; step < 2; step++) {
    trainStep(unclipped, optimizers[0]!, batch, { gradClip: 0, auxiliaryWeight: 0 });
    // By hand: forward, cross-entropy, backward, step; no clipping anywhere.
    optimizers[1]!.zeroGrad();
    tidy(() => F.crossEntropy(reference.forward(batch.x).logits, batch.y).backward());
    optimizers[1]!.step();
    trainStep(clipped, optimizers[2]!, batch, { gradClip: 1e-3, auxiliaryWeight: 0 });
  }
  const weights = (n: Nb201Network): number[] => n.parameters().flatMap((p) => p.toArray() as number[]);
  assert.deepEqual(weights(unclipped), weights(reference));
  assert.notDeepEqual(weights(clipped), weights(reference));
  for (const t of [batch.x, batch.y]) t.dispose();
});

test('runTraining of an NB201 cell with the defaults: its SGD is Nesterov (the checkpoint says so)', async () => {
  const root = mkdtempSync(join(tmpdir(), 'tsnas-nb201-train-'));
  try {
    const r = await runTraining(
      {
        ...NB201_TRAIN_DEFAULTS,
        arch: '|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|',
        epochs: 1,
        channels: 4,
        layers: 1,
        batchSize: 16,
        auxiliaryWeight: 0,
        cutoutLength: 16,
        dataset: 'synthetic',
        synthetic: { size: 8, classes: 4, count: 32, channels: 1 },
        seed: 777,
        workers: 0,
        device: 'cpu',
        out: join(root, 'run'),
      },
      { progress: new Progress('test', process.stderr, true) },
    );
    const ck = loadTorchCheckpoint(join(r.dir, 'checkpoints', 'last.pt')) as Map<string, PickleTree>;
    const groups = (ck.get('optimizer') as Map<string, PickleTree>).get('param_groups') as Map<string, PickleTree>[];
    assert.deepEqual(
      groups.map((g) => [g.get('nesterov'), g.get('momentum'), g.get('weight_decay')]),
      [[true, 0.9, 0.0005]],
    );
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
