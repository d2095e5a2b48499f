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
  return new Tensor(native.catDenseGrad(tensors.map((t) => t.handle), dim));
}

type Pair = number | [number, number];

/**
 * max_pool2d whose autograd node keeps only the input, not the int64 indices aten's keeps (twice the output's size):
 * the backward finds the maxima again with the same kernel. Same values and gradients as `ops.maxPool2d`.
 */
export function maxPool2dLean(x: Tensor, kernel: Pair, stride: Pair = kernel, padding: Pair = 0, dilation: Pair = 1,
  ceilMode = false): Tensor {
  return new Tensor(native.maxPool2dLean(x.handle, kernel, stride, padding, dilation, ceilMode));
}
