// MixedOp (spec §2.2): the weighted sum of every candidate operation on one edge of the search cell.
import { fastPaths, Module, ModuleList, type TensorModule } from '../../nn/index.js';
import { type Tensor, tidy } from '../../tensor/index.js';
import { isNormTerminated, isPreActivated, type PreActivated } from '../ops/chain.js';
import { createSearchOp } from '../ops/registry.js';

/** Per-forward hooks the search methods use to change what an edge computes. */
export interface EdgeHooks {
  /** Transforms the skip_connect branch output before weighting (NoisyDARTS noise). */
  skip?: (y: Tensor) => Tensor;
}

export class MixedOp extends Module {
  readonly ops: ModuleList<TensorModule & Module>;
  private readonly skipIndex: number;
  private readonly noneIndex: number;

  constructor(
    readonly primitives: readonly string[],
    c: number,
    stride: number,
  ) {
    super();
    this.ops = this.registerModule('_ops', new ModuleList<TensorModule & Module>());
    for (const name of primitives) this.ops.push(createSearchOp(name, c, stride));
    this.skipIndex = primitives.indexOf('skip_connect');
    this.noneIndex = primitives.indexOf('none');
  }

  /**
   * Σ_k w_k · op_k(x) over the ops in `active` (all by default). 'none' contributes exactly zero and is not
   * computed; ops beginning with a ReLU share one relu(x). With the fast paths on (nn/fast-paths.ts), an op ending
   * in a non-affine BN takes w_k as that BN's weight (no separate multiply, no kept copy of the BN output) and the
   * terms are summed in place into the first one; every intermediate handle is released as soon as it is used.
   * `scales` (optional, the fused path): per op, its weight already broadcast to a dense [C] vector, as SearchCell
   * prepares them for a whole cell in one op; without it each op's weight is broadcast here.
   * `reluOf` (optional, the fused path): gives relu(x) computed once for every edge leaving the same node (the cell
   * owns it); without it the edge computes its own.
   */
  forward(x: Tensor, weights: Tensor, active?: readonly number[], hooks?: EdgeHooks, scales?: readonly Tensor[], reluOf?: () => Tensor): Tensor {
    if (!fastPaths.fusedWeightedSum) return this.forwardPlain(x, weights, active, hooks);
    return tidy(() => {
      const shared = fastPaths.sharedRelu;
      let relu: Tensor | undefined;
      let out: Tensor | undefined;
      const n = active ? active.length : this.ops.length;
      for (let i = 0; i < n; i++) {
        const k = active ? active[i]! : i;
        if (k === this.noneIndex) continue;
        const op = this.ops.at(k);
        const hooked = k === this.skipIndex && hooks?.skip !== undefined;
        const pre = shared && isPreActivated(op);
        if (pre) relu ??= reluOf ? reluOf() : x.relu();
        let term: Tensor;
        if (!hooked && isNormTerminated(op) && !op.finalNorm.affine) {
          const z = op.forwardBeforeNorm(pre ? relu! : x, pre);
          if (scales) term = op.finalNorm.forwardWithWeight(z, scales[k]!);
          else {
            const w = weights.select(0, k);
            term = op.finalNorm.forwardScaled(z, w);
            w.dispose();
          }
          z.dispose();
        } else {
          let y = pre ? (op as TensorModule & PreActivated).forwardPreActivated(relu!) : op.forward(x);
          if (hooked) y = hooks!.skip!(y);
          const w = weights.select(0, k);
          term = y.mul(w);
          w.dispose();
          if (y !== x) y.dispose();
        }
        if (!out) out = term;
        else if (fastPaths.inplace) {
          out.add_(term);
          term.dispose();
        } else out = out.add(term);
      }
      if (!reluOf) relu?.dispose();
      // An edge whose only candidates are 'none' / dropped still has the right shape (zeros).
      return out ?? this.ops.at(Math.max(this.noneIndex, 0)).forward(x).mul(0);
    });
  }

  /** The straightforward Σ_k w_k · op_k(x) (the fast paths off; kept as the reference of the fused form). */
  protected forwardPlain(x: Tensor, weights: Tensor, active?: readonly number[], hooks?: EdgeHooks): Tensor {
    let relu: Tensor | undefined;
    let out: Tensor | undefined;
    const n = this.ops.length;
    for (let i = 0; i < (active ? active.length : n); i++) {
      const k = active ? active[i]! : i;
      if (k === this.noneIndex) continue;
      const op = this.ops.at(k);
      let y: Tensor;
      if (fastPaths.sharedRelu && isPreActivated(op)) {
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
    return out ?? this.ops.at(Math.max(this.noneIndex, 0)).forward(x).mul(0);
  }
}
