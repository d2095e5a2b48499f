// Evaluation cells (spec §7.1 DARTS cell, §11.5 FairDARTS DCOCell), with the reference's child names.
import { catChannels, fastPaths, Identity, Module, ModuleDict, ModuleList, type TensorModule } from '../../nn/index.js';
import { type Tensor, tidy } from '../../tensor/index.js';
import { nodeWithoutInput } from '../genotype/derive-nested.js';
import type { DcoGene } from '../genotype/genotype.js';
import { FactorizedReduce, ReLUConvBN } from '../ops/darts.js';
import { createEvalOp, createOp, hasFreshOutput, type PoolBn } from '../ops/registry.js';
import { dropPath } from './drop-path.js';
import type { CellGenes, DartsCellGenes, DcoCellGenes } from './genes.js';

export interface EvalCell extends Module {
  readonly multiplier: number;
  readonly reduction: boolean;
  forward(s0: Tensor, s1: Tensor, dropProb: number): Tensor;
}

function preprocess(cell: Module, cPP: number, cP: number, c: number, reductionPrev: boolean): [TensorModule, TensorModule] {
  const p0 = cell.registerModule('preprocess0', reductionPrev ? new FactorizedReduce(cPP, c, true) : new ReLUConvBN(cPP, c, 1, 1, 0, true));
  const p1 = cell.registerModule('preprocess1', new ReLUConvBN(cP, c, 1, 1, 0, true));
  return [p0, p1];
}

export class DartsCell extends Module implements EvalCell {
  readonly multiplier: number;
  private readonly pre: [TensorModule, TensorModule];
  private readonly ops: ModuleList<TensorModule & Module>;
  private readonly inputs: number[];
  private readonly concat: number[];
  private readonly weights: readonly number[] | undefined;

  constructor(
    genes: DartsCellGenes,
    cPP: number,
    cP: number,
    c: number,
    readonly reduction: boolean,
    reductionPrev: boolean,
    poolBn: PoolBn = 'none',
  ) {
    super();
    if (genes.genes.length % 2 !== 0) throw new Error(`a DARTS cell needs an even number of (op, input) pairs, got ${genes.genes.length}`);
    this.pre = preprocess(this, cPP, cP, c, reductionPrev);
    this.ops = this.registerModule('_ops', new ModuleList<TensorModule & Module>());
    this.inputs = [];
    genes.genes.forEach(([name, index], p) => {
      const node = 2 + Math.floor(p / 2);
      if (index < 0 || index >= node) throw new Error(`gene ${p} ('${name}', ${index}): input must be below node ${node}`);
      this.ops.push(createEvalOp(name, c, reduction && index < 2 ? 2 : 1, poolBn) as TensorModule & Module);
      this.inputs.push(index);
    });
    this.concat = [...genes.concat];
    const nodes = 2 + genes.genes.length / 2;
    for (const k of this.concat) if (k < 0 || k >= nodes) throw new Error(`concat node ${k} does not exist (cell has ${nodes} nodes)`);
    this.multiplier = this.concat.length;
    this.weights = genes.weights;
  }

  forward(s0: Tensor, s1: Tensor, dropProb: number): Tensor {
    return tidy(() => {
      const states = [this.pre[0].forward(s0), this.pre[1].forward(s1)];
      const steps = this.inputs.length / 2;
      const drop = this.training && dropProb > 0;
      for (let i = 0; i < steps; i++) {
        const branch = (p: number): { h: Tensor; fresh: boolean } => {
          const op = this.ops.at(p);
          let h = op.forward(states[this.inputs[p]!]!);
          let fresh = hasFreshOutput(op);
          if (drop && !(op instanceof Identity)) {
            h = dropPath(h, dropProb);
            fresh = true;
          }
          if (this.weights) {
            h = h.mul(this.weights[p]!);
            fresh = true;
          }
          return { h, fresh };
        };
        const a = branch(2 * i);
        const b = branch(2 * i + 1);
        // h1 + h2 into h1's buffer when h1 is a fresh output autograd does not keep (conv / BN / pool results); the
        // other branch's handle goes at once unless it is a state itself (identity).
        const release = (h: Tensor): void => {
          if (!states.includes(h)) h.dispose();
        };
        if (a.fresh && fastPaths.inplace) {
          states.push(a.h.add_(b.h));
          release(b.h);
        } else if (b.fresh && fastPaths.inplace) {
          states.push(b.h.add_(a.h));
          release(a.h);
        } else states.push(a.h.add(b.h));
      }
      return catChannels(this.concat.map((k) => states[k]!));
    });
  }
}

