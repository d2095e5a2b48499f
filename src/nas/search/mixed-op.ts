// MixedOp (spec §2.2): the weighted sum of every candidate operation on one edge of the search cell.
import { BatchNorm2d, Module, ModuleList, Sequential, type TensorModule } from '../../nn/index.js';
import type { Tensor } from '../../tensor/index.js';
import { createOp, isPooling, isPreActivated } from '../ops/operations.js';

/** Per-forward hooks the search methods use to change what an edge computes. */
export interface EdgeHooks {
  /** Transforms the skip_connect branch output before weighting (NoisyDARTS noise). */
  skip?: (y: Tensor) => Tensor;
}

export class MixedOp extends Module {
  readonly ops: ModuleList<TensorModule & Module>;
  private readonly skipIndex: number;
  private readonly noneIndex: number;

  constructor(readonly primitives: readonly string[], c: number, stride: number) {
    super();
    this.ops = this.registerModule('_ops', new ModuleList<TensorModule & Module>());
    for (const name of primitives) {
      const op = createOp(name, c, stride, false);
      // Search-time pools are followed by a non-affine BN (spec §1.3); the reference wraps both in a sequence.
      this.ops.push((isPooling(name) ? new Sequential(op, new BatchNorm2d(c, { affine: false })) : op) as TensorModule & Module);
    }
    this.skipIndex = primitives.indexOf('skip_connect');
    this.noneIndex = primitives.indexOf('none');
  }

  /**
   * Σ_k w_k · op_k(x) over the ops in `active` (all by default). 'none' contributes exactly zero and is not
   * computed; ops beginning with a ReLU share one relu(x).
   */
  forward(x: Tensor, weights: Tensor, active?: readonly number[], hooks?: EdgeHooks): Tensor {
    let relu: Tensor | undefined;
    let out: Tensor | undefined;
    const n = this.ops.length;
    for (let i = 0; i < (active ? active.length : n); i++) {
      const k = active ? active[i]! : i;
      if (k === this.noneIndex) continue;
      const op = this.ops.at(k);
      let y: Tensor;
      if (isPreActivated(op)) {
        relu ??= x.relu();
        y = op.forwardPreActivated(relu);
      } else {
        y = op.forward(x);
      }
      if (k === this.skipIndex && hooks?.skip) y = hooks.skip(y);
      const term = y.mul(weights.select(0, k));
      out = out ? out.add(term) : term;
    }
    // An edge whose only candidates are 'none' / dropped still has the right shape (zeros).
    return out ?? this.ops.at(this.noneIndex >= 0 ? this.noneIndex : 0).forward(x).mul(0);
  }
}
