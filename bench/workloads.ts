// The workloads of `npm run bench` (bench/run.ts): one definition each, read by the tsnas worker (bench/worker.ts)
// and turned into the configuration of the PyTorch side (bench/reference/darts_bench.py).
import type { Genotype } from '../src/nas/genotype/genotype.js';

export type WorkloadKind = 'search' | 'train' | 'infer';

export interface Workload {
  name: string;
  label: string;
  kind: WorkloadKind;
  /** Search method (search workloads). */
  method?: 'darts' | 'fairdarts' | 'dropnas';
  unrolled?: boolean;
  channels: number;
  layers: number;
  batch: number;
  size: number;
  inChannels: number;
  classes: number;
  /** Training workload: auxiliary head (weight 0.4) and drop-path probability. */
  auxiliary?: boolean;
  dropPath?: number;
  /** Default repetitions (timed steps) and warm-up steps; the command line can override. */
  reps: number;
  warmup: number;
  /** Targets on the tsnas / PyTorch ratios (time; peak RSS) - smaller is better; inference: throughput ratio. */
  timeTarget: number;
  memTarget?: number;
}

const small = { channels: 8, layers: 5, batch: 16, size: 28, inChannels: 3, classes: 10 };
const big = { channels: 16, layers: 8, batch: 32, size: 32, inChannels: 3, classes: 10 };

export const WORKLOADS: readonly Workload[] = [
  {
    name: 'darts-1st',
    label: 'DARTS search step, 1st order (C8 L5 b16 28px)',
    kind: 'search',
    method: 'darts',
    unrolled: false,
    ...small,
    reps: 6,
    warmup: 2,
    timeTarget: 0.5,
    memTarget: 0.6,
  },
  {
    name: 'darts-2nd',
    label: 'DARTS search step, 2nd order (C8 L5 b16 28px)',
    kind: 'search',
    method: 'darts',
    unrolled: true,
    ...small,
    reps: 3,
    warmup: 1,
    timeTarget: 0.5,
    memTarget: 0.6,
  },
  {
    name: 'darts-1st-c16',
    label: 'DARTS search step, 1st order (C16 L8 b32 32px)',
    kind: 'search',
    method: 'darts',
    unrolled: false,
    ...big,
    reps: 2,
    warmup: 1,
    timeTarget: 0.5,
    memTarget: 0.6,
  },
  {
    name: 'fairdarts',
    label: 'FairDARTS search step (C8 L5 b16 28px)',
    kind: 'search',
    method: 'fairdarts',
    unrolled: false,
    ...small,
    reps: 6,
    warmup: 2,
    timeTarget: 0.5,
    memTarget: 0.6,
  },
  {
    name: 'dropnas',
    label: 'DropNAS search step (C8 L5 b16 28px)',
    kind: 'search',
    method: 'dropnas',
    unrolled: false,
    ...small,
    reps: 6,
    warmup: 2,
    timeTarget: 0.5,
    memTarget: 0.6,
  },
  {
    name: 'train',
    label: 'DARTS_V2 train step (C16 L8 b64 32px, aux)',
    kind: 'train',
    channels: 16,
    layers: 8,
    batch: 64,
    size: 32,
    inChannels: 3,
    classes: 10,
    auxiliary: true,
    dropPath: 0,
    reps: 5,
    warmup: 2,
    timeTarget: 0.67,
  },
  {
    name: 'infer',
    label: 'DARTS_V2 inference (C16 L8 b128 32px)',
    kind: 'infer',
    channels: 16,
    layers: 8,
    batch: 128,
    size: 32,
    inChannels: 3,
    classes: 10,
    reps: 6,
    warmup: 2,
    timeTarget: 0.5,
  },
];

/** A workload of `npm run bench -- --data-parallel` (bench/data-parallel.ts): tsnas alone, no PyTorch side. */
export interface DataParallelWorkload extends Omit<Workload, 'timeTarget' | 'memTarget'> {
  /** Target on the throughput of 2 processes x 1 thread over 1 process x 1 thread, on the same global batch. */
  speedupTarget: number;
}

