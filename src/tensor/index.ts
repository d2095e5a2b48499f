export { type AnyTypedArray, type Device, type DType, type MemoryFormat, isFloatingPoint } from './dtype.js';
export { Tensor, isTensor, type NestedArray, type ToOptions } from './tensor.js';
export { ops, type Ops, type TensorMethods } from './ops.js';
export { tidy, scopeDepth } from './scope.js';
export * from './creation.js';
export * from './runtime.js';
export { catDenseGrad, convPairRecompute, maxPool2dLean } from './functions.js';
export { formatOpProfile, profileOps, type OpProfileRow } from './op-profile.js';
export { autocast, autocastDtype, isAutocastEnabled, type AutocastOptions } from './amp.js';
