// DropNAS (spec dropnas-evnas-nasbench201 §3, wiljohnhong/DropNAS): one-level DARTS on the whole training set with
// grouped operation dropout. Every step draws, for each edge row of each cell type (normal, reduce), which ops are
// kept: independently inside the parameterised group (sep/dil convs) and the parameter-free group (pools, skips,
// 'none'), each op dropped with probability p_d, a group resampled until it keeps at least one op (§3.3). The mask
// is shared by all cells of that type. The mixed op then runs the kept ops only, weighted by a softmax over the
// kept ops (§3.4); the task step is followed by a second "partial decay" step whose loss is λ‖w‖² over the
// weight tensors that were active and λ_α·α² over the active α entries (§3.5); finally α-adjust shifts the kept α
// of each edge so that the kept ops hold the probability mass they held before the step (§3.6). Derivation is
// pt.darts' rule on raw α (spec §1.5).
//
// Fixed by default, reference behaviour with `faithful: true` (`--faithful`), where it changes results:
//  1. Drop probability: p_d = r^(1/|group|), so that a whole group would be dropped with probability r (the
//     paper's definition of r). The released code hard-codes r^(1/4) for both groups, which is the same in the
//     original and 3-skip spaces (groups of 4) but not in 1-skip, whose parameter-free group {skip, none} has 2
//     ops: the released code keeps r^(1/4) there (p_d = 0.074 instead of 0.0055 at r = 3e-5). Faithful: 1/4.
//  2. Dropped weights: the reference's PyTorch 1.0 `zero_grad()` zeroes gradients in place, so a dropped op's
//     tensors hold zero gradients and SGD still moves them by their momentum buffer in both steps of a batch.
//     Fixed: gradients are cleared to none, dropped tensors are not touched (no update, no momentum decay).
//  3. Which weight tensors are "active" for partial decay: the reference tests whether the first element of the
//     gradient is non-zero, which also excludes an executed tensor whose first gradient element is exactly 0.
//     Fixed: active = has a gradient from this step's task loss (= belongs to an executed op or the shared
//     stem / preprocessing / classifier). For α the reference tests |grad| > 1e-7 element-wise; fixed: the mask
//     (kept entries are active, dropped ones are not).
//  4. Dropped α: Adam on the whole α tensor still moves dropped entries by its moments (their gradient is 0, the
//     update is not), so their softmax probability changes although α-adjust is meant to preserve it. Fixed:
//     dropped entries are restored after each Adam step (Adam's moments evolve as torch's would with a zero
//     gradient); faithful: they move.
//  5. Warm-up: the reference skips the task-loss Adam step during warm-up but still takes the phase-B decay Adam
//     step, so α drifts towards 0 by ~lr per step. Fixed: α is frozen during warm-up; faithful: decay step taken.
// Not behind the switch (same results up to rounding): the kept-op softmax subtracts the row maximum (the
// reference uses raw exp), α-adjust works with log-sum-exps (k = log(S_k/S_d)_old − log(S_k/S_d)_new, which is
// the reference's ln(ratio/(1−ratio)·S_d/S_k)), and the loss L2 = 2λw gradient is written directly instead of
// back-propagating λ‖w‖². Both optimiser steps per batch (momentum and Adam state advancing twice), the
// max-norm-3 clip in both phases, the cosine schedule stepped at the epoch start and the logged loss L1 + L2 are
// the reference's in both modes.
import { Rng } from '../../data/rng.js';
import { functional as F } from '../../nn/index.js';
import { clipGradNorm } from '../../optim/index.js';
import { noGrad, ops, randint, stack, type Tensor, tensor, tidy, zeros } from '../../tensor/index.js';
import { type DartsConfig, DartsSearch, cosineLr } from './darts.js';
import type { Batch, SearchGenotype, StepResult } from './method.js';
import { type PickleTree, mapOf } from './state.js';
import type { ArchForward } from './supernet.js';

/** Search-space variants of the DropNAS README (§3.2). */
export type DropNasVariant = 'original' | '1-skip' | '3-skip';
export const DROPNAS_VARIANTS: readonly DropNasVariant[] = ['original', '1-skip', '3-skip'];

/**
 * α column order per variant (§1.4, §3.2): the parameterised group first, then the parameter-free group with
 * 'none' last (pt.darts' parse assumes it). 1-skip deletes both pools; 3-skip replaces each pool by a further
 * skip_connect, so three separate skip_connect ops (separate FactorizedReduce weights in reduction edges) sit on
 * every edge.
 */
