// tsnas.train: search and training runs with run directories, checkpoints and resume.
export { runSearch, resumeSearch, SearchInterrupted, type SearchOptions, type SearchResult } from './search-runner.js';
export {
  runTraining,
  resumeTraining,
  TrainingInterrupted,
  evaluateNetwork,
  type TrainOptions,
  type TrainResult,
  type EvalResult,
} from './trainer.js';
export { runEvaluation, stateDictMisfit, type EvalOptions, type EvalReport } from './evaluate.js';
export {
  resolveArch,
  resolveEvalArch,
  buildEvalNetwork,
  type ResolvedArch,
  type ResolvedEvalArch,
  type EvalArch,
  type EvalNetworkOptions,
  networkMetadata,
  checkNetworkMetadata,
  diffNetworkMetadata,
  defaultNetworkSize,
  canonicalArchName,
  type ArchSettings,
  type DefaultNetworkSize,
} from './arch.js';
export { RunDirectory, describeStatus, type RunState, type RunStatus } from './run-dir.js';
export { Progress } from './progress.js';
export { environmentReport, type EnvironmentReport } from './environment.js';
export { NonFiniteError, RunInterrupted, type RunHooks } from './session.js';
