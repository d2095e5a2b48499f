// DARTS (spec §3): bilevel search over the softmax-relaxed cell, first order (∇α L_val) or second order (the
// virtual SGD step and the finite-difference Hessian-vector product of paper eq. 8). The class is the base of
// the other bilevel methods, which override the relaxation, the architecture loss, edge hooks or derivation.
import { fastPaths, functional as F } from '../../nn/index.js';
import { Adam, clipGradNorm, GradScaler, type SGD } from '../../optim/index.js';
import { autocast, autograd, noGrad, ops, stack, type Tensor, tidy } from '../../tensor/index.js';
import { deferredResult, type LazyStepResult } from './lazy-result.js';
import type { Relaxation } from './arch-weights.js';
import type { Batch, StepResult } from './method.js';
import { optimizerStateFrom, field, type PickleTree } from './state.js';
import { SEARCH_NETWORK_DEFAULTS, SupernetSearch, type SupernetSearchConfig } from './supernet-search.js';

export { cosineLr } from './supernet-search.js';

export interface DartsConfig extends SupernetSearchConfig {
  /** Second-order approximation (spec §3.4). */
  unrolled: boolean;
  /**
   * Mixed precision (first order): forwards and losses under autocast (bfloat16 on CPU, float16 on CUDA with a
   * GradScaler per optimiser). Off by default.
   */
  amp?: boolean;
}

/** quark0/darts train_search.py defaults (spec §3.5, §4). */
export const DARTS_DEFAULTS: DartsConfig = {
  ...SEARCH_NETWORK_DEFAULTS,
  lr: 0.025,
  lrMin: 0.001,
  momentum: 0.9,
  weightDecay: 3e-4,
  gradClip: 5,
  archLr: 3e-4,
  archBetas: [0.5, 0.999],
  archWeightDecay: 1e-3,
  unrolled: false,
  alphaInit: 'small-normal',
};

export class DartsSearch extends SupernetSearch {
  readonly name: string = 'darts';
  declare readonly config: DartsConfig;
  readonly archOptimizer: Adam;
  private inBilevelWeightStep = false;

  constructor(config: Partial<DartsConfig> = {}) {
    super({ ...DARTS_DEFAULTS, ...config });
    const c = this.config;
    this.archOptimizer = new Adam(this.arch.tensors(), { lr: c.archLr, betas: c.archBetas, weightDecay: c.archWeightDecay });
  }

  /** softmax over the ops of each edge (DARTS); FairDARTS overrides with a sigmoid. */
  protected get relaxation(): Relaxation {
    return 'softmax';
  }

  /** Loss of the architecture step (FairDARTS adds its zero-one term). */
  protected archLoss(logits: Tensor, y: Tensor): Tensor {
    return F.crossEntropy(logits, y);
  }

  /** Loss of the weight step. */
  protected weightLoss(logits: Tensor, y: Tensor): Tensor {
    return F.crossEntropy(logits, y);
  }

  step(train: Batch, val: Batch | undefined): StepResult {
    this.net.train();
    if (!val) throw new Error(`${this.name}: a bilevel search step needs a validation batch`);
    this.archStep(train, val);
    return this.bilevelWeightStep(() => this.weightStep(train));
  }

  /**
   * step() without reading the device: loss and accuracy stay on it until the result is read, so a caller that
   * reads a step's numbers only after queuing the next step never waits for the device to drain (the benchmark
   * worker does; the search runner calls step() and reads at once). A subclass that overrides step() or
   * weightStep() gets its own step's numbers, already read.
   */
  stepLazy(train: Batch, val: Batch | undefined): LazyStepResult {
    if (this.step !== DartsSearch.prototype.step || this.weightStep !== DartsSearch.prototype.weightStep) {
      const r = this.step(train, val);
      return { loss: () => r.loss, accuracy: () => r.accuracy, result: () => r, dispose: () => undefined };
    }
    this.net.train();
    if (!val) throw new Error(`${this.name}: a bilevel search step needs a validation batch`);
    this.archStep(train, val);
    return this.bilevelWeightStep(() => this.weightStepLazy(train));
  }

  /**
   * Runs the weight step of a bilevel step. Its α gradients are never used (the next architecture step clears them
   * before its own backward), so with fastPaths.targetedBackward the relaxed weights are detached from α there and
   * the backward computes no α (nor BN-weight) gradients.
   */
  protected bilevelWeightStep<R>(fn: () => R): R {
    const prev = [this.archDetached, this.inBilevelWeightStep] as const;
    this.archDetached = fastPaths.targetedBackward;
    this.inBilevelWeightStep = true;
    try {
      return fn();
    } finally {
      [this.archDetached, this.inBilevelWeightStep] = prev;
    }
  }

  protected archStep(train: Batch, val: Batch): void {
    this.archOptimizer.zeroGrad();
    if (this.config.unrolled) {
      if (this.config.amp) throw new Error(`${this.name}: --amp applies to the first-order search only`);
      this.unrolledArchGradients(train, val);
    } else {
      tidy(() => {
        const loss = this.withAmp(() => this.archLoss(this.logits(val.x), val.y));
        const scaled = this.scalers?.arch ? this.scalers.arch.scale(loss) : loss;
        // The weight gradients of this backward would be cleared before the weight step uses any: compute α's only.
        if (fastPaths.targetedBackward) scaled.backward(undefined, { inputs: this.arch.tensors() });
        else scaled.backward();
      });
    }
    this.optimizerStep(this.archOptimizer, this.scalers?.arch);
  }

  /** Runs fn under autocast when config.amp is set. */
  protected withAmp<T>(fn: () => T): T {
    return autocast(fn, { device: this.config.device, enabled: this.config.amp === true });
  }

