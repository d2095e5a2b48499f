// EvNAS (spec §4; nightstorm0909/EvNAS, GECCO 2021): a genetic algorithm over continuous α chromosomes on top of one
// weight-sharing network, for the DARTS space S1 ('darts') and NAS-Bench-201 S2 ('nb201').
//
// One generation = one epoch of the search runner:
// - step(): batch b trains the shared weights under member b mod P's decoded α̂ (round-robin over the population,
//   counting batches within the epoch as the reference's enumerate(train_loader)); SGD, clip 5; α gets no gradient.
// - afterEpoch(): every member's fitness = top-1 (%) on the whole validation split under its decoded α̂ (BN in
//   train mode in S1, eval mode in S2, as the reference); sort (stable, descending); remember the best; evolve
//   (elitism, tournament, uniform row crossover, row mutation — evnas-ga.ts). Weights and optimiser persist.
// - genotype(): the best member of the latest evaluation (S1: the quark0 rule on softmax(α); S2: argmax per edge).
//
// The chromosomes (nested lists of floats), fitness values, the best member, the GA's RNG and the batch counter are in
// the state dict, so a resumed search continues exactly.
import { functional as F } from '../../nn/index.js';
import { clipGradNorm, SGD } from '../../optim/index.js';
import { Rng } from '../../data/rng.js';
import { convertSyncBatchNorm, DistributedDataParallel, type ProcessGroup } from '../../distributed/index.js';
import { noGrad, rand, type Tensor, tensor, tidy } from '../../tensor/index.js';
import type { ArchParameters } from './arch-params.js';
import { type ArchWeightsFile, labelArchWeights } from './arch-weights.js';
import {
  type Chromosome,
  decodeDarts,
  decodeNb201,
  EVNAS_GA_DEFAULTS,
  evolve,
  type GaConfig,
  type Member,
  randomChromosome,
  sortByFitness,
} from './evnas-ga.js';
import type { Batch, EpochContext, SearchGenotype, SearchMethod, StepResult } from './method.js';
import { searchSpace, type SearchSpace, type SpaceConfig, type SupernetLike, spaceConfigOf } from './space.js';
import { field, mapOf, optimizerStateFrom, type PickleTree, tensorMap } from './state.js';
import type { ArchForward } from './supernet.js';
import { cosineLr, SEARCH_NETWORK_DEFAULTS } from './supernet-search.js';

/** Where the decoded α̂ replaces the raw chromosome: the paper's EvNAS ('both') and its ablations ND / NDT / NDF. */
export type EvnasDecode = 'both' | 'train' | 'fitness' | 'none';

export interface EvnasConfig extends GaConfig, SpaceConfig {
  /** 'darts' (S1) or 'nb201' (S2). */
  space: string;
  device: string;
  lr: number;
  lrMin: number;
  momentum: number;
  weightDecay: number;
  gradClip: number;
  /** Nesterov momentum; default per space: S1 false (train_search.py), S2 true (EvNAS.config). */
  nesterov?: boolean;
  /** BN mode of the fitness pass; 'auto' = the reference's: train in S1 (batch statistics), eval in S2. */
  fitnessBn: 'auto' | 'train' | 'eval';
  /**
   * Batch size of the fitness pass (default 1024, the reference's hard-coded valid batch: with S1's batch statistics
   * it decides the fitness itself); unset: the run's batch size.
   */
  fitnessBatchSize?: number;
  decode: EvnasDecode;
  /** Seed of the GA's RNG; default: drawn from the torch generator (so it follows --seed). */
  gaSeed?: number;
}

/** train_search.py / train_searchNAS201.py defaults (spec §4.7, §4.8). */
export const EVNAS_DEFAULTS: EvnasConfig = {
  ...SEARCH_NETWORK_DEFAULTS,
  lr: 0.025,
  lrMin: 0.001,
  momentum: 0.9,
  weightDecay: 3e-4,
  gradClip: 5,
  fitnessBn: 'auto',
  fitnessBatchSize: 1024,
  decode: 'both',
  ...EVNAS_GA_DEFAULTS,
};

export interface EvnasStats {
  generation: number;
  best: number;
  mean: number;
}

