// The data layer: datasets (CIFAR, MNIST/Fashion-MNIST, ImageNet folders, ImageNet16-120, synthetic), transforms,
// the train/val split and the worker-backed DataLoader.
export {
  type FileDataset,
  type ImageDataset,
  type MemoryDataset,
  checkLabels,
  dataError,
  selectSamples,
  sharedBytes,
} from './dataset.js';
export {
  CIFAR100_STATS,
  CIFAR10_STATS,
  CIFAR_CROP,
  CUTOUT_LENGTH,
  type DatasetStats,
  FASHION_MNIST_STATS,
  IMAGENET16_CROP,
  IMAGENET16_STATS,
  IMAGENET_SIZES,
  IMAGENET_STATS,
  MNIST_CROP,
  MNIST_STATS,
} from './constants.js';
export {
  DATASET_NAMES,
  DEFAULT_ROOTS,
  type DatasetName,
  defaultTransforms,
  isDatasetName,
  parseDatasetName,
  loadDataset,
  type LoadOptions,
  type PipelineOptions,
  type Split,
} from './load.js';
export { splitTrainVal, subsetDataset, type SubsetOptions } from './split.js';
export {
  isNb201SplitDataset,
  NB201_SPLIT_DATASETS,
  type Nb201Cifar10Half,
  nb201Cifar10HalfIndices,
  nb201Cifar10Halves,
  type Nb201SplitDataset,
  type Nb201TestHalf,
  nb201TestHalf,
  nb201TestHalfIndices,
} from './nb201-split.js';
export { channelStats, makeSynthetic, type SyntheticGeometry, type SyntheticOptions, syntheticOptions } from './synthetic.js';
export { listImageFolder } from './imagenet.js';
export { readPickle, type PyKey, type PyValue } from './files.js';
export { type NdArray, ndarrayToNumbers } from '../io/numpy.js';
export { mixSeed, Rng, type RngState } from './rng.js';
export {
  AUTO_AUGMENT_MAGNITUDES,
  AUTO_AUGMENT_OPS,
  AUTO_AUGMENT_POLICIES,
  type AutoAugmentOp,
  type AutoAugmentPolicyName,
  type AutoAugmentStep,
  applyAutoAugment,
  autoAugmentOp,
  autoAugmentPlan,
  CIFAR10_POLICY,
  IMAGENET_POLICY,
  type SubPolicy,
} from './autoaugment.js';
export {
  applyTransforms,
  autoAugment,
  centerCrop,
  colorJitter,
  cutout,
  type F32Image,
  horizontalFlip,
  normalize,
  normalizePipeline,
  outputShape,
  randomCrop,
  randomResizedCrop,
  randomResizedCropBox,
  resize,
  toTensor,
  type Transform,
  type U8Image,
} from './transforms.js';
export {
  type Batch,
  type BatchOptions,
  DataLoader,
  type DataLoaderOptions,
  FreshBatchSampler,
  type FreshBatchSamplerOptions,
  type LoaderState,
  type SamplerState,
} from './loader.js';
export { defaultWorkerCount } from './pool.js';
export { type LoaderShardOptions, type ShardOptions, type ShardTail, shardIndices } from './shard.js';
