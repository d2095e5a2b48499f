// The DARTS operation set (spec §1.2) as modules whose children are numbered exactly as the reference
// implementations', so state_dict keys (`op.1.weight`, `conv_1.weight`, `bn.running_mean`) match PyTorch's.
import {
  AvgPool2d, BatchNorm2d, catChannels, Conv2d, Identity, MaxPool2d, Module, ReLU, runChain, Sequential, type TensorModule,
} from '../../nn/index.js';
import type { Tensor } from '../../tensor/index.js';
import { RectConv, ResConv } from './dartopti.js';

/**
 * An op whose first layer is a ReLU on the input can take that ReLU precomputed: a MixedOp computes relu(x)
 * once and hands it to every such op (the math is unchanged; only duplicate ReLUs are saved).
 */
export interface PreActivated {
  forwardPreActivated(reluX: Tensor): Tensor;
}
export function isPreActivated(m: unknown): m is PreActivated {
  return typeof (m as Partial<PreActivated>).forwardPreActivated === 'function';
}

/**
 * An op that ends in a BatchNorm2d. A MixedOp folds its architecture weight into that BN when the BN has no affine
 * parameters (search time): w·BN(z) = BatchNorm2d.forwardScaled(z, w), one kernel instead of BN + multiply.
 */
export interface NormTerminated {
  /** Everything before the final BN: on x, or on relu(x) already computed when `preActivated` (a PreActivated op). */
  forwardBeforeNorm(x: Tensor, preActivated: boolean): Tensor;
  readonly finalNorm: BatchNorm2d;
}
export function isNormTerminated(m: unknown): m is NormTerminated {
  return typeof (m as Partial<NormTerminated>).forwardBeforeNorm === 'function';
}

/** A search-time pooling op and its non-affine BN (spec §1.3), as the reference's 2-element sequence (`1.*` keys). */
export class PoolBN extends Sequential implements NormTerminated {
  readonly finalNorm: BatchNorm2d;
  constructor(pool: TensorModule, c: number) {
    const bn = new BatchNorm2d(c, { affine: false });
    super(pool, bn);
    this.finalNorm = bn;
  }
  forwardBeforeNorm(x: Tensor): Tensor {
    return this.layers[0]!.forward(x);
  }
}

/** ReLU → Conv(k, stride, pad) → BN: `op.1.weight`, `op.2.*`. */
export class ReLUConvBN extends Module implements TensorModule, PreActivated, NormTerminated {
  readonly op: Sequential;
  constructor(cIn: number, cOut: number, kernel: number, stride: number, padding: number, affine: boolean) {
    super();
    this.op = this.registerModule('op', new Sequential(
      new ReLU(), new Conv2d(cIn, cOut, kernel, { stride, padding, bias: false }), new BatchNorm2d(cOut, { affine })));
  }
  get finalNorm(): BatchNorm2d {
    return this.op.layers[2] as BatchNorm2d;
  }
  forward(x: Tensor): Tensor {
    return this.op.forward(x);
  }
  forwardPreActivated(rx: Tensor): Tensor {
    return runChain(this.op.layers, rx, 1, 3);
  }
  forwardBeforeNorm(x: Tensor, preActivated: boolean): Tensor {
    return runChain(this.op.layers, x, preActivated ? 1 : 0, 2);
  }
}

/** ReLU → depthwise k×k (dilation d, stride s) → pointwise 1×1 → BN: `op.1`, `op.2`, `op.3`. */
export class DilConv extends Module implements TensorModule, PreActivated, NormTerminated {
  readonly op: Sequential;
  constructor(cIn: number, cOut: number, kernel: number, stride: number, padding: number, dilation: number, affine: boolean) {
    super();
    this.op = this.registerModule('op', new Sequential(
      new ReLU(),
      new Conv2d(cIn, cIn, kernel, { stride, padding, dilation, groups: cIn, bias: false }),
      new Conv2d(cIn, cOut, 1, { bias: false }),
      new BatchNorm2d(cOut, { affine })));
  }
  forward(x: Tensor): Tensor {
    return this.op.forward(x);
  }
  get finalNorm(): BatchNorm2d {
    return this.op.layers[3] as BatchNorm2d;
  }
  forwardPreActivated(rx: Tensor): Tensor {
    return runChain(this.op.layers, rx, 1, 4);
  }
  forwardBeforeNorm(x: Tensor, preActivated: boolean): Tensor {
    return runChain(this.op.layers, x, preActivated ? 1 : 0, 3);
  }
}

