// Search methods by name, with their options as entries of the search command's schema (the CLI turns them into
// flags, config files and config.json use their names), so a new method plugs in here without touching the command.
import { choice, decimal, integer, onOff, type OptionSpec, type OptionValue, text } from '../../option-schema.js';
import { FAIRDARTS_THRESHOLD } from '../genotype/derive.js';
import { DDARTS_PARSE_METHODS } from '../genotype/derive-nested.js';
import { DARTS_DEFAULTS, DartsSearch, type DartsConfig } from './darts.js';
import { DARTOPTI_PRETRAIN_EPOCHS, DDARTS_DEFAULTS, DDartsSearch, type DDartsConfig, ddartsRunEpochs } from './ddarts.js';
import { DROPNAS_DEFAULTS, DROPNAS_VARIANTS, DropNasSearch, type DropNasConfig } from './dropnas.js';
import { EVNAS_DEFAULTS, type EvnasConfig, EvnasSearch } from './evnas.js';
import { FAIRDARTS_DEFAULTS, FairDartsSearch, type FairDartsConfig } from './fairdarts.js';
import type { SearchMethod } from './method.js';
import { NOISY_DARTS_DEFAULTS, NoisyDartsSearch, type NoiseConfig, type NoisyDartsConfig } from './noisydarts.js';
import type { SupernetSearchConfig } from './supernet-search.js';

export type MethodConfig = Partial<DartsConfig & FairDartsConfig & NoisyDartsConfig & DropNasConfig> & Record<string, unknown>;

/** A method's option: its place in the search command's schema, and where its value goes in the method's config. */
export interface MethodOption<T extends OptionValue = OptionValue> extends OptionSpec<T> {
  apply(config: MethodConfig, value: T): void;
}

export interface MethodInfo {
  summary: string;
  create(config: MethodConfig): SearchMethod;
  /** Default batch size of the reference search script. */
  batchSize: number;
  /**
   * The reference search script's epochs, cells and initial channels where they are not DARTS' 50 / 8 / 16
   * (DropNAS config.py: 76 epochs of 14 cells; D-DARTS train_search.py: C = 32). NAS-Bench-201 fixes its own cells.
   */
  network?: { epochs?: number; layers?: number; initChannels?: number };
  /** Spaces the method searches ('darts' = S1). */
  spaces: readonly string[];
  /** Every option of the method, its optimisers' hyperparameters included, with the reference's defaults. */
  options: readonly MethodOption[];
  /**
   * Default --train-portion: the share of the training set the weights train on (the rest trains α or is held
   * out). 1 = the whole training set (one-level methods); validation accuracy is then measured on the test split.
   * 0.5 when absent.
   */
  trainPortion?: number;
  /**
   * The epochs a run of `epochs` (--epochs) goes through, each one the runner loops over, counts and checkpoints,
   * where the method adds epochs of its own (DARTOpti's pretraining); absent: `epochs`.
   */
  runEpochs?(epochs: number, config: MethodConfig): number;
}

/** Keeps the value type of an option's schema and of its apply together. */
function option<T extends OptionValue>(o: MethodOption<T>): MethodOption {
  return o as unknown as MethodOption;
}

const noise = (c: MethodConfig): NoiseConfig => (c.noise ??= { ...NOISY_DARTS_DEFAULTS.noise! });

type WeightSgd = Pick<SupernetSearchConfig, 'lr' | 'lrMin' | 'momentum' | 'weightDecay' | 'gradClip'>;
type ArchAdam = Pick<SupernetSearchConfig, 'archLr' | 'archBetas' | 'archWeightDecay'>;

/** The weight SGD and its cosine schedule, with one method's reference values. */
function weightSgdOptions(d: WeightSgd): MethodOption[] {
  return [
    option({
      name: 'lr',
      arg: '<lr>',
      description: 'weight learning rate (cosine-annealed to --lr-min)',
      type: decimal(0),
      default: d.lr,
      apply: (c, v) => (c.lr = v),
    }),
    option({
      name: 'lr-min',
      arg: '<lr>',
      description: 'floor of the weight learning rate schedule',
      type: decimal(0),
      default: d.lrMin,
      apply: (c, v) => (c.lrMin = v),
    }),
    option({
      name: 'momentum',
      arg: '<m>',
      description: 'SGD momentum of the weights',
      type: decimal(0, 1),
      default: d.momentum,
      apply: (c, v) => (c.momentum = v),
    }),
    option({
      name: 'weight-decay',
      arg: '<wd>',
      description: 'L2 weight decay of the weights',
      type: decimal(0),
      default: d.weightDecay,
      apply: (c, v) => (c.weightDecay = v),
    }),
    option({
      name: 'grad-clip',
      arg: '<n>',
      description: 'global gradient-norm clip of the weight step',
      type: decimal(0),
      default: d.gradClip,
      apply: (c, v) => (c.gradClip = v),
    }),
  ];
}