export const DROPNAS_VARIANT_PRIMITIVES: Readonly<Record<DropNasVariant, readonly string[]>> = {
  'original': ['sep_conv_3x3', 'sep_conv_5x5', 'dil_conv_3x3', 'dil_conv_5x5', 'max_pool_3x3', 'avg_pool_3x3', 'skip_connect', 'none'],
  '1-skip': ['sep_conv_3x3', 'sep_conv_5x5', 'dil_conv_3x3', 'dil_conv_5x5', 'skip_connect', 'none'],
  '3-skip': ['sep_conv_3x3', 'sep_conv_5x5', 'dil_conv_3x3', 'dil_conv_5x5', 'skip_connect', 'skip_connect', 'skip_connect', 'none'],
};

export interface DropNasConfig extends DartsConfig {
  /** r: drop rate of the parameterised group (and of the parameter-free group unless `dropRateNonParam`). */
  dropRate: number;
  /** r_np of the README's (r_p, r_np) grid; `dropRate` when absent (the released code uses one r). */
  dropRateNonParam?: number;
  /** Epochs at the start with r = 0 (and, unless faithful, no α updates). */
  warmupEpochs: number;
  variant: DropNasVariant;
  /** Reproduce the reference where it deviates from the method (see the file comment). */
  faithful: boolean;
  /** 'raw': pt.darts' parse on raw α (DropNAS); 'softmax': the same rule on softmax(α) (quark0). */
  derive: 'raw' | 'softmax';
  /** Seed of the mask RNG; drawn from the torch generator (so from --seed) when absent. */
  maskSeed?: number;
}

/**
 * DropNAS config.py defaults (§3.8). `weightDecay` and `archWeightDecay` are the partial-decay coefficients of
 * the L2 loss; both optimisers themselves run with weight_decay 0.
 */
export const DROPNAS_DEFAULTS: Partial<DropNasConfig> = {
  lr: 0.0375,
  lrMin: 0.0015,
  momentum: 0.9,
  weightDecay: 3e-4,
  gradClip: 3,
  archLr: 3e-4,
  archBetas: [0.5, 0.999],
  archWeightDecay: 1e-3,
  unrolled: false,
  alphaInit: 'small-normal',
  dropRate: 3e-5,
  warmupEpochs: 0,
  variant: 'original',
  faithful: false,
  derive: 'raw',
};

/** Kept flags [edge][op] per cell type for one step. */
export interface DropMasks {
  normal: boolean[][];
  reduce: boolean[][];
}

/** Parameterised ops (the first DropNAS group): the separable and dilated convolutions. */
export function isParameterised(op: string): boolean {
  return /^(sep|dil)_conv_/.test(op);
}

/** Column indices of the two groups: [parameterised, parameter-free]. */
export function dropGroups(primitives: readonly string[]): [number[], number[]] {
  const p: number[] = [],
    np: number[] = [];
  primitives.forEach((op, k) => (isParameterised(op) ? p : np).push(k));
  return [p, np];
}

/** Per-op drop probability for a group of `size` ops at rate r: r^(1/size), or r^(1/4) as the released code. */
export function dropProbability(r: number, size: number, faithful = false): number {
  if (!(r >= 0 && r < 1)) throw new RangeError(`drop rate must be in [0, 1), got ${r}`);
  return r === 0 ? 0 : r ** (1 / (faithful ? 4 : size));
}

/**
 * Kept flags of one group: each op kept when U(0,1) > p (the reference's `random.random() > drop_prob`), the
 * whole draw repeated while no op is kept.
 */
export function sampleGroup(rng: Rng, size: number, p: number): boolean[] {
  if (p === 0) return new Array<boolean>(size).fill(true);
  for (;;) {
    const keep = Array.from({ length: size }, () => rng.random() > p);
    if (keep.some((k) => k)) return keep;
  }
}

/** Per-step tensors of one cell type's mask. */
export interface MaskTensors {
  /** true where the op is dropped, [edges, ops] (bool). */
  dropped: Tensor;
  /** [edges] bool: the edge has at least one dropped op. */
  anyDropped: Tensor;
  /** Op indices to run, per edge. */
  active: number[][];
}

export class DropNasSearch extends DartsSearch {
  override readonly name: string = 'dropnas';
  declare readonly config: DropNasConfig;
  /** Column indices of the parameterised and the parameter-free group. */
  readonly groups: readonly [readonly number[], readonly number[]];
  private readonly rng: Rng;