/** Two stacked depthwise-separable blocks; stride only in the first: `op.1..3` and `op.5..7`. */
export class SepConv extends Module implements TensorModule, PreActivated, NormTerminated {
  readonly op: Sequential;
  constructor(cIn: number, cOut: number, kernel: number, stride: number, padding: number, affine: boolean) {
    super();
    this.op = this.registerModule('op', new Sequential(
      new ReLU(),
      new Conv2d(cIn, cIn, kernel, { stride, padding, groups: cIn, bias: false }),
      new Conv2d(cIn, cIn, 1, { bias: false }),
      new BatchNorm2d(cIn, { affine }),
      new ReLU(),
      new Conv2d(cIn, cIn, kernel, { stride: 1, padding, groups: cIn, bias: false }),
      new Conv2d(cIn, cOut, 1, { bias: false }),
      new BatchNorm2d(cOut, { affine })));
  }
  forward(x: Tensor): Tensor {
    return this.op.forward(x);
  }
  get finalNorm(): BatchNorm2d {
    return this.op.layers[7] as BatchNorm2d;
  }
  forwardPreActivated(rx: Tensor): Tensor {
    return runChain(this.op.layers, rx, 1, 8);
  }
  forwardBeforeNorm(x: Tensor, preActivated: boolean): Tensor {
    return runChain(this.op.layers, x, preActivated ? 1 : 0, 7);
  }
}

/** ReLU → conv 1×7 → conv 7×1 → BN, a bare sequence (`1.weight`, `2.weight`, `3.*`). */
export class Conv7x1x1x7 extends Sequential implements PreActivated, NormTerminated {
  constructor(c: number, stride: number, affine: boolean) {
    super(
      new ReLU(),
      new Conv2d(c, c, [1, 7], { stride: [1, stride], padding: [0, 3], bias: false }),
      new Conv2d(c, c, [7, 1], { stride: [stride, 1], padding: [3, 0], bias: false }),
      new BatchNorm2d(c, { affine }));
  }
  get finalNorm(): BatchNorm2d {
    return this.layers[3] as BatchNorm2d;
  }
  forwardPreActivated(rx: Tensor): Tensor {
    return runChain(this.layers, rx, 1, 4);
  }
  forwardBeforeNorm(x: Tensor, preActivated: boolean): Tensor {
    return runChain(this.layers, x, preActivated ? 1 : 0, 3);
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

export type OpFactory = (c: number, stride: number, affine: boolean) => TensorModule;

/** OPS of the reference code bases, by primitive name. */
export const OPS: Readonly<Record<string, OpFactory>> = {
  none: (_c, stride) => new Zero(stride),
  avg_pool_3x3: (_c, stride) => new AvgPool2d(3, stride, 1, { countIncludePad: false }),
  max_pool_3x3: (_c, stride) => new MaxPool2d(3, stride, 1),
  skip_connect: (c, stride, affine) => (stride === 1 ? new Identity() : new FactorizedReduce(c, c, affine)),
  sep_conv_3x3: (c, stride, affine) => new SepConv(c, c, 3, stride, 1, affine),
  sep_conv_5x5: (c, stride, affine) => new SepConv(c, c, 5, stride, 2, affine),
  sep_conv_7x7: (c, stride, affine) => new SepConv(c, c, 7, stride, 3, affine),
  dil_conv_3x3: (c, stride, affine) => new DilConv(c, c, 3, stride, 2, 2, affine),
  dil_conv_5x5: (c, stride, affine) => new DilConv(c, c, 5, stride, 4, 2, affine),
  conv_7x1_1x7: (c, stride, affine) => new Conv7x1x1x7(c, stride, affine),
  // D-DARTS / DARTOpti (spec ddarts-dartopti §2.2); the reference's module names, so state_dict keys match.
  conv_3x1_1x3: (c, stride, affine) => new RectConv(c, c, 3, stride, affine),
  simple_conv_1x1: (c, stride, affine) => new ReLUConvBN(c, c, 1, stride, 0, affine),
  simple_conv_3x3: (c, stride, affine) => new ReLUConvBN(c, c, 3, stride, 1, affine),
  simple_conv_5x5: (c, stride, affine) => new ReLUConvBN(c, c, 5, stride, 2, affine),
  bottleneck_1x3x1: (c, stride, affine) => new ResConv(c, 4 * c, 3, stride, affine),
  bottleneck_1x5x1: (c, stride, affine) => new ResConv(c, 4 * c, 5, stride, affine),
};

export function createOp(name: string, c: number, stride: number, affine: boolean): TensorModule {
  const make = OPS[name];
  if (!make) throw new Error(`unknown operation '${name}' (known: ${Object.keys(OPS).join(', ')})`);
  return make(c, stride, affine);
}

export function isPooling(name: string): boolean {
  return name === 'max_pool_3x3' || name === 'avg_pool_3x3';
}