/** The architecture Adam, with one method's reference values. */
function archAdamOptions(d: ArchAdam): MethodOption[] {
  return [
    option({
      name: 'arch-lr',
      arg: '<lr>',
      description: 'architecture (α) learning rate',
      type: decimal(0),
      default: d.archLr,
      apply: (c, v) => (c.archLr = v),
    }),
    option({
      name: 'arch-beta1',
      arg: '<b>',
      description: 'β1 of the architecture Adam',
      type: decimal(0, 0.999999),
      default: d.archBetas[0],
      apply: (c, v) => (c.archBetas = [v, c.archBetas?.[1] ?? d.archBetas[1]]),
    }),
    option({
      name: 'arch-beta2',
      arg: '<b>',
      description: 'β2 of the architecture Adam',
      type: decimal(0, 0.999999),
      default: d.archBetas[1],
      apply: (c, v) => (c.archBetas = [c.archBetas?.[0] ?? d.archBetas[0], v]),
    }),
    option({
      name: 'arch-weight-decay',
      arg: '<wd>',
      description: 'weight decay of the architecture Adam',
      type: decimal(0),
      default: d.archWeightDecay,
      apply: (c, v) => (c.archWeightDecay = v),
    }),
  ];
}

const FAIRDARTS = { ...DARTS_DEFAULTS, ...FAIRDARTS_DEFAULTS } as FairDartsConfig;
const NOISYDARTS = { ...DARTS_DEFAULTS, ...NOISY_DARTS_DEFAULTS } as NoisyDartsConfig;
const DROPNAS = { ...DARTS_DEFAULTS, ...DROPNAS_DEFAULTS } as DropNasConfig;
const DDARTS = DDARTS_DEFAULTS as DDartsConfig;

