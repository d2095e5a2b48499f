// Genes from architecture weights, per cell (spec ddarts-dartopti §4): the FairDARTS threshold rules applied to
// σ(α_c) of every cell position, and the per-cell genotype a search writes.
import { deriveFairDartsCell, FAIRDARTS_THRESHOLD, type WeightMatrix } from './derive.js';
import { concatRange, dcoCellNodes, type DcoGene, type NestedGenotype } from './genotype.js';

/**
 * - threshold_sparse (default): per node the 2 inputs with the largest max σ (stable: lower input first on ties),
 *   each with its argmax op if σ ≥ T, stronger edge first;
 * - threshold_edge: every input in ascending order, its two largest ops emitted [second, best], each if σ ≥ T;
 * - threshold_complete: every op with σ ≥ T on every edge, in op order.
 */
export type DDartsParseMethod = 'threshold_sparse' | 'threshold_edge' | 'threshold_complete';

export const DDARTS_PARSE_METHODS: readonly DDartsParseMethod[] = ['threshold_sparse', 'threshold_edge', 'threshold_complete'];

/**
 * The threshold the reference always uses for its final genotypes (`--op_threshold` is ignored): D-DARTS parses
 * with FairDARTS' rules (spec ddarts-dartopti §4), at FairDARTS' σ threshold.
 */
export const DDARTS_THRESHOLD = FAIRDARTS_THRESHOLD;

export interface ParseCellOptions {
  primitives: readonly string[];
  steps: number;
  threshold?: number;
}

/** One cell's genes from its σ(α) (rows = edges in search order, columns = primitives). */
export function parseCell(weights: WeightMatrix, method: DDartsParseMethod, o: ParseCellOptions): DcoGene[] {
  const threshold = o.threshold ?? DDARTS_THRESHOLD;
  if (method !== 'threshold_complete') return deriveFairDartsCell(weights, method, { primitives: o.primitives, steps: o.steps, threshold });
  const gene: DcoGene[] = [];
  let row = 0;
  for (let i = 0; i < o.steps; i++) {
    for (let j = 0; j < i + 2; j++, row++) {
      const w = weights[row];
      if (!w || w.length !== o.primitives.length) throw new RangeError(`weights row ${row}: expected ${o.primitives.length} columns`);
      w.forEach((x, k) => {
        if (x >= threshold) gene.push([o.primitives[k]!, i + 2, j]);
      });
    }
  }
  if (row !== weights.length) throw new RangeError(`expected ${row} weight rows for ${o.steps} nodes, got ${weights.length}`);
  return gene;
}

/** The first node whose every input is a node without value (the DCO cell cannot compute it; spec §6.1). */
export function nodeWithoutInput(genes: readonly DcoGene[]): number | undefined {
  const available = new Set([0, 1]);
  for (const node of dcoCellNodes(genes)) {
    if (!genes.some(([, to, from]) => to === node && available.has(from))) return node;
    available.add(node);
  }
  return undefined;
}

/** A gene an evaluation network can be built from: at least one op, every node computable. */
export function isBuildableGene(genes: readonly DcoGene[]): boolean {
  return genes.length > 0 && nodeWithoutInput(genes) === undefined;
}

export interface BuildableCell {
  genes: DcoGene[];
  /** True when the thresholded genes could not be built and the fallback rule gave `genes`. */
  fellBack: boolean;
}

/**
 * One cell's genes by `method`, or, when those cannot be built (no op reached the threshold, or a node only reads
 * nodes without value — common after short searches, since σ(α) starts at 0.5), the threshold-free sparse rule
 * (top-2 inputs × argmax op, the DARTS rule written as DCO edges). The FairDARTS and D-DARTS references write the
 * unbuildable gene (their train.py then crashes).
 */
export function parseBuildableCell(weights: WeightMatrix, method: DDartsParseMethod, o: ParseCellOptions): BuildableCell {
  const genes = parseCell(weights, method, o);
  if (isBuildableGene(genes)) return { genes, fellBack: false };
  return {
    genes: deriveFairDartsCell(weights, 'threshold_sparse', { primitives: o.primitives, steps: o.steps, threshold: -Infinity }),
    fellBack: true,
  };
}

export interface ParseNestedOptions extends ParseCellOptions {
  reductions: readonly number[];
  /** Output nodes written to the file: the last `multiplier` (4) nodes, range(2 + steps − 4, steps + 2). */
  multiplier?: number;
  /** Replace a cell's unbuildable gene by the fallback rule (parseBuildableCell); `false` writes it as the reference does. */
  fallback?: boolean;
}

export interface ParsedCells {
  genotype: NestedGenotype;
  /** Cell positions whose gene came from the fallback rule. */
  fallbackCells: number[];
}

/** The per-cell genotype of a search: one gene per cell position from its weights. */
export function parseNested(perCell: readonly WeightMatrix[], method: DDartsParseMethod, o: ParseNestedOptions): ParsedCells {
  const fallbackCells: number[] = [];
  const genes = perCell.map((w, i) => {
    if (o.fallback === false) return parseCell(w, method, o);
    const cell = parseBuildableCell(w, method, o);
    if (cell.fellBack) fallbackCells.push(i);
    return cell.genes;
  });
  const multiplier = o.multiplier ?? 4;
  return {
    genotype: { kind: 'nested', genes, concat: concatRange(2 + o.steps - multiplier, o.steps + 2), reductions: [...o.reductions] },
    fallbackCells,
  };
}
