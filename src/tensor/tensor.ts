// The Tensor as the rest of tsnas sees it: the class of tensor-core.ts with a method for every op of the table in
// ops.ts whose first argument is the tensor itself (`a.add(b)` for `ops.add(a, b)`).
import { installTensorMethods, type TensorMethods } from './ops.js';

declare module './tensor-core.js' {
  // Declaration merging gives the class the typed methods that installTensorMethods attaches below.
  interface Tensor extends TensorMethods {}
}

installTensorMethods();

export { isTensor, type NestedArray, Tensor, type ToOptions } from './tensor-core.js';
