// Search methods by name, with their command-line options as plain data (the CLI turns them into flags), so a
// new method plugs in here without touching the command.
import { floatOption, intOption } from '../../option-values.js';
import { FAIRDARTS_THRESHOLD } from '../genotype/derive.js';
import { DartsSearch, type DartsConfig } from './darts.js';
import { DDartsSearch, type DDartsConfig } from './ddarts.js';
import { DROPNAS_VARIANTS, DropNasSearch, type DropNasConfig } from './dropnas.js';
import { type EvnasConfig, EvnasSearch } from './evnas.js';
import { FairDartsSearch, type FairDartsConfig } from './fairdarts.js';
import type { SearchMethod } from './method.js';
import { NOISY_DARTS_DEFAULTS, NoisyDartsSearch, type NoiseConfig, type NoisyDartsConfig } from './noisydarts.js';

export type MethodConfig = Partial<DartsConfig & FairDartsConfig & NoisyDartsConfig & DropNasConfig> & Record<string, unknown>;

export interface MethodOption {
  /** commander syntax: '--noise-type <t>' (takes a value) or '--single-level' (a switch). */
  flags: string;
  description: string;
  default?: string;
  choices?: readonly string[];
  /** Writes the parsed value into the method's config; throws with the flag's name on a bad value. */
  apply(config: MethodConfig, value: string | boolean): void;
}

export interface MethodInfo {
  summary: string;
  create(config: MethodConfig): SearchMethod;
  /** Default batch size of the reference search script. */
  batchSize: number;
  /** Spaces the method searches ('darts' = S1). */
  spaces: readonly string[];
  options: readonly MethodOption[];
  /**
   * Default --train-portion: the share of the training set the weights train on (the rest trains α or is held
   * out). 1 = the whole training set (one-level methods); validation accuracy is then measured on the test split.
   * 0.5 when absent.
   */
  trainPortion?: number;
}

/** A numeric method option: a finite decimal number in [min, max], or with `integer` a whole one. */
export function numberValue(flag: string, v: string | boolean, min = -Infinity, max = Infinity): number {
  if (typeof v !== 'string') throw new Error(`${flag} needs a value`);
  return floatOption(v, flag, min, max);
}

export function integerValue(flag: string, v: string | boolean, min = 0, max?: number): number {
  if (typeof v !== 'string') throw new Error(`${flag} needs a value`);
  return intOption(v, flag, min, max);
}

const noise = (c: MethodConfig): NoiseConfig => (c.noise ??= { ...NOISY_DARTS_DEFAULTS.noise! });

