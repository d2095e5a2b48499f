// FairDARTS (spec §11): an independent sigmoid per (edge, op) instead of a softmax, 'none' removed, alphas
// initialised to zero, and the zero-one loss that pushes every σ towards 0 or 1; derivation by threshold.
import { functional as F } from '../../nn/index.js';
import { cat, type Tensor, tidy } from '../../tensor/index.js';
import { deriveFairDartsGenotype, FAIRDARTS_THRESHOLD, type FairDartsParseMethod, resolveFairDartsParseMethod } from '../genotype/derive.js';
import { parseBuildableCell } from '../genotype/derive-nested.js';
import { concatRange, type DcoGene, type DcoGenotype } from '../genotype/genotype.js';
import { FAIRDARTS_PRIMITIVES } from '../genotype/primitives.js';
import { type DartsConfig, DartsSearch } from './darts.js';
import type { Relaxation } from './arch-weights.js';
import type { Batch, SearchGenotype, StepResult } from './method.js';
import { genotypeOf } from './search-space.js';

export interface FairDartsConfig extends DartsConfig {
  /** w₀₁, the weight of the zero-one loss (10 in the paper and README). */
  zeroOneWeight: number;
  /** 'l2': −mean((σ − ½)²) (default); 'l1': −mean|σ − ½|. */
  zeroOneLoss: 'l2' | 'l1';
  parseMethod: FairDartsParseMethod;
  threshold: number;
  /** One-level variant (`--single_level`): both steps on the training batch. */
  singleLevel: boolean;
}

/** fairdarts/train_search.py defaults (spec §11.3). */
export const FAIRDARTS_DEFAULTS: Partial<FairDartsConfig> = {
  primitives: FAIRDARTS_PRIMITIVES,
  alphaInit: 'zeros',
  lr: 0.005,
  lrMin: 0.001,
  archLr: 3e-3,
  archBetas: [0.9, 0.999],
  archWeightDecay: 1e-3,
  unrolled: false,
  zeroOneWeight: 10,
  zeroOneLoss: 'l2',
  parseMethod: 'threshold_sparse',
  threshold: FAIRDARTS_THRESHOLD,
  singleLevel: false,
};

/** L₀₁ over every σ(α) entry of all alpha tensors (spec §11.2). */
export function zeroOneLoss(alphas: readonly Tensor[], kind: 'l2' | 'l1'): Tensor {
  const s = cat(
    alphas.map((a) => a.sigmoid().flatten()),
    0,
  ).sub(0.5);
  return (kind === 'l2' ? s.square() : s.abs()).mean().neg();
}

export class FairDartsSearch extends DartsSearch {
  override readonly name: string = 'fairdarts';
  declare readonly config: FairDartsConfig;

  constructor(config: Partial<FairDartsConfig> = {}) {
    const full = { ...FAIRDARTS_DEFAULTS, ...config } as Partial<FairDartsConfig>;
    if (full.unrolled) throw new Error('fairdarts: only the first-order approximation is defined (spec §11.1)');
    super(full);
    Object.assign(this.config, full);
  }

  override get needsValidationBatch(): boolean {
    return !this.config.singleLevel;
  }

  protected override get relaxation(): Relaxation {
    return 'sigmoid';
  }

  private withZeroOne(ce: Tensor): Tensor {
    return ce.add(zeroOneLoss(this.arch.tensors(), this.config.zeroOneLoss).mul(this.config.zeroOneWeight));
  }
  protected override archLoss(logits: Tensor, y: Tensor): Tensor {
    return this.withZeroOne(F.crossEntropy(logits, y));
  }
  /** The L₀₁ term has no weight gradient; it is included so the logged loss matches the reference's. */
  protected override weightLoss(logits: Tensor, y: Tensor): Tensor {
    return this.withZeroOne(F.crossEntropy(logits, y));
  }

  override step(train: Batch, val: Batch | undefined): StepResult {
    if (!this.config.singleLevel) return super.step(train, val);
    // One backward of the weight loss feeds both the SGD step on w and the Adam step on α.
    this.net.train();
    this.archOptimizer.zeroGrad();
    const result = this.weightStep(train);
    this.archOptimizer.step();
    return result;
  }

  /**
   * The configured parse method. Early in a search no σ has reached the threshold, so a cell can come out empty
   * or with a node whose inputs are all absent — the reference writes such a genotype and its train.py then
   * crashes. Here such a cell falls back to the DARTS rule written as DCO edges (parseBuildableCell), and the
   * report says how many cells did (`--parse-method darts` gives that rule everywhere).
   */
  protected override deriveGenotype(weights: Record<string, number[][]>): SearchGenotype {
    if (this.space.name !== 'darts') return super.deriveGenotype(weights);
    const opts = { primitives: this.config.primitives!, steps: this.config.steps, threshold: this.config.threshold };
    const method = resolveFairDartsParseMethod(this.config.parseMethod);
    if (method === 'darts')
      return genotypeOf(deriveFairDartsGenotype({ normal: weights.alphas_normal!, reduce: weights.alphas_reduce! }, 'darts', opts));
    let fallbackCells = 0;
    const cell = (w: number[][]): DcoGene[] => {
      const parsed = parseBuildableCell(w, method, opts);
      if (parsed.fellBack) fallbackCells++;
      return parsed.genes;
    };
    const g: DcoGenotype = {
      kind: 'dco',
      normal: cell(weights.alphas_normal!),
      normalConcat: concatRange(2, 2 + this.config.steps),
      reduce: cell(weights.alphas_reduce!),
      reduceConcat: concatRange(2, 2 + this.config.steps),
    };
    return { ...genotypeOf(g), report: { parseFallbackCells: fallbackCells } };
  }

  /** σ(α) history is what FairDARTS logs; tidy keeps the derivation free of leaks. */
  zeroOneValue(): number {
    return tidy(() => zeroOneLoss(this.arch.tensors(), this.config.zeroOneLoss).item());
  }
}
