// The op modules and factory under the names nas/index.ts and earlier imports use; they live in darts.ts,
// dartopti.ts (the modules) and registry.ts (the factory).
export { Conv7x1x1x7, DilConv, FactorizedReduce, PoolBN, ReLUConvBN, SepConv, Zero } from './darts.js';
export { createOp, OPS, type OpFactory } from './registry.js';