/**
 * The global batch is `batch` (64): one process takes all of it, each of two ranks half. The search step is the
 * DARTS papers' search network; the training step a DARTS_V2 network of the evaluation depth (20 cells) at C16,
 * whose step takes about a second on one core (C36 would take several).
 */
export const DATA_PARALLEL_WORKLOADS: readonly DataParallelWorkload[] = [
  {
    name: 'dp-darts-1st',
    label: 'DARTS search step, 1st order (C16 L8 b64 32px)',
    kind: 'search',
    method: 'darts',
    unrolled: false,
    ...big,
    batch: 64,
    reps: 5,
    warmup: 1,
    speedupTarget: 1.8,
  },
  {
    name: 'dp-train',
    label: 'DARTS_V2 train step (C16 L20 b64 32px, aux)',
    kind: 'train',
    ...big,
    layers: 20,
    batch: 64,
    auxiliary: true,
    dropPath: 0,
    reps: 7,
    warmup: 2,
    speedupTarget: 1.8,
  },
];

/** Optimiser settings both sides use (quark0/darts train_search.py / train.py; FairDARTS §11.3; DropNAS §3.8). */
export function hyper(w: Workload): Record<string, unknown> {
  if (w.kind !== 'search') return { lr: 0.025, momentum: 0.9, weight_decay: 3e-4, grad_clip: 5, auxiliary_weight: 0.4 };
  if (w.method === 'fairdarts')
    return {
      lr: 0.005,
      momentum: 0.9,
      weight_decay: 3e-4,
      grad_clip: 5,
      arch_lr: 3e-3,
      arch_betas: [0.9, 0.999],
      arch_weight_decay: 1e-3,
      zero_one_weight: 10,
      zero_one_loss: 'l2',
    };
  if (w.method === 'dropnas')
    return { lr: 0.0375, momentum: 0.9, weight_decay: 3e-4, grad_clip: 3, arch_lr: 3e-4, arch_betas: [0.5, 0.999], drop_rate: 3e-5 };
  return { lr: 0.025, momentum: 0.9, weight_decay: 3e-4, grad_clip: 5, arch_lr: 3e-4, arch_betas: [0.5, 0.999], arch_weight_decay: 1e-3 };
}

/** The PyTorch child's configuration (darts_bench.py). */
export function torchConfig(w: Workload, threads: number, init: string): Record<string, unknown> {
  return {
    kind: w.kind,
    method: w.method ?? 'darts',
    unrolled: w.unrolled ?? false,
    C: w.channels,
    layers: w.layers,
    batch: w.batch,
    size: w.size,
    in_channels: w.inChannels,
    classes: w.classes,
    auxiliary: w.auxiliary ?? false,
    drop_path: w.dropPath ?? 0,
    threads,
    init,
    ...hyper(w),
  };
}

/** DARTS_V2, verbatim from the spec's appendix A.1 (quark0/darts cnn/genotypes.py), as both sides build it. */
export const DARTS_V2: Genotype = {
  kind: 'darts',
  normal: [
    ['sep_conv_3x3', 0],
    ['sep_conv_3x3', 1],
    ['sep_conv_3x3', 0],
    ['sep_conv_3x3', 1],
    ['sep_conv_3x3', 1],
    ['skip_connect', 0],
    ['skip_connect', 0],
    ['dil_conv_3x3', 2],
  ],
  normalConcat: [2, 3, 4, 5],
  reduce: [
    ['max_pool_3x3', 0],
    ['max_pool_3x3', 1],
    ['skip_connect', 2],
    ['max_pool_3x3', 1],
    ['max_pool_3x3', 0],
    ['skip_connect', 2],
    ['skip_connect', 2],
    ['max_pool_3x3', 1],
  ],
  reduceConcat: [2, 3, 4, 5],
};
