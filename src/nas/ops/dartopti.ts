// The D-DARTS / DARTOpti operations that the DARTS op set lacks (spec ddarts-dartopti §2.2), with the reference's
// child numbering so state_dict keys match (`op.1.weight`, ...), and their registrations (DARTOPTI_OPS).
import { BatchNorm2d, Conv2d, ReLU } from '../../nn/index.js';
import { ChainOp } from './chain.js';
import { rectangularPairUnits, ReLUConvBN } from './darts.js';
import { alwaysFresh, normParameters, type OpSpec, weightedTermUnits } from './op-spec.js';

/**
 * "RectConv" (conv_3x1_1x3): ReLU [op.0]; full conv 1×k, stride (1, s), pad (0, k/2) [op.1]; full conv k×1, stride
 * (s, 1), pad (k/2, 0) [op.2]; BN [op.3]. Nothing between the two convolutions. 2·k·C² + 2C parameters.
 */
export class RectConv extends ChainOp {
  constructor(cIn: number, cOut: number, kernel: number, stride: number, affine: boolean) {
    const pad = (kernel - 1) / 2;
    super(
      new ReLU(),
      new Conv2d(cIn, cIn, [1, kernel], { stride: [1, stride], padding: [0, pad], bias: false }),
      new Conv2d(cIn, cOut, [kernel, 1], { stride: [stride, 1], padding: [pad, 0], bias: false }),
      new BatchNorm2d(cOut, { affine }),
    );
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
export class ResConv extends ChainOp {
  constructor(c: number, expanded: number, kernel: number, stride: number, affine: boolean) {
    super(
      new ReLU(),
      new Conv2d(c, c, 1, { bias: false }),
      new BatchNorm2d(c, { affine }),
      new Conv2d(c, c, kernel, { stride, padding: (kernel - 1) / 2, bias: false }),
      new BatchNorm2d(c, { affine }),
      new Conv2d(c, expanded, 1, { bias: false }),
      new BatchNorm2d(expanded, { affine }),
      new ReLU(),
      new Conv2d(expanded, c, 1, { bias: false }),
      new BatchNorm2d(c, { affine }),
    );
  }
}

/** The bottleneck's expansion: its middle 1×1 conv widens C to 4C. */
const BOTTLENECK_EXPANSION = 4;

function simpleConv(kernel: number): OpSpec {
  return {
    name: `simple_conv_${kernel}x${kernel}`,
    create: (c, stride, affine) => new ReLUConvBN(c, c, kernel, stride, (kernel - 1) / 2, affine),
    parameters: (c, _stride, affine) => kernel * kernel * c * c + normParameters(c, affine),
    // The conv output (BN's input).
    activationUnits: (_stride, paths) => ({ out: 1 + weightedTermUnits(paths), relu: true }),
    freshOutput: alwaysFresh,
  };
}

function bottleneck(kernel: number): OpSpec {
  const e = BOTTLENECK_EXPANSION;
  return {
    name: `bottleneck_1x${kernel}x1`,
    create: (c, stride, affine) => new ResConv(c, e * c, kernel, stride, affine),
    parameters: (c, _stride, affine) => (1 + kernel * kernel + 2 * e) * c * c + normParameters((3 + e) * c, affine),
    // Before the strided k×k conv, at the input's size (s² units each): the first 1×1's output (BN's input) and that
    // BN's output (the k×k conv's input). After it: the k×k output (BN's input), that BN's output (the expanding
    // conv's input), the 4C expansion (BN's input), its relu (the last conv's input; BN's output in place or not,
    // one 4C tensor), the last 1×1's output (the final BN's input).
    activationUnits: (stride, paths) => ({ out: 2 * stride * stride + 1 + 1 + e + e + 1 + weightedTermUnits(paths), relu: true }),
    freshOutput: alwaysFresh,
  };
}

/** The D-DARTS / DARTOpti ops beyond the DARTS ones (DDARTS_SPACE_OPS minus DARTS_SPACE_OPS). */
export const DARTOPTI_OPS: readonly OpSpec[] = [
  {
    name: 'conv_3x1_1x3',
    create: (c, stride, affine) => new RectConv(c, c, 3, stride, affine),
    parameters: (c, _stride, affine) => 2 * 3 * c * c + normParameters(c, affine),
    activationUnits: rectangularPairUnits,
    freshOutput: alwaysFresh,
  },
  simpleConv(1),
  simpleConv(3),
  simpleConv(5),
  bottleneck(3),
  bottleneck(5),
];
