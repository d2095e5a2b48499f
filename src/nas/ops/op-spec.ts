// What the rest of tsnas needs to know about a candidate op, declared once next to its module (nas/ops/darts.ts,
// nas/ops/dartopti.ts) and looked up by name in nas/ops/registry.ts.
import type { FastPaths, Module, TensorModule } from '../../nn/index.js';

/**
 * What one op's term w·op(x) of a search edge keeps for the backward, per sample (the memory estimate's figures).
 */
export interface ActivationUnits {
  /** Tensors of the op's output size, in units of C·H_out·W_out elements. */
  out: number;
  /** Whether it reads relu(x): one input-sized tensor per edge with the shared ReLU, one per op without. */
  relu: boolean;
}

export interface OpSpec {
  readonly name: string;
  /** The op on an edge of c channels in and out; stride 2 on a reduction cell's edges from its two inputs. */
  create(c: number, stride: number, affine: boolean): TensorModule & Module;
  /** The parameter count of create(c, stride, affine), without building it. */
  parameters(c: number, stride: number, affine: boolean): number;
  /** The search-time op's activation memory with the fast paths `paths`. */
  activationUnits(stride: number, paths: Readonly<FastPaths>): ActivationUnits;
  /**
   * Whether create(…, stride, …)'s output is a fresh tensor that nothing else holds and autograd does not keep, so
   * an evaluation cell may sum into it in place: true for ops ending in a BN (which keeps its input, not its output)
   * and for poolings (which keep their input or indices); not for an identity, which returns its input.
   */
  freshOutput(stride: number): boolean;
  /** Search networks follow the op by a non-affine BN (the reference's pooling ops, spec §1.3). */
  readonly searchNorm?: boolean;
}

/** Parameters of a BatchNorm2d over n channels. */
export function normParameters(n: number, affine: boolean): number {
  return affine ? 2 * n : 0;
}

/** Without the fused weighted sum, w·op(x) also keeps op(x) for the weight's gradient: one more unit. */
export function weightedTermUnits(paths: Readonly<FastPaths>): number {
  return paths.fusedWeightedSum ? 0 : 1;
}

/** The freshOutput of every op whose output is never its input. */
export function alwaysFresh(): boolean {
  return true;
}
