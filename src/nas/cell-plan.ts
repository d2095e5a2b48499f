// Where the cells of a network go: the reduction positions (⌊L/3⌋ and ⌊2L/3⌋ for DARTS, explicit for a DARTOpti
// baseline), and for a per-cell (D-DARTS) genotype which gene each position uses, including the automatic derivation
// of a deeper network from G genes (spec ddarts-dartopti §7). Search supernets and evaluation networks both build
// from it.
import type { Tensor } from '../tensor/index.js';

/** The DARTS reduction positions of an L-cell network. */
export function reductionIndices(layers: number): [number, number] {
  return [Math.floor(layers / 3), Math.floor((2 * layers) / 3)];
}

/**
 * Zero-pads an N×C×H×W batch so H and W are multiples of 2^reductions. Every reduction halves the map and
 * FactorizedReduce cannot take an odd map (its two stride-2 branches disagree by one pixel), so a DARTOpti ResNet
 * (3 reductions) or Xception (4) would crash on 28×28 Fashion-MNIST (28 → 14 → 7 → 4 vs 3); the reference only
 * runs 32×32 and 224×224 inputs, which need no padding, so results there are unchanged.
 */
export function padForReductions(x: Tensor, reductions: number): Tensor {
  const m = 2 ** reductions;
  const h = x.shape[2]!,
    w = x.shape[3]!;
  const ph = (m - (h % m)) % m,
    pw = (m - (w % m)) % m;
  if (ph === 0 && pw === 0) return x;
  return x.pad([Math.floor(pw / 2), pw - Math.floor(pw / 2), Math.floor(ph / 2), ph - Math.floor(ph / 2)]);
}

/** 'paper': reductions at ⌊L/3⌋ and ⌊2L/3⌋, where the searched reduction genes are placed (the paper's intent);
 * 'reference': the genotype file's own reduction positions, as the reference code keeps them (spec §7 caveat b). */
export type DerivationMode = 'paper' | 'reference';

export const DERIVATION_MODES: readonly DerivationMode[] = ['paper', 'reference'];

const div = (a: number, b: number): number => Math.floor(a / b);

/**
 * Gene index of cell position i in an L-cell network derived from G genes (spec §7 table):
 * i < ⌊L/3⌋ → ⌊(i mod G)/3⌋; i = ⌊L/3⌋ → ⌊G/3⌋; between → (i mod m₁) + ⌊G/3⌋ + 1 with m₁ = ⌊2G/3⌋ − 1 − ⌊G/3⌋;
 * i = ⌊2L/3⌋ → ⌊2G/3⌋; after → (i mod m₂) + ⌊2G/3⌋ + 1 with m₂ = G − 1 − ⌊2G/3⌋.
 * The first-stage rule (blocks of three copies, wrapping after G positions) is the reference's and is kept: it
 * is what the published derived networks (and their checkpoints) are made of.
 */
export function derivedGeneIndex(i: number, layers: number, genes: number): number {
  if (!Number.isInteger(i) || i < 0 || i >= layers) throw new RangeError(`cell position ${i} is outside 0..${layers - 1}`);
  const r1 = div(layers, 3),
    r2 = div(2 * layers, 3);
  const g1 = div(genes, 3),
    g2 = div(2 * genes, 3);
  let n: number;
  if (i < r1) n = div(i % genes, 3);
  else if (i === r1) n = g1;
  else if (i < r2) {
    const m1 = g2 - 1 - g1;
    if (m1 <= 0) throw new RangeError(`automatic derivation needs a normal gene between the two reduction genes; ${genes} genes have none`);
    n = (i % m1) + g1 + 1;
  } else if (i === r2) n = g2;
  else {
    const m2 = genes - 1 - g2;
    if (m2 <= 0) throw new RangeError(`automatic derivation needs a normal gene after the second reduction gene; ${genes} genes have none`);
    n = (i % m2) + g2 + 1;
  }
  if (n >= genes) throw new RangeError(`derivation picked gene ${n} of ${genes} for cell ${i} of ${layers}`);
  return n;
}

/** Gene index per cell position: 0..L−1 when L ≤ G (no derivation), else the derivation table. */
export function derivedGeneSequence(layers: number, genes: number): number[] {
  if (layers <= genes) return Array.from({ length: layers }, (_, i) => i);
  return Array.from({ length: layers }, (_, i) => derivedGeneIndex(i, layers, genes));
}

export interface CellPlan {
  /** Gene index of every cell position. */
  genes: number[];
  /** Reduction cell positions. */
  reductions: number[];
  derived: boolean;
}

/**
 * The cells of an L-cell network built from a genotype with G genes and the given reduction positions. L ≤ G: gene
 * i at position i, the genotype's reductions. L > G: the derivation table; only for genotypes with at most two
 * reductions (the reference raises "not implemented" otherwise, so DARTOpti results cannot be deepened).
 */
export function planCells(layers: number, genes: number, reductions: readonly number[], mode: DerivationMode = 'paper'): CellPlan {
  if (!Number.isInteger(layers) || layers < 1) throw new RangeError(`layers must be a positive integer, got ${layers}`);
  if (genes < 1) throw new RangeError('the genotype has no genes');
  if (layers <= genes) return { genes: derivedGeneSequence(layers, genes), reductions: [...reductions], derived: false };
  if (reductions.length > 2) {
    throw new Error(
      `automatic derivation of ${layers} cells is not implemented for a genotype with ${reductions.length} reductions ` +
        `(${genes} genes; DARTOpti results): use --layers ${genes}`,
    );
  }
  return {
    genes: derivedGeneSequence(layers, genes),
    reductions: mode === 'reference' ? [...reductions] : [div(layers, 3), div(2 * layers, 3)],
    derived: true,
  };
}
