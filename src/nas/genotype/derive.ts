// Discrete genotypes from architecture weights: the DARTS rule (spec darts-fairdarts-noisydarts §6.2)
// and the FairDARTS parse methods (§11.4).
//
// Weight matrices are plain row-major arrays: one row per edge in the search-cell order
// (node 2 ← 0, 1; node 3 ← 0, 1, 2; ...), one column per primitive in the given PRIMITIVES order.
// Tie-breaking copies the Python code exactly, because ties are common in practice (FairDARTS
// sigmoids saturate at 1.0): edges are ranked with a stable sort, so on equal strength the lower
// input wins, and an argmax takes the first maximal column.

import { concatRange, type DcoGene, type DcoGenotype, type GenePair, type Genotype } from './genotype.js';
import { DARTS_PRIMITIVES, FAIRDARTS_PRIMITIVES } from './primitives.js';

export type WeightMatrix = readonly (readonly number[])[];

/** Weights of both cell types; rows = edges, columns = primitives. */
export interface CellWeights {
  normal: WeightMatrix;
  reduce: WeightMatrix;
}

export interface DeriveOptions {
  /** Column order of the weights (default: DARTS_PRIMITIVES for DARTS, FAIRDARTS_PRIMITIVES for FairDARTS). */
  primitives?: readonly string[];
  /** Intermediate nodes per cell (default 4, i.e. 14 edge rows). */
  steps?: number;
  /** How many of the last nodes the cell concatenates (default = steps); concat = range(2 + steps - multiplier, steps + 2). */
  multiplier?: number;
}

/** Number of edge rows of a search cell with `steps` intermediate nodes (14 for 4). */
export function edgeCount(steps: number): number {
  return (steps * (steps + 3)) / 2;
}

function checkWeights(weights: WeightMatrix, primitives: readonly string[], steps: number, what: string): void {
  if (!Number.isInteger(steps) || steps < 1) throw new RangeError(`steps must be a positive integer, got ${steps}`);
  const rows = edgeCount(steps);
  if (weights.length !== rows) {
    throw new RangeError(`${what}: expected ${rows} weight rows (one per edge of a ${steps}-node cell), got ${weights.length}`);
  }
  weights.forEach((row, e) => {
    if (row.length !== primitives.length) {
      throw new RangeError(`${what}: row ${e} has ${row.length} columns; expected ${primitives.length} (${primitives.join(', ')})`);
    }
    row.forEach((value, k) => {
      if (typeof value !== 'number' || Number.isNaN(value)) throw new RangeError(`${what}: weight [${e}][${k}] is not a number`);
    });
  });
}

/** Rows of node `i` (graph node i + 2): its incoming edges j = 0..i+1. */
function nodeRows(weights: WeightMatrix, i: number): WeightMatrix {
  const start = edgeCount(i);
  return weights.slice(start, start + i + 2);
}

/** First index of the maximum among `candidates` (strict '>' as in the reference loops). */
function argmax(row: readonly number[], candidates: readonly number[]): number {
  let best = candidates[0]!;
  for (const k of candidates) if (row[k]! > row[best]!) best = k;
  return best;
}

/** Input indices sorted by descending strength; stable, so ties keep the lower input first. */
function rankEdges(rows: WeightMatrix, candidates: readonly number[]): number[] {
  const strength = rows.map((row) => Math.max(...candidates.map((k) => row[k]!)));
  return rows.map((_, j) => j).sort((a, b) => (strength[b]! > strength[a]! ? 1 : strength[b]! < strength[a]! ? -1 : 0));
}

/** The DARTS rule: per node the 2 strongest inputs, each with its strongest op, among `candidates`. */
function topTwoRule(weights: WeightMatrix, primitives: readonly string[], steps: number, candidates: readonly number[]): GenePair[] {
  const gene: GenePair[] = [];
  for (let i = 0; i < steps; i++) {
    const rows = nodeRows(weights, i);
    for (const j of rankEdges(rows, candidates).slice(0, 2)) {
      gene.push([primitives[argmax(rows[j]!, candidates)]!, j]);
    }
  }
  return gene;
}

