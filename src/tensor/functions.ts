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
