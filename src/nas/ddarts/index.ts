// D-DARTS and DARTOpti (spec ddarts-dartopti): the genotype `.txt` grammar, the published genotype files, per-cell
// evaluation networks with automatic derivation, DARTOpti baselines and the architecture distance metric. The
// search method itself is nas/search/ddarts.ts (DDartsSearch), its DARTOpti space nas/search/ddarts-space.ts.
export {
  DEFAULT_NESTED_LAYOUT,
  formatNestedGenotype,
  formatNestedJson,
  nestedFromCall,
  nestedFromJson,
  parseNestedGenotypeText,
  roundTripNestedText,
  type NestedField,
  type NestedParseOptions,
  type NestedTxtLayout,
  type ParsedNested,
} from '../genotype/nested-txt.js';
export { DDARTS_PUBLISHED_FILES, type PublishedGenotypeFile } from '../genotype/zoo/ddarts.js';
export { derivedGeneIndex, derivedGeneSequence, planCells, type CellPlan, type DerivationMode } from '../cell-plan.js';
export { buildDDartsNetwork, DDartsAuxiliaryHeadImageNet, DDartsNetworkCIFAR, DDartsNetworkImageNet, type DDartsNetworkOptions } from './network.js';
export {
  DARTOPTI_BASELINES,
  RESIDUAL_LAYER,
  RESIDUAL_LAYER_SIMPLE,
  baselineAlphas,
  baselineAsNested,
  baselineSteps,
  dartoptiBaseline,
  edgeRow,
  edgeRows,
  encodeCell,
  templateOwners,
  type BaselineGenotype,
} from './baselines.js';
export {
  OP_STATS,
  OP_STATS_MEDIAN,
  architectureDistance,
  baselineMetricCells,
  cellDistance,
  directedHausdorff,
  genotypeDistance,
  metricHasSettled,
  nestedMetricCells,
  opWeights,
  weightedHamming,
  type MetricCells,
} from './metric.js';
export {
  DDARTS_PARSE_METHODS,
  DDARTS_THRESHOLD,
  isBuildableGene,
  nodeWithoutInput,
  parseCell,
  parseNested,
  type DDartsParseMethod,
  type ParseCellOptions,
  type ParseNestedOptions,
  type ParsedCells,
} from '../genotype/derive-nested.js';
export { RectConv, ResConv } from '../ops/dartopti.js';
export { nestedCellsDot } from '../genotype/draw.js';
