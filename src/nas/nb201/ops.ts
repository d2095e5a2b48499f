// NAS-Bench-201 operations (spec §5.2) and the residual reduction block of the macro skeleton (§5.3), with the
// module names of D-X-Y/AutoDL-Projects `cell_operations.py`, so state_dict keys match PyTorch's
// (`op.1.weight`, `op.2.running_mean`, `conv_a.op.1.weight`, `downsample.1.weight`).
//
// They differ from the DARTS ops of the same names: `nor_conv_kxk` is ReLU → Conv k×k → BN (no separable
// conv), `avg_pool_3x3` has NO BatchNorm (in search models too), `skip_connect` is a plain identity.
import { AvgPool2d, BatchNorm2d, Conv2d, Identity, Module, ReLU, Sequential, type TensorModule } from '../../nn/index.js';
import type { Tensor } from '../../tensor/index.js';
import { didYouMean } from '../genotype/suggest.js';
import { NB201_PRIMITIVES } from '../genotype/primitives.js';
import { isPreActivated, type PreActivated } from '../ops/chain.js';

/** BN flags of an op: final networks use affine BN with running statistics; search models affine=False (spec §5.2). */
export interface Nb201BnFlags {
  affine: boolean;
  trackRunningStats: boolean;
}

export const NB201_FINAL_BN: Nb201BnFlags = { affine: true, trackRunningStats: true };
/** EvNAS / AutoDL search models: affine=False, `--track_running_stats 1` (spec §4.2, §5.2). */
export const NB201_SEARCH_BN: Nb201BnFlags = { affine: false, trackRunningStats: true };

/** An op that starts with ReLU(x) can take it precomputed (a mixed edge computes relu(x) once), as the DARTS ones. */
export type Nb201PreActivated = PreActivated;
export const isNb201PreActivated = isPreActivated;

/** AutoDL ReLUConvBN: ReLU → Conv(k, stride, pad, dilation, no bias) → BN; children `op.0..2`. */
export class Nb201ReLUConvBN extends Module implements TensorModule, PreActivated {
  readonly op: Sequential;
  constructor(cIn: number, cOut: number, kernel: number, stride: number, padding: number, dilation: number, bn: Nb201BnFlags, bias = false) {
    super();
    this.op = this.registerModule(
      'op',
      new Sequential(
        new ReLU(),
        new Conv2d(cIn, cOut, kernel, { stride, padding, dilation, bias }),
        new BatchNorm2d(cOut, { affine: bn.affine, trackRunningStats: bn.trackRunningStats }),
      ),
    );
  }
  forward(x: Tensor): Tensor {
    return this.op.forward(x);
  }
  forwardPreActivated(rx: Tensor): Tensor {
    return this.op.at(2).forward(this.op.at(1).forward(rx));
  }
}

/** AutoDL POOLING('avg'): [ReLUConvBN 1×1 when C_in ≠ C_out, never inside NB201 cells] → AvgPool 3×3, pad 1, count_include_pad=False. */
export class Nb201AvgPool extends Module implements TensorModule {
  readonly preprocess: Nb201ReLUConvBN | null;
  readonly op: AvgPool2d;
  constructor(cIn: number, cOut: number, stride: number, bn: Nb201BnFlags) {
    super();
    this.preprocess = this.registerModule('preprocess', cIn === cOut ? null : new Nb201ReLUConvBN(cIn, cOut, 1, 1, 0, 1, bn));
    this.op = this.registerModule('op', new AvgPool2d(3, stride, 1, { countIncludePad: false }));
  }
  forward(x: Tensor): Tensor {
    return this.op.forward(this.preprocess ? this.preprocess.forward(x) : x);
  }
}

/** AutoDL Zero: x·0 (strided for stride 2); zeros of C_out channels when C_in ≠ C_out. */
export class Nb201Zero extends Module implements TensorModule {
  constructor(
    readonly cIn: number,
    readonly cOut: number,
    readonly stride: number,
  ) {
    super();
  }
  forward(x: Tensor): Tensor {
    const y = this.stride === 1 ? x : x.slice(2, 0, null, this.stride).slice(3, 0, null, this.stride);
    if (this.cIn === this.cOut) return y.mul(0);
    const s = y.shape;
    return y.narrow(1, 0, 1).mul(0).expand([s[0]!, this.cOut, s[2]!, s[3]!]).contiguous();
  }
}

/**
 * One NB201 op by name. `skip_connect` with stride 1 and equal channels is the identity (always, inside cells);
 * other shapes are not used by the NB201 macro skeleton and are rejected rather than approximated.
 */
export function createNb201Op(name: string, cIn: number, cOut: number, stride: number, bn: Nb201BnFlags): TensorModule & Module {
  switch (name) {
    case 'none':
      return new Nb201Zero(cIn, cOut, stride);
    case 'skip_connect':
      if (stride !== 1 || cIn !== cOut) throw new Error('NB201 skip_connect: only stride 1 with equal channels is used in NB201 cells');
      return new Identity();
    case 'nor_conv_1x1':
      return new Nb201ReLUConvBN(cIn, cOut, 1, stride, 0, 1, bn);
    case 'nor_conv_3x3':
      return new Nb201ReLUConvBN(cIn, cOut, 3, stride, 1, 1, bn);
    case 'avg_pool_3x3':
      return new Nb201AvgPool(cIn, cOut, stride, bn);
    default:
      throw new Error(`unknown NAS-Bench-201 operation '${name}'${didYouMean(name, NB201_PRIMITIVES)} (known: ${NB201_PRIMITIVES.join(', ')})`);
  }
}

/**
 * AutoDL ResNetBasicblock with stride 2 (spec §5.3): conv_a = ReLU → Conv3×3 s2 → BN, conv_b = ReLU → Conv3×3 → BN,
 * downsample = AvgPool 2×2 s2 → Conv 1×1 (no BN); output = downsample(x) + conv_b(conv_a(x)). Affine BN in both the
 * final and the search networks.
 */
export class Nb201ResNetBlock extends Module implements TensorModule {
  readonly convA: Nb201ReLUConvBN;
  readonly convB: Nb201ReLUConvBN;
  readonly downsample: Sequential;
  constructor(
    readonly inDim: number,
    readonly outDim: number,
  ) {
    super();
    this.convA = this.registerModule('conv_a', new Nb201ReLUConvBN(inDim, outDim, 3, 2, 1, 1, NB201_FINAL_BN));
    this.convB = this.registerModule('conv_b', new Nb201ReLUConvBN(outDim, outDim, 3, 1, 1, 1, NB201_FINAL_BN));
    this.downsample = this.registerModule('downsample', new Sequential(new AvgPool2d(2, 2, 0), new Conv2d(inDim, outDim, 1, { bias: false })));
  }
  forward(x: Tensor): Tensor {
    return this.downsample.forward(x).add(this.convB.forward(this.convA.forward(x)));
  }
}
