// The interface every search method implements, so the search runner, CLI, checkpoints and reports treat
// DARTS, FairDARTS, NoisyDARTS, DropNAS, D-DARTS and EvNAS alike.
import type { ProcessGroup } from '../../distributed/index.js';
import type { Tensor } from '../../tensor/index.js';
import type { ArchWeightsFile } from './arch-weights.js';
import type { PickleTree } from './state.js';

export interface Batch {
  x: Tensor;
  y: Tensor;
}

export interface StepResult {
  /** Training loss and top-1 accuracy (%) of the weight step, as host numbers. */
  loss: number;
  accuracy: number;
}

/** What a search's genotype looks like for the run directory and the next command (`tsnas train`). */
export interface SearchGenotype {
  /** Any genotype of nas/genotype (DARTS pairs, DCO triples, per-cell genes, NB201 string ...). */
  value: unknown;
  /** The canonical text form (DARTS repr, NB201 arch string, D-DARTS .txt). */
  text: string;
  /** JSON form as written to genotype.json. */
  json: unknown;
  /** Optional per-genotype facts the runner appends to the epoch metrics and line (NB201 benchmark accuracies); camelCase keys. */
  report?: Record<string, number | string>;
  /**
   * Derivations of the same α under the names of their rules, which the run writes beside the genotype
   * (`genotype.<name>.{json,txt}` and `genotypes/epoch-NNN.<name>.{json,txt}`): D-DARTS' threshold_sparse and
   * threshold_edge, as its reference writes both. The genotype itself stays the one its options chose.
   */
  parses?: Record<string, Pick<SearchGenotype, 'text' | 'json'>>;
}

/** What the runner offers a method after each training epoch (EvNAS fitness on the validation split). */
export interface EpochContext {
  epoch: number;
  totalEpochs: number;
  /** Top-1 accuracy (%) of `logits` over the whole validation split (the batch size of the run unless given). */
  accuracy(logits: (x: Tensor) => Tensor, options?: { batchSize?: number }): Promise<number>;
}

export interface SearchMethod {
  readonly name: string;
  /** Bilevel methods draw a validation batch each step; one-level methods (DropNAS) do not. */
  readonly needsValidationBatch: boolean;
  /** Called at the start of each epoch (0-based): learning-rate schedules, noise decay. */
  startEpoch(epoch: number, totalEpochs: number): void;
  step(train: Batch, val: Batch | undefined): StepResult;
  /** Eval-mode logits with the current architecture (for validation accuracy). */
  inferLogits(x: Tensor): Tensor;
  genotype(): SearchGenotype;
  /** The relaxed architecture weights, per alpha tensor, as host arrays for logging. */
  archWeights(): Record<string, number[][]>;
  /** The same weights labelled: per cell and edge, by op name, with the relaxation (genotypes/epoch-NNN.weights.json). */
  labelledArchWeights(): ArchWeightsFile;
  /** Current weight learning rate, for progress lines. */
  learningRate(): number;
  /**
   * Every tensor the search trains or updates, by name (architecture parameters, then the supernet's weights and
   * buffers): the runner checks them for NaN and infinity after each step.
   */
  namedTensors(): [string, Tensor][];
  /** Everything a resumed search needs: weights, alphas, optimiser and schedule states. */
  stateDict(): PickleTree;
  loadStateDict(state: PickleTree): void;
  dispose(): void;
  /** Optional: called after each training epoch, before validation and the genotype (EvNAS generations). */
  afterEpoch?(ctx: EpochContext): Promise<void>;
  /** Optional: extra fields for the epoch metrics and progress line (EvNAS fitness statistics); camelCase keys. */
  epochReport?(): Record<string, number | string>;
  /** Optional: true when the search has converged and the remaining epochs would change nothing (DARTOpti). */
  shouldStop?(): boolean;
  /**
   * Data parallelism over `group` (called once, before the first step): rank 0's weights and α on every rank, every
   * gradient averaged over the ranks (so every rank holds the same α after every step), and whatever the method
   * draws at random drawn alike on every rank. `syncBatchNorm`: BN statistics over the batches of all ranks.
   */
  distribute?(group: ProcessGroup, o?: { syncBatchNorm?: boolean }): void;
  /** With distribute: every rank takes rank 0's BatchNorm statistics (before an evaluation). */
  syncBuffers?(): void;
}
