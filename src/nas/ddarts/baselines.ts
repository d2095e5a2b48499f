// DARTOpti baselines (spec ddarts-dartopti §8.1, Appendix A): handcrafted networks written as `Genotype_opt`
// (distinct cell templates + the template of every cell position), their α encoding (§8.2) and conversion to a
// per-cell genotype (`convert_genotype`).
import { edgeCount } from '../genotype/derive.js';
import { concatRange, type DcoGene, type NestedGenotype } from '../genotype/genotype.js';
import { DARTOPTI_PRIMITIVES } from '../genotype/primitives.js';

/** A reference `Genotype_opt`: genes = distinct templates, seq[i] = template of cell position i. */
export interface BaselineGenotype {
  readonly name: string;
  readonly genes: readonly (readonly DcoGene[])[];
  readonly seq: readonly number[];
  readonly concat: readonly number[];
  readonly reductions: readonly number[];
}

const t = (op: string, to: number, from: number): DcoGene => [op, to, from];

/** residual_layer: bottleneck + identity shortcut on the chain 0 → 2 → 3 → 4. */
export const RESIDUAL_LAYER: readonly DcoGene[] = [
  t('bottleneck_1x3x1', 2, 0),
  t('skip_connect', 2, 0),
  t('bottleneck_1x3x1', 3, 2),
  t('skip_connect', 3, 2),
  t('bottleneck_1x3x1', 4, 3),
  t('skip_connect', 4, 3),
];

/** residual_layer_simple: two basic blocks (3×3, 3×3, shortcut) on the chain 0 → 2 → 3 → 4 → 5. */
export const RESIDUAL_LAYER_SIMPLE: readonly DcoGene[] = [
  t('simple_conv_3x3', 2, 0),
  t('simple_conv_3x3', 3, 2),
  t('skip_connect', 3, 0),
  t('simple_conv_3x3', 4, 3),
  t('simple_conv_3x3', 5, 4),
  t('skip_connect', 5, 3),
];

const RESNET18: BaselineGenotype = {
  name: 'ResNet18',
  genes: [RESIDUAL_LAYER_SIMPLE],
  seq: [0, 0, 0, 0],
  concat: concatRange(2, 6),
  reductions: concatRange(1, 4),
};

const RESNET50: BaselineGenotype = {
  name: 'ResNet50',
  genes: [
    RESIDUAL_LAYER,
    [...RESIDUAL_LAYER, t('bottleneck_1x3x1', 5, 4), t('skip_connect', 5, 4)],
    [
      ...RESIDUAL_LAYER,
      t('bottleneck_1x3x1', 5, 4),
      t('skip_connect', 5, 4),
      t('bottleneck_1x3x1', 6, 5),
      t('skip_connect', 6, 5),
      t('bottleneck_1x3x1', 7, 6),
      t('skip_connect', 7, 6),
    ],
  ],
  seq: [0, 1, 2, 0],
  concat: concatRange(2, 8),
  reductions: concatRange(1, 4),
};

// The reference's own TODO: "Add Conv 1x1 in skip connect edges".
const XCEPTION: BaselineGenotype = {
  name: 'Xception',
  genes: [
    [t('simple_conv_1x1', 4, 0), t('sep_conv_3x3', 2, 0), t('sep_conv_3x3', 3, 2), t('max_pool_3x3', 4, 3)],
    [t('skip_connect', 4, 0), t('sep_conv_3x3', 2, 0), t('sep_conv_3x3', 3, 2), t('sep_conv_3x3', 4, 3)],
    [t('sep_conv_3x3', 2, 0), t('sep_conv_3x3', 3, 2)],
  ],
  seq: [0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 0, 2],
  concat: concatRange(2, 6),
  reductions: [1, 2, 11, 12],
};