  constructor(config: Partial<DropNasConfig> = {}) {
    const full = { ...DROPNAS_DEFAULTS, ...config } as Partial<DropNasConfig> & { variant: DropNasVariant };
    if (!DROPNAS_VARIANTS.includes(full.variant))
      throw new Error(`dropnas: unknown search space variant '${String(full.variant)}' (${DROPNAS_VARIANTS.join(', ')})`);
    full.primitives ??= DROPNAS_VARIANT_PRIMITIVES[full.variant];
    if (full.unrolled) throw new Error('dropnas: one-level search, there is no second-order α gradient');
    if (full.primitives[full.primitives.length - 1] !== 'none') throw new Error("dropnas: pt.darts' derivation needs 'none' as the last primitive");
    super(full);
    Object.assign(this.config, full);
    this.groups = dropGroups(this.config.primitives!);
    if (this.groups.some((g) => g.length === 0)) throw new Error('dropnas: both drop groups need at least one op');
    // The L2 terms of the second phase are the only decay (the reference's optimisers have weight_decay=0).
    for (const g of this.weightOptimizer.paramGroups) g.weightDecay = 0;
    for (const g of this.archOptimizer.paramGroups) g.weightDecay = 0;
    const seed = this.config.maskSeed ?? noGrad(() => tidy(() => randint(0, 2 ** 31 - 1, [1]).item()));
    this.rng = new Rng(seed);
  }

  override get needsValidationBatch(): boolean {
    return false;
  }

  /** pt.darts/DropNAS step the cosine schedule at the start of the epoch: epoch e runs at T_cur = e + 1 (§2.3). */
  override startEpoch(epoch: number, totalEpochs: number): void {
    this.epoch = epoch;
    const lr = cosineLr(epoch + 1, totalEpochs, this.config.lr, this.config.lrMin);
    for (const g of this.weightOptimizer.paramGroups) g.lr = lr;
  }

  /** r_p, r_np of the current epoch: 0 during warm-up, then constant (no annealing in the released code). */
  dropRates(): [number, number] {
    if (this.epoch < this.config.warmupEpochs) return [0, 0];
    return [this.config.dropRate, this.config.dropRateNonParam ?? this.config.dropRate];
  }

  /** Per-op drop probabilities [parameterised, parameter-free] at the given rates. */
  dropProbabilities(rates: readonly [number, number] = this.dropRates()): [number, number] {
    return [
      dropProbability(rates[0], this.groups[0].length, this.config.faithful),
      dropProbability(rates[1], this.groups[1].length, this.config.faithful),
    ];
  }

  /** Draws the kept flags of every edge row of both cell types (normal first, then reduce; per edge p then np). */
  sampleMasks(rates: readonly [number, number] = this.dropRates()): DropMasks {
    const [pp, pnp] = this.dropProbabilities(rates);
    const k = this.config.primitives!.length;
    const rows = this.arch.forCell(0, false).shape[0]!;
    const cell = (): boolean[][] =>
      Array.from({ length: rows }, () => {
        const keep = new Array<boolean>(k).fill(false);
        sampleGroup(this.rng, this.groups[0].length, pp).forEach((f, i) => {
          keep[this.groups[0][i]!] = f;
        });
        sampleGroup(this.rng, this.groups[1].length, pnp).forEach((f, i) => {
          keep[this.groups[1][i]!] = f;
        });
        return keep;
      });
    return { normal: cell(), reduce: cell() };
  }

  /**
   * Softmax over the kept ops of each edge, 0 for dropped ops: w_o = exp(α_o) / Σ_{kept} exp(α_o'). Dropped
   * entries are replaced by −∞ before the softmax, so their α receives exactly zero gradient.
   */
  static maskedSoftmax(alpha: Tensor, dropped: Tensor): Tensor {
    // (where(), not maskedFill(): the ops table picks masked_fill's overload by the second argument, so a number
    // value is not passed as a Scalar.)
    return ops.where(dropped.logicalNot(), alpha, -Infinity).softmax(-1);
  }

  private maskTensors(keep: boolean[][]): MaskTensors {
    const device = this.config.device;
    return {
      dropped: tensor(
        keep.map((row) => row.map((f) => !f)),
        { dtype: 'bool', device },
      ),
      anyDropped: tensor(
        keep.map((row) => row.some((f) => !f)),
        { dtype: 'bool', device },
      ),
      active: keep.map((row) => row.flatMap((f, k) => (f ? [k] : []))),
    };
  }