export class EvnasSearch implements SearchMethod {
  readonly name: string = 'evnas';
  readonly needsValidationBatch = false;
  readonly config: EvnasConfig;
  readonly space: SearchSpace;
  readonly net: SupernetLike;
  /** The α tensors the network reads; each step loads one member's (decoded) chromosome into them. */
  readonly arch: ArchParameters;
  readonly weightOptimizer: SGD;
  readonly rng: Rng;
  population: Member[];
  /** The fittest member of the latest evaluation (population[0] before the first one). */
  best: Member;
  stats: EvnasStats | undefined;
  private epoch = 0;
  private stepEpoch = -1;
  private stepInEpoch = 0;
  private readonly shapes: [number, number][];
  private readonly names: string[];
  /** Data parallelism (distribute): the weight gradients averaged over the ranks. */
  private ddp: DistributedDataParallel | undefined;

  constructor(config: Partial<EvnasConfig> = {}) {
    this.config = { ...EVNAS_DEFAULTS, ...definedOnly(config) };
    const c = this.config;
    if (c.space !== 'darts' && c.space !== 'nb201') throw new Error(`evnas searches the 'darts' (S1) and 'nb201' (S2) spaces, not '${c.space}'`);
    if (!(c.populationSize >= 1) || !(c.tournamentSize >= 1) || !(c.elites >= 0) || c.elites > c.populationSize)
      throw new Error(
        `evnas: need population ≥ 1, tournament size ≥ 1 and 0 ≤ elites ≤ population (got ${c.populationSize}, ${c.tournamentSize}, ${c.elites})`,
      );
    this.space = searchSpace(c.space);
    this.net = this.space.createNetwork(this.spaceConfig());
    if (c.device !== 'cpu') this.net.to({ device: c.device });
    this.arch = this.space.createArch(this.spaceConfig(), 'zeros', c.device);
    for (const t of this.arch.tensors()) t.requiresGrad_(false);
    this.names = [...this.arch.named.keys()];
    this.shapes = this.arch.tensors().map((t) => [t.shape[0]!, t.shape[1]!]);
    this.weightOptimizer = new SGD(this.net.parameters(), {
      lr: c.lr,
      momentum: c.momentum,
      weightDecay: c.weightDecay,
      nesterov: c.nesterov ?? c.space === 'nb201',
    });
    this.rng = new Rng(c.gaSeed ?? Math.floor(noGrad(() => tidy(() => rand([1]).item())) * 2 ** 31));
    this.population = Array.from({ length: c.populationSize }, () => ({ alphas: randomChromosome(this.shapes, this.rng), fitness: null }));
    this.best = this.population[0]!;
  }

  private spaceConfig(): SpaceConfig {
    return spaceConfigOf(this.config);
  }

  private get ga(): GaConfig {
    const c = this.config;
    return { populationSize: c.populationSize, tournamentSize: c.tournamentSize, elites: c.elites, mutationRate: c.mutationRate };
  }

  /** The one-hot α̂ of a chromosome (spec §4.3). */
  decode(ch: Chromosome): Chromosome {
    const primitives = this.config.primitives ?? this.space.primitives;
    return this.config.space === 'darts' ? decodeDarts(ch, { primitives, steps: this.config.steps }) : decodeNb201(ch, { primitives });
  }

  /** Loads a member's chromosome, decoded or raw, into the α tensors the network reads. */
  private load(member: Member, decoded: boolean): void {
    const values = decoded ? this.decode(member.alphas) : member.alphas;
    noGrad(() => tidy(() => this.arch.tensors().forEach((t, i) => t.copy_(tensor(values[i]!, { dtype: 'float32', device: this.config.device })))));
  }

  private archForward(): ArchForward {
    const cache = new Map<Tensor, Tensor>();
    return {
      weights: (cell, reduction) => {
        const alpha = this.arch.forCell(cell, reduction);
        let w = cache.get(alpha);
        if (!w) cache.set(alpha, (w = alpha.softmax(-1)));
        return w;
      },
    };
  }

  private decodesIn(where: 'train' | 'fitness'): boolean {
    return this.config.decode === 'both' || this.config.decode === where;
  }

