// tsnas public API: one entry point. The tensor API is at the top level (tensor, randn, tidy, noGrad, ...);
// each layer above it is a namespace.
export * from './tensor/index.js';
export * as nn from './nn/index.js';
export * as optim from './optim/index.js';
export * as io from './io/index.js';
export * as data from './data/index.js';
export * as distributed from './distributed/index.js';
export * as nas from './nas/index.js';
export * as train from './train/index.js';
export * as board from './board/index.js';
export { TSNAS_VERSION } from './version.js';