  /** The training forward's architecture: kept-op softmax weights and the ops to run, by cell type. */
  maskedArchForward(masks: DropMasks, tensors?: { normal: MaskTensors; reduce: MaskTensors }): ArchForward {
    const byType = tensors ?? { normal: this.maskTensors(masks.normal), reduce: this.maskTensors(masks.reduce) };
    const cache = new Map<boolean, Tensor>();
    return {
      weights: (cell, reduction) => {
        let w = cache.get(reduction);
        if (!w)
          cache.set(
            reduction,
            (w = DropNasSearch.maskedSoftmax(this.arch.forCell(cell, reduction), byType[reduction ? 'reduce' : 'normal'].dropped)),
          );
        return w;
      },
      active: (_cell, reduction, edge) => byType[reduction ? 'reduce' : 'normal'].active[edge],
    };
  }

  override step(train: Batch, _val?: Batch): StepResult {
    return this.stepWithMasks(train, this.sampleMasks());
  }

  /** Phase A (task loss) without any optimiser step: zeroes gradients, back-propagates CE. Returns logits, loss. */
  taskBackward(train: Batch, masks: DropMasks, tensors?: { normal: MaskTensors; reduce: MaskTensors }): { logits: Tensor; loss: Tensor } {
    this.net.train();
    const setToNone = !this.config.faithful;
    this.weightOptimizer.zeroGrad(setToNone);
    this.archOptimizer.zeroGrad(setToNone);
    const logits = this.net.forward(train.x, this.maskedArchForward(masks, tensors));
    const loss = F.crossEntropy(logits, train.y);
    loss.backward();
    return { logits, loss };
  }

  /** One DropNAS step (§3.5) with the given masks: task step, partial-decay step, α-adjust. */
  stepWithMasks(train: Batch, masks: DropMasks): StepResult {
    const c = this.config;
    const warm = this.epoch < c.warmupEpochs;
    const named = [...this.arch.named] as [string, Tensor][];
    const params = this.net.parameters();
    const [loss, acc] = tidy(() => {
      const mt = { normal: this.maskTensors(masks.normal), reduce: this.maskTensors(masks.reduce) };
      const typeOf = (name: string): MaskTensors => (name === 'alphas_reduce' ? mt.reduce : mt.normal);
      const dropped = named.map(([n]) => typeOf(n).dropped);
      const anyDropped = named.map(([n]) => typeOf(n).anyDropped);
      // log(S_kept / S_dropped) before the update: the odds ratio/(1 − ratio) of §3.6.
      const oldLogOdds = noGrad(() => named.map(([, a], i) => keptLogOdds(a, dropped[i]!)));

      // Phase A: CE on the masked network, clip, SGD step, Adam step (not during warm-up).
      const { logits, loss: l1 } = this.taskBackward(train, masks, mt);
      clipGradNorm(params, c.gradClip);
      const alphaGradA = noGrad(() => named.map(([, a]) => a.grad?.clone() ?? ops.zerosLike(a)));
      const activeParams = this.activeParameters(params);
      this.weightOptimizer.step();
      if (!warm) this.archStepFrozen(named, dropped);

      // Phase B: partial decay. Gradients 2λw on the active weight tensors, 2λ_α·α on the active α entries.
      const alphaActive = named.map(([, a], i) => (c.faithful ? alphaGradA[i]!.abs().gt(1e-7) : dropped[i]!.logicalNot()).to({ dtype: a.dtype }));
      const l2 = this.decayGradients(activeParams, alphaActive);
      clipGradNorm(params, c.gradClip);
      this.weightOptimizer.step();
      if (!warm || c.faithful) this.archStepFrozen(named, dropped);

      noGrad(() => named.forEach(([, a], i) => alphaAdjust(a, dropped[i]!, anyDropped[i]!, oldLogOdds[i]!)));
      const total = noGrad(() => l1.detach().add(l2));
      return [total.item(), F.accuracy(logits.detach(), train.y, [1])[0]!] as const;
    });
    return { loss, accuracy: acc };
  }

