// NoisyDARTS (spec §12): DARTS over the 7-op space with noise injected into every skip_connect branch during
// search, so skip connections cannot win by an unfair gradient advantage. Noise is never applied in eval mode.
import { ops, type Tensor } from '../../tensor/index.js';
import { NOISY_DARTS_PRIMITIVES } from '../genotype/primitives.js';
import { dropPath } from '../eval/drop-path.js';
import { type DartsConfig, DartsSearch } from './darts.js';
import type { Batch } from './method.js';
import type { EdgeHooks } from './mixed-op.js';

export interface NoiseConfig {
  type: 'gaussian' | 'uniform';
  mixture: 'additive' | 'multiplicative';
  /** λ (`--factor_skip`). */
  factor: number;
  /** μ (`--noise_mean`); multiplicative noise needs 1. */
  mean: number;
  /** Cosine decay of the noise over the first 50 epochs (`--noise_decay`). */
  decay: boolean;
  /** `--add_noise_skip`; without it the method is plain DARTS over 7 ops (with the skip drop path). */
  enabled: boolean;
}

export interface NoisyDartsConfig extends DartsConfig {
  noise: NoiseConfig;
  /**
   * Drop path on the skip branch during search: 0.3 in the released code (the Network default). Applied in
   * training mode only and not in place: the reference's in-place eval-mode variant corrupts shared states.
   */
  skipDropPath: number;
  /** Epochs without architecture steps (`--frozen-epochs`). */
  frozenEpochs: number;
}

/** NoisyDARTS train_search.py defaults with the README's `--add_noise_skip` (spec §12.3). */
export const NOISY_DARTS_DEFAULTS: Partial<NoisyDartsConfig> = {
  primitives: NOISY_DARTS_PRIMITIVES,
  lr: 0.05,
  lrMin: 0.001,
  archLr: 3e-4,
  archBetas: [0.5, 0.999],
  archWeightDecay: 1e-3,
  unrolled: false,
  noise: { type: 'gaussian', mixture: 'additive', factor: 0.2, mean: 0, decay: false, enabled: true },
  skipDropPath: 0.3,
  frozenEpochs: 0,
};

/** d(step): the cosine decay of §12.2, 1 when decay is off. */
export function noiseDecay(epoch: number, decay: boolean): number {
  if (!decay) return 1;
  return epoch <= 50 ? 0.5 * (1 + Math.cos((Math.PI * epoch) / 50)) : 0;
}

/**
 * The noisy skip output y = y0 + d·n (additive) or y0·n·d (multiplicative), with n drawn as §12.2 says. The
 * scale std(y0) is computed on a detached copy: the sample carries no gradient, so ∂y/∂y0 = 1 (additive).
 */
export function noisySkip(y0: Tensor, n: NoiseConfig, d: number): Tensor {
  let noise: Tensor;
  if (n.type === 'uniform') {
    const a = Math.sqrt(3 * n.factor);
    noise = ops.randLike(y0).mul(-2).add(1).mul(a).add(n.mean);
  } else {
    const sigma = n.mixture === 'additive' ? y0.detach().std().mul(n.factor) : n.factor;
    noise = ops.randnLike(y0).mul(sigma).add(n.mean);
  }
  noise = noise.detach();
  return n.mixture === 'additive' ? y0.add(noise.mul(d)) : y0.mul(noise).mul(d);
}

export class NoisyDartsSearch extends DartsSearch {
  override readonly name: string = 'noisydarts';
  declare readonly config: NoisyDartsConfig;

  constructor(config: Partial<NoisyDartsConfig> = {}) {
    const full = { ...NOISY_DARTS_DEFAULTS, ...config, noise: { ...NOISY_DARTS_DEFAULTS.noise!, ...config.noise } } as Partial<NoisyDartsConfig>;
    if (full.unrolled) throw new Error('noisydarts: the reference second-order path does not run (spec §12.1); use first order');
    super(full);
    Object.assign(this.config, full);
  }

  protected override edgeHooks(): EdgeHooks {
    const { noise, skipDropPath } = this.config;
    const d = noiseDecay(this.epoch, noise.decay);
    return {
      skip: (y) => {
        const noisy = noise.enabled ? noisySkip(y, noise, d) : y;
        return skipDropPath > 0 ? dropPath(noisy, skipDropPath) : noisy;
      },
    };
  }

  protected override archStep(train: Batch, val: Batch): void {
    if (this.epoch < this.config.frozenEpochs) return;
    super.archStep(train, val);
  }
}
