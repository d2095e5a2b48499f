// Training a genotype from scratch (spec §4 train.py): SGD with cosine annealing to 0, drop path ramped
// linearly, optional auxiliary head and cutout, gradient clipping; test accuracy every epoch; checkpoints in the
// layout of the reference's checkpoint dicts ({epoch, state_dict, best_acc_top1, optimizer}).
import { type DatasetName, DataLoader, defaultTransforms, type ImageDataset, loadDataset } from '../data/index.js';
import { loadTorchCheckpoint, type PickleTree, saveTorchCheckpoint, saveTorchStateDict } from '../io/index.js';
import type { EvalNetwork } from '../nas/eval/networks.js';
import { field, optimizerStateFrom, tensorMap } from '../nas/search/state.js';
import { disposeTensors, Interruption, openRun, restoreRunState, type RunHooks, runStateEntries } from './session.js';
import { cosineLr } from '../nas/search/darts.js';
import { functional as F } from '../nn/index.js';
import { clipGradNorm, GradScaler, SGD } from '../optim/index.js';
import { autocast, manualSeed, noGrad, type Tensor, tidy } from '../tensor/index.js';
import { deferredResult, type LazyStepResult } from '../nas/search/lazy-result.js';
import { buildEvalNetwork, evalArchFromJson, evalArchToJson, resolveEvalArch } from './arch.js';
import { Progress } from './progress.js';

export interface TrainOptions {
  arch: string;
  dataset: DatasetName;
  data?: string;
  epochs: number;
  channels: number;
  layers: number;
  batchSize: number;
  lr: number;
  lrMin: number;
  momentum: number;
  weightDecay: number;
  gradClip: number;
  auxiliary: boolean;
  auxiliaryWeight: number;
  cutout: boolean;
  cutoutLength: number;
  /** Final drop-path probability; epoch e uses dropPath·e/epochs. */
  dropPath: number;
  labelSmoothing: number;
  seed: number;
  subset?: number;
  testSubset?: number;
  workers?: number;
  device: string;
  /** Mixed precision (--amp): float16 autocast + GradScaler on CUDA, bfloat16 autocast on CPU. */
  amp?: boolean;
  out?: string;
  synthetic?: { size?: number; classes?: number; count?: number; channels?: number };
}

export interface EvalResult {
  top1: number;
  top5: number;
  loss: number;
  samples: number;
}

export interface TrainResult {
  dir: string;
  final: EvalResult;
  bestTop1: number;
  seconds: number;
  params: number;
}

const CHECKPOINT_FORMAT = 'tsnas-train-1';

export function familyOf(dataset: DatasetName): 'cifar' | 'imagenet' {
  return dataset === 'imagenet' ? 'imagenet' : 'cifar';
}

/** Top-1 / top-5 (%) and mean cross-entropy of a network over a loader, in eval mode. */
export async function evaluateNetwork(net: EvalNetwork, loader: DataLoader): Promise<EvalResult> {
  const wasTraining = net.training;
  net.eval();
  let c1 = 0, c5 = 0, lossSum = 0, n = 0;
  try {
    for await (const b of loader) {
      const [loss, t1, t5] = tidy(() => noGrad(() => {
        const { logits } = net.forward(b.x);
        const [a1, a5] = F.accuracy(logits, b.y, [1, 5]);
        return [F.crossEntropy(logits, b.y).item(), a1!, a5!];
      }));
      const bs = b.y.shape[0]!;
      c1 += (t1 * bs) / 100;
      c5 += (t5 * bs) / 100;
      lossSum += loss * bs;
      n += bs;
      b.x.dispose();
      b.y.dispose();
    }
  } finally {
    net.train(wasTraining);
  }
  return { top1: n ? (100 * c1) / n : 0, top5: n ? (100 * c5) / n : 0, loss: n ? lossSum / n : 0, samples: n };
}

async function loadSplits(o: TrainOptions): Promise<{ train: ImageDataset; test: ImageDataset }> {
  const synthetic = o.synthetic ? { ...o.synthetic, seed: o.seed } : undefined;
  const train = await loadDataset(o.dataset, { root: o.data, split: 'train', subset: o.subset, synthetic });
  const test = await loadDataset(o.dataset, { root: o.data, split: 'test', subset: o.testSubset ?? o.subset, synthetic });
  return { train, test };
}

