// Operation-name lists of the DARTS-family code bases.
//
// The order of every PRIMITIVES list is the column order of that code base's α matrices, so it
// decides which op a weight column means and how derivation breaks ties. Never sort these.

/** quark0/darts `cnn/` (and EvNAS S1): 8 ops, 'none' first. */
export const DARTS_PRIMITIVES = [
  'none',
  'max_pool_3x3',
  'avg_pool_3x3',
  'skip_connect',
  'sep_conv_3x3',
  'sep_conv_5x5',
  'dil_conv_3x3',
  'dil_conv_5x5',
] as const;

/** xiaomi-automl/FairDARTS (`fairdarts/` and `darts/`) and D-DARTS: 'none' removed, 7 ops. */
export const FAIRDARTS_PRIMITIVES = [
  'max_pool_3x3',
  'avg_pool_3x3',
  'skip_connect',
  'sep_conv_3x3',
  'sep_conv_5x5',
  'dil_conv_3x3',
  'dil_conv_5x5',
] as const;

/** xiaomi-automl/NoisyDARTS: the same 7 ops as FairDARTS ('none' is commented out of its list). */
export const NOISY_DARTS_PRIMITIVES = FAIRDARTS_PRIMITIVES;

/** khanrc/pt.darts: the DARTS ops with 'none' moved to the end (its parse assumes 'none' is last). */
export const PT_DARTS_PRIMITIVES = [
  'max_pool_3x3',
  'avg_pool_3x3',
  'skip_connect',
  'sep_conv_3x3',
  'sep_conv_5x5',
  'dil_conv_3x3',
  'dil_conv_5x5',
  'none',
] as const;

/** wiljohnhong/DropNAS: parametric ops first (its drop groups), then non-parametric, 'none' last. */
export const DROPNAS_PRIMITIVES = [
  'sep_conv_3x3',
  'sep_conv_5x5',
  'dil_conv_3x3',
  'dil_conv_5x5',
  'max_pool_3x3',
  'avg_pool_3x3',
  'skip_connect',
  'none',
] as const;

/** Ops that no search space contains but the hand-designed NASNet / AmoebaNet genotypes use. */
export const HAND_DESIGNED_OPS = ['sep_conv_7x7', 'conv_7x1_1x7'] as const;

/** Every op name a DARTS-space genotype may use (search ops plus the hand-designed extras). */
export const DARTS_SPACE_OPS = [...DARTS_PRIMITIVES, ...HAND_DESIGNED_OPS] as const;

/**
 * aheuillet/D-DARTS `PRIMITIVES`, the DARTOpti search space: 12 ops (spec ddarts-dartopti §2.1). D-DARTS itself
 * searches FAIRDARTS_PRIMITIVES (its `PRIMITIVES_DARTS`).
 */
export const DARTOPTI_PRIMITIVES = [
  'conv_3x1_1x3',
  'conv_7x1_1x7',
  'max_pool_3x3',
  'avg_pool_3x3',
  'skip_connect',
  'simple_conv_1x1',
  'simple_conv_3x3',
  'sep_conv_3x3',
  'sep_conv_5x5',
  'dil_conv_3x3',
  'dil_conv_5x5',
  'bottleneck_1x3x1',
] as const;

/** Every op a D-DARTS / DARTOpti per-cell genotype may use: the 12 plus the ops D-DARTS defines but lists nowhere. */
export const DDARTS_SPACE_OPS = [...DARTOPTI_PRIMITIVES, 'sep_conv_7x7', 'simple_conv_5x5', 'bottleneck_1x5x1'] as const;

/** NAS-Bench-201 cell ops in canonical (α column) order; a different space with its own op names. */
export const NB201_PRIMITIVES = ['none', 'skip_connect', 'nor_conv_1x1', 'nor_conv_3x3', 'avg_pool_3x3'] as const;

/** Name of an op of the DARTS cell space. */
export type OpName = (typeof DARTS_SPACE_OPS)[number];

/** Name of an op of the NAS-Bench-201 cell space. */
export type Nb201OpName = (typeof NB201_PRIMITIVES)[number];

const DARTS_SPACE_OP_SET: ReadonlySet<string> = new Set(DARTS_SPACE_OPS);
const NB201_OP_SET: ReadonlySet<string> = new Set(NB201_PRIMITIVES);

export function isOpName(name: string): name is OpName {
  return DARTS_SPACE_OP_SET.has(name);
}

export function isNb201OpName(name: string): name is Nb201OpName {
  return NB201_OP_SET.has(name);
}
