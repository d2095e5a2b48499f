// The DARTS operation set (spec §1.2) as modules whose children are numbered exactly as the reference
// implementations', so state_dict keys (`op.1.weight`, `conv_1.weight`, `bn.running_mean`) match PyTorch's.
import {
  AvgPool2d, BatchNorm2d, Conv2d, Identity, MaxPool2d, Module, ReLU, Sequential, type TensorModule,
} from '../../nn/index.js';
import { cat, type Tensor } from '../../tensor/index.js';

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

/** ReLU → Conv(k, stride, pad) → BN: `op.1.weight`, `op.2.*`. */
export class ReLUConvBN extends Module implements TensorModule, PreActivated {
  readonly op: Sequential;
  constructor(cIn: number, cOut: number, kernel: number, stride: number, padding: number, affine: boolean) {
    super();
    this.op = this.registerModule('op', new Sequential(
      new ReLU(), new Conv2d(cIn, cOut, kernel, { stride, padding, bias: false }), new BatchNorm2d(cOut, { affine })));
  }
  forward(x: Tensor): Tensor {
    return this.op.forward(x);
  }
  forwardPreActivated(rx: Tensor): Tensor {
    return this.op.at(2).forward(this.op.at(1).forward(rx));
  }
}

/** ReLU → depthwise k×k (dilation d, stride s) → pointwise 1×1 → BN: `op.1`, `op.2`, `op.3`. */
export class DilConv extends Module implements TensorModule, PreActivated {
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
  forwardPreActivated(rx: Tensor): Tensor {
    const l = this.op.layers;
    return l[3]!.forward(l[2]!.forward(l[1]!.forward(rx)));
  }
}

/** Two stacked depthwise-separable blocks; stride only in the first: `op.1..3` and `op.5..7`. */
export class SepConv extends Module implements TensorModule, PreActivated {
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
  forwardPreActivated(rx: Tensor): Tensor {
    let y = rx;
    for (let i = 1; i < this.op.layers.length; i++) y = this.op.layers[i]!.forward(y);
    return y;
  }
}

/** ReLU → conv 1×7 → conv 7×1 → BN, a bare sequence (`1.weight`, `2.weight`, `3.*`). */
export class Conv7x1x1x7 extends Sequential implements PreActivated {
  constructor(c: number, stride: number, affine: boolean) {
    super(
      new ReLU(),
      new Conv2d(c, c, [1, 7], { stride: [1, stride], padding: [0, 3], bias: false }),
      new Conv2d(c, c, [7, 1], { stride: [stride, 1], padding: [3, 0], bias: false }),
      new BatchNorm2d(c, { affine }));
  }
  forwardPreActivated(rx: Tensor): Tensor {
    let y = rx;
    for (let i = 1; i < this.layers.length; i++) y = this.layers[i]!.forward(y);
    return y;
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
export class FactorizedReduce extends Module implements TensorModule, PreActivated {
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
  forward(x: Tensor): Tensor {
    return this.forwardPreActivated(x.relu());
  }
  forwardPreActivated(rx: Tensor): Tensor {
    const shifted = rx.slice(2, 1, null).slice(3, 1, null);
    return this.bn.forward(cat([this.conv1.forward(rx), this.conv2.forward(shifted)], 1));
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
};

export function createOp(name: string, c: number, stride: number, affine: boolean): TensorModule {
  const make = OPS[name];
  if (!make) throw new Error(`unknown operation '${name}' (known: ${Object.keys(OPS).join(', ')})`);
  return make(c, stride, affine);
}

export function isPooling(name: string): boolean {
  return name === 'max_pool_3x3' || name === 'avg_pool_3x3';
}