const methods = new Map<string, MethodInfo>([
  [
    'darts',
    {
      summary: 'DARTS: softmax relaxation, bilevel; first order, or second order with --unrolled',
      batchSize: 64,
      spaces: ['darts', 'nb201'],
      create: (c) => new DartsSearch(c),
      options: [
        ...weightSgdOptions(DARTS_DEFAULTS),
        ...archAdamOptions(DARTS_DEFAULTS),
        option({
          name: 'unrolled',
          description: 'darts: second-order approximation (virtual step + finite-difference Hessian-vector product)',
          type: onOff(),
          default: false,
          apply: (c, v) => (c.unrolled = v),
        }),
      ],
    },
  ],
  [
    'fairdarts',
    {
      summary: 'FairDARTS: sigmoid relaxation + zero-one loss, threshold derivation',
      batchSize: 128,
      spaces: ['darts'],
      create: (c) => new FairDartsSearch(c),
      options: [
        ...weightSgdOptions(FAIRDARTS),
        ...archAdamOptions(FAIRDARTS),
        option({
          name: 'zero-one-weight',
          arg: '<w>',
          description: 'fairdarts: weight of the zero-one loss',
          type: decimal(0),
          default: FAIRDARTS.zeroOneWeight,
          apply: (c, v) => (c.zeroOneWeight = v),
        }),
        option({
          name: 'zero-one-loss',
          arg: '<kind>',
          description: 'fairdarts: l2 = -mean((σ-½)²), l1 = -mean|σ-½|',
          type: choice(['l2', 'l1'] as const),
          default: FAIRDARTS.zeroOneLoss,
          apply: (c, v) => (c.zeroOneLoss = v),
        }),
        option({
          name: 'parse-method',
          arg: '<m>',
          description: 'fairdarts: genotype derivation',
          type: choice(['threshold_sparse', 'threshold_edge', 'darts'] as const),
          default: 'threshold_sparse',
          apply: (c, v) => (c.parseMethod = v),
        }),
        option({
          name: 'threshold',
          arg: '<t>',
          description: 'fairdarts: σ threshold of the parse methods',
          type: decimal(0, 1),
          default: FAIRDARTS_THRESHOLD,
          apply: (c, v) => (c.threshold = v),
        }),
        option({
          name: 'single-level',
          description: 'fairdarts: one-level optimisation on the training batch',
          type: onOff(),
          default: false,
          apply: (c, v) => (c.singleLevel = v),
        }),
      ],
    },
  ],
  [
    'noisydarts',
    {
      summary: 'NoisyDARTS: noise injected into skip connections during search',
      batchSize: 128,
      spaces: ['darts'],
      create: (c) => new NoisyDartsSearch(c),
      options: [
        ...weightSgdOptions(NOISYDARTS),
        ...archAdamOptions(NOISYDARTS),
        option({
          name: 'noise-type',
          arg: '<t>',
          description: 'noisydarts: noise distribution',
          type: choice(['gaussian', 'uniform'] as const),
          default: NOISYDARTS.noise.type,
          apply: (c, v) => (noise(c).type = v),
        }),
        option({
          name: 'noise-mixture',
          arg: '<m>',
          description: 'noisydarts: how noise combines with the skip output',
          type: choice(['additive', 'multiplicative'] as const),
          default: NOISYDARTS.noise.mixture,
          apply: (c, v) => (noise(c).mixture = v),
        }),
        option({
          name: 'noise-factor',
          arg: '<λ>',
          description: 'noisydarts: noise factor λ',
          type: decimal(0),
          default: NOISYDARTS.noise.factor,
          apply: (c, v) => (noise(c).factor = v),
        }),
        option({
          name: 'noise-mean',
          arg: '<μ>',
          description: 'noisydarts: noise mean (multiplicative noise needs 1)',
          type: decimal(),
          default: NOISYDARTS.noise.mean,
          apply: (c, v) => (noise(c).mean = v),
        }),
        option({
          name: 'noise-decay',
          description: 'noisydarts: cosine-decay the noise over 50 epochs',
          type: onOff(),
          default: NOISYDARTS.noise.decay,
          apply: (c, v) => (noise(c).decay = v),
        }),
        option({
          name: 'noise',
          description: 'noisydarts: no noise (plain DARTS over the 7-op space, skip drop path kept)',
          type: onOff(),
          default: true,
          apply: (c, v) => (noise(c).enabled = v),
        }),
        option({
          name: 'skip-drop-path',
          arg: '<p>',
          description: 'noisydarts: drop path on the skip branch in search (0.3 in the released code)',
          type: decimal(0, 0.99),
          default: NOISYDARTS.skipDropPath,
          apply: (c, v) => (c.skipDropPath = v),
        }),
        option({
          name: 'frozen-epochs',
          arg: '<n>',
          description: 'noisydarts: epochs without architecture updates',
          type: integer(0),
          default: NOISYDARTS.frozenEpochs,
          apply: (c, v) => (c.frozenEpochs = v),
        }),
      ],
    },
  ],
  [
    'dropnas',
    {
      summary: 'DropNAS: one-level, grouped operation dropout, partial decay, α-adjust; whole training set',
      batchSize: 96,
      network: { epochs: 76, layers: 14 },
      spaces: ['darts'],
      trainPortion: 1,
      create: (c) => new DropNasSearch(c),
      options: [
        ...weightSgdOptions(DROPNAS),
        ...archAdamOptions(DROPNAS),
        option({
          name: 'drop-rate',
          arg: '<r>',
          description: 'dropnas: r, the rate at which a whole op group would be dropped (per-op p = r^(1/group size))',
          type: decimal(0, 0.999999),
          default: DROPNAS.dropRate,
          apply: (c, v) => (c.dropRate = v),
        }),
        option({
          name: 'drop-rate-np',
          arg: '<r>',
          description: 'dropnas: separate r for the parameter-free group',
          type: decimal(0, 0.999999),
          default: (r) => r['drop-rate'] as number,
          defaultText: '--drop-rate',
          apply: (c, v) => (c.dropRateNonParam = v),
        }),
        option({
          name: 'warmup-epochs',
          arg: '<n>',
          description: 'dropnas: first epochs without dropout (and without α updates unless --faithful)',
          type: integer(0),
          default: DROPNAS.warmupEpochs,
          apply: (c, v) => (c.warmupEpochs = v),
        }),
        option({
          name: 'space-variant',
          arg: '<v>',
          description: 'dropnas: original (8 ops), 1-skip (no pools), 3-skip (pools replaced by skip_connect)',
          type: choice(DROPNAS_VARIANTS),
          default: DROPNAS.variant,
          apply: (c, v) => (c.variant = v),
        }),
        option({
          name: 'derive-rule',
          arg: '<rule>',
          description: 'dropnas: genotype from raw α (pt.darts/DropNAS) or from softmax(α) (quark0)',
          type: choice(['raw', 'softmax'] as const),
          default: DROPNAS.derive,
          apply: (c, v) => (c.derive = v),
        }),
        option({
          name: 'faithful',
          description:
            'dropnas: reproduce the reference code where it deviates from the method (1-skip drop exponent, momentum on dropped weights, first-element activity test, Adam drift of dropped α, α decay during warm-up)',
          type: onOff(),
          default: false,
          apply: (c, v) => (c.faithful = v),
        }),
      ],
    },
  ],
  [
    'evnas',
    {
      summary: 'EvNAS: genetic algorithm over α chromosomes on a weight-sharing supernet, one epoch per generation (S1 darts, S2 nb201)',
      batchSize: 64,
      spaces: ['darts', 'nb201'],
      create: (c) => new EvnasSearch(c as Partial<EvnasConfig>),
      options: [
        ...weightSgdOptions(EVNAS_DEFAULTS),
        option({
          name: 'population',
          arg: '<n>',
          description: 'evnas: population size P',
          type: integer(1),
          default: EVNAS_DEFAULTS.populationSize,
          apply: (c, v) => (c.populationSize = v),
        }),
        option({
          name: 'tournament-size',
          arg: '<n>',
          description: 'evnas: tournament size (distinct members drawn per tournament)',
          type: integer(1),
          default: EVNAS_DEFAULTS.tournamentSize,
          apply: (c, v) => (c.tournamentSize = v),
        }),
        option({
          name: 'elites',
          arg: '<n>',
          description: 'evnas: members copied unchanged into the next generation',
          type: integer(0),
          default: EVNAS_DEFAULTS.elites,
          apply: (c, v) => (c.elites = v),
        }),
        option({
          name: 'mutation-rate',
          arg: '<p>',
          description: 'evnas: probability that an edge row is re-sampled U[0,1)',
          type: decimal(0, 1),
          default: EVNAS_DEFAULTS.mutationRate,
          apply: (c, v) => (c.mutationRate = v),
        }),
        option({
          name: 'fitness-bn',
          arg: '<mode>',
          description: 'evnas: BN mode of the fitness pass (the reference: train in S1, eval in S2)',
          type: choice(['auto', 'train', 'eval'] as const),
          default: (r) => (r.space === 'nb201' ? 'eval' : 'train'),
          defaultText: 'train in the darts space, eval in nb201',
          apply: (c, v) => (c.fitnessBn = v),
        }),
        option({
          name: 'fitness-batch-size',
          arg: '<n>',
          description: "evnas: batch size of the fitness pass (the reference's; S1's batch statistics depend on it)",
          type: integer(1),
          default: EVNAS_DEFAULTS.fitnessBatchSize!,
          apply: (c, v) => (c.fitnessBatchSize = v),
        }),
        option({
          name: 'decode',
          arg: '<where>',
          description: 'evnas: where the one-hot decoding replaces the raw α (both = EvNAS; train = ablation NDF; fitness = NDT; none = ND)',
          type: choice(['both', 'train', 'fitness', 'none'] as const),
          default: EVNAS_DEFAULTS.decode,
          apply: (c, v) => (c.decode = v),
        }),
        option({
          name: 'nesterov',
          arg: '<mode>',
          description: 'evnas: Nesterov momentum (the reference: off in S1, on in S2)',
          type: choice(['auto', 'on', 'off'] as const),
          default: (r) => (r.space === 'nb201' ? 'on' : 'off'),
          defaultText: 'off in the darts space, on in nb201',
          apply: (c, v) => {
            if (v !== 'auto') c.nesterov = v === 'on';
          },
        }),
      ],
    },
  ],
  [
    'ddarts',
    {
      summary: 'D-DARTS: one α per cell (own Adam + cosine), sigmoid + zero-one loss + ablation term; DARTOpti with --space dartopti --baseline',
      batchSize: 72,
      network: { initChannels: 32 },
      spaces: ['darts', 'dartopti'],
      create: (c) => new DDartsSearch(c as Partial<DDartsConfig>),
      runEpochs: (epochs, c) => ddartsRunEpochs(epochs, c as Partial<DDartsConfig>),
      options: [
        ...weightSgdOptions(DDARTS),
        ...archAdamOptions(DDARTS),
        option({
          name: 'arch-lr-min',
          arg: '<lr>',
          description: "ddarts: floor of every cell's α learning rate schedule",
          type: decimal(0),
          default: DDARTS.archLrMin,
          apply: (c, v) => (c.archLrMin = v),
        }),
        option({
          name: 'baseline',
          arg: '<name>',
          description: 'ddarts --space dartopti: handcrafted network to start from (resnet18, resnet50, xception; inceptionv4)',
          type: text(),
          apply: (c, v) => (c.baseline = v),
        }),
        option({
          name: 'pretrain-epochs',
          arg: '<n>',
          description: 'ddarts: weight-only epochs before the --epochs search epochs (the run has both, as the reference)',
          type: integer(0),
          default: (r) => (r.space === 'dartopti' ? DARTOPTI_PRETRAIN_EPOCHS : 0),
          defaultText: `${DARTOPTI_PRETRAIN_EPOCHS} with --space dartopti, else 0`,
          apply: (c, v) => (c.pretrainEpochs = v),
        }),
        option({
          name: 'aux-loss-weight',
          arg: '<w>',
          description: 'ddarts: w, weight of the zero-one loss in the weight and per-cell losses',
          type: decimal(0),
          default: DDARTS.auxLossWeight,
          apply: (c, v) => (c.auxLossWeight = v),
        }),
        option({
          name: 'ablation-weight',
          arg: '<λ>',
          description: 'ddarts: λ of the ablation term (a constant: logged only; 0 skips its L+1 extra forwards)',
          type: decimal(0),
          default: DDARTS.ablationWeight,
          apply: (c, v) => (c.ablationWeight = v),
        }),
        option({
          name: 'sep-loss',
          arg: '<kind>',
          description: 'ddarts: zero-one term of the weight loss, l2 = -mean((σ-½)²), l1 = -mean|σ-½|',
          type: choice(['l2', 'l1'] as const),
          default: DDARTS.sepLoss,
          apply: (c, v) => (c.sepLoss = v),
        }),
        option({
          name: 'arch-metric',
          description: 'ddarts --space dartopti: no architecture-distance logging and no early stop',
          type: onOff(),
          default: true,
          apply: (c, v) => (c.archMetric = v),
        }),
        option({
          name: 'faithful',
          description:
            'ddarts: the reference gradient accumulation (L x val grads in the SGD step, α grads never zeroed), BN-updating ablation forwards, unbuildable genes kept',
          type: onOff(),
          default: false,
          apply: (c, v) => (c.faithful = v),
        }),
        option({
          name: 'parse-method',
          arg: '<m>',
          description: 'ddarts: genotype derivation',
          type: choice(DDARTS_PARSE_METHODS),
          default: DDARTS.parseMethod,
          apply: (c, v) => (c.parseMethod = v as FairDartsConfig['parseMethod']),
        }),
        option({
          name: 'threshold',
          arg: '<t>',
          description: 'ddarts: σ threshold of the parse methods',
          type: decimal(0, 1),
          default: DDARTS.threshold,
          apply: (c, v) => (c.threshold = v),
        }),
      ],
    },
  ],
]);

export function registerSearchMethod(name: string, info: MethodInfo): void {
  methods.set(name, info);
}

export function searchMethod(name: string): MethodInfo {
  const m = methods.get(name);
  if (!m) throw new Error(`unknown search method '${name}' (available: ${searchMethodNames().join(', ')})`);
  return m;
}

export function searchMethodNames(): string[] {
  return [...methods.keys()];
}

/** The epochs of a search run of `epochs` search epochs with `method` (MethodInfo.runEpochs). */
export function searchRunEpochs(method: string, epochs: number, config: MethodConfig): number {
  return searchMethod(method).runEpochs?.(epochs, config) ?? epochs;
}

export function createSearchMethod(name: string, config: MethodConfig): SearchMethod {
  const m = searchMethod(name);
  const space = typeof config.space === 'string' ? config.space : 'darts';
  if (!m.spaces.includes(space)) throw new Error(`${name} does not search the '${space}' space (it searches: ${m.spaces.join(', ')})`);
  return m.create(config);
}