export interface TrainStepOptions {
  gradClip: number;
  auxiliaryWeight: number;
  labelSmoothing?: number;
  /**
   * Mixed precision: forward and loss under autocast for `device` (float16 on CUDA, bfloat16 on CPU); with a scaler
   * (CUDA float16) the loss is scaled for backward and the gradients unscaled before clipping, and a step whose
   * gradients overflowed is skipped (GradScaler).
   */
  amp?: { device: string; scaler?: GradScaler };
}

/**
 * One training step of train.py (spec §4): CE (+ auxiliaryWeight · CE of the auxiliary head), backward, global-norm
 * clip, SGD step. Returns without reading the device; loss and top-1 accuracy are read from the result when wanted.
 */
export function trainStep(net: EvalNetwork, optimizer: SGD, batch: { x: Tensor; y: Tensor }, o: TrainStepOptions): LazyStepResult {
  optimizer.zeroGrad();
  const scaler = o.amp?.scaler;
  const result = tidy(() => {
    const { loss, logits } = autocast(() => {
      const out = net.forward(batch.x);
      let l = F.crossEntropy(out.logits, batch.y, { labelSmoothing: o.labelSmoothing ?? 0 });
      if (out.logitsAux) l = l.add(F.crossEntropy(out.logitsAux, batch.y, { labelSmoothing: o.labelSmoothing ?? 0 }).mul(o.auxiliaryWeight));
      return { loss: l, logits: out.logits };
    }, { device: o.amp?.device ?? 'cpu', enabled: o.amp !== undefined });
    (scaler ? scaler.scale(loss) : loss).backward();
    if (scaler) scaler.unscale_(optimizer);
    clipGradNorm(net.parameters(), o.gradClip);
    return deferredResult(loss, logits, batch.y);
  });
  if (scaler) {
    scaler.step(optimizer);
    scaler.update();
  } else optimizer.step();
  return result;
}

export function runTraining(options: TrainOptions, hooks: RunHooks = {}): Promise<TrainResult> {
  return train(options, undefined, hooks);
}

/** Continues a training run from `dir`/checkpoints/last.pt with the options in its config.json. */
export function resumeTraining(dir: string, hooks: RunHooks = {}): Promise<TrainResult> {
  return train(undefined, dir, hooks);
}

