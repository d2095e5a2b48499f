// NAS-Bench-201 (spec §5): ops, cells, the TinyNetwork macro skeleton (final and weight-sharing), the 'nb201'
// search space, the shipped benchmark table, the official benchmark files, one Nb201Benchmark over both, the
// benchmark's training protocol and oracle-driven evolutionary strategies.
export * from './ops.js';
export * from './cell.js';
export * from './network.js';
export * from './benchmark.js';
export * from './official.js';
export * from './source.js';
export * from './protocol.js';
export * from './space.js';
export * from './evolution.js';
