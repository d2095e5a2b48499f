// What every gradient-based search over the shared supernet has, whatever optimises α: the space's network and
// architecture parameters, the SGD weight optimiser on its cosine schedule, the forward with relaxed weights,
// inference, derivation, BN-statistics bookkeeping and the checkpoint layout. DartsSearch (one Adam over all α,
// bilevel or unrolled) and DDartsSearch (one Adam per cell) add their own α optimisation and step.
import { convertSyncBatchNorm, DistributedDataParallel, type ProcessGroup } from '../../distributed/index.js';
import { SGD } from '../../optim/index.js';
import { noGrad, ops, type Tensor, tidy } from '../../tensor/index.js';
import type { AlphaInit, ArchParameters } from './arch-params.js';
import { type ArchLayout, type ArchWeightsFile, labelArchWeights, type Relaxation, relaxAlpha } from './arch-weights.js';
import type { Batch, SearchGenotype, SearchMethod, StepResult } from './method.js';
import type { EdgeHooks } from './mixed-op.js';
import { searchSpace, type SearchSpace, type SpaceConfig, type SupernetLike, spaceConfigOf } from './space.js';
import { field, mapOf, optimizerStateFrom, type PickleTree, tensorMap } from './state.js';
import type { ArchForward } from './supernet.js';

export interface SupernetSearchConfig extends SpaceConfig {
  /** Weight SGD: lr, cosine floor, momentum, L2, global-norm clip. */
  lr: number;
  lrMin: number;
  momentum: number;
  weightDecay: number;
  gradClip: number;
  /** Architecture Adam (one for all α, or one per cell). */
  archLr: number;
  archBetas: [number, number];
  archWeightDecay: number;
  /** Search space name (see space.ts): 'darts' (S1) by default. */
  space: string;
  alphaInit: AlphaInit;
  device: string;
}

/** The search network of the DARTS papers' scripts (spec §2.1, §3.5): C = 16, 8 cells of 4 nodes, CIFAR-10. */
export const SEARCH_NETWORK_DEFAULTS = {
  channels: 16,
  layers: 8,
  numClasses: 10,
  inChannels: 3,
  steps: 4,
  space: 'darts',
  device: 'cpu',
} as const satisfies Partial<SupernetSearchConfig>;

/** Cosine annealing in closed form, indexed by the 0-based epoch (spec §3.5). */
export function cosineLr(epoch: number, total: number, lr0: number, lrMin: number): number {
  return lrMin + ((lr0 - lrMin) * (1 + Math.cos((Math.PI * epoch) / total))) / 2;
}

export abstract class SupernetSearch implements SearchMethod {
  abstract readonly name: string;
  readonly space: SearchSpace;
  readonly net: SupernetLike;
  readonly arch: ArchParameters;
  readonly weightOptimizer: SGD;
  readonly config: SupernetSearchConfig;
  protected epoch = 0;
  /** While set, the relaxed weights come from detached α, so a backward computes no α gradients. */
  protected archDetached = false;
  /** Data parallelism (distribute): averages the weight and α gradients of every backward over the ranks. */
  protected ddp: DistributedDataParallel | undefined;

  /** The data parallelism distribute set up (its reducer's statistics), if any. */
  get dataParallel(): DistributedDataParallel | undefined {
    return this.ddp;
  }

  get needsValidationBatch(): boolean {
    return true;
  }

  protected constructor(config: SupernetSearchConfig) {
    this.config = config;
    const c = this.config;
    this.space = searchSpace(c.space);
    this.net = this.space.createNetwork(this.spaceConfig());
    if (c.device !== 'cpu') this.net.to({ device: c.device });
    this.arch = this.createArch();
    this.weightOptimizer = new SGD(this.net.parameters(), { lr: c.lr, momentum: c.momentum, weightDecay: c.weightDecay });
  }

  protected spaceConfig(): SpaceConfig {
    return spaceConfigOf(this.config);
  }

  protected createArch(): ArchParameters {
    return this.space.createArch(this.spaceConfig(), this.config.alphaInit, this.config.device);
  }

  /** How α becomes the weights a cell's edges mix their ops with (softmax for DARTS, sigmoid for FairDARTS and D-DARTS). */
  protected abstract get relaxation(): Relaxation;

  protected relax(alpha: Tensor): Tensor {
    return relaxAlpha(this.relaxation, alpha);
  }

  /** α used by a cell position (the space's sharing: per cell type, or per cell). */
  protected alphaOf(cell: number, reduction: boolean): Tensor {
    return this.arch.forCell(cell, reduction);
  }

  /** Hooks applied to every edge during training forwards (NoisyDARTS' skip noise). */
  protected edgeHooks(): EdgeHooks | undefined {
    return undefined;
  }

  /** Relaxed weights per cell, computed once per α tensor and forward. */
  protected archForward(training: boolean): ArchForward {
    const cache = new Map<Tensor, Tensor>();
    const hooks = training ? this.edgeHooks() : undefined;
    return {
      weights: (cell, reduction) => {
        const alpha = this.alphaOf(cell, reduction);
        let w = cache.get(alpha);
        if (!w) cache.set(alpha, (w = this.relax(this.archDetached ? alpha.detach() : alpha)));
        return w;
      },
      hooks,
    };
  }

