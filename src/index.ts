// tsnas public API: one entry point.
export * from './tensor/index.js';
export * as nn from './nn/index.js';
