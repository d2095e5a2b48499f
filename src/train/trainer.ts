// Training a genotype from scratch (spec §4 train.py): SGD with cosine annealing to 0 (or the step and linear
// schedules of the ImageNet scripts, with or without warm-up), drop path ramped
// linearly, optional auxiliary head and cutout, gradient clipping; test accuracy every epoch; checkpoints in the
// layout of the reference's checkpoint dicts ({epoch, state_dict, best_acc_top1, optimizer}).
import { type DatasetName, DataLoader, defaultTransforms, splitTrainVal } from '../data/index.js';
import { convertSyncBatchNorm, DistributedDataParallel, type ProcessGroup } from '../distributed/index.js';
import { type PickleTree, saveTorchStateDict } from '../io/index.js';
import type { EvalNetwork } from '../nas/eval/networks.js';
import { field, optimizerStateFrom, tensorMap } from '../nas/search/state.js';
import {
  finiteProbe,
  listNames,
  nonFiniteTensors,
  openResumableRun,
  prepareRun,
  type ResumeChanges,
  type RunHooks,
  RunInterrupted,
} from './session.js';
import { type EpochRunOptions, loadRunDataset, RunLoop } from './run-loop.js';
import { isOutOfMemory } from '../nas/search/memory-estimate.js';
import { functional as F } from '../nn/index.js';
import {
  ChainedScheduler,
  CosineAnnealingLR,
  clipGradNorm,
  GradScaler,
  LinearDecayLR,
  LinearLR,
  type LRScheduler,
  SGD,
  StepLR,
} from '../optim/index.js';
import { autocast, isFloatingPoint, manualSeed, noGrad, ops, type Tensor, tidy } from '../tensor/index.js';
import { deferredResult, type LazyStepResult } from '../nas/search/lazy-result.js';
import {
  buildEvalNetwork,
  checkEvalNetworkSize,
  checkNetworkMetadata,
  evalArchFromJson,
  type EvalArch,
  evalArchToJson,
  networkMetadata,
  resolveEvalArch,
} from './arch.js';
import type { DerivationMode } from '../nas/cell-plan.js';
import type { PoolBn } from '../nas/ops/registry.js';
import { evalShard, parallelConfig, parallelNote, sumOverRanks, trainShard } from './parallel.js';
import { Progress } from './progress.js';
import { RunEvents } from './run-events.js';

/**
 * The learning-rate schedules of training, set once per epoch from the 0-based epoch: `cosine` (DARTS' train.py, to
 * lrMin), `step` (DARTS' train_imagenet.py: × lrGamma every lrStep epochs), `linear` (P-DARTS' and EvNAS'
 * train_imagenet.py `adjust_lr`: to lr0 / (E − 5) at E − 5, then a 5 times smaller slope over the last 5 epochs).
 */
export const LR_SCHEDULES = ['cosine', 'step', 'linear'] as const;
export type LrScheduleName = (typeof LR_SCHEDULES)[number];

/** The last epochs of the `linear` schedule that decay on their own, smaller slope (P-DARTS: 5). */
export const LINEAR_TAIL_EPOCHS = 5;

/** What picks the lr of each epoch: the schedule, its parameters, the warm-up. */
export interface LrScheduleOptions {
  epochs: number;
  lrMin: number;
  /** Default cosine. */
  lrSchedule?: LrScheduleName;
  /** step: the factor (default 0.97, DARTS' train_imagenet.py). */
  lrGamma?: number;
  /** step: epochs between two decays (default 1). */
  lrStep?: number;
  /**
   * Linear warm-up on top of the schedule: epoch e < W trains at the schedule's lr × (e + 1) / W, as P-DARTS'
   * train_imagenet.py does with W = 5 when its batch is above 256. 0 or 1: none.
   */
  warmupEpochs?: number;
}

/**
 * The scheduler of a training run's lr: construct it on the optimizer (lr0 = its lr), then `step(epoch)` at the start
 * of each 0-based epoch. Closed form over `o.epochs`, so a resume (with `--epochs N`: over the new total) needs no
 * saved scheduler state: the epochs done keep their lrs, the next ones follow the schedule of the whole run.
 */