  /** The member that trains on the next batch: population[b mod P], b = batch index within the epoch. */
  currentMember(): Member {
    return this.population[this.stepInEpoch % this.population.length]!;
  }

  startEpoch(epoch: number, totalEpochs: number): void {
    this.epoch = epoch;
    // A resumed mid-epoch search re-enters the same epoch: keep its batch counter.
    if (epoch !== this.stepEpoch) {
      this.stepEpoch = epoch;
      this.stepInEpoch = 0;
    }
    const lr = cosineLr(epoch, totalEpochs, this.config.lr, this.config.lrMin);
    for (const g of this.weightOptimizer.paramGroups) g.lr = lr;
  }

  namedTensors(): [string, Tensor][] {
    return [...this.arch.named, ...this.net.namedParameters(), ...this.net.namedBuffers()];
  }

  learningRate(): number {
    return this.weightOptimizer.paramGroups[0]!.lr;
  }

  step(train: Batch): StepResult {
    this.load(this.currentMember(), this.decodesIn('train'));
    this.stepInEpoch++;
    this.net.train();
    this.weightOptimizer.zeroGrad();
    const [lossT, acc] = tidy(() => {
      const logits = this.net.forward(train.x, this.archForward());
      const loss = F.crossEntropy(logits, train.y);
      loss.backward();
      clipGradNorm(this.net.parameters(), this.config.gradClip);
      return [loss.detach(), F.accuracy(logits.detach(), train.y, [1])[0]!] as const;
    });
    this.weightOptimizer.step();
    const loss = lossT.item();
    lossT.dispose();
    return { loss, accuracy: acc };
  }

  /** BN mode of the fitness pass. */
  fitnessTrainMode(): boolean {
    const m = this.config.fitnessBn;
    return m === 'auto' ? this.config.space === 'darts' : m === 'train';
  }

  /** Fitness of every member, then sort, remember the best, and breed the next population. */
  async afterEpoch(ctx: EpochContext): Promise<void> {
    const train = this.fitnessTrainMode();
    try {
      for (const m of this.population) {
        this.load(m, this.decodesIn('fitness'));
        this.net.train(train);
        m.fitness = await ctx.accuracy((x) => this.net.forward(x, this.archForward()), { batchSize: this.config.fitnessBatchSize });
      }
    } finally {
      this.net.train();
    }
    this.evolveEvaluated(ctx.epoch);
  }

  /** After every member has a fitness: sort, record the best and the statistics, evolve (also after the last generation, as the reference). */
  evolveEvaluated(generation: number): void {
    const sorted = sortByFitness(this.population);
    this.best = sorted[0]!;
    const f = sorted.map((m) => m.fitness ?? 0);
    this.stats = { generation, best: f[0]!, mean: f.reduce((a, b) => a + b, 0) / f.length };
    this.population = evolve(sorted, this.ga, this.rng);
  }

  epochReport(): Record<string, number | string> {
    return this.stats ? { fitnessBest: this.stats.best, fitnessMean: this.stats.mean } : {};
  }

  /** Eval-mode logits under the best member's decoded α̂. */
  inferLogits(x: Tensor): Tensor {
    this.load(this.best, this.decodesIn('fitness'));
    this.net.eval();
    try {
      return noGrad(() => this.net.forward(x, this.archForward()));
    } finally {
      this.net.train();
    }
  }

  /** softmax of the best member's raw chromosome, per α tensor: what the space derives the genotype from. */
  archWeights(): Record<string, number[][]> {
    const out: Record<string, number[][]> = {};
    this.names.forEach((name, i) => {
      out[name] = this.best.alphas[i]!.map(softmaxRow);
    });
    return out;
  }

  labelledArchWeights(): ArchWeightsFile {
    const c = this.spaceConfig();
    return labelArchWeights(this.archWeights(), { relaxation: 'softmax', ops: c.primitives ?? this.space.primitives, edges: this.space.edges(c) });
  }

  genotype(): SearchGenotype {
    return this.space.derive(this.archWeights(), this.spaceConfig());
  }

