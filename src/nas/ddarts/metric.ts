// The DARTOpti architecture distance metric (spec ddarts-dartopti §9, Appendix B): every cell encoded as the
// α-initialisation matrix (k edge rows × 12 ops, 10 where an op is present), rows compared with a Hamming distance
// weighted by per-op statistics, cells by the Hausdorff distance between their row sets, genotypes by the mean over
// paired cells. Used during a DARTOpti search for logging and early stopping, never in a loss.
//
// Reference bug (§9.1, §17.9): its encoder uses the 7-op DARTS list for Genotype_nested objects, so the search-time
// call crashes; here every genotype is encoded with the 12-op list, as the metric's 12 weights require.
import type { DcoGene, NestedGenotype } from '../genotype/genotype.js';
import { nestedSteps } from '../genotype/genotype.js';
import { DARTOPTI_PRIMITIVES } from '../genotype/primitives.js';
import { type BaselineGenotype, baselineSteps, encodeCell } from './baselines.js';

/** `op_stats.json`: mean CIFAR-10 top-1 (%) of each op in the benchmark network (the metric's weights). */
export const OP_STATS: Readonly<Record<(typeof DARTOPTI_PRIMITIVES)[number], number>> = Object.freeze({
  conv_3x1_1x3: 82.105830863444,
  conv_7x1_1x7: 83.1591640991211,
  max_pool_3x3: 82.13416411336264,
  avg_pool_3x3: 81.56333073120116,
  skip_connect: 81.34166406249999,
  simple_conv_1x1: 81.49166413777668,
  simple_conv_3x3: 82.30333082275389,
  sep_conv_3x3: 83.39583075561525,
  sep_conv_5x5: 84.97416410115558,
  dil_conv_3x3: 82.73583073323566,
  dil_conv_5x5: 82.89249749959309,
  bottleneck_1x3x1: 82.87499756469727,
});

/** `op_stats_2.json`: per-op medians (written by the reference, unused by it). */
export const OP_STATS_MEDIAN: Readonly<Record<(typeof DARTOPTI_PRIMITIVES)[number], number>> = Object.freeze({
  conv_3x1_1x3: 82.76499747314453,
  conv_7x1_1x7: 82.71999720458984,
  max_pool_3x3: 82.9599975830078,
  avg_pool_3x3: 82.50499731445314,
  skip_connect: 82.15499764404296,
  simple_conv_1x1: 82.26999738769531,
  simple_conv_3x3: 83.12499739990236,
  sep_conv_3x3: 83.18999750976562,
  sep_conv_5x5: 84.87499729003906,
  dil_conv_3x3: 82.964997265625,
  dil_conv_5x5: 82.98999738769531,
  bottleneck_1x3x1: 83.06999747314453,
});

/** The metric's weight vector in DARTOPTI_PRIMITIVES (column) order. */
export function opWeights(stats: Readonly<Record<string, number>> = OP_STATS): number[] {
  return DARTOPTI_PRIMITIVES.map((op) => {
    const w = stats[op];
    if (w === undefined) throw new Error(`op statistics lack '${op}'`);
    return w;
  });
}

/** d(u, v) = Σ_p w_p·[u_p ≠ v_p] / Σ_p w_p, in [0, 1]. */
export function weightedHamming(u: readonly number[], v: readonly number[], w: readonly number[]): number {
  if (u.length !== w.length || v.length !== w.length) throw new RangeError(`rows of ${u.length} and ${v.length} entries vs ${w.length} weights`);
  let num = 0,
    den = 0;
  for (let p = 0; p < w.length; p++) {
    if (u[p] !== v[p]) num += w[p]!;
    den += w[p]!;
  }
  return num / den;
}

/** h(A → B) = max_{a ∈ A} min_{b ∈ B} d(a, b) (the reference's early-break algorithm gives the same exact value). */
export function directedHausdorff(
  a: readonly (readonly number[])[],
  b: readonly (readonly number[])[],
  d: (u: readonly number[], v: readonly number[]) => number,
): number {
  let worst = 0;
  for (const u of a) {
    let best = Infinity;
    for (const v of b) {
      const x = d(u, v);
      if (x < best) best = x;
      if (best <= worst) break; // cannot raise the max any more
    }
    if (best > worst) worst = best;
  }
  return worst;
}

/** H(A, B) = max(h(A → B), h(B → A)). */
export function cellDistance(a: readonly (readonly number[])[], b: readonly (readonly number[])[], w: readonly number[] = opWeights()): number {
  const d = (u: readonly number[], v: readonly number[]): number => weightedHamming(u, v, w);
  return Math.max(directedHausdorff(a, b, d), directedHausdorff(b, a, d));
}

/** What the metric compares: the cells of a genotype and their node count (edge rows follow from it). */
export interface MetricCells {
  cells: readonly (readonly DcoGene[])[];
  steps: number;
}

/** A baseline is compared by its templates (not expanded over seq), as the reference encodes a Genotype_opt. */
export function baselineMetricCells(b: BaselineGenotype): MetricCells {
  return { cells: b.genes, steps: baselineSteps(b) };
}

/** A per-cell genotype is compared cell position by cell position. */
export function nestedMetricCells(g: NestedGenotype): MetricCells {
  return { cells: g.genes, steps: nestedSteps(g) };
}

/** D(G1, G2): mean of H over the first min(#cells) cell pairs. */
export function genotypeDistance(g1: MetricCells, g2: MetricCells, w: readonly number[] = opWeights()): number {
  const n = Math.min(g1.cells.length, g2.cells.length);
  if (n === 0) throw new Error('the distance metric needs at least one cell in each genotype');
  let sum = 0;
  for (let i = 0; i < n; i++) {
    sum += cellDistance(encodeCell(g1.cells[i]!, g1.steps, DARTOPTI_PRIMITIVES, 10), encodeCell(g2.cells[i]!, g2.steps, DARTOPTI_PRIMITIVES, 10), w);
  }
  return sum / n;
}

/** M(G1, G2) = max(D(G1, G2), D(G2, G1)) ∈ [0, 1] (equal to D: H is symmetric). */
export function architectureDistance(g1: MetricCells, g2: MetricCells, w: readonly number[] = opWeights()): number {
  return Math.max(genotypeDistance(g1, g2, w), genotypeDistance(g2, g1, w));
}

/**
 * The §9.2 stopping rule: stop when at least `window` earlier values exist and the new one is within `tolerance`
 * of each of the last `window` (4 and 0.001 in the reference). The caller appends `value` only when not stopping.
 */
export function metricHasSettled(history: readonly number[], value: number, window = 4, tolerance = 0.001): boolean {
  if (history.length < window) return false;
  return history.slice(-window).every((h) => Math.abs(value - h) <= tolerance);
}