const methods = new Map<string, MethodInfo>([
  [
    'darts',
    {
      summary: 'DARTS: softmax relaxation, bilevel; first order, or second order with --unrolled',
      batchSize: 64,
      spaces: ['darts', 'nb201'],
      create: (c) => new DartsSearch(c),
      options: [
        {
          flags: '--unrolled',
          description: 'darts: second-order approximation (virtual step + finite-difference Hessian-vector product)',
          apply: (c, v) => {
            c.unrolled = Boolean(v);
          },
        },
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
        {
          flags: '--zero-one-weight <w>',
          description: 'fairdarts: weight of the zero-one loss',
          default: '10',
          apply: (c, v) => {
            c.zeroOneWeight = numberValue('--zero-one-weight', v, 0);
          },
        },
        {
          flags: '--zero-one-loss <kind>',
          description: 'fairdarts: l2 = -mean((σ-½)²), l1 = -mean|σ-½|',
          default: 'l2',
          choices: ['l2', 'l1'],
          apply: (c, v) => {
            c.zeroOneLoss = v as 'l2' | 'l1';
          },
        },
        {
          flags: '--parse-method <m>',
          description: 'fairdarts: genotype derivation',
          default: 'threshold_sparse',
          choices: ['threshold_sparse', 'threshold_edge', 'darts'],
          apply: (c, v) => {
            c.parseMethod = v as FairDartsConfig['parseMethod'];
          },
        },
        {
          flags: '--threshold <t>',
          description: 'fairdarts: σ threshold of the parse methods',
          default: String(FAIRDARTS_THRESHOLD),
          apply: (c, v) => {
            c.threshold = numberValue('--threshold', v, 0, 1);
          },
        },
        {
          flags: '--single-level',
          description: 'fairdarts: one-level optimisation on the training batch',
          apply: (c, v) => {
            c.singleLevel = Boolean(v);
          },
        },
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
        {
          flags: '--noise-type <t>',
          description: 'noisydarts: noise distribution',
          default: 'gaussian',
          choices: ['gaussian', 'uniform'],
          apply: (c, v) => {
            noise(c).type = v as NoiseConfig['type'];
          },
        },
        {
          flags: '--noise-mixture <m>',
          description: 'noisydarts: how noise combines with the skip output',
          default: 'additive',
          choices: ['additive', 'multiplicative'],
          apply: (c, v) => {
            noise(c).mixture = v as NoiseConfig['mixture'];
          },
        },
        {
          flags: '--noise-factor <λ>',
          description: 'noisydarts: noise factor λ',
          default: '0.2',
          apply: (c, v) => {
            noise(c).factor = numberValue('--noise-factor', v, 0);
          },
        },
        {
          flags: '--noise-mean <μ>',
          description: 'noisydarts: noise mean (multiplicative noise needs 1)',
          default: '0',
          apply: (c, v) => {
            noise(c).mean = numberValue('--noise-mean', v);
          },
        },
        {
          flags: '--noise-decay',
          description: 'noisydarts: cosine-decay the noise over 50 epochs',
          apply: (c, v) => {
            noise(c).decay = Boolean(v);
          },
        },
        {
          flags: '--no-noise',
          description: 'noisydarts: no noise (plain DARTS over the 7-op space, skip drop path kept)',
          apply: (c, v) => {
            noise(c).enabled = Boolean(v);
          },
        },
        {
          flags: '--skip-drop-path <p>',
          description: 'noisydarts: drop path on the skip branch in search (0.3 in the released code)',
          default: '0.3',
          apply: (c, v) => {
            c.skipDropPath = numberValue('--skip-drop-path', v, 0, 0.99);
          },
        },
        {
          flags: '--frozen-epochs <n>',
          description: 'noisydarts: epochs without architecture updates',
          default: '0',
          apply: (c, v) => {
            c.frozenEpochs = integerValue('--frozen-epochs', v, 0);
          },
        },
      ],
    },
  ],
  [
    'dropnas',
    {
      summary: 'DropNAS: one-level, grouped operation dropout, partial decay, α-adjust; whole training set',
      batchSize: 96,
      spaces: ['darts'],
      trainPortion: 1,
      create: (c) => new DropNasSearch(c),
      options: [
        {
          flags: '--drop-rate <r>',
          description: 'dropnas: r, the rate at which a whole op group would be dropped (per-op p = r^(1/group size))',
          default: '3e-5',
          apply: (c, v) => {
            c.dropRate = numberValue('--drop-rate', v, 0, 0.999999);
          },
        },
        {
          flags: '--drop-rate-np <r>',
          description: 'dropnas: separate r for the parameter-free group (default: --drop-rate)',
          apply: (c, v) => {
            c.dropRateNonParam = numberValue('--drop-rate-np', v, 0, 0.999999);
          },
        },
        {
          flags: '--warmup-epochs <n>',
          description: 'dropnas: first epochs without dropout (and without α updates unless --faithful)',
          default: '0',
          apply: (c, v) => {
            c.warmupEpochs = integerValue('--warmup-epochs', v, 0);
          },
        },
        {
          flags: '--space-variant <v>',
          description: 'dropnas: original (8 ops), 1-skip (no pools), 3-skip (pools replaced by skip_connect)',
          default: 'original',
          choices: DROPNAS_VARIANTS,
          apply: (c, v) => {
            c.variant = v as DropNasConfig['variant'];
          },
        },
        {
          flags: '--derive-rule <rule>',
          description: 'dropnas: genotype from raw α (pt.darts/DropNAS) or from softmax(α) (quark0)',
          default: 'raw',
          choices: ['raw', 'softmax'],
          apply: (c, v) => {
            c.derive = v as DropNasConfig['derive'];
          },
        },
        {
          flags: '--faithful',
          description:
            'dropnas: reproduce the reference code where it deviates from the method (1-skip drop exponent, momentum on dropped weights, first-element activity test, Adam drift of dropped α, α decay during warm-up)',
          apply: (c, v) => {
            c.faithful = Boolean(v);
          },
        },
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
        {
          flags: '--population <n>',
          description: 'evnas: population size P',
          default: '50',
          apply: (c, v) => {
            c.populationSize = integerValue('--population', v, 1);
          },
        },
        {
          flags: '--tournament-size <n>',
          description: 'evnas: tournament size (distinct members drawn per tournament)',
          default: '10',
          apply: (c, v) => {
            c.tournamentSize = integerValue('--tournament-size', v, 1);
          },
        },
        {
          flags: '--elites <n>',
          description: 'evnas: members copied unchanged into the next generation',
          default: '1',
          apply: (c, v) => {
            c.elites = integerValue('--elites', v, 0);
          },
        },
        {
          flags: '--mutation-rate <p>',
          description: 'evnas: probability that an edge row is re-sampled U[0,1)',
          default: '0.1',
          apply: (c, v) => {
            c.mutationRate = numberValue('--mutation-rate', v, 0, 1);
          },
        },
        {
          flags: '--fitness-bn <mode>',
          description: 'evnas: BN mode of the fitness pass; auto = the reference (train in S1, eval in S2)',
          default: 'auto',
          choices: ['auto', 'train', 'eval'],
          apply: (c, v) => {
            c.fitnessBn = v as EvnasConfig['fitnessBn'];
          },
        },
        {
          flags: '--fitness-batch-size <n>',
          description: 'evnas: batch size of the fitness pass (reference: 1024; default: --batch-size)',
          apply: (c, v) => {
            c.fitnessBatchSize = integerValue('--fitness-batch-size', v, 1);
          },
        },
        {
          flags: '--decode <where>',
          description: 'evnas: where the one-hot decoding replaces the raw α (both = EvNAS; train = ablation NDF; fitness = NDT; none = ND)',
          default: 'both',
          choices: ['both', 'train', 'fitness', 'none'],
          apply: (c, v) => {
            c.decode = v as EvnasConfig['decode'];
          },
        },
        {
          flags: '--nesterov <mode>',
          description: 'evnas: Nesterov momentum; auto = the reference (off in S1, on in S2)',
          default: 'auto',
          choices: ['auto', 'on', 'off'],
          apply: (c, v) => {
            if (v !== 'auto') c.nesterov = v === 'on';
          },
        },
      ],
    },
  ],
  [
    'ddarts',
    {
      summary: 'D-DARTS: one α per cell (own Adam + cosine), sigmoid + zero-one loss + ablation term; DARTOpti with --space dartopti --baseline',
      batchSize: 72,
      spaces: ['darts', 'dartopti'],
      create: (c) => new DDartsSearch(c as Partial<DDartsConfig>),
      options: [
        {
          flags: '--baseline <name>',
          description: 'ddarts --space dartopti: handcrafted network to start from (resnet18, resnet50, xception; inceptionv4)',
          apply: (c, v) => {
            c.baseline = String(v);
          },
        },
        {
          flags: '--pretrain-epochs <n>',
          description: 'ddarts: weight-only epochs before α is searched, counted in --epochs (default: 5 with --space dartopti, else 0)',
          apply: (c, v) => {
            c.pretrainEpochs = integerValue('--pretrain-epochs', v, 0);
          },
        },
        {
          flags: '--aux-loss-weight <w>',
          description: 'ddarts: w, weight of the zero-one loss in the weight and per-cell losses',
          default: '9',
          apply: (c, v) => {
            c.auxLossWeight = numberValue('--aux-loss-weight', v, 0);
          },
        },
        {
          flags: '--ablation-weight <λ>',
          description: 'ddarts: λ of the ablation term (a constant: logged only; 0 skips its L+1 extra forwards)',
          default: '0.7',
          apply: (c, v) => {
            c.ablationWeight = numberValue('--ablation-weight', v, 0);
          },
        },
        {
          flags: '--sep-loss <kind>',
          description: 'ddarts: zero-one term of the weight loss, l2 = -mean((σ-½)²), l1 = -mean|σ-½|',
          default: 'l2',
          choices: ['l2', 'l1'],
          apply: (c, v) => {
            c.sepLoss = v;
          },
        },
        {
          flags: '--no-arch-metric',
          description: 'ddarts --space dartopti: no architecture-distance logging and no early stop',
          apply: (c, v) => {
            c.archMetric = Boolean(v);
          },
        },
        {
          flags: '--faithful',
          description:
            'ddarts: the reference gradient accumulation (L x val grads in the SGD step, α grads never zeroed), BN-updating ablation forwards, unbuildable genes kept',
          apply: (c, v) => {
            c.faithful = Boolean(v);
          },
        },
        {
          flags: '--parse-method <m>',
          description: 'ddarts: genotype derivation (threshold_sparse or threshold_edge)',
          default: 'threshold_sparse',
          choices: ['threshold_sparse', 'threshold_edge', 'threshold_complete'],
          apply: (c, v) => {
            c.parseMethod = v as FairDartsConfig['parseMethod'];
          },
        },
        {
          flags: '--threshold <t>',
          description: 'ddarts: σ threshold of the parse methods',
          default: String(FAIRDARTS_THRESHOLD),
          apply: (c, v) => {
            c.threshold = numberValue('--threshold', v, 0, 1);
          },
        },
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

export function createSearchMethod(name: string, config: MethodConfig): SearchMethod {
  const m = searchMethod(name);
  const space = typeof config.space === 'string' ? config.space : 'darts';
  if (!m.spaces.includes(space)) throw new Error(`${name} does not search the '${space}' space (it searches: ${m.spaces.join(', ')})`);
  return m.create(config);
}
