// NAS-Bench-201 cells (spec §5.1): 4 nodes, node j = Σ_{i<j} op_{i→j}(node i), output = node 3 alone.
// - Nb201InferCell: the discrete cell of an arch string (AutoDL `InferCell`, children `layers.{k}` in string order).
// - Nb201SearchCell: every edge a weighted sum over all candidate ops (AutoDL `NAS201SearchCell`, children
//   `edges.{j<-i}.{k}`), weighted by the rows of one shared α in the edge order 1<-0, 2<-0, 2<-1, 3<-0, 3<-1, 3<-2.
import { Identity, Module, ModuleDict, ModuleList, type TensorModule } from '../../nn/index.js';
import type { Tensor } from '../../tensor/index.js';
import { type Nb201Arch, NB201_NODES, parseNb201Arch } from '../genotype/nb201.js';
import { NB201_PRIMITIVES } from '../genotype/primitives.js';
import type { EdgeHooks } from '../search/mixed-op.js';
import { createNb201Op, isNb201PreActivated, NB201_FINAL_BN, type Nb201BnFlags } from './ops.js';

/** Edge keys `j<-i` in α-row order (AutoDL sorts the keys as strings, which is this order for 4 nodes). */
export function nb201EdgeKeys(nodes = NB201_NODES): string[] {
  const keys: string[] = [];
  for (let j = 1; j < nodes; j++) for (let i = 0; i < j; i++) keys.push(`${j}<-${i}`);
  return keys.sort();
}

/** [to, from] of each α row. */
export function nb201EdgeList(nodes = NB201_NODES): [to: number, from: number][] {
  return nb201EdgeKeys(nodes).map((k) => k.split('<-').map(Number) as [number, number]);
}

export class Nb201InferCell extends Module implements TensorModule {
  readonly layers: ModuleList<TensorModule & Module>;
  /** Per node 1..n-1: the layer index and source node of each incoming edge. */
  private readonly plan: { layer: number; from: number; none: boolean }[][];
  readonly arch: Nb201Arch;

  constructor(
    arch: Nb201Arch | string,
    readonly inDim: number,
    readonly outDim: number,
    bn: Nb201BnFlags = NB201_FINAL_BN,
  ) {
    super();
    this.arch = typeof arch === 'string' ? parseNb201Arch(arch) : arch;
    this.layers = this.registerModule('layers', new ModuleList<TensorModule & Module>());
    this.plan = this.arch.nodes.map((edges) =>
      edges.map(([op, from]) => {
        const layer = this.layers.length;
        this.layers.push(createNb201Op(op, from === 0 ? inDim : outDim, outDim, 1, bn));
        return { layer, from, none: op === 'none' };
      }),
    );
  }

  forward(x: Tensor): Tensor {
    const nodes: Tensor[] = [x];
    for (const edges of this.plan) {
      let sum: Tensor | undefined;
      for (const e of edges) {
        const y = this.layers.at(e.layer).forward(nodes[e.from]!);
        sum = sum ? sum.add(y) : y;
      }
      nodes.push(sum!);
    }
    return nodes[nodes.length - 1]!;
  }
}

/** Σ_k w_k·op_k(x) over one edge's candidates; 'none' adds exactly zero and is skipped; ReLU(x) shared by the convs. */
export class Nb201MixedOp extends ModuleList<TensorModule & Module> {
  private readonly noneIndex: number;
  private readonly skipIndex: number;

  constructor(
    readonly primitives: readonly string[],
    cIn: number,
    cOut: number,
    stride: number,
    bn: Nb201BnFlags,
  ) {
    super();
    for (const name of primitives) this.push(createNb201Op(name, cIn, cOut, stride, bn));
    this.noneIndex = primitives.indexOf('none');
    this.skipIndex = primitives.indexOf('skip_connect');
  }

  forward(x: Tensor, weights: Tensor, active?: readonly number[], hooks?: EdgeHooks): Tensor {
    let relu: Tensor | undefined;
    let out: Tensor | undefined;
    const n = active ? active.length : this.length;
    for (let i = 0; i < n; i++) {
      const k = active ? active[i]! : i;
      if (k === this.noneIndex) continue;
      const op = this.at(k);
      let y: Tensor;
      if (isNb201PreActivated(op)) {
        relu ??= x.relu();
        y = op.forwardPreActivated(relu);
      } else {
        y = op.forward(x);
      }
      if (k === this.skipIndex && hooks?.skip && op instanceof Identity) y = hooks.skip(y);
      const term = y.mul(weights.select(0, k));
      out = out ? out.add(term) : term;
    }
    return out ?? x.mul(0);
  }
}

export interface Nb201CellForward {
  /** Relaxed weights [edges, ops], rows in nb201EdgeKeys order. */
  weights: Tensor;
  active?: (edge: number) => readonly number[] | undefined;
  hooks?: EdgeHooks;
}

export class Nb201SearchCell extends Module {
  readonly edges: ModuleDict<Nb201MixedOp>;
  readonly edgeKeys: string[];

  constructor(
    readonly primitives: readonly string[],
    readonly inDim: number,
    readonly outDim: number,
    bn: Nb201BnFlags,
    readonly nodes = NB201_NODES,
  ) {
    super();
    if (primitives.some((p) => !(NB201_PRIMITIVES as readonly string[]).includes(p)))
      throw new Error(`the NB201 search cell takes NB201 ops (${NB201_PRIMITIVES.join(', ')}), got ${primitives.join(', ')}`);
    this.edges = this.registerModule('edges', new ModuleDict<Nb201MixedOp>());
    this.edgeKeys = nb201EdgeKeys(nodes);
    for (let j = 1; j < nodes; j++)
      for (let i = 0; i < j; i++) this.edges.set(`${j}<-${i}`, new Nb201MixedOp(primitives, i === 0 ? inDim : outDim, outDim, 1, bn));
  }

  forward(x: Tensor, f: Nb201CellForward): Tensor {
    const states: Tensor[] = [x];
    for (let j = 1; j < this.nodes; j++) {
      let node: Tensor | undefined;
      for (let i = 0; i < j; i++) {
        const key = `${j}<-${i}`;
        const row = this.edgeKeys.indexOf(key);
        const y = this.edges.get(key).forward(states[i]!, f.weights.select(0, row), f.active?.(row), f.hooks);
        node = node ? node.add(y) : y;
      }
      states.push(node!);
    }
    return states[states.length - 1]!;
  }
}
