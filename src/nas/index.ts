// tsnas.nas: genotypes and the zoo, operations, evaluation networks, search spaces and methods.
export * from './genotype/index.js';
export { OPS, createOp, type OpFactory, ReLUConvBN, SepConv, DilConv, FactorizedReduce, Zero } from './ops/operations.js';
export { NetworkCIFAR, NetworkImageNet, type EvalNetwork, type NetworkOutput } from './eval/networks.js';
export { reductionIndices, DERIVATION_MODES, type DerivationMode } from './cell-plan.js';
export { DartsCell, DcoCell, createEvalCell, type EvalCell } from './eval/cells.js';
export type { CellGenes, DartsCellGenes, DcoCellGenes, NetworkGenes } from './eval/genes.js';
export { networkGenes, genotypeNetwork, genotypeNetworkOptions, type GenotypeNetworkOptions } from './eval/from-genotype.js';
export { createEvalOp, type PoolBn, POOL_BN_CHOICES } from './ops/registry.js';
export { fromPtDartsStateDict, hasPtDartsNames, ptDartsKeyToTsnas } from './eval/pt-darts.js';
export { countModel, type ModelCounts } from './eval/count.js';
export { dropPath } from './eval/drop-path.js';
export { Supernet, type ArchForward, type SupernetOptions } from './search/supernet.js';
export { SearchCell, edgeList } from './search/search-cell.js';
export { MixedOp, type EdgeHooks } from './search/mixed-op.js';
export { ArchParameters, type AlphaInit } from './search/arch-params.js';
export {
  labelArchWeights,
  relaxAlpha,
  type ArchLayout,
  type ArchWeightsFile,
  type LabelledCell,
  type LabelledEdge,
  type Relaxation,
} from './search/arch-weights.js';
export type { Batch, SearchMethod, SearchGenotype, StepResult } from './search/method.js';
export { DartsSearch, DARTS_DEFAULTS, type DartsConfig, cosineLr } from './search/darts.js';
export { FairDartsSearch, FAIRDARTS_DEFAULTS, type FairDartsConfig, zeroOneLoss } from './search/fairdarts.js';
export { NoisyDartsSearch, NOISY_DARTS_DEFAULTS, type NoisyDartsConfig, type NoiseConfig, noisySkip } from './search/noisydarts.js';
export { createSearchMethod, searchMethodNames, searchMethod, registerSearchMethod, type MethodConfig, type MethodInfo } from './search/registry.js';
export { searchSpace, searchSpaceNames, registerSearchSpace, DARTS_SPACE, type SearchSpace, type SpaceConfig } from './search/space.js';
export { dartsCellEdges } from './search/search-space.js';
export { SupernetSearch, type SupernetSearchConfig } from './search/supernet-search.js';
export { DDartsSearch } from './search/ddarts.js';
export * as ddarts from './ddarts/index.js';
export * as nb201 from './nb201/index.js';