async function train(options: TrainOptions | undefined, resumeDir: string | undefined, hooks: RunHooks): Promise<TrainResult> {
  const started = performance.now();
  const { run, options: o, resumed } = openRun('train', options, resumeDir,
    (opts) => ({ genotype: evalArchToJson(resolveEvalArch(opts.arch).genotype) }));
  // The run trains the genotype recorded in its config, so a resumed run does not depend on --arch still resolving.
  const arch = { name: o.arch, genotype: evalArchFromJson(run.readJson<{ genotype: unknown }>('config.json').genotype) };
  const progress = hooks.progress ?? new Progress('train');
  manualSeed(o.seed);
  const { train, test } = await loadSplits(o);
  const net = buildEvalNetwork(arch.genotype, {
    family: familyOf(o.dataset), channels: o.channels, layers: o.layers, numClasses: train.numClasses,
    auxiliary: o.auxiliary, inChannels: train.channels,
  });
  if (o.device !== 'cpu') net.to({ device: o.device });
  const params = net.numParameters((n) => !n.includes('auxiliary'));
  progress.note(`train ${arch.name}: ${(params / 1e6).toFixed(3)} M parameters (excl. aux head), ${train.length} training images → ${run.dir}`);
  const optimizer = new SGD(net.parameters(), { lr: o.lr, momentum: o.momentum, weightDecay: o.weightDecay });
  const amp = o.amp ? { device: o.device, scaler: o.device.startsWith('cuda') ? new GradScaler() : undefined } : undefined;
  const trainLoader = new DataLoader(train, {
    batchSize: o.batchSize, seed: o.seed, workers: o.workers, device: o.device,
    transforms: defaultTransforms(train, { train: true, cutout: o.cutout ? o.cutoutLength : false }),
  });
  const testLoader = new DataLoader(test, { batchSize: Math.max(o.batchSize, 64), shuffle: false, workers: o.workers, device: o.device });

  let startEpoch = 0;
  let bestTop1 = -1;
  if (resumed) {
    const ck = loadTorchCheckpoint(run.path('checkpoints', 'last.pt'));
    if (field(ck, 'format', 'checkpoint') !== CHECKPOINT_FORMAT) throw new Error(`${run.path('checkpoints', 'last.pt')} is not a tsnas training checkpoint`);
    net.loadStateDict(tensorMap(field(ck, 'state_dict', 'checkpoint'), 'state_dict'));
    optimizer.loadStateDict(optimizerStateFrom(field(ck, 'optimizer', 'checkpoint'), 'optimizer'));
    restoreRunState(ck, trainLoader);
    startEpoch = Number(field(ck, 'epoch', 'checkpoint'));
    bestTop1 = Number(field(ck, 'best_acc_top1', 'checkpoint'));
    progress.note(`resuming ${run.dir} at epoch ${startEpoch + 1}, batch ${trainLoader.position}`);
  }

  const saveCheckpoint = (name: string, epoch: number): void => {
    const state = runStateEntries(trainLoader);
    saveTorchCheckpoint(run.checkpointPath(name), new Map<PickleTree, PickleTree>([
      ['format', CHECKPOINT_FORMAT], ['epoch', epoch], ['state_dict', net.stateDict()], ['best_acc_top1', bestTop1],
      ['optimizer', optimizer.stateDict() as unknown as PickleTree], ...state,
    ]));
    disposeTensors(state);
  };

  const interruption = new Interruption(progress);
  let final: EvalResult = { top1: 0, top5: 0, loss: 0, samples: 0 };
  let totalSteps = 0;
  try {
    for (let epoch = startEpoch; epoch < o.epochs; epoch++) {
      const lr = cosineLr(epoch, o.epochs, o.lr, o.lrMin);
      for (const g of optimizer.paramGroups) g.lr = lr;
      net.dropPathProb = (o.dropPath * epoch) / o.epochs;
      net.train();
      progress.startEpoch(epoch, o.epochs, trainLoader.length);
      let step = trainLoader.position;
      for await (const b of trainLoader) {
        const r = trainStep(net, optimizer, b, { gradClip: o.gradClip, auxiliaryWeight: o.auxiliaryWeight, labelSmoothing: o.labelSmoothing, amp });
        const { loss, accuracy: acc } = r.result();
        const images = b.y.shape[0]!;
        b.x.dispose();
        b.y.dispose();
        progress.step({ loss, accuracy: acc, lr, images });
        run.appendMetrics({ type: 'step', epoch, step, loss, accuracy: acc, lr });
        step++;
        totalSteps++;
        if ((await interruption.requested()) || (hooks.stopAfterSteps !== undefined && totalSteps >= hooks.stopAfterSteps)) {
          saveCheckpoint('last', epoch);
          progress.note(`checkpoint saved: ${run.path('checkpoints', 'last.pt')}; continue with: tsnas train --resume ${run.dir}`);
          throw new TrainingInterrupted(run.dir);
        }
      }
      final = await evaluateNetwork(net, testLoader);
      const isBest = final.top1 > bestTop1;
      if (isBest) bestTop1 = final.top1;
      const ep = progress.endEpoch(`test loss ${final.loss.toFixed(4)} top-1 ${final.top1.toFixed(2)}% top-5 ${final.top5.toFixed(2)}%${isBest ? ' (best)' : ''}`);
      run.appendMetrics({ type: 'epoch', epoch, trainLoss: ep.loss, trainAccuracy: ep.accuracy, testLoss: final.loss,
        testTop1: final.top1, testTop5: final.top5, lr, dropPath: net.dropPathProb, seconds: ep.seconds, imagesPerSecond: ep.imagesPerSecond });
      saveCheckpoint('last', epoch + 1);
      if (isBest) saveTorchStateDict(run.checkpointPath('best'), net.stateDict());
    }
    // The final weights as a plain PyTorch state_dict: loads into the reference NetworkCIFAR key for key.
    saveTorchStateDict(run.path('model.pt'), net.stateDict());
    const seconds = (performance.now() - started) / 1000;
    run.writeJson('result.json', { final, bestTop1, seconds, params });
    return { dir: run.dir, final, bestTop1, seconds, params };
  } finally {
    interruption.dispose();
    await Promise.all([trainLoader.close(), testLoader.close()]);
    optimizer.dispose();
    amp?.scaler?.dispose();
    net.dispose();
  }
}

export class TrainingInterrupted extends Error {
  constructor(readonly dir: string) {
    super(`training interrupted; checkpoint saved in ${dir}/checkpoints/last.pt (resume with: tsnas train --resume ${dir})`);
  }
}
