// torch.distributed for tsnas: c10d's stores, process groups and collectives, and data parallelism over them.
export { isAvailable, isGlooAvailable, isNcclAvailable } from './availability.js';
export { type RankEnvironment, rankDevice, rankEnvironment, threadsPerRank } from './env.js';
export {
  type Backend,
  DEFAULT_TIMEOUT_MS,
  destroyProcessGroup,
  getDefaultGroup,
  getRank,
  getWorldSize,
  type InitProcessGroupOptions,
  initProcessGroup,
  isInitialized,
  newGroup,
  ProcessGroup,
  type ReduceOp,
} from './process-group.js';
export { FileStore, Store, TCPStore, type TCPStoreOptions } from './store.js';
export {
  DistributedDataParallel,
  type DistributedDataParallelOptions,
  GradReducer,
  type GradReducerOptions,
  type ReducerStats,
} from './data-parallel.js';
export { allReduceWithGrad, convertSyncBatchNorm } from './sync-batchnorm.js';
