// The D-DARTS / DARTOpti operations that the DARTS op set lacks (spec ddarts-dartopti §2.2), with the reference's
// child numbering so state_dict keys match (`op.1.weight`, ...). They are registered in nas/ops/operations.ts OPS
// (conv_3x1_1x3, bottleneck_1x3x1, bottleneck_1x5x1; simple_conv_* are ReLUConvBN there).
import { BatchNorm2d, Conv2d, Module, ReLU, runChain, Sequential, type TensorModule } from '../../nn/index.js';
import type { Tensor } from '../../tensor/index.js';

/**
 * "RectConv" (conv_3x1_1x3): ReLU [op.0]; full conv 1×k, stride (1, s), pad (0, k/2) [op.1]; full conv k×1, stride
 * (s, 1), pad (k/2, 0) [op.2]; BN [op.3]. Nothing between the two convolutions. 2·k·C² + 2C parameters.
 */
export class RectConv extends Module implements TensorModule {
  readonly op: Sequential;
  constructor(cIn: number, cOut: number, kernel: number, stride: number, affine: boolean) {
    super();
    const pad = (kernel - 1) / 2;
    this.op = this.registerModule('op', new Sequential(
      new ReLU(),
      new Conv2d(cIn, cIn, [1, kernel], { stride: [1, stride], padding: [0, pad], bias: false }),
      new Conv2d(cIn, cOut, [kernel, 1], { stride: [stride, 1], padding: [pad, 0], bias: false }),
      new BatchNorm2d(cOut, { affine })));
  }
  forward(x: Tensor): Tensor {
    return this.op.forward(x);
  }
  /** PreActivated / NormTerminated (nas/ops/operations.ts): the search MixedOp's shared-ReLU and folded-BN paths. */
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

/**
 * "ResConv" (bottleneck_1x3x1 with k = 3): ReLU [op.0]; 1×1 C→C [op.1]; BN(C) [op.2]; k×k C→C stride s [op.3];
 * BN(C) [op.4]; 1×1 C→4C [op.5]; BN(4C) [op.6]; ReLU [op.7]; 1×1 4C→C [op.8]; BN(C) [op.9]. No residual addition
 * and no ReLU between the first BNs, as in the reference. 18C² + 14C parameters for k = 3.
 *
 * The reference pads the k×k conv by 1 whatever k is, so its (unlisted) 5×5 variant shrinks the feature map and
 * cannot run inside a cell; tsnas pads by (k − 1) / 2 (identical for k = 3, the only listed variant).
 */
export class ResConv extends Module implements TensorModule {
  readonly op: Sequential;
  constructor(c: number, expanded: number, kernel: number, stride: number, affine: boolean) {
    super();
    this.op = this.registerModule('op', new Sequential(
      new ReLU(),
      new Conv2d(c, c, 1, { bias: false }),
      new BatchNorm2d(c, { affine }),
      new Conv2d(c, c, kernel, { stride, padding: (kernel - 1) / 2, bias: false }),
      new BatchNorm2d(c, { affine }),
      new Conv2d(c, expanded, 1, { bias: false }),
      new BatchNorm2d(expanded, { affine }),
      new ReLU(),
      new Conv2d(expanded, c, 1, { bias: false }),
      new BatchNorm2d(c, { affine })));
  }
  forward(x: Tensor): Tensor {
    return this.op.forward(x);
  }
  get finalNorm(): BatchNorm2d {
    return this.op.layers[9] as BatchNorm2d;
  }
  forwardPreActivated(rx: Tensor): Tensor {
    return runChain(this.op.layers, rx, 1, 10);
  }
  forwardBeforeNorm(x: Tensor, preActivated: boolean): Tensor {
    return runChain(this.op.layers, x, preActivated ? 1 : 0, 9);
  }
}
