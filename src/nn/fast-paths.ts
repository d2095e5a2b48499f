// Switches for tsnas' fast paths. Each one keeps the math of the straightforward formulation (test/perf/fast-paths
// checks every one against it within 1e-5) and is on by default; `setFastPaths('plain')` turns them all off, which
// is how the bench measures tsnas' own straightforward baseline and how the tests get their reference results.

import { cat, catDenseGrad, type Tensor } from '../tensor/index.js';

export interface FastPaths {
  /**
   * Supernets and evaluation networks hold their 4-d weights in channels_last (NHWC) and convert the input once per
   * forward, so every convolution, BN and pool runs on NHWC data (oneDNN's native layout on CPU). Read when a
   * network is built (or moved with `useMemoryFormat`); applies on CPU only unless `channelsLastOnCuda`.
   */
  channelsLast: boolean;
  channelsLastOnCuda: boolean;
  /**
   * MixedOp's Σ_k w_k·op_k(x): for an op that ends in a non-affine BatchNorm the weight w_k becomes that BN's
   * (channel-broadcast) weight, so BN(z)·w_k is one kernel whose output autograd does not keep; the terms are
   * accumulated in place into one buffer, and node sums in the cell likewise.
   */
  fusedWeightedSum: boolean;
  /** One relu(x) per MixedOp input, shared by every op that begins with a ReLU. */
  sharedRelu: boolean;
  /** In-place ops where autograd allows (ReLU on a BN output nobody else reads, accumulation buffers). */
  inplace: boolean;
  /**
   * Each backward computes only what its step consumes: the architecture step differentiates towards α only
   * (libtorch then skips every weight gradient), the bilevel weight step uses detached relaxed weights.
   */
  targetedBackward: boolean;
  /** Eval-mode inference with each BN folded into the convolution before it (Conv2d.forwardFolded). */
  foldBatchNorm: boolean;
  /**
   * A convolution whose stride equals its dilation (dil_conv in reduction cells: stride 2, dilation 2) runs as the
   * undilated convolution of the subsampled input (Conv2d.subsamplable): the same taps, a fast oneDNN kernel.
   */
  subsampledDilatedConv: boolean;
  /**
   * Channel concatenations (cell outputs, FactorizedReduce) hand each input a dense gradient (catDenseGrad) rather
   * than a strided view of the output's: CPU BatchNorm and elementwise backward kernels are several times slower on
   * channels_last views sliced along the channels.
   */
  denseCatGrad: boolean;
  /** Max pooling keeps no int64 indices for its backward (maxPool2dLean): the backward pools again instead. */
  leanMaxPool: boolean;
  /**
   * A depthwise convolution followed by a 1×1 one (sep_conv, dil_conv) keeps no inner map for the backward
   * (convPairRecompute): a backward that needs the 1×1 weight's gradient runs the depthwise convolution again; one
   * towards the input alone (the architecture step's) needs no inner map at all. Less activation memory (the search
   * step's peak RSS 540 → 482 MB at C8 L5 b16) for one more depthwise pass per weight step.
   */
  recomputeDepthwise: boolean;
}

const ALL_ON: FastPaths = {
  channelsLast: true,
  channelsLastOnCuda: false,
  fusedWeightedSum: true,
  sharedRelu: true,
  inplace: true,
  targetedBackward: true,
  foldBatchNorm: true,
  subsampledDilatedConv: true,
  denseCatGrad: true,
  leanMaxPool: true,
  recomputeDepthwise: true,
};
const ALL_OFF: FastPaths = {
  channelsLast: false,
  channelsLastOnCuda: false,
  fusedWeightedSum: false,
  sharedRelu: false,
  inplace: false,
  targetedBackward: false,
  foldBatchNorm: false,
  subsampledDilatedConv: false,
  denseCatGrad: false,
  leanMaxPool: false,
  recomputeDepthwise: false,
};

/** The current switches (read them; change them with setFastPaths / withFastPaths). */
export const fastPaths: Readonly<FastPaths> = { ...ALL_ON };

if (process.env.TSNAS_FAST_PATHS === '0') Object.assign(fastPaths, ALL_OFF);

/** Sets some switches, or all: 'plain' = all off, 'fast' = the defaults. Returns the previous settings. */
export function setFastPaths(p: Partial<FastPaths> | 'plain' | 'fast'): FastPaths {
  const prev = { ...fastPaths };
  Object.assign(fastPaths, p === 'plain' ? ALL_OFF : p === 'fast' ? ALL_ON : p);
  return prev;
}

/** Runs fn with some switches changed, restoring them afterwards. fn must be synchronous. */
export function withFastPaths<T>(p: Partial<FastPaths> | 'plain' | 'fast', fn: () => T): T {
  const prev = setFastPaths(p);
  try {
    return fn();
  } finally {
    setFastPaths(prev);
  }
}

/** Concatenates along the channels (dim 1), with dense input gradients when that fast path is on. */
export function catChannels(xs: readonly Tensor[]): Tensor {
  return fastPaths.denseCatGrad ? catDenseGrad(xs, 1) : cat(xs as Tensor[], 1);
}

/** The memory format networks built now should use on `device` (channels_last where the fast path applies). */
export function preferredMemoryFormat(device: string): 'channels_last' | 'contiguous' {
  if (!fastPaths.channelsLast) return 'contiguous';
  return device.startsWith('cuda') && !fastPaths.channelsLastOnCuda ? 'contiguous' : 'channels_last';
}

/** The device a `Module.to` target names, if any. */
export function targetDevice(target: string | { device?: string }): string | undefined {
  if (typeof target === 'string') return target === 'cpu' || target.startsWith('cuda') ? target : undefined;
  return target.device;
}