  stateDict(): PickleTree {
    const member = (m: Member): PickleTree =>
      new Map<string, PickleTree>([
        ['alphas', m.alphas.map((a) => a.map((row) => [...row]))],
        ['fitness', m.fitness],
      ]);
    return new Map<string, PickleTree>([
      ['network', this.net.stateDict()],
      ['weight_optimizer', this.weightOptimizer.stateDict() as unknown as PickleTree],
      ['population', this.population.map(member)],
      ['best', member(this.best)],
      ['ga_rng', [...this.rng.getState()]],
      ['epoch', this.epoch],
      ['step_epoch', this.stepEpoch],
      ['step_in_epoch', this.stepInEpoch],
      ['generation', this.stats?.generation ?? -1],
      ['fitness_best', this.stats?.best ?? null],
      ['fitness_mean', this.stats?.mean ?? null],
    ]);
  }

  loadStateDict(state: PickleTree): void {
    const what = 'evnas state';
    this.net.loadStateDict(tensorMap(field(state, 'network', what), 'network'));
    this.weightOptimizer.loadStateDict(optimizerStateFrom(field(state, 'weight_optimizer', what), 'weight_optimizer'));
    const member = (t: PickleTree, i: string): Member => {
      const m = mapOf(t, `${what}.${i}`);
      const alphas = m.get('alphas');
      if (!Array.isArray(alphas) || alphas.length !== this.shapes.length)
        throw new Error(`checkpoint: '${what}.${i}.alphas' does not fit this search space`);
      const fitness = m.get('fitness');
      return {
        alphas: alphas.map((a, k) => {
          if (!Array.isArray(a) || !a.every(Array.isArray)) throw new Error(`checkpoint: '${what}.${i}.alphas[${k}]' is not a matrix`);
          const arr = (a as PickleTree[][]).map((row) => row.map(Number));
          if (arr.length !== this.shapes[k]![0] || arr[0]?.length !== this.shapes[k]![1])
            throw new Error(`checkpoint: '${what}.${i}.alphas[${k}]' is not ${this.shapes[k]!.join('×')}`);
          return arr;
        }),
        fitness: typeof fitness === 'number' ? fitness : null,
      };
    };
    const pop = field(state, 'population', what);
    if (!Array.isArray(pop) || pop.length === 0) throw new Error(`checkpoint: '${what}.population' is not a list`);
    this.population = pop.map((p, i) => member(p, `population[${i}]`));
    const best = member(field(state, 'best', what), 'best');
    // The elite is the same object as the best member (it is never mutated); keep that identity.
    const same = this.population.find((m) => m.fitness === best.fitness && JSON.stringify(m.alphas) === JSON.stringify(best.alphas));
    this.best = same ?? best;
    this.rng.setState((field(state, 'ga_rng', what) as number[]).map(Number));
    const m = mapOf(state, what);
    this.epoch = Number(m.get('epoch') ?? 0);
    this.stepEpoch = Number(m.get('step_epoch') ?? -1);
    this.stepInEpoch = Number(m.get('step_in_epoch') ?? 0);
    const generation = Number(m.get('generation') ?? -1);
    const fb = m.get('fitness_best'),
      fm = m.get('fitness_mean');
    this.stats = generation >= 0 && typeof fb === 'number' && typeof fm === 'number' ? { generation, best: fb, mean: fm } : undefined;
  }

  /** The population is drawn from the seeded RNG, alike on every rank; fitness comes from the runner's shared evaluation. */
  distribute(group: ProcessGroup, o: { syncBatchNorm?: boolean } = {}): void {
    if (this.ddp) throw new Error('evnas: distribute was called twice');
    if (o.syncBatchNorm) convertSyncBatchNorm(this.net, group);
    this.ddp = new DistributedDataParallel(this.net, { processGroup: group });
  }

  syncBuffers(): void {
    this.ddp?.syncBuffers();
  }

  dispose(): void {
    this.ddp?.dispose();
    this.weightOptimizer.dispose();
    this.arch.dispose();
    this.net.dispose();
  }
}

function softmaxRow(row: readonly number[]): number[] {
  const m = Math.max(...row);
  const e = row.map((v) => Math.exp(v - m));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / s);
}

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
