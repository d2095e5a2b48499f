// The DARTS operation set (spec §1.2) as modules whose children are numbered exactly as the reference
// implementations', so state_dict keys (`op.1.weight`, `conv_1.weight`, `bn.running_mean`) match PyTorch's, and
// their registrations (DARTS_OPS, see nas/ops/op-spec.ts).
import { AvgPool2d, BatchNorm2d, catChannels, Conv2d, type FastPaths, Identity, MaxPool2d, Module, ReLU, type TensorModule } from '../../nn/index.js';
import type { Tensor } from '../../tensor/index.js';
import { ChainOp, NormChain, type NormTerminated, type PreActivated, ReluNormChain } from './chain.js';
import { type ActivationUnits, alwaysFresh, normParameters, type OpSpec, weightedTermUnits } from './op-spec.js';

/**
 * A pooling op followed by its BN, as the reference's 2-element sequence (`1.*` keys): non-affine in every search
 * (spec §1.3), affine in pt.darts' evaluation network (its PoolBN, which DropNAS trains with: spec dropnas §2.6).
 */
export class PoolBN extends NormChain {
  constructor(pool: TensorModule, c: number, affine = false) {
    super(pool, new BatchNorm2d(c, { affine }));
  }
}

/** ReLU → Conv(k, stride, pad) → BN: `op.1.weight`, `op.2.*`. */
export class ReLUConvBN extends ChainOp {
  constructor(cIn: number, cOut: number, kernel: number, stride: number, padding: number, affine: boolean) {
    super(new ReLU(), new Conv2d(cIn, cOut, kernel, { stride, padding, bias: false }), new BatchNorm2d(cOut, { affine }));
  }
}

/** ReLU → depthwise k×k (dilation d, stride s) → pointwise 1×1 → BN: `op.1`, `op.2`, `op.3`. */
export class DilConv extends ChainOp {
  constructor(cIn: number, cOut: number, kernel: number, stride: number, padding: number, dilation: number, affine: boolean) {
    super(
      new ReLU(),
      new Conv2d(cIn, cIn, kernel, { stride, padding, dilation, groups: cIn, bias: false }),
      new Conv2d(cIn, cOut, 1, { bias: false }),
      new BatchNorm2d(cOut, { affine }),
    );
  }
}

/** Two stacked depthwise-separable blocks; stride only in the first: `op.1..3` and `op.5..7`. */
export class SepConv extends ChainOp {
  constructor(cIn: number, cOut: number, kernel: number, stride: number, padding: number, affine: boolean) {
    super(
      new ReLU(),
      new Conv2d(cIn, cIn, kernel, { stride, padding, groups: cIn, bias: false }),
      new Conv2d(cIn, cIn, 1, { bias: false }),
      new BatchNorm2d(cIn, { affine }),
      new ReLU(),
      new Conv2d(cIn, cIn, kernel, { stride: 1, padding, groups: cIn, bias: false }),
      new Conv2d(cIn, cOut, 1, { bias: false }),
      new BatchNorm2d(cOut, { affine }),
    );
  }
}

/** ReLU → conv 1×7 → conv 7×1 → BN, a bare sequence (`1.weight`, `2.weight`, `3.*`). */
export class Conv7x1x1x7 extends ReluNormChain {
  constructor(c: number, stride: number, affine: boolean) {
    super(
      new ReLU(),
      new Conv2d(c, c, [1, 7], { stride: [1, stride], padding: [0, 3], bias: false }),
      new Conv2d(c, c, [7, 1], { stride: [stride, 1], padding: [3, 0], bias: false }),
      new BatchNorm2d(c, { affine }),
    );
  }
}

/** 0·x (subsampled for stride 2): the DARTS 'none' op. */
export class Zero extends Module implements TensorModule {
  constructor(readonly stride: number) {
    super();
  }
  forward(x: Tensor): Tensor {
    if (this.stride === 1) return x.mul(0);
    return x.slice(2, 0, null, this.stride).slice(3, 0, null, this.stride).mul(0);
  }
}

/** ReLU; two 1×1 stride-2 convs, the second on x shifted by one pixel; concat; BN: `conv_1`, `conv_2`, `bn`. */
export class FactorizedReduce extends Module implements TensorModule, PreActivated, NormTerminated {
  readonly conv1: Conv2d;
  readonly conv2: Conv2d;
  readonly bn: BatchNorm2d;
  constructor(cIn: number, cOut: number, affine: boolean) {
    super();
    if (cOut % 2 !== 0) throw new Error(`FactorizedReduce: output channels must be even, got ${cOut}`);
    this.registerModule('relu', new ReLU());
    this.conv1 = this.registerModule('conv_1', new Conv2d(cIn, cOut / 2, 1, { stride: 2, bias: false }));
    this.conv2 = this.registerModule('conv_2', new Conv2d(cIn, cOut / 2, 1, { stride: 2, bias: false }));
    this.bn = this.registerModule('bn', new BatchNorm2d(cOut, { affine }));
  }
  get finalNorm(): BatchNorm2d {
    return this.bn;
  }
  forward(x: Tensor): Tensor {
    const rx = x.relu();
    const y = this.forwardPreActivated(rx);
    rx.dispose();
    return y;
  }
  forwardPreActivated(rx: Tensor): Tensor {
    const z = this.forwardBeforeNorm(rx, true);
    const y = this.bn.forward(z);
    z.dispose();
    return y;
  }
  forwardBeforeNorm(x: Tensor, preActivated: boolean): Tensor {
    const rx = preActivated ? x : x.relu();
    const a = rx.slice(2, 1, null);
    const shifted = a.slice(3, 1, null);
    const y1 = this.conv1.forward(rx);
    const y2 = this.conv2.forward(shifted);
    const z = catChannels([y1, y2]);
    for (const t of [a, shifted, y1, y2]) t.dispose();
    if (rx !== x) rx.dispose();
    return z;
  }
}

