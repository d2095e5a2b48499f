// Custom autograd functions of the addon (native/src/functions.cc): an aten op's math with a backward that hands
// out gradients in the layout the next backward kernels are fast on.
import { native } from '../native.js';
import { Tensor } from './tensor.js';

/**
 * `cat(tensors, dim)` whose backward gives each input a dense gradient in that input's memory format, instead of
 * strided views of the output's gradient (aten's CatBackward). Same values; for channels_last tensors joined along
 * the channels it spares every later backward kernel a strided read.
 */
export function catDenseGrad(tensors: readonly Tensor[], dim: number): Tensor {
  return new Tensor(
    native.catDenseGrad(
      tensors.map((t) => t.handle),
      dim,
    ),
  );
}

type Pair = number | [number, number];

/**
 * max_pool2d whose autograd node keeps only the input, not the int64 indices aten's keeps (twice the output's size):
 * the backward finds the maxima again with the same kernel. Same values and gradients as `ops.maxPool2d`.
 */
export function maxPool2dLean(x: Tensor, kernel: Pair, stride: Pair = kernel, padding: Pair = 0, dilation: Pair = 1, ceilMode = false): Tensor {
  return new Tensor(native.maxPool2dLean(x.handle, kernel, stride, padding, dilation, ceilMode));
}

/**
 * conv2d(conv2d(x, w1, ...), w2) for a 1×1 `w2` (stride 1, no padding, no bias), whose autograd node keeps x and the
 * weights but not the inner map: the backward computes the first convolution again. Same values and gradients as
 * the two convolutions in sequence; one activation less kept per call, one more first-convolution pass per backward.
 */
export function convPairRecompute(
  x: Tensor,
  w1: Tensor,
  o: { stride: [number, number]; padding: [number, number]; dilation: [number, number]; groups: number },
  w2: Tensor,
): Tensor {
  return new Tensor(native.convPairRecompute(x.handle, w1.handle, o.stride, o.padding, o.dilation, o.groups, w2.handle));
}
