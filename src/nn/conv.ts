import { empty, ops, type Tensor, tidy } from '../tensor/index.js';
import type { BatchNorm2d } from './batchnorm.js';
import { fastPaths } from './fast-paths.js';
import { resetLinearLike } from './init.js';
import { Module } from './module.js';
import { countingMacs, reportMacs } from './profile.js';

export type Pair = number | [number, number];
const pair = (v: Pair): [number, number] => (typeof v === 'number' ? [v, v] : v);

export interface Conv2dOptions {
  stride?: Pair;
  padding?: Pair;
  dilation?: Pair;
  groups?: number;
  bias?: boolean;
}

/** torch.nn.Conv2d: `weight` [out, in/groups, kh, kw], optional `bias` [out]. */
export class Conv2d extends Module {
  readonly stride: [number, number];
  readonly padding: [number, number];
  readonly dilation: [number, number];
  readonly groups: number;
  readonly weight: Tensor;
  readonly bias: Tensor | null;

  constructor(readonly inChannels: number, readonly outChannels: number, readonly kernelSize: Pair, o: Conv2dOptions = {}) {
    super();
    this.stride = pair(o.stride ?? 1);
    this.padding = pair(o.padding ?? 0);
    this.dilation = pair(o.dilation ?? 1);
    this.groups = o.groups ?? 1;
    if (inChannels % this.groups !== 0 || outChannels % this.groups !== 0)
      throw new Error(`Conv2d: in (${inChannels}) and out (${outChannels}) channels must be divisible by groups (${this.groups})`);
    const [kh, kw] = pair(kernelSize);
    this.weight = this.registerParameter('weight', empty([outChannels, inChannels / this.groups, kh, kw]))!;
    this.bias = this.registerParameter('bias', o.bias === false ? null : empty([outChannels]));
    resetLinearLike(this.weight, this.bias);
  }

  /**
   * Whether this convolution's stride equals its dilation (> 1) with padding divisible by it: every tap then reads an
   * input position that is a multiple of the dilation, so the convolution is the undilated one (stride 1, padding /
   * dilation) of the input subsampled by the dilation. oneDNN has no fast backward kernel for strided dilated
   * (depthwise) convolutions and falls back to im2col + GEMM, about ten times slower than this form.
   */
  get subsamplable(): boolean {
    const [s0, s1] = this.stride, [d0, d1] = this.dilation, [p0, p1] = this.padding;
    return d0 > 1 && d1 > 1 && s0 === d0 && s1 === d1 && p0 % d0 === 0 && p1 % d1 === 0;
  }

  private convolve(x: Tensor, weight: Tensor, bias: Tensor | null): Tensor {
    if (fastPaths.subsampledDilatedConv && this.subsamplable) {
      // avg_pool2d with a 1×1 window is an exact subsampling, and it keeps (and back-propagates in) channels_last.
      const xs = ops.avgPool2d(x, 1, this.stride, 0, false, true);
      const y = ops.conv2d(xs, weight, bias, 1, [this.padding[0] / this.dilation[0], this.padding[1] / this.dilation[1]], 1, this.groups);
      xs.dispose();
      return y;
    }
    return ops.conv2d(x, weight, bias, this.stride, this.padding, this.dilation, this.groups);
  }

  forward(x: Tensor): Tensor {
    const y = this.convolve(x, this.weight, this.bias);
    if (countingMacs()) {
      const w = this.weight.shape;
      reportMacs(y.numel, w[1]! * w[2]! * w[3]!);
    }
    return y;
  }

  /**
   * bn(conv(x)) for an eval-mode BatchNorm2d `bn` (running statistics), as one convolution with the BN folded into
   * the weight and bias: w' = w·γ/√(σ²+ε) per output channel, b' = β + (b − μ)·γ/√(σ²+ε). Inference only (the
   * folded weight is built from the current values on each call, so it is never stale).
   */
  forwardFolded(x: Tensor, bn: BatchNorm2d): Tensor {
    if (!bn.runningMean || !bn.runningVar) throw new Error('Conv2d.forwardFolded: the BatchNorm2d has no running statistics');
    const { weight, bias } = tidy(() => {
      let scale = bn.runningVar!.add(bn.eps).rsqrt();
      if (bn.weight) scale = scale.mul(bn.weight);
      const w = this.weight.mul(scale.view([-1, 1, 1, 1]));
      let b = this.bias ? this.bias.sub(bn.runningMean!).mul(scale) : bn.runningMean!.mul(scale).neg();
      if (bn.bias) b = b.add(bn.bias);
      return { weight: w, bias: b };
    });
    const y = this.convolve(x, weight, bias);
    weight.dispose();
    bias.dispose();
    if (countingMacs()) {
      const w = this.weight.shape;
      reportMacs(y.numel, w[1]! * w[2]! * w[3]!);
    }
    return y;
  }

  protected override extraRepr(): string {
    return `${this.inChannels}, ${this.outChannels}, kernel_size=${JSON.stringify(pair(this.kernelSize))}, stride=${JSON.stringify(this.stride)}` +
      (this.padding[0] || this.padding[1] ? `, padding=${JSON.stringify(this.padding)}` : '') +
      (this.dilation[0] !== 1 || this.dilation[1] !== 1 ? `, dilation=${JSON.stringify(this.dilation)}` : '') +
      (this.groups !== 1 ? `, groups=${this.groups}` : '') + (this.bias ? '' : ', bias=False');
  }
}
