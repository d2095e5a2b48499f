// The relaxations a method mixes each edge's ops with, and the relaxed α as a run writes it
// (genotypes/epoch-NNN.weights.json): per cell, per edge its label and the weights keyed by op name, with the
// relaxation that made them, so that the file reads without the code that wrote it.
import type { CellEdge } from '../genotype/genotype.js';
import type { Tensor } from '../../tensor/index.js';

export type Relaxation = 'softmax' | 'sigmoid';

const RELAXATIONS: Record<Relaxation, { apply: (alpha: Tensor) => Tensor; meaning: string }> = {
  softmax: { apply: (alpha) => alpha.softmax(-1), meaning: "softmax(α) over the ops of each edge: an edge's weights sum to 1" },
  sigmoid: { apply: (alpha) => alpha.sigmoid(), meaning: 'sigmoid(α) of each (edge, op) on its own: each weight in [0, 1], no sum constraint' },
};

/** α [edges, ops] → the weights an edge mixes its ops with. */
export function relaxAlpha(relaxation: Relaxation, alpha: Tensor): Tensor {
  return RELAXATIONS[relaxation].apply(alpha);
}

/** What the rows and columns of a method's α mean. */
export interface ArchLayout {
  relaxation: Relaxation;
  /** The ops, in α's column order. */
  ops: readonly string[];
  /** The edges of a cell, in α's row order. */
  edges: readonly CellEdge[];
  /** α per cell position (alphas_cell{i}): the positions that are reduction cells. Unset: the cells are not typed. */
  reductions?: readonly number[];
}

export interface LabelledEdge {
  /** "from -> to", by the node names of the genotype drawings: c_{k-2}, c_{k-1}, 0, 1, ... (NB201: 0..3). */
  edge: string;
  from: string;
  to: string;
  /** The relaxed weight of each op on this edge. */
  weights: Record<string, number>;
}

export interface LabelledCell {
  /** The α tensor's name in checkpoints (alphas_normal, alphas_reduce, alphas_cell{i}). */
  alpha: string;
  reduction?: boolean;
  edges: LabelledEdge[];
}

/** genotypes/epoch-NNN.weights.json. */
export interface ArchWeightsFile {
  relaxation: Relaxation;
  /** The relaxation in words. */
  meaning: string;
  ops: string[];
  /** By cell: normal / reduce (shared per cell type), cell0, cell1, ... (one α per cell position or the NB201 cell). */
  cells: Record<string, LabelledCell>;
}

/** Which cell an α name stands for, and whether that cell is a reduction cell (undefined: not typed). */
function cellOf(alpha: string, layout: ArchLayout): { key: string; reduction: boolean | undefined } {
  const key = alpha.replace(/^alphas_/, '');
  if (key === 'normal' || key === 'reduce') return { key, reduction: key === 'reduce' };
  const position = /^cell(\d+)$/.exec(key);
  return { key, reduction: position && layout.reductions ? layout.reductions.includes(Number(position[1])) : undefined };
}

/** Relaxed weights per α tensor (rows = edges, columns = ops) as the self-describing weights file. */
export function labelArchWeights(weights: Record<string, number[][]>, layout: ArchLayout): ArchWeightsFile {
  const cells: Record<string, LabelledCell> = {};
  for (const [alpha, rows] of Object.entries(weights)) {
    if (rows.length !== layout.edges.length) throw new Error(`${alpha}: ${rows.length} rows for a cell of ${layout.edges.length} edges`);
    const { key, reduction } = cellOf(alpha, layout);
    const edges = rows.map((row, e) => {
      if (row.length !== layout.ops.length) throw new Error(`${alpha}: row ${e} has ${row.length} weights for ${layout.ops.length} ops`);
      const { from, to } = layout.edges[e]!;
      return { edge: `${from} -> ${to}`, from, to, weights: Object.fromEntries(layout.ops.map((op, k) => [op, row[k]!])) };
    });
    cells[key] = reduction === undefined ? { alpha, edges } : { alpha, reduction, edges };
  }
  return { relaxation: layout.relaxation, meaning: RELAXATIONS[layout.relaxation].meaning, ops: [...layout.ops], cells };
}