  /** GradScalers of the two steps (float16 autocast on CUDA only). */
  private scalersCache: { arch: GradScaler; weight: GradScaler } | undefined;
  private get scalers(): { arch: GradScaler; weight: GradScaler } | undefined {
    if (!this.config.amp || !this.config.device.startsWith('cuda')) return undefined;
    return (this.scalersCache ??= { arch: new GradScaler(), weight: new GradScaler() });
  }

  private optimizerStep(optimizer: SGD | Adam, scaler: GradScaler | undefined): void {
    if (!scaler) {
      optimizer.step();
      return;
    }
    scaler.step(optimizer);
    scaler.update();
  }

  protected weightStep(train: Batch): StepResult {
    return this.weightStepLazy(train).result();
  }

  /** The weight step (spec §3.2), its loss and accuracy left on the device. */
  protected weightStepLazy(train: Batch): LazyStepResult {
    this.weightOptimizer.zeroGrad();
    const scaler = this.scalers?.weight;
    // With float16 loss scaling the α gradients of this backward would be scaled too: only the bilevel step (which
    // does not use them) is supported.
    if (scaler && !this.inBilevelWeightStep) throw new Error(`${this.name}: --amp on CUDA supports the bilevel (two-batch) step only`);
    const result = tidy(() => {
      const { logits, loss } = this.withAmp(() => {
        const l = this.logits(train.x);
        return { logits: l, loss: this.weightLoss(l, train.y) };
      });
      (scaler ? scaler.scale(loss) : loss).backward();
      if (scaler) scaler.unscale_(this.weightOptimizer);
      clipGradNorm(this.net.parameters(), this.config.gradClip);
      return deferredResult(loss, logits, train.y);
    });
    this.optimizerStep(this.weightOptimizer, scaler);
    return result;
  }

  /**
   * Second-order α gradient (spec §3.4): dα − η·(∇α L_train(w⁺) − ∇α L_train(w⁻)) / 2R, where dα and v are the
   * gradients of L_val at the virtual weights w' = w − η(μ·buf + ∇w L_train + λw) and w± = w ± R·v, R = 0.01/‖v‖.
   * The virtual model is the same module with w' swapped in; its BN running statistics are restored afterwards
   * (the reference evaluates a throw-away copy), while the Hessian passes update them as the reference does.
   */
  protected unrolledArchGradients(train: Batch, val: Batch): void {
    const params = this.net.parameters();
    const alphas = this.arch.tensors();
    const eta = this.learningRate();
    const { momentum, weightDecay } = this.config;
    // Each pass runs in its own scope, so its graph (and what the pruned parts of it saved) is gone before the next
    // forward; parameter-list updates are one multi-tensor op each rather than one op per tensor.
    const setParams = (base: readonly Tensor[], dir?: readonly Tensor[], scale = 0): void =>
      noGrad(() => {
        ops.foreachZero_(params);
        ops.foreachAdd_(params, base, 1);
        if (dir) ops.foreachAdd_(params, dir, scale);
      });
    tidy(() => {
      const gTrain = tidy(() => autograd.grad(this.archLoss(this.logits(train.x), train.y), params) as Tensor[]);
      // Every gradient of this step comes from autograd.grad, which the reducer does not see: each is averaged here.
      this.averageOverRanks(gTrain);
      const original = noGrad(() => ops.foreachAdd(params, 0));
      noGrad(() => {
        // w' = w − η·(μ·buf + g + λ·w), the SGD step of the weight optimiser without clipping (spec §3.4)
        const d = ops.foreachAdd(gTrain, params, weightDecay);
        const withBuf = params.flatMap((p, i) => (this.weightOptimizer.stateOf(p)?.momentumBuffer ? [i] : []));
        if (withBuf.length > 0)
          ops.foreachAdd_(
            withBuf.map((i) => d[i]!),
            withBuf.map((i) => this.weightOptimizer.stateOf(params[i]!)!.momentumBuffer!),
            momentum,
          );
        ops.foreachAdd_(params, d, -eta);
      });
      const gVal = this.keepingBatchNormStats(() =>
        tidy(() => autograd.grad(this.archLoss(this.logits(val.x), val.y), [...alphas, ...params]) as Tensor[]),
      );
      this.averageOverRanks(gVal);
      const dAlpha = gVal.slice(0, alphas.length);
      const v = gVal.slice(alphas.length);
      const vNorm = noGrad(() => stack(ops.foreachNorm(v, 2)).norm().item()); // ‖v‖₂ over all tensors, one read
      const r = 0.01 / vNorm;
      const gradAt = (sign: number): Tensor[] => {
        setParams(original, v, sign * r);
        const g = tidy(() => autograd.grad(this.archLoss(this.logits(train.x), train.y), alphas) as Tensor[]);
        this.averageOverRanks(g);
        return g;
      };
      const gPlus = gradAt(1);
      const gMinus = gradAt(-1);
      setParams(original);
      alphas.forEach((a, i) => {
        const hv = gPlus[i]!.sub(gMinus[i]!).div(2 * r);
        a.grad = dAlpha[i]!.sub(hv, eta).detach();
      });
    });
  }

  protected archOptimizerState(): [string, PickleTree][] {
    return [['arch_optimizer', this.archOptimizer.stateDict() as unknown as PickleTree]];
  }

  protected loadArchOptimizerState(state: PickleTree): void {
    this.archOptimizer.loadStateDict(optimizerStateFrom(field(state, 'arch_optimizer', 'search state'), 'arch_optimizer'));
  }

  override dispose(): void {
    this.scalersCache?.arch.dispose();
    this.scalersCache?.weight.dispose();
    this.archOptimizer.dispose();
    super.dispose();
  }
}