  protected logits(x: Tensor, training = true): Tensor {
    return this.net.forward(x, this.archForward(training));
  }

  abstract step(train: Batch, val: Batch | undefined): StepResult;

  distribute(group: ProcessGroup, o: { syncBatchNorm?: boolean } = {}): void {
    if (this.ddp) throw new Error(`${this.name}: distribute was called twice`);
    if (o.syncBatchNorm) convertSyncBatchNorm(this.net, group);
    this.ddp = new DistributedDataParallel(this.net, { processGroup: group, extraParameters: this.arch.tensors() });
  }

  syncBuffers(): void {
    this.ddp?.syncBuffers();
  }

  /** Gradients a backward's reducer does not see (autograd.grad, assigned by hand): averaged over the ranks, in place. */
  protected averageOverRanks(gradients: readonly (Tensor | undefined)[]): void {
    this.ddp?.processGroup.allReduce(
      gradients.filter((g): g is Tensor => g !== undefined),
      'avg',
    );
  }

  /** Host numbers measured on each rank's batch (losses), as their mean over the ranks. */
  protected meanOverRanks(values: readonly number[]): number[] {
    return this.ddp ? this.ddp.processGroup.allReduceNumbers(values, 'avg') : [...values];
  }

  startEpoch(epoch: number, totalEpochs: number): void {
    this.epoch = epoch;
    const lr = cosineLr(epoch, totalEpochs, this.config.lr, this.config.lrMin);
    for (const g of this.weightOptimizer.paramGroups) g.lr = lr;
  }

  namedTensors(): [string, Tensor][] {
    return [...this.arch.named, ...this.net.namedParameters(), ...this.net.namedBuffers()];
  }

  learningRate(): number {
    return this.weightOptimizer.paramGroups[0]!.lr;
  }

  inferLogits(x: Tensor): Tensor {
    this.net.eval();
    try {
      return noGrad(() => this.logits(x, false));
    } finally {
      this.net.train();
    }
  }

  archWeights(): Record<string, number[][]> {
    const out: Record<string, number[][]> = {};
    noGrad(() =>
      tidy(() => {
        for (const [name, alpha] of this.arch.named) out[name] = this.relax(alpha).toArray() as number[][];
      }),
    );
    return out;
  }

  /** What α's rows and columns are. */
  protected archLayout(): ArchLayout {
    const c = this.spaceConfig();
    return { relaxation: this.relaxation, ops: c.primitives ?? this.space.primitives, edges: this.space.edges(c) };
  }

  labelledArchWeights(): ArchWeightsFile {
    return labelArchWeights(this.archWeights(), this.archLayout());
  }

  /** The space's derivation (DARTS top-2 on S1); FairDARTS and D-DARTS override it with their parse methods. */
  protected deriveGenotype(weights: Record<string, number[][]>): SearchGenotype {
    return this.space.derive(weights, this.spaceConfig());
  }

  genotype(): SearchGenotype {
    return this.deriveGenotype(this.archWeights());
  }

  /**
   * Runs fn and puts the BN running statistics (and batch counters) back as they were: for forwards that only
   * measure (the virtual model of the unrolled step, the D-DARTS ablation). One multi-tensor op each way.
   */
  protected keepingBatchNormStats<T>(fn: () => T): T {
    const buffers = this.net.buffers();
    const saved = noGrad(() => ops.foreachAdd(buffers, 0));
    try {
      return fn();
    } finally {
      noGrad(() => {
        ops.foreachZero_(buffers);
        ops.foreachAdd_(buffers, saved, 1);
      });
      for (const t of saved) t.dispose();
    }
  }

  /** The checkpoint entries of the α optimiser(s), written between the weight optimiser and the epoch. */
  protected abstract archOptimizerState(): [string, PickleTree][];
  protected abstract loadArchOptimizerState(state: PickleTree): void;

  stateDict(): PickleTree {
    return new Map<string, PickleTree>([
      ['network', this.net.stateDict()],
      ['alphas', this.arch.named],
      ['weight_optimizer', this.weightOptimizer.stateDict() as unknown as PickleTree],
      ...this.archOptimizerState(),
      ['epoch', this.epoch],
    ]);
  }

  loadStateDict(state: PickleTree): void {
    this.net.loadStateDict(tensorMap(field(state, 'network', 'search state'), 'network'));
    this.arch.load(tensorMap(field(state, 'alphas', 'search state'), 'alphas'));
    this.weightOptimizer.loadStateDict(optimizerStateFrom(field(state, 'weight_optimizer', 'search state'), 'weight_optimizer'));
    this.loadArchOptimizerState(state);
    const epoch = mapOf(state, 'search state').get('epoch');
    if (typeof epoch === 'number') this.epoch = epoch;
  }

  dispose(): void {
    this.ddp?.dispose();
    this.weightOptimizer.dispose();
    this.arch.dispose();
    this.net.dispose();
  }
}