function concatFor(options: DeriveOptions): number[] {
  const steps = options.steps ?? 4;
  const multiplier = options.multiplier ?? steps;
  return concatRange(2 + steps - multiplier, steps + 2);
}

/**
 * DARTS `Network.genotype` for one cell (§6.2), applied to softmax(α) in quark0/darts (or to raw α
 * for the pt.darts / DropNAS rule). 'none' is never chosen when the primitive list contains it.
 */
export function deriveDartsCell(weights: WeightMatrix, options: DeriveOptions = {}): GenePair[] {
  const primitives = options.primitives ?? DARTS_PRIMITIVES;
  const steps = options.steps ?? 4;
  checkWeights(weights, primitives, steps, 'deriveDartsCell');
  const candidates = primitives.map((_, k) => k).filter((k) => primitives[k] !== 'none');
  if (candidates.length === 0) throw new RangeError("deriveDartsCell: the primitive list has no op other than 'none'");
  return topTwoRule(weights, primitives, steps, candidates);
}

/** DARTS genotype of both cells (§6.2); concat = range(2 + steps - multiplier, steps + 2). */
export function deriveDartsGenotype(weights: CellWeights, options: DeriveOptions = {}): Genotype {
  const concat = concatFor(options);
  return {
    kind: 'darts',
    normal: deriveDartsCell(weights.normal, options),
    normalConcat: concat,
    reduce: deriveDartsCell(weights.reduce, options),
    reduceConcat: [...concat],
  };
}

/** FairDARTS `utils.parse` methods. 'threshold' is listed only to be rejected with an explanation. */
export type FairDartsParseMethod = 'darts' | 'threshold_sparse' | 'threshold_edge' | 'threshold';

/** FairDARTS default σ threshold (`--op_threshold`). */
export const FAIRDARTS_THRESHOLD = 0.85;

export interface FairDartsDeriveOptions extends DeriveOptions {
  /** σ threshold an op must reach to be kept (default 0.85). */
  threshold?: number;
}

/**
 * The method FairDARTS runs for a `--parse_method` value, using its substring dispatch:
 * 'darts' exactly; names containing 'threshold' and 'edge' → threshold_edge; containing 'threshold'
 * and 'sparse' → threshold_sparse. Anything else raises, as FairDARTS does.
 */
export function resolveFairDartsParseMethod(name: string): 'darts' | 'threshold_sparse' | 'threshold_edge' {
  if (name === 'darts') return 'darts';
  if (name.includes('threshold') && name.includes('edge')) return 'threshold_edge';
  if (name.includes('threshold') && name.includes('sparse')) return 'threshold_sparse';
  if (name.includes('threshold')) {
    throw new Error(
      `FairDARTS parse method '${name}' is not a search-time method (utils.parse raises NotImplementedError for it); ` +
        "in train.py/evaluate_model.py 'threshold' only selects the DCO cell. Use 'threshold_sparse' or 'threshold_edge'.",
    );
  }
  throw new Error(`unknown FairDARTS parse method '${name}'; expected 'darts', 'threshold_sparse' or 'threshold_edge'`);
}

function thresholdSparse(weights: WeightMatrix, primitives: readonly string[], steps: number, threshold: number): DcoGene[] {
  const all = primitives.map((_, k) => k);
  const gene: DcoGene[] = [];
  for (let i = 0; i < steps; i++) {
    const rows = nodeRows(weights, i);
    for (const j of rankEdges(rows, all).slice(0, 2)) {
      const k = argmax(rows[j]!, all);
      if (rows[j]![k]! >= threshold) gene.push([primitives[k]!, i + 2, j]);
    }
  }
  return gene;
}

