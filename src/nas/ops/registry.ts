// Every candidate op by name. Each family module lists its ops once (DARTS_OPS in darts.ts, DARTOPTI_OPS in
// dartopti.ts); building an op, counting its parameters and activation memory (search/memory-estimate.ts), the
// search edge's wrapper (search/mixed-op.ts) and the evaluation cell's in-place sums (eval/cells.ts) all ask here.
//
// NAS-Bench-201's ops are not here: the same names mean other modules there ('avg_pool_3x3' without BN, 'skip_connect'
// always the identity), they take (C_in, C_out, BN flags) rather than (C, stride, affine), and nothing estimates
// their memory; nb201/ops.ts keeps them.
import type { Module, TensorModule } from '../../nn/index.js';
import { didYouMean } from '../genotype/suggest.js';
import { DARTOPTI_OPS } from './dartopti.js';
import { DARTS_OPS, PoolBN } from './darts.js';
import type { OpSpec } from './op-spec.js';

const SPECS = new Map<string, OpSpec>();
for (const spec of [...DARTS_OPS, ...DARTOPTI_OPS]) {
  if (SPECS.has(spec.name)) throw new Error(`operation '${spec.name}' is registered twice`);
  SPECS.set(spec.name, spec);
}

/** The registered op names, DARTS ops first. */
export function opNames(): string[] {
  return [...SPECS.keys()];
}

/** The registration of op `name`; an unknown name is an error naming the close ones and every known one. */
export function opSpec(name: string): OpSpec {
  const spec = SPECS.get(name);
  if (!spec) {
    const known = opNames();
    throw new Error(`unknown operation '${name}'${didYouMean(name, known)} (known: ${known.join(', ')})`);
  }
  return spec;
}

/** Modules createOp built, with whether their outputs are fresh (OpSpec.freshOutput at their stride). */
const freshOutputs = new WeakMap<Module, boolean>();

export function createOp(name: string, c: number, stride: number, affine: boolean): TensorModule & Module {
  const spec = opSpec(name);
  const op = spec.create(c, stride, affine);
  freshOutputs.set(op, spec.freshOutput(stride));
  return op;
}

/** The op as a search edge holds it: non-affine, pools followed by their non-affine BN (spec §1.3). */
export function createSearchOp(name: string, c: number, stride: number): TensorModule & Module {
  const op = createOp(name, c, stride, false);
  return opSpec(name).searchNorm ? new PoolBN(op, c) : op;
}

/**
 * What follows a pooling op of an evaluation cell: nothing (quark0/darts, and every network tsnas built before), or an
 * affine BatchNorm (khanrc/pt.darts' AugmentCNN, which DropNAS trains: +2C parameters per pooling op, spec dropnas
 * §1.6, §2.6).
 */
export type PoolBn = 'none' | 'affine';

export const POOL_BN_CHOICES: readonly PoolBn[] = ['none', 'affine'];

/** The op as an evaluation cell holds it: affine, pools followed by an affine BN when `poolBn` is 'affine'. */
export function createEvalOp(name: string, c: number, stride: number, poolBn: PoolBn = 'none'): TensorModule & Module {
  const op = createOp(name, c, stride, true);
  return poolBn === 'affine' && opSpec(name).searchNorm ? new PoolBN(op, c, true) : op;
}

/** OpSpec.freshOutput of a module createOp built; false for any other module (nothing known about its output). */
export function hasFreshOutput(op: Module): boolean {
  return freshOutputs.get(op) ?? false;
}

export type OpFactory = (c: number, stride: number, affine: boolean) => TensorModule;

/** OPS of the reference code bases, by primitive name. */
export const OPS: Readonly<Record<string, OpFactory>> = Object.fromEntries(
  opNames().map((name): [string, OpFactory] => [name, (c, stride, affine) => createOp(name, c, stride, affine)]),
);
