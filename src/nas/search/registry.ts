// Search methods by name, with their command-line options as plain data (the CLI turns them into flags), so a
// new method plugs in here without touching the command.
import { FAIRDARTS_THRESHOLD } from '../genotype/derive.js';
import { DartsSearch, type DartsConfig } from './darts.js';
import { FairDartsSearch, type FairDartsConfig } from './fairdarts.js';
import type { SearchMethod } from './method.js';
import { NOISY_DARTS_DEFAULTS, NoisyDartsSearch, type NoiseConfig, type NoisyDartsConfig } from './noisydarts.js';

export type MethodConfig = Partial<DartsConfig & FairDartsConfig & NoisyDartsConfig> & Record<string, unknown>;

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
}

export function numberValue(flag: string, v: string | boolean, min = -Infinity, max = Infinity): number {
  const n = Number(v);
  if (typeof v !== 'string' || !Number.isFinite(n) || n < min || n > max)
    throw new Error(`${flag} must be a number in [${min}, ${max}], got '${String(v)}'`);
  return n;
}

const noise = (c: MethodConfig): NoiseConfig => (c.noise ??= { ...NOISY_DARTS_DEFAULTS.noise! });

const methods = new Map<string, MethodInfo>([
  ['darts', {
    summary: 'DARTS: softmax relaxation, bilevel; first order, or second order with --unrolled', batchSize: 64, spaces: ['darts'],
    create: (c) => new DartsSearch(c),
    options: [
      { flags: '--unrolled', description: 'darts: second-order approximation (virtual step + finite-difference Hessian-vector product)',
        apply: (c, v) => { c.unrolled = Boolean(v); } },
    ],
  }],
  ['fairdarts', {
    summary: 'FairDARTS: sigmoid relaxation + zero-one loss, threshold derivation', batchSize: 128, spaces: ['darts'],
    create: (c) => new FairDartsSearch(c),
    options: [
      { flags: '--zero-one-weight <w>', description: 'fairdarts: weight of the zero-one loss', default: '10',
        apply: (c, v) => { c.zeroOneWeight = numberValue('--zero-one-weight', v, 0); } },
      { flags: '--zero-one-loss <kind>', description: 'fairdarts: l2 = -mean((σ-½)²), l1 = -mean|σ-½|', default: 'l2', choices: ['l2', 'l1'],
        apply: (c, v) => { c.zeroOneLoss = v as 'l2' | 'l1'; } },
      { flags: '--parse-method <m>', description: 'fairdarts: genotype derivation', default: 'threshold_sparse',
        choices: ['threshold_sparse', 'threshold_edge', 'darts'], apply: (c, v) => { c.parseMethod = v as FairDartsConfig['parseMethod']; } },
      { flags: '--threshold <t>', description: 'fairdarts: σ threshold of the parse methods', default: String(FAIRDARTS_THRESHOLD),
        apply: (c, v) => { c.threshold = numberValue('--threshold', v, 0, 1); } },
      { flags: '--single-level', description: 'fairdarts: one-level optimisation on the training batch',
        apply: (c, v) => { c.singleLevel = Boolean(v); } },
    ],
  }],
  ['noisydarts', {
    summary: 'NoisyDARTS: noise injected into skip connections during search', batchSize: 128, spaces: ['darts'],
    create: (c) => new NoisyDartsSearch(c),
    options: [
      { flags: '--noise-type <t>', description: 'noisydarts: noise distribution', default: 'gaussian', choices: ['gaussian', 'uniform'],
        apply: (c, v) => { noise(c).type = v as NoiseConfig['type']; } },
      { flags: '--noise-mixture <m>', description: 'noisydarts: how noise combines with the skip output', default: 'additive',
        choices: ['additive', 'multiplicative'], apply: (c, v) => { noise(c).mixture = v as NoiseConfig['mixture']; } },
      { flags: '--noise-factor <λ>', description: 'noisydarts: noise factor λ', default: '0.2',
        apply: (c, v) => { noise(c).factor = numberValue('--noise-factor', v, 0); } },
      { flags: '--noise-mean <μ>', description: 'noisydarts: noise mean (multiplicative noise needs 1)', default: '0',
        apply: (c, v) => { noise(c).mean = numberValue('--noise-mean', v); } },
      { flags: '--noise-decay', description: 'noisydarts: cosine-decay the noise over 50 epochs',
        apply: (c, v) => { noise(c).decay = Boolean(v); } },
      { flags: '--no-noise', description: 'noisydarts: no noise (plain DARTS over the 7-op space, skip drop path kept)',
        apply: (c, v) => { noise(c).enabled = Boolean(v); } },
      { flags: '--skip-drop-path <p>', description: 'noisydarts: drop path on the skip branch in search (0.3 in the released code)', default: '0.3',
        apply: (c, v) => { c.skipDropPath = numberValue('--skip-drop-path', v, 0, 0.99); } },
      { flags: '--frozen-epochs <n>', description: 'noisydarts: epochs without architecture updates', default: '0',
        apply: (c, v) => { c.frozenEpochs = numberValue('--frozen-epochs', v, 0); } },
    ],
  }],
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