/** Defined in genotypes.py but not advertised by the README. */
const INCEPTION_V4: BaselineGenotype = {
  name: 'InceptionV4',
  genes: [
    [
      t('simple_conv_1x1', 2, 0),
      t('avg_pool_3x3', 3, 0),
      t('simple_conv_1x1', 4, 0),
      t('simple_conv_1x1', 6, 0),
      t('simple_conv_1x1', 6, 3),
      t('simple_conv_3x3', 5, 4),
      t('simple_conv_3x3', 6, 5),
      t('simple_conv_3x3', 6, 2),
    ],
    [t('simple_conv_1x1', 2, 0), t('simple_conv_3x3', 3, 2), t('simple_conv_3x3', 4, 3), t('max_pool_3x3', 4, 0)],
    [
      t('simple_conv_1x1', 2, 0),
      t('simple_conv_1x1', 3, 0),
      t('avg_pool_3x3', 4, 0),
      t('simple_conv_1x1', 6, 0),
      t('conv_7x1_1x7', 6, 3),
      t('conv_7x1_1x7', 5, 2),
      t('conv_7x1_1x7', 6, 5),
      t('simple_conv_1x1', 6, 4),
    ],
    [t('simple_conv_1x1', 2, 0), t('simple_conv_3x3', 5, 2), t('simple_conv_1x1', 3, 0), t('conv_7x1_1x7', 4, 3), t('simple_conv_3x3', 5, 4)],
    [
      t('simple_conv_1x1', 2, 0),
      t('simple_conv_1x1', 4, 0),
      t('avg_pool_3x3', 5, 0),
      t('simple_conv_1x1', 6, 0),
      t('conv_3x1_1x3', 3, 2),
      t('conv_3x1_1x3', 6, 3),
      t('conv_3x1_1x3', 6, 4),
      t('simple_conv_1x1', 6, 5),
    ],
  ],
  seq: [0, 0, 0, 0, 1, 2, 2, 2, 2, 2, 2, 2, 3, 4, 4, 4],
  concat: concatRange(2, 7),
  reductions: [4, 12],
};

/** The baselines `--baseline` accepts (README: ResNet18, ResNet50, Xception; InceptionV4 also works). */
export const DARTOPTI_BASELINES: Readonly<Record<string, BaselineGenotype>> = Object.freeze({
  ResNet18: RESNET18,
  ResNet50: RESNET50,
  Xception: XCEPTION,
  InceptionV4: INCEPTION_V4,
});

/** A baseline by name, case-insensitively (`resnet18`, `ResNet18`). */
export function dartoptiBaseline(name: string): BaselineGenotype {
  const key = Object.keys(DARTOPTI_BASELINES).find((k) => k.toLowerCase() === name.toLowerCase());
  if (!key) throw new Error(`unknown DARTOpti baseline '${name}' (available: ${Object.keys(DARTOPTI_BASELINES).join(', ')})`);
  return DARTOPTI_BASELINES[key]!;
}

/** Intermediate nodes of the baseline's cells: concat[-1] − 1 (4 for ResNet18/Xception, 6 for ResNet50). */
export function baselineSteps(b: Pick<BaselineGenotype, 'concat'>): number {
  return b.concat[b.concat.length - 1]! - 1;
}

/** α row of edge (to ← from): the rows of the nodes before `to`, then `from`. */
export function edgeRow(to: number, from: number): number {
  return edgeCount(to - 2) + from;
}

/** Edge rows of a cell with `steps` intermediate nodes (14 for 4, 27 for 6): the search cell's edge count. */
export { edgeCount as edgeRows };

/**
 * The §8.2 encoding of one cell: a k × |primitives| matrix, `value` where the gene has that op on that edge, 0
 * elsewhere. α initialisation uses value 10 (σ = 0.99995); the distance metric (§9) uses the same matrices.
 */
export function encodeCell(genes: readonly DcoGene[], steps: number, primitives: readonly string[] = DARTOPTI_PRIMITIVES, value = 10): number[][] {
  const m = Array.from({ length: edgeCount(steps) }, () => new Array<number>(primitives.length).fill(0));
  for (const [op, to, from] of genes) {
    const k = primitives.indexOf(op);
    if (k < 0) throw new Error(`op '${op}' is not in the primitive list (${primitives.join(', ')})`);
    if (to < 2 || to > steps + 1 || from < 0 || from >= to) throw new Error(`edge (${op}, ${to}, ${from}) does not exist in a ${steps}-node cell`);
    m[edgeRow(to, from)]![k] = value;
  }
  return m;
}

/** `deserialize_architecture_to_alphas`: one α matrix per template, 10 on the baseline's ops, 0 elsewhere. */
export function baselineAlphas(b: BaselineGenotype, primitives: readonly string[] = DARTOPTI_PRIMITIVES): number[][][] {
  return b.genes.map((g) => encodeCell(g, baselineSteps(b), primitives, 10));
}

/** `convert_genotype`: the per-position genotype (genes[seq[i]] for every cell i). */
export function baselineAsNested(b: BaselineGenotype): NestedGenotype {
  return {
    kind: 'nested',
    genes: b.seq.map((s) => b.genes[s]!.map((g) => [...g] as DcoGene)),
    concat: [...b.concat],
    reductions: [...b.reductions],
  };
}

/** Template of each cell position, and the first position using each template (the α owner; §8.2). */
export function templateOwners(seq: readonly number[]): number[] {
  const owners: number[] = [];
  seq.forEach((s, i) => {
    if (owners[s] === undefined) owners[s] = i;
  });
  return owners;
}
