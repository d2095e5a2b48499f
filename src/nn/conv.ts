import { empty, isGradEnabled, ops, type Tensor, tidy } from '../tensor/index.js';
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
  /** A 1×1 convolution with stride > 1 and < 16 input channels per group: see conv2dPlainLayout. */
  private readonly smallStrided1x1: boolean;

  constructor(
    readonly inChannels: number,
    readonly outChannels: number,
    readonly kernelSize: Pair,
    o: Conv2dOptions = {},
  ) {
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
    this.smallStrided1x1 = kh === 1 && kw === 1 && (this.stride[0] > 1 || this.stride[1] > 1) && inChannels / this.groups < 16;
  }

  /**
   * Whether this convolution's stride equals its dilation (> 1) with padding divisible by it: every tap then reads an
   * input position that is a multiple of the dilation, so the convolution is the undilated one (stride 1, padding /
   * dilation) of the input subsampled by the dilation. oneDNN has no fast backward kernel for strided dilated
   * (depthwise) convolutions and falls back to im2col + GEMM, about ten times slower than this form.
   */
  get subsamplable(): boolean {
    const [s0, s1] = this.stride,
      [d0, d1] = this.dilation,
      [p0, p1] = this.padding;
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
    // The shape test first (fields, no native call): the common path pays one boolean read.
    if (this.smallStrided1x1 && weight.requiresGrad && isGradEnabled() && x.dtype === 'float32' && x.device === 'cpu')
      return conv2dPlainLayout(x, weight, bias, this.stride, this.padding, this.dilation, this.groups);
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
    return (
      `${this.inChannels}, ${this.outChannels}, kernel_size=${JSON.stringify(pair(this.kernelSize))}, stride=${JSON.stringify(this.stride)}` +
      (this.padding[0] || this.padding[1] ? `, padding=${JSON.stringify(this.padding)}` : '') +
      (this.dilation[0] !== 1 || this.dilation[1] !== 1 ? `, dilation=${JSON.stringify(this.dilation)}` : '') +
      (this.groups !== 1 ? `, groups=${this.groups}` : '') +
      (this.bias ? '' : ', bias=False')
    );
  }
}

/**
 * conv2d run on NCHW (plainly strided) copies of x and the weight, its output handed back channels_last when x or the
 * weight was. Works around a heap overflow in oneDNN's `jit_1x1:avx512_core` backward-weights kernel (libdnnl 2.6.3, as
 * Debian's libtorch 1.13.1 links it; Debian's python3-torch 1.13.1 crashes the same way): for a 1×1 convolution with
 * stride > 1 on channels_last float32 data with fewer than 16 input channels (below its 16-channel block), its weight
 * gradient writes past its buffer (`corrupted size vs. prev_size`, SIGSEGV/SIGBUS; `tsnas train --dataset imagenet
 * --init-channels 4` died in FactorizedReduce). Measured with scripts/conv-sweep.mjs (each case in its own process,
 * glibc's debug malloc): in-channels 1-15 crash, any output count (1-64), stride 2 and 3, batch 1-16, 1 and 2
 * threads, even sizes >= 56 px here (odd sizes get oneDNN's generic `jit` kernel; where smaller sizes stop
 * overflowing depends on oneDNN's cache-size blocking, so no spatial bound is used); never with >= 16 input channels,
 * k > 1 (dense, depthwise, dilation 2), NCHW data, no weight gradient, float64 or bfloat16. Grouped 1×1 strided
 * convolutions did not crash either; with < 16 input channels per group they take this route too (a cheap superset).
 * NCHW takes another oneDNN kernel with the same gradients; only these small layers pay the copies.
 */
function conv2dPlainLayout(
  x: Tensor,
  weight: Tensor,
  bias: Tensor | null,
  stride: [number, number],
  padding: [number, number],
  dilation: [number, number],
  groups: number,
): Tensor {
  const nhwc = channelsLastLike(x) || channelsLastLike(weight);
  // contiguous() keeps a tensor with a size-1 dim (1 channel, a 1×1 kernel) as it is, and aten may still read its
  // strides as channels_last: clone to the plain strides instead.
  const xp = plainStrides(x) ? x : ops.clone(x, 0); // 0: torch.contiguous_format
  const wp = plainStrides(weight) ? weight : ops.clone(weight, 0);
  const y = ops.conv2d(xp, wp, bias, stride, padding, dilation, groups);
  if (xp !== x) xp.dispose();
  if (wp !== weight) wp.dispose();
  if (!nhwc) return y;
  const out = y.contiguous('channels_last');
  y.dispose();
  return out;
}

/** Whether t's strides are exactly those of a fresh contiguous (NCHW) tensor of its shape. */
function plainStrides(t: Tensor): boolean {
  const shape = t.shape,
    strides = t.stride();
  for (let d = shape.length - 1, expected = 1; d >= 0; expected *= shape[d]!, d--) if (strides[d] !== expected) return false;
  return true;
}

/** Channel stride 1 without plain strides: NHWC data (dense or a view of it), as aten's layout choice reads it. */
function channelsLastLike(t: Tensor): boolean {
  return t.ndim === 4 && !plainStrides(t) && t.stride()[1] === 1;
}