export function trainLrScheduler(optimizer: SGD, o: LrScheduleOptions): LRScheduler {
  const schedule = o.lrSchedule ?? 'cosine';
  let main: LRScheduler;
  if (schedule === 'step') main = new StepLR(optimizer, o.lrStep ?? 1, o.lrGamma ?? 0.97);
  else if (schedule === 'linear') main = new LinearDecayLR(optimizer, o.epochs, LINEAR_TAIL_EPOCHS);
  else main = new CosineAnnealingLR(optimizer, o.epochs, o.lrMin);
  const w = o.warmupEpochs ?? 0;
  // LinearLR from 1/W reaches 1 after W − 1 epochs: the factor (e + 1) / W of the reference.
  return w > 1 ? new ChainedScheduler([new LinearLR(optimizer, 1 / w, 1, w - 1), main]) : main;
}

export interface TrainOptions extends EpochRunOptions, LrScheduleOptions {
  arch: string;
  /** 'affine': pt.darts' evaluation cell, an affine BN after each pooling op (DropNAS); default 'none'. */
  poolBn?: PoolBn;
  /** A per-cell genotype deepened beyond its genes: where the reductions go (default 'paper'). */
  derivation?: DerivationMode;
  lr: number;
  lrMin: number;
  momentum: number;
  /** Nesterov momentum (NAS-Bench-201's protocol; DARTS' train.py has none). */
  nesterov?: boolean;
  weightDecay: number;
  /** Global gradient-norm clip; 0 clips nothing (NAS-Bench-201's protocol). */
  gradClip: number;
  auxiliary: boolean;
  auxiliaryWeight: number;
  cutout: boolean;
  cutoutLength: number;
  /** Final drop-path probability; epoch e uses dropPath·e/epochs. */
  dropPath: number;
  labelSmoothing: number;
  testSubset?: number;
  /** Mixed precision (--amp): float16 autocast + GradScaler on CUDA, bfloat16 autocast on CPU. */
  amp?: boolean;
  /** Skip up to this many updates whose loss or gradient norm is NaN or infinite before stopping the run (default 0). */
  skipNonFiniteSteps?: number;
  /**
   * Train on the first floor(trainPortion·N) training images only and evaluate the rest, a validation split, every
   * epoch (valTop1 in metrics.jsonl, `val` in result.json), as a search does; unset or 1: no validation split. What
   * picks a cell by validation (DARTS' selection protocol, the select stage of `tsnas experiment`) reads it.
   */
  trainPortion?: number;
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

/** How a per-cell (D-DARTS) genotype's network relates to its genes, for the run's output (spec ddarts §7). */
function perCellDepthNote(genotype: EvalArch, layers: number, derivation: DerivationMode | undefined): string | undefined {
  if (genotype.kind !== 'nested') return undefined;
  const genes = genotype.genes.length;
  if (layers === genes) return `per-cell genotype at its own depth: ${genes} cells, one per gene (--layers L > ${genes} derives a deeper network)`;
  if (layers > genes) return `per-cell genotype derived from its ${genes} genes to ${layers} cells (--derivation ${derivation ?? 'paper'})`;
  return `per-cell genotype cut to its first ${layers} of ${genes} cells`;
}

export function familyOf(dataset: DatasetName): 'cifar' | 'imagenet' {
  return dataset === 'imagenet' ? 'imagenet' : 'cifar';
}

/**
 * Top-1 / top-5 (%) and mean cross-entropy of a network over a loader, in eval mode. With a process group, over the
 * samples of every rank's loader (each its evaluation shard).
 */
export async function evaluateNetwork(net: EvalNetwork, loader: DataLoader, group?: ProcessGroup): Promise<EvalResult> {
  const wasTraining = net.training;
  net.eval();
  let c1 = 0,
    c5 = 0,
    lossSum = 0,
    n = 0;
  try {
    for await (const b of loader) {
      const [loss, t1, t5] = tidy(() =>
        noGrad(() => {
          const { logits } = net.forward(b.x);
          const [a1, a5] = F.accuracy(logits, b.y, [1, 5]);
          return [F.crossEntropy(logits, b.y).item(), a1!, a5!];
        }),
      );
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
  [c1, c5, lossSum, n] = sumOverRanks(group, [c1, c5, lossSum, n]) as [number, number, number, number];
  return { top1: n ? (100 * c1) / n : 0, top5: n ? (100 * c5) / n : 0, loss: n ? lossSum / n : 0, samples: n };
}

export interface TrainStepOptions {
  /** 0: no clipping (the norm is still measured). */
  gradClip: number;
  auxiliaryWeight: number;
  labelSmoothing?: number;
  /**
   * Mixed precision: forward and loss under autocast for `device` (float16 on CUDA, bfloat16 on CPU); with a scaler
   * (CUDA float16) the loss is scaled for backward and the gradients unscaled before clipping, and a step whose
   * gradients overflowed is skipped (GradScaler).
   */
  amp?: { device: string; scaler?: GradScaler };
  /**
   * Reads the loss, the gradient norm and the norm of the BN running statistics before the update (one host read) and
   * skips the step when any is NaN or infinite, so a diverging step never reaches the weights or the statistics.
   * (With a GradScaler the scaler does this itself.)
   */
  skipNonFinite?: boolean;
  /** With skipNonFinite: a skipped step also leaves the BN running statistics as they were (one buffer copy a step). */
  undoSkippedStatistics?: boolean;
  /** Data parallelism: the skip decision is taken on the numbers of all ranks, so that every rank skips alike. */
  processGroup?: ProcessGroup;
}

export interface TrainStepResult extends LazyStepResult {
  /** Set when skipNonFinite skipped the update: what was not finite. */
  skipped?: string;
}

/**
 * One training step of train.py (spec §4): CE (+ auxiliaryWeight · CE of the auxiliary head), backward, global-norm
 * clip, SGD step. Returns without reading the device (unless skipNonFinite); loss and top-1 accuracy are read from
 * the result when wanted.
 */
export function trainStep(net: EvalNetwork, optimizer: SGD, batch: { x: Tensor; y: Tensor }, o: TrainStepOptions): TrainStepResult {
  optimizer.zeroGrad();
  const scaler = o.amp?.scaler;
  let skipped: string | undefined;
  const guard = o.skipNonFinite && !scaler;
  const buffers = guard ? net.buffers().filter((b) => isFloatingPoint(b.dtype)) : [];
  // A step skipped to go on must leave no trace: its forward updated the BN running statistics (with non-finite
  // values, as likely as not), so they are copied before and put back. A run that stops at the step needs no copy.
  const savedBuffers = o.undoSkippedStatistics && buffers.length > 0 ? noGrad(() => ops.foreachAdd(buffers, 0)) : [];
  const result = tidy(() => {
    const { loss, logits } = autocast(
      () => {
        const out = net.forward(batch.x);
        let l = F.crossEntropy(out.logits, batch.y, { labelSmoothing: o.labelSmoothing ?? 0 });
        if (out.logitsAux) l = l.add(F.crossEntropy(out.logitsAux, batch.y, { labelSmoothing: o.labelSmoothing ?? 0 }).mul(o.auxiliaryWeight));
        return { loss: l, logits: out.logits };
      },
      { device: o.amp?.device ?? 'cpu', enabled: o.amp !== undefined },
    );
    (scaler ? scaler.scale(loss) : loss).backward();
    if (scaler) scaler.unscale_(optimizer);
    // A clip at infinity scales by 1: the norm the non-finite guard reads, without clipping.
    const norm = clipGradNorm(net.parameters(), o.gradClip > 0 ? o.gradClip : Infinity);
    if (guard) {
      const read = [loss.detach(), norm, ...(buffers.length > 0 ? [finiteProbe(buffers)] : [])];
      const [l, n, b] = noGrad(() => {
        const probe = ops.stack(read.map((t) => t.to({ dtype: 'float32' })));
        o.processGroup?.allReduce(probe, 'sum');
        return probe.toArray() as number[];
      });
      if (!Number.isFinite(l)) skipped = `the training loss is ${l}`;
      else if (!Number.isFinite(n)) skipped = `the gradient norm is ${n}`;
      else if (b !== undefined && !Number.isFinite(b)) skipped = 'the BatchNorm running statistics became NaN or infinite';
    }
    return deferredResult(loss, logits, batch.y);
  });
  if (skipped) {
    optimizer.zeroGrad();
    if (savedBuffers.length > 0)
      noGrad(() => {
        ops.foreachZero_(buffers);
        ops.foreachAdd_(buffers, savedBuffers, 1);
      });
  }
  for (const b of savedBuffers) b.dispose();
  if (skipped) return { ...result, skipped };
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
export function resumeTraining(dir: string, hooks: RunHooks = {}, changes: ResumeChanges = {}): Promise<TrainResult> {
  return train(undefined, dir, hooks, changes);
}

async function train(
  options: TrainOptions | undefined,
  resumeDir: string | undefined,
  hooks: RunHooks,
  changes: ResumeChanges = {},
): Promise<TrainResult> {
  const started = performance.now();
  const group = hooks.processGroup;
  const prepared = prepareRun('train', options, resumeDir, hooks, changes);
  const o = prepared.options;
  // A resumed run trains the genotype recorded in its config, so it does not depend on --arch still resolving.
  const genotype = prepared.resume
    ? evalArchFromJson(prepared.resume.readJson<{ genotype: unknown }>('config.json').genotype)
    : resolveEvalArch(o.arch).genotype;
  const arch = { name: o.arch, genotype };
  const progress = hooks.progress ?? new Progress('train');
  manualSeed(o.seed);
  // Everything that can fail on bad input (genotype, data, network) is checked before the run directory is made.
  const full = await loadRunDataset(o, 'train');
  const { train, val } = o.trainPortion !== undefined && o.trainPortion < 1 ? splitTrainVal(full, o.trainPortion) : { train: full, val: undefined };
  const test = await loadRunDataset(o, 'test', o.testSubset ?? o.subset);
  const trainTransforms = defaultTransforms(train, { train: true, cutout: o.cutout ? o.cutoutLength : false, autoAugment: o.autoAugment });
  const settings = {
    family: familyOf(o.dataset),
    channels: o.channels,
    layers: o.layers,
    numClasses: train.numClasses,
    auxiliary: o.auxiliary,
    inChannels: train.channels,
    ...(o.poolBn !== undefined && o.poolBn !== 'none' && { poolBn: o.poolBn }),
    ...(genotype.kind === 'nested' && { derivation: o.derivation ?? 'paper' }),
  };
  checkEvalNetworkSize(arch.genotype, o.channels, o.layers);
  const net = buildEvalNetwork(arch.genotype, settings);
  // The genotype and network settings travel in every file of weights written, so eval and resume refuse a mismatch.
  const metadata = networkMetadata(arch.genotype, settings, { arch: arch.name, info: { dataset: o.dataset } });
  const { run, resumeFrom } = openResumableRun(prepared, CHECKPOINT_FORMAT, {
    checkMetadata: (found, path) => checkNetworkMetadata(found, metadata, { checkpoint: path, against: "the run's config.json" }),
    config: { genotype: evalArchToJson(arch.genotype), ...parallelConfig(group, o.syncBatchNorm === true) },
    release: () => net.dispose(),
  });
  if (o.device !== 'cpu') net.to({ device: o.device });
  if (o.syncBatchNorm && group) convertSyncBatchNorm(net, group);
  const events = o.tensorboard !== false && run.writes ? new RunEvents(run, o.config ?? o) : undefined;
  // After the move to the device: the reducer hooks the tensors the network will train.
  const ddp = group && group.size > 1 ? new DistributedDataParallel(net, { processGroup: group }) : undefined;
  const params = net.numParameters((n) => !n.includes('auxiliary'));
  const held = val ? ` (${val.length} more held out for validation)` : '';
  progress.note(
    `train ${arch.name}: ${(params / 1e6).toFixed(3)} M parameters (excl. aux head), ${train.length} training images${held} → ${run.dir}`,
  );
  const depth = perCellDepthNote(genotype, o.layers, settings.derivation);
  if (depth) progress.note(depth);
  const parallel = parallelNote(group, o.batchSize);
  if (parallel) progress.note(parallel);
  const optimizer = new SGD(net.parameters(), { lr: o.lr, momentum: o.momentum, nesterov: o.nesterov === true, weightDecay: o.weightDecay });
  const scheduler = trainLrScheduler(optimizer, o);
  const amp = o.amp ? { device: o.device, scaler: o.device.startsWith('cuda') ? new GradScaler() : undefined } : undefined;
  const trainLoader = new DataLoader(train, {
    batchSize: o.batchSize,
    seed: o.seed,
    workers: o.workers,
    device: o.device,
    transforms: trainTransforms,
    shard: trainShard(group),
  });
  const evalLoader = (ds: typeof test): DataLoader =>
    new DataLoader(ds, { batchSize: Math.max(o.batchSize, 64), shuffle: false, workers: o.workers, device: o.device, shard: evalShard(group) });
  const testLoader = evalLoader(test);
  const valLoader = val && evalLoader(val);
  const allowedSkips = o.skipNonFiniteSteps ?? 0;

  let bestTop1 = -1;
  let lr = o.lr;
  let final: EvalResult = { top1: 0, top5: 0, loss: 0, samples: 0 };
  let finalVal: EvalResult | undefined;
  const loop = new RunLoop({
    kind: 'train',
    prepared,
    run,
    resumeFrom,
    progress,
    hooks,
    epochs: o.epochs,
    loader: trainLoader,
    format: CHECKPOINT_FORMAT,
    metadata,
    events,
    checkpointMinutes: o.checkpointInterval,
    allowedSkips,
    advice: () => `Try a lower --lr (now ${o.lr}), a smaller --grad-clip (now ${o.gradClip}), or --skip-nonfinite-steps N to skip up to N such steps`,
    interrupted: (signal) => new TrainingInterrupted(run.dir, signal),
    content: (runState) => [
      ['state_dict', net.stateDict()],
      ['best_acc_top1', bestTop1],
      ['optimizer', optimizer.stateDict() as unknown as PickleTree],
      ...runState,
    ],
  });

  try {
    return await loop.run({
      restore: (ck) => {
        net.loadStateDict(tensorMap(field(ck, 'state_dict', 'checkpoint'), 'state_dict'));
        optimizer.loadStateDict(optimizerStateFrom(field(ck, 'optimizer', 'checkpoint'), 'optimizer'));
        bestTop1 = Number(field(ck, 'best_acc_top1', 'checkpoint'));
      },
      startEpoch: (epoch) => {
        scheduler.step(epoch);
        lr = scheduler.getLastLr()[0]!;
        net.dropPathProb = (o.dropPath * epoch) / o.epochs;
        net.train();
      },
      step: (b) => {
        let r: TrainStepResult;
        try {
          r = trainStep(net, optimizer, b, {
            gradClip: o.gradClip,
            auxiliaryWeight: o.auxiliaryWeight,
            labelSmoothing: o.labelSmoothing,
            amp,
            skipNonFinite: true,
            undoSkippedStatistics: allowedSkips > 0,
            processGroup: group,
          });
        } catch (e) {
          if (!isOutOfMemory(e)) throw e;
          throw new Error(
            `out of memory in a training step at batch size ${o.batchSize}: try --batch-size ${Math.max(1, o.batchSize >> 1)}` +
              `${o.amp ? '' : ' or --amp'}\n  ${(e as Error).message.split('\n')[0]}`,
            { cause: e },
          );
        }
        return { ...r.result(), lr, skipped: r.skipped };
      },
      endEpoch: async (epoch) => {
        // Every rank evaluates (and rank 0 saves) with rank 0's BN statistics.
        ddp?.syncBuffers();
        final = await evaluateNetwork(net, testLoader, group);
        finalVal = valLoader && (await evaluateNetwork(net, valLoader, group));
        const bad = nonFiniteTensors([...net.namedParameters(), ...net.namedBuffers()]);
        if (bad.length > 0) throw loop.diverged(epoch, undefined, `NaN or infinite values in ${listNames(bad)}`);
        if (!Number.isFinite(final.loss)) throw loop.diverged(epoch, undefined, `the test loss is ${final.loss}`);
        const isBest = final.top1 > bestTop1;
        if (isBest) bestTop1 = final.top1;
        const v = finalVal && `val top-1 ${finalVal.top1.toFixed(2)}% | `;
        return {
          summary: `${v ?? ''}test loss ${final.loss.toFixed(4)} top-1 ${final.top1.toFixed(2)}% top-5 ${final.top5.toFixed(2)}%${isBest ? ' (best)' : ''}`,
          evaluation: {
            ...(finalVal && { valLoss: finalVal.loss, valTop1: finalVal.top1, valTop5: finalVal.top5 }),
            testLoss: final.loss,
            testTop1: final.top1,
            testTop5: final.top5,
            lr,
            dropPath: net.dropPathProb,
          },
          best: isBest,
        };
      },
      saveBest: () => {
        if (run.writes) saveTorchStateDict(run.checkpointPath('best'), net.stateDict(), { metadata });
      },
      finish: async () => {
        // The final weights as a plain PyTorch state_dict: loads into the reference NetworkCIFAR key for key.
        if (run.writes) saveTorchStateDict(run.path('model.pt'), net.stateDict(), { metadata });
        const seconds = (performance.now() - started) / 1000;
        run.writeJson('result.json', { final, ...(finalVal && { val: finalVal }), bestTop1, seconds, params, skippedSteps: loop.skippedSteps });
        return { dir: run.dir, final, bestTop1, seconds, params };
      },
    });
  } finally {
    await Promise.all([trainLoader.close(), testLoader.close(), valLoader?.close()]);
    optimizer.dispose();
    amp?.scaler?.dispose();
    ddp?.dispose();
    net.dispose();
  }
}

export class TrainingInterrupted extends RunInterrupted {
  constructor(dir: string, signal = 'SIGINT') {
    super('train', dir, signal);
  }
}