function thresholdEdge(weights: WeightMatrix, primitives: readonly string[], steps: number, threshold: number): DcoGene[] {
  const gene: DcoGene[] = [];
  for (let i = 0; i < steps; i++) {
    const rows = nodeRows(weights, i);
    rows.forEach((row, j) => {
      // Python: sorted(enumerate(W[j]), key=value)[-2:] — a stable ascending sort, so among equal
      // values the higher op index counts as larger, and the pair is emitted second-best first.
      const ascending = row.map((_, k) => k).sort((a, b) => (row[a]! < row[b]! ? -1 : row[a]! > row[b]! ? 1 : 0));
      for (const k of ascending.slice(-2)) {
        if (row[k]! >= threshold) gene.push([primitives[k]!, i + 2, j]);
      }
    });
  }
  return gene;
}

/**
 * One cell by a FairDARTS parse method (§11.4), applied to σ(α):
 * - 'darts': the DARTS rule without excluding any op → (op, input) pairs;
 * - 'threshold_sparse': top-2 inputs by max σ, argmax op, kept only if σ ≥ threshold → (op, to, from);
 * - 'threshold_edge': every input, its two largest ops (second-largest first), each kept if σ ≥ threshold.
 */
export function deriveFairDartsCell(weights: WeightMatrix, method: 'darts', options?: FairDartsDeriveOptions): GenePair[];
export function deriveFairDartsCell(
  weights: WeightMatrix,
  method: 'threshold_sparse' | 'threshold_edge' | 'threshold',
  options?: FairDartsDeriveOptions,
): DcoGene[];
export function deriveFairDartsCell(
  weights: WeightMatrix,
  method: FairDartsParseMethod,
  options: FairDartsDeriveOptions = {},
): GenePair[] | DcoGene[] {
  const primitives = options.primitives ?? FAIRDARTS_PRIMITIVES;
  const steps = options.steps ?? 4;
  const threshold = options.threshold ?? FAIRDARTS_THRESHOLD;
  const resolved = resolveFairDartsParseMethod(method);
  checkWeights(weights, primitives, steps, `deriveFairDartsCell(${method})`);
  switch (resolved) {
    case 'darts':
      return topTwoRule(
        weights,
        primitives,
        steps,
        primitives.map((_, k) => k),
      );
    case 'threshold_sparse':
      return thresholdSparse(weights, primitives, steps, threshold);
    case 'threshold_edge':
      return thresholdEdge(weights, primitives, steps, threshold);
  }
}

/** Both cells by a FairDARTS parse method: 'darts' gives a DARTS genotype, the threshold methods a DCO genotype. */
export function deriveFairDartsGenotype(weights: CellWeights, method: 'darts', options?: FairDartsDeriveOptions): Genotype;
export function deriveFairDartsGenotype(
  weights: CellWeights,
  method: 'threshold_sparse' | 'threshold_edge' | 'threshold',
  options?: FairDartsDeriveOptions,
): DcoGenotype;
export function deriveFairDartsGenotype(
  weights: CellWeights,
  method: FairDartsParseMethod,
  options: FairDartsDeriveOptions = {},
): Genotype | DcoGenotype {
  const concat = concatFor(options);
  if (method === 'darts') {
    return {
      kind: 'darts',
      normal: deriveFairDartsCell(weights.normal, method, options),
      normalConcat: concat,
      reduce: deriveFairDartsCell(weights.reduce, method, options),
      reduceConcat: [...concat],
    };
  }
  return {
    kind: 'dco',
    normal: deriveFairDartsCell(weights.normal, method, options),
    normalConcat: concat,
    reduce: deriveFairDartsCell(weights.reduce, method, options),
    reduceConcat: [...concat],
  };
}

/** Element-wise logistic σ(α), the FairDARTS relaxation. */
export function sigmoidMatrix(alpha: WeightMatrix): number[][] {
  return alpha.map((row) => row.map((a) => 1 / (1 + Math.exp(-a))));
}

/** Row-wise softmax, the DARTS relaxation (max-shifted for stability). */
export function softmaxRows(alpha: WeightMatrix): number[][] {
  return alpha.map((row) => {
    const max = Math.max(...row);
    const exps = row.map((a) => Math.exp(a - max));
    const sum = exps.reduce((s, x) => s + x, 0);
    return exps.map((x) => x / sum);
  });
}
