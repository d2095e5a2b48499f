// NAS-Bench-201 (spec §5): ops, cells, the TinyNetwork macro skeleton (final and weight-sharing), the 'nb201'
// search space, the benchmark table and oracle-driven evolutionary strategies.
export * from './ops.js';
export * from './cell.js';
export * from './network.js';
export * from './benchmark.js';
export * from './space.js';
export * from './evolution.js';