// Each activation-unit figure counts the distinct tensors of the search-time op that its backward keeps, as its
// comment lists them, plus the weighted sum's copy of the output when that is not fused.

/** Depthwise outputs the backward keeps: none with recomputeDepthwise (each is computed again from its input). */
function keptDepthwise(paths: Readonly<FastPaths>, depthwise: number): number {
  return paths.recomputeDepthwise ? 0 : depthwise;
}

function pooling(name: string, pool: (stride: number) => TensorModule & Module, poolKeeps: (paths: Readonly<FastPaths>) => number): OpSpec {
  return {
    name,
    create: (_c, stride) => pool(stride),
    parameters: () => 0,
    searchNorm: true,
    freshOutput: alwaysFresh,
    // The pooled map (the search BN's input) and what the pool's own backward keeps.
    activationUnits: (_stride, paths) => ({ out: 1 + poolKeeps(paths) + weightedTermUnits(paths), relu: false }),
  };
}

function sepConv(kernel: number): OpSpec {
  return {
    name: `sep_conv_${kernel}x${kernel}`,
    create: (c, stride, affine) => new SepConv(c, c, kernel, stride, (kernel - 1) / 2, affine),
    parameters: (c, _stride, affine) => 2 * (kernel * kernel * c + c * c + normParameters(c, affine)),
    // pointwise₁ (BN₁'s input), relu(BN₁), pointwise₂ (BN₂'s input) and the two depthwise outputs.
    activationUnits: (_stride, paths) => ({ out: 3 + keptDepthwise(paths, 2) + weightedTermUnits(paths), relu: true }),
    freshOutput: alwaysFresh,
  };
}

function dilConv(kernel: number): OpSpec {
  return {
    name: `dil_conv_${kernel}x${kernel}`,
    create: (c, stride, affine) => new DilConv(c, c, kernel, stride, kernel - 1, 2, affine),
    parameters: (c, _stride, affine) => kernel * kernel * c + c * c + normParameters(c, affine),
    // pointwise (BN's input) and the depthwise output; at stride 2 with subsampledDilatedConv also the subsampled
    // input the depthwise conv then runs on, and that pair is never recomputed.
    activationUnits: (stride, paths) => {
      const subsampled = stride === 2 && paths.subsampledDilatedConv;
      return { out: 1 + (subsampled ? 2 : keptDepthwise(paths, 1)) + weightedTermUnits(paths), relu: true };
    },
    freshOutput: alwaysFresh,
  };
}

/**
 * ReLU → conv 1×k (stride (1, s)) → conv k×1 (stride (s, 1)) → BN, the shape of conv_7x1_1x7 and D-DARTS'
 * conv_3x1_1x3: the first conv's output (H_out × W_in: s units) and the second's (BN's input).
 */
export function rectangularPairUnits(stride: number, paths: Readonly<FastPaths>): ActivationUnits {
  return { out: stride + 1 + weightedTermUnits(paths), relu: true };
}

/** The DARTS candidate ops and the hand-designed genotypes' extras (DARTS_SPACE_OPS). */
export const DARTS_OPS: readonly OpSpec[] = [
  {
    name: 'none',
    create: (_c, stride) => new Zero(stride),
    parameters: () => 0,
    activationUnits: (_stride, paths) => ({ out: weightedTermUnits(paths), relu: false }),
    // x·0 is fresh, but nothing has needed to sum into it.
    freshOutput: () => false,
  },
  pooling(
    'avg_pool_3x3',
    (stride) => new AvgPool2d(3, stride, 1, { countIncludePad: false }),
    () => 0,
  ),
  pooling(
    'max_pool_3x3',
    (stride) => new MaxPool2d(3, stride, 1),
    (paths) => (paths.leanMaxPool ? 0 : 2),
  ), // int64 indices
  {
    name: 'skip_connect',
    create: (c, stride, affine) => (stride === 1 ? new Identity() : new FactorizedReduce(c, c, affine)),
    parameters: (c, stride, affine) => (stride === 1 ? 0 : c * c + normParameters(c, affine)),
    // The identity keeps nothing, not even for the weighted sum (w·x keeps x, which is the node's value); the
    // FactorizedReduce keeps the concatenated halves (BN's input).
    activationUnits: (stride, paths) => (stride === 1 ? { out: 0, relu: false } : { out: 1 + weightedTermUnits(paths), relu: true }),
    freshOutput: (stride) => stride !== 1,
  },
  sepConv(3),
  sepConv(5),
  sepConv(7),
  dilConv(3),
  dilConv(5),
  {
    name: 'conv_7x1_1x7',
    create: (c, stride, affine) => new Conv7x1x1x7(c, stride, affine),
    parameters: (c, _stride, affine) => 14 * c * c + normParameters(c, affine),
    activationUnits: rectangularPairUnits,
    freshOutput: alwaysFresh,
  },
];
