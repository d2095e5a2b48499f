// tsnas.optim: optimisers, learning-rate schedules and gradient clipping with PyTorch's semantics and formats.
export {
  Optimizer,
  type OptimizerLike,
  type OptimizerStateDict,
  type ParamGroupBase,
  type ParamGroupInput,
  type ParamsInput,
  type SavedParamGroup,
  type GroupValue,
  type StateValue,
} from './optimizer.js';
export { SGD, type SGDOptions, type SGDHyper, type SGDParamGroup, type SGDState } from './sgd.js';
export { Adam, AdamW, type AdamOptions, type AdamHyper, type AdamParamGroup, type AdamState } from './adam.js';
export {
  LRScheduler,
  CosineAnnealingLR,
  StepLR,
  LinearWarmup,
  LinearLR,
  LinearDecayLR,
  ChainedScheduler,
  type LinearWarmupOptions,
  type SchedulerStateDict,
  type SchedulerStateDictNested,
} from './lr-scheduler.js';
export { clipGradNorm, clipGradValue, type ClipGradNormOptions } from './clip.js';
export { GradScaler, type GradScalerOptions } from './grad-scaler.js';
