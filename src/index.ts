// tsnas public API: one entry point.
export * from './tensor/index.js';