export class DcoCell extends Module implements EvalCell {
  readonly multiplier: number;
  private readonly pre: [TensorModule, TensorModule];
  private readonly ops: ModuleDict<ModuleDict<ModuleList<TensorModule & Module>>>;

  constructor(
    genes: DcoCellGenes,
    cPP: number,
    cP: number,
    c: number,
    readonly reduction: boolean,
    reductionPrev: boolean,
  ) {
    super();
    this.pre = preprocess(this, cPP, cP, c, reductionPrev);
    this.ops = this.registerModule('_ops', new ModuleDict<ModuleDict<ModuleList<TensorModule & Module>>>());
    for (const [name, to, from] of genes.edges) {
      if (from >= to || from < 0) throw new Error(`DCO edge ('${name}', ${to}, ${from}): 'from' must be a node below 'to'`);
      const t = String(to),
        f = String(from);
      if (!this.ops.has(t)) this.ops.set(t, new ModuleDict());
      const byFrom = this.ops.get(t);
      if (!byFrom.has(f)) byFrom.set(f, new ModuleList());
      byFrom.get(f).push(createOp(name, c, reduction && from < 2 ? 2 : 1, true) as TensorModule & Module);
    }
    this.multiplier = this.ops.keys().length;
    if (this.multiplier === 0) throw new Error('a DCO cell needs at least one edge');
    const dead = nodeWithoutInput(genes.edges as readonly DcoGene[]);
    if (dead !== undefined) {
      throw new Error(
        `node ${dead} only reads nodes that have no value, so the cell cannot be computed (the reference DCOCell crashes on this gene too)`,
      );
    }
  }

  forward(s0: Tensor, s1: Tensor, dropProb: number): Tensor {
    return tidy(() => {
      const states = new Map<string, Tensor>([
        ['0', this.pre[0].forward(s0)],
        ['1', this.pre[1].forward(s1)],
      ]);
      const isState = (t: Tensor): boolean => [...states.values()].includes(t);
      const outputs: Tensor[] = [];
      for (const [to, byFrom] of this.ops.entries()) {
        let out: Tensor | undefined;
        // Whether `out` is a buffer only this sum holds (a fresh op output or an earlier sum), so terms may go into it
        // in place; each term's handle goes at once unless it is a state itself (identity). The terms are added in
        // gene order either way (a + b = b + a exactly), so the numbers do not depend on the fast path.
        let fresh = false;
        for (const [from, list] of byFrom.entries()) {
          const input = states.get(from);
          if (!input) continue; // an edge from an absent node is ignored, as in the reference
          for (const op of list) {
            const y = op.forward(input);
            const yFresh = hasFreshOutput(op);
            if (!out) [out, fresh] = [y, yFresh];
            else if (fresh && fastPaths.inplace) {
              out.add_(y);
              if (y !== input) y.dispose();
            } else if (yFresh && fastPaths.inplace) {
              const sum = y.add_(out);
              if (!isState(out)) out.dispose();
              [out, fresh] = [sum, true];
            } else {
              const sum = out.add(y);
              if (!isState(out)) out.dispose();
              if (y !== input) y.dispose();
              [out, fresh] = [sum, true];
            }
          }
        }
        if (!out) throw new Error(`DCO cell: node ${to} has no input from a present node`);
        if (this.training && dropProb > 0) {
          const dropped = dropPath(out, dropProb);
          if (!isState(out)) out.dispose();
          out = dropped;
        }
        states.set(to, out);
        outputs.push(out);
      }
      return catChannels(outputs);
    });
  }
}

/** `poolBn` 'affine' is pt.darts' cell, which only the DARTS cell has (a DCO cell refuses it). */
export function createEvalCell(
  genes: CellGenes,
  cPP: number,
  cP: number,
  c: number,
  reduction: boolean,
  reductionPrev: boolean,
  poolBn: PoolBn = 'none',
): EvalCell {
  if (genes.kind === 'darts') return new DartsCell(genes, cPP, cP, c, reduction, reductionPrev, poolBn);
  if (poolBn !== 'none')
    throw new Error("--pool-bn affine (pt.darts' evaluation cell) applies to DARTS cells only, not to a DCO cell: use --pool-bn none");
  return new DcoCell(genes, cPP, cP, c, reduction, reductionPrev);
}
