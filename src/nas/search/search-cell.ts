// The search cell (spec §2.2): every intermediate node sums one MixedOp per earlier state.
import { catChannels, fastPaths, Module, ModuleList, type TensorModule } from '../../nn/index.js';
import { type Tensor, tidy } from '../../tensor/index.js';
import { FactorizedReduce, ReLUConvBN } from '../ops/operations.js';
import { type EdgeHooks, MixedOp } from './mixed-op.js';

/** [target node, source node] of every edge row, in row order: node i+2 takes j = 0..i+1 (edgeCount(steps) rows). */
export function edgeList(steps: number): [to: number, from: number][] {
  const out: [number, number][] = [];
  for (let i = 0; i < steps; i++) for (let j = 0; j < i + 2; j++) out.push([i + 2, j]);
  return out;
}

export interface CellForward {
  /** Relaxed weights [edges, ops] of this cell. */
  weights: Tensor;
  /** Ops to compute per edge (DropNAS); all when absent. */
  active?: (edge: number) => readonly number[] | undefined;
  hooks?: EdgeHooks;
}

export class SearchCell extends Module {
  readonly preprocess0: TensorModule;
  readonly preprocess1: TensorModule;
  readonly edges: ModuleList<MixedOp>;

  constructor(
    readonly primitives: readonly string[],
    readonly steps: number,
    readonly multiplier: number,
    cPP: number,
    cP: number,
    readonly channels: number,
    readonly reduction: boolean,
    reductionPrev: boolean,
  ) {
    super();
    const c = channels;
    this.preprocess0 = this.registerModule(
      'preprocess0',
      reductionPrev ? new FactorizedReduce(cPP, c, false) : new ReLUConvBN(cPP, c, 1, 1, 0, false),
    );
    this.preprocess1 = this.registerModule('preprocess1', new ReLUConvBN(cP, c, 1, 1, 0, false));
    this.edges = this.registerModule('_ops', new ModuleList<MixedOp>());
    for (const [, from] of edgeList(steps)) this.edges.push(new MixedOp(primitives, c, reduction && from < 2 ? 2 : 1));
  }

  forward(s0: Tensor, s1: Tensor, f: CellForward): Tensor {
    return tidy(() => {
      const states = [this.preprocess0.forward(s0), this.preprocess1.forward(s1)];
      const inplace = fastPaths.inplace;
      // One op for all edge rows; with the fused weighted sum, every op's weight broadcast to the cell's channels
      // for its BN in four ops per cell (instead of three per op).
      const rows = f.weights.unbind(0);
      let scales: Tensor[][] | undefined;
      if (fastPaths.fusedWeightedSum) {
        const e = f.weights.unsqueeze(-1);
        const x = e.expand([rows.length, this.primitives.length, this.channels]);
        const wide = x.contiguous();
        scales = wide.unbind(0).map((r) => r.unbind(0));
        for (const t of [e, x, wide]) t.dispose();
      }
      // relu(state) once per node for all the edges leaving it (autograd then keeps one copy, not one per edge). Made
      // inside an edge's scope, so kept out of it and released here.
      const relus: Tensor[] = [];
      const reluOf = (j: number) => (fastPaths.sharedRelu && scales ? () => (relus[j] ??= states[j]!.relu().keep()) : undefined);
      let e = 0;
      for (let i = 0; i < this.steps; i++) {
        let node: Tensor | undefined;
        for (let j = 0; j < states.length; j++, e++) {
          const y = this.edges.at(e).forward(states[j]!, rows[e]!, f.active?.(e), f.hooks, scales?.[e], reluOf(j));
          // A MixedOp output is a fresh tensor nothing else reads: the node sum accumulates into the first one.
          if (!node) node = y;
          else if (inplace) {
            node.add_(y);
            y.dispose();
          } else node = node.add(y);
        }
        states.push(node!);
      }
      for (const r of relus) r?.dispose();
      return catChannels(states.slice(-this.multiplier));
    });
  }
}