  /**
   * Phase B's gradients, as back-propagating L2 = λ·Σ_active ‖w‖² + λ_α·Σ (α ⊙ active)² would give them: clears
   * all gradients (to none, or to zero in place when faithful), then sets 2λ·w on the `active` weight tensors and
   * 2λ_α·α ⊙ active on each α (`alphaActive` in the order of `arch.named`, 1 = active). Returns L2 (0-d).
   */
  decayGradients(active: readonly Tensor[], alphaActive: readonly Tensor[]): Tensor {
    const c = this.config;
    const setToNone = !c.faithful;
    this.weightOptimizer.zeroGrad(setToNone);
    this.archOptimizer.zeroGrad(setToNone);
    return noGrad(() => {
      let l2 = zeros([], { device: c.device });
      if (active.length > 0) {
        l2 = stack(ops.foreachNorm([...active], 2))
          .square()
          .sum()
          .mul(c.weightDecay);
        for (const p of active) p.grad = p.detach().mul(2 * c.weightDecay);
      }
      [...this.arch.named.values()].forEach((a, i) => {
        const masked = a.detach().mul(alphaActive[i]!);
        l2 = l2.add(masked.square().sum().mul(c.archWeightDecay));
        a.grad = masked.mul(2 * c.archWeightDecay);
      });
      return l2;
    });
  }

  /**
   * The weight tensors phase B decays. Fixed: every tensor with a gradient from phase A (gradients were cleared
   * to none, so these are exactly the executed ones). Faithful: gradient present and its first element ≠ 0.
   */
  activeParameters(params: readonly Tensor[]): Tensor[] {
    const withGrad = params.filter((p) => p.grad !== undefined);
    if (!this.config.faithful || withGrad.length === 0) return withGrad;
    const first = noGrad(() => tidy(() => stack(withGrad.map((p) => p.grad!.flatten().select(0, 0))).toArray() as number[]));
    return withGrad.filter((_, i) => first[i] !== 0);
  }

  /** Adam step on α; unless faithful, dropped entries keep their values (no update through Adam's moments). */
  private archStepFrozen(named: readonly [string, Tensor][], dropped: readonly Tensor[]): void {
    const before = this.config.faithful ? undefined : noGrad(() => named.map(([, a]) => a.detach().clone()));
    this.archOptimizer.step();
    if (before) noGrad(() => named.forEach(([, a], i) => a.copy_(ops.where(dropped[i]!, before[i]!, a.detach()))));
  }

  /** pt.darts' parse (k = 2, 'none' excluded) on raw α, or on softmax(α) with derive = 'softmax'. */
  override genotype(): SearchGenotype {
    if (this.config.derive === 'softmax') return this.deriveGenotype(this.archWeights());
    const raw: Record<string, number[][]> = {};
    noGrad(() => {
      for (const [name, alpha] of this.arch.named) raw[name] = alpha.toArray() as number[][];
    });
    return this.deriveGenotype(raw);
  }

  override stateDict(): PickleTree {
    const s = super.stateDict() as Map<string, PickleTree>;
    s.set('mask_rng', [...this.rng.getState()]);
    return s;
  }

  override loadStateDict(state: PickleTree): void {
    super.loadStateDict(state);
    const r = mapOf(state, 'search state').get('mask_rng');
    if (!Array.isArray(r)) throw new Error("checkpoint: the dropnas search state has no 'mask_rng'");
    this.rng.setState(r.map(Number));
  }
}

/** log Σ_kept exp(α) − log Σ_dropped exp(α) per edge (−∞ − −∞ = NaN on edges without drops; masked later). */
export function keptLogOdds(alpha: Tensor, dropped: Tensor): Tensor {
  const a = alpha.detach();
  return ops
    .where(dropped.logicalNot(), a, -Infinity)
    .logsumexp(-1)
    .sub(ops.where(dropped, a, -Infinity).logsumexp(-1));
}

/**
 * α-adjust (§3.6), in place: on every edge with a dropped op, k = ln(ratio/(1−ratio) · S_d/S_k) with the new α's
 * sums S_k (kept) and S_d (dropped) is added to the kept entries, restoring Σ_kept exp / Σ_all exp = ratio.
 */
export function alphaAdjust(alpha: Tensor, dropped: Tensor, anyDropped: Tensor, oldLogOdds: Tensor): void {
  noGrad(() =>
    tidy(() => {
      const k = ops.where(anyDropped, oldLogOdds.sub(keptLogOdds(alpha, dropped)), 0);
      alpha.add_(k.unsqueeze(1).mul(dropped.logicalNot().to({ dtype: alpha.dtype })));
    }),
  );
}
