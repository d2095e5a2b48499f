// Learning-rate schedules, after torch.optim.lr_scheduler, computed in closed form from the epoch count (no
// drift from repeated multiplication; DARTS' cosine schedule is specified that way). Construction performs the
// initial step to epoch 0 (setting `initial_lr` in every group, as PyTorch does), then `step()` once per epoch.
import type { OptimizerLike } from './optimizer.js';

/** A scheduler's saved form: PyTorch's attribute names (`T_max`, `base_lrs`, `last_epoch`, `_last_lr`, ...). */
export type SchedulerStateDict = Record<string, number | boolean | number[] | SchedulerStateDictNested | SchedulerStateDictNested[]>;
/** A wrapped scheduler's state inside its wrapper's (a chain's: a list of them). */
export interface SchedulerStateDictNested {
  [key: string]: number | boolean | number[] | SchedulerStateDictNested | SchedulerStateDictNested[];
}

export abstract class LRScheduler {
  readonly optimizer: OptimizerLike;
  /** The lr of each group at epoch 0 (its `initial_lr`). */
  baseLrs: number[];
  /** The epoch of the last step (0 after construction). */
  lastEpoch: number;
  protected lastLr: number[] = [];
  protected stepCount = 0;

  /**
   * `lastEpoch` -1 starts fresh; a larger value resumes, and then every group must already carry `initialLr`.
   * Subclasses finish their own fields and then call `this.initialStep()`.
   */
  protected constructor(optimizer: OptimizerLike, lastEpoch = -1) {
    this.optimizer = optimizer;
    const groups = optimizer.paramGroups;
    if (lastEpoch === -1) {
      for (const g of groups) if (g.initialLr === undefined) (g as { initialLr?: number }).initialLr = g.lr;
    } else {
      groups.forEach((g, i) => {
        if (g.initialLr === undefined)
          throw new Error(`${this.constructor.name}: param 'initial_lr' is not specified in param_groups[${i}] when resuming an optimizer`);
      });
    }
    this.baseLrs = groups.map((g) => g.initialLr!);
    this.lastEpoch = lastEpoch;
  }

  /** The lr of every group at `epoch`, in closed form. */
  abstract lrAt(epoch: number): number[];

  /** Scheduler-specific hyperparameters under PyTorch's names (for stateDict). */
  protected abstract hyper(): Record<string, number>;
  /** Restores what hyper() saved. */
  protected abstract setHyper(sd: SchedulerStateDict): void;

  protected initialStep(): void {
    this.step();
  }

  /** Advances one epoch (or jumps to `epoch`) and writes the new lr into every group. */
  step(epoch?: number): void {
    this.stepCount += 1;
    this.lastEpoch = epoch ?? this.lastEpoch + 1;
    const lrs = this.lrAt(this.lastEpoch);
    const groups = this.optimizer.paramGroups;
    if (lrs.length !== groups.length)
      throw new Error(`${this.constructor.name}: the optimizer has ${groups.length} groups but the scheduler knows ${lrs.length}`);
    groups.forEach((g, i) => {
      (g as { lr: number }).lr = lrs[i]!;
    });
    this.lastLr = lrs;
  }

  /** The lr of each group as last set by this scheduler (PyTorch's get_last_lr()). */
  getLastLr(): number[] {
    return [...this.lastLr];
  }

  /** PyTorch's scheduler state_dict: its hyperparameters, base_lrs, last_epoch, verbose, _step_count, _last_lr. */
  stateDict(): SchedulerStateDict {
    return {
      ...this.hyper(),
      base_lrs: [...this.baseLrs],
      last_epoch: this.lastEpoch,
      verbose: false,
      _step_count: this.stepCount,
      _get_lr_called_within_step: false,
      _last_lr: [...this.lastLr],
    };
  }

  /** Restores a stateDict() (from tsnas or PyTorch); does not touch the optimizer's lr (as PyTorch). */
  loadStateDict(sd: SchedulerStateDict): void {
    const nums = (k: string): number[] => {
      const v = sd[k];
      if (!Array.isArray(v)) throw new Error(`${this.constructor.name}: state dict has no '${k}' list`);
      return v.map(Number);
    };
    const num = (k: string): number => {
      const v = sd[k];
      if (typeof v !== 'number') throw new Error(`${this.constructor.name}: state dict has no number '${k}'`);
      return v;
    };
    this.setHyper(sd);
    this.baseLrs = nums('base_lrs');
    this.lastEpoch = num('last_epoch');
    if (typeof sd._step_count === 'number') this.stepCount = sd._step_count;
    this.lastLr = Array.isArray(sd._last_lr) ? sd._last_lr.map(Number) : this.lrAt(this.lastEpoch);
  }

  protected static num(sd: SchedulerStateDict, k: string, owner: string): number {
    const v = sd[k];
    if (typeof v !== 'number') throw new Error(`${owner}: state dict has no number '${k}'`);
    return v;
  }
}

/**
 * Cosine annealing from each group's initial lr to `etaMin` over `tMax` epochs, closed form:
 * lr(e) = etaMin + (lr0 - etaMin) (1 + cos(pi e / tMax)) / 2.
 */
export class CosineAnnealingLR extends LRScheduler {
  tMax: number;
  etaMin: number;
  constructor(optimizer: OptimizerLike, tMax: number, etaMin = 0, lastEpoch = -1) {
    super(optimizer, lastEpoch);
    if (!(tMax > 0)) throw new Error(`CosineAnnealingLR: tMax must be positive, got ${tMax}`);
    this.tMax = tMax;
    this.etaMin = etaMin;
    this.initialStep();
  }
  lrAt(epoch: number): number[] {
    return this.baseLrs.map((b) => this.etaMin + ((b - this.etaMin) * (1 + Math.cos((Math.PI * epoch) / this.tMax))) / 2);
  }
  protected override hyper(): Record<string, number> {
    return { T_max: this.tMax, eta_min: this.etaMin };
  }
  protected override setHyper(sd: SchedulerStateDict): void {
    this.tMax = LRScheduler.num(sd, 'T_max', 'CosineAnnealingLR');
    this.etaMin = LRScheduler.num(sd, 'eta_min', 'CosineAnnealingLR');
  }
}

/** Decays each group's lr by `gamma` every `stepSize` epochs: lr(e) = lr0 * gamma^floor(e / stepSize). */
export class StepLR extends LRScheduler {
  stepSize: number;
  gamma: number;
  constructor(optimizer: OptimizerLike, stepSize: number, gamma = 0.1, lastEpoch = -1) {
    super(optimizer, lastEpoch);
    if (!(Number.isInteger(stepSize) && stepSize > 0)) throw new Error(`StepLR: stepSize must be a positive integer, got ${stepSize}`);
    this.stepSize = stepSize;
    this.gamma = gamma;
    this.initialStep();
  }
  lrAt(epoch: number): number[] {
    return this.baseLrs.map((b) => b * this.gamma ** Math.floor(epoch / this.stepSize));
  }
  protected override hyper(): Record<string, number> {
    return { step_size: this.stepSize, gamma: this.gamma };
  }
  protected override setHyper(sd: SchedulerStateDict): void {
    this.stepSize = LRScheduler.num(sd, 'step_size', 'StepLR');
    this.gamma = LRScheduler.num(sd, 'gamma', 'StepLR');
  }
}

export interface LinearWarmupOptions {
  /** Epochs (or steps) of warmup. */
  warmupEpochs: number;
  /** Fraction of the lr at epoch 0 (default 1 / (warmupEpochs + 1), so the first step is not wasted at lr 0). */
  startFactor?: number;
  /** The schedule after warmup, run on epochs counted from the end of warmup (default: constant lr). */
  after?: LRScheduler;
}

/**
 * Linear warmup from `startFactor * lr0` to `lr0` over `warmupEpochs`, then `after` (shifted by the warmup):
 * lr(e) = lr0 (s + (1 - s) e / W) for e < W, else after.lrAt(e - W) (lr0 without `after`).
 */
export class LinearWarmup extends LRScheduler {
  warmupEpochs: number;
  startFactor: number;
  readonly after: LRScheduler | null;
  constructor(optimizer: OptimizerLike, o: LinearWarmupOptions, lastEpoch = -1) {
    super(optimizer, lastEpoch);
    if (!(Number.isInteger(o.warmupEpochs) && o.warmupEpochs >= 0))
      throw new Error(`LinearWarmup: warmupEpochs must be a non-negative integer, got ${o.warmupEpochs}`);
    this.warmupEpochs = o.warmupEpochs;
    this.startFactor = o.startFactor ?? 1 / (o.warmupEpochs + 1);
    if (!(this.startFactor > 0 && this.startFactor <= 1)) throw new Error(`LinearWarmup: startFactor must be in (0, 1], got ${this.startFactor}`);
    this.after = o.after ?? null;
    if (this.after && this.after.optimizer !== optimizer) throw new Error('LinearWarmup: `after` must schedule the same optimizer');
    this.initialStep();
  }
  lrAt(epoch: number): number[] {
    const w = this.warmupEpochs;
    if (epoch < w) return this.baseLrs.map((b) => b * (this.startFactor + ((1 - this.startFactor) * epoch) / w));
    return this.after ? this.after.lrAt(epoch - w) : [...this.baseLrs];
  }
  override step(epoch?: number): void {
    super.step(epoch);
    if (this.after) {
      // keep the wrapped scheduler's own counters coherent (its lastEpoch is the post-warmup epoch)
      const inner = this.after as unknown as { lastEpoch: number; lastLr: number[] };
      inner.lastEpoch = Math.max(this.lastEpoch - this.warmupEpochs, 0);
      inner.lastLr = this.getLastLr();
    }
  }
  protected override hyper(): Record<string, number> {
    return { warmup_epochs: this.warmupEpochs, start_factor: this.startFactor };
  }
  protected override setHyper(sd: SchedulerStateDict): void {
    this.warmupEpochs = LRScheduler.num(sd, 'warmup_epochs', 'LinearWarmup');
    this.startFactor = LRScheduler.num(sd, 'start_factor', 'LinearWarmup');
    const a = sd.after;
    if (this.after && a && typeof a === 'object' && !Array.isArray(a)) this.after.loadStateDict(a as SchedulerStateDict);
  }
  override stateDict(): SchedulerStateDict {
    const sd = super.stateDict();
    if (this.after) sd.after = this.after.stateDict() as SchedulerStateDictNested;
    return sd;
  }
}

/**
 * PyTorch's LinearLR: multiplies each group's lr by a factor that moves linearly from `startFactor` to `endFactor`
 * over `totalIters` epochs and stays at `endFactor` after: lr(e) = lr0 (s + (t - s) min(e, T) / T).
 */
export class LinearLR extends LRScheduler {
  startFactor: number;
  endFactor: number;
  totalIters: number;
  constructor(optimizer: OptimizerLike, startFactor = 1 / 3, endFactor = 1, totalIters = 5, lastEpoch = -1) {
    super(optimizer, lastEpoch);
    if (!(startFactor > 0 && startFactor <= 1)) throw new Error(`LinearLR: startFactor must be in (0, 1], got ${startFactor}`);
    if (!(endFactor >= 0 && endFactor <= 1)) throw new Error(`LinearLR: endFactor must be in [0, 1], got ${endFactor}`);
    if (!(Number.isInteger(totalIters) && totalIters > 0)) throw new Error(`LinearLR: totalIters must be a positive integer, got ${totalIters}`);
    this.startFactor = startFactor;
    this.endFactor = endFactor;
    this.totalIters = totalIters;
    this.initialStep();
  }
  /** The factor at `epoch` (what multiplies lr0). */
  factorAt(epoch: number): number {
    return this.startFactor + ((this.endFactor - this.startFactor) * Math.min(epoch, this.totalIters)) / this.totalIters;
  }
  lrAt(epoch: number): number[] {
    const f = this.factorAt(epoch);
    return this.baseLrs.map((b) => b * f);
  }
  protected override hyper(): Record<string, number> {
    return { start_factor: this.startFactor, end_factor: this.endFactor, total_iters: this.totalIters };
  }
  protected override setHyper(sd: SchedulerStateDict): void {
    this.startFactor = LRScheduler.num(sd, 'start_factor', 'LinearLR');
    this.endFactor = LRScheduler.num(sd, 'end_factor', 'LinearLR');
    this.totalIters = LRScheduler.num(sd, 'total_iters', 'LinearLR');
  }
}

/**
 * The linear decay of P-DARTS' (and EvNAS') train_imagenet.py `adjust_lr`, which PyTorch has no class for: a line
 * from lr0 that would reach 0 at epoch E - t, except that the last t epochs take a slope t times smaller so that they
 * still train (E = `totalEpochs`, t = `tailEpochs`, 5 there):
 * lr(e) = lr0 (E - t - e) / (E - t) while E - e > t, else lr0 (E - e) / ((E - t) t).
 */
export class LinearDecayLR extends LRScheduler {
  totalEpochs: number;
  tailEpochs: number;
  constructor(optimizer: OptimizerLike, totalEpochs: number, tailEpochs = 5, lastEpoch = -1) {
    super(optimizer, lastEpoch);
    if (!(Number.isInteger(tailEpochs) && tailEpochs > 0)) throw new Error(`LinearDecayLR: tailEpochs must be a positive integer, got ${tailEpochs}`);
    if (!(Number.isInteger(totalEpochs) && totalEpochs > tailEpochs))
      throw new Error(`LinearDecayLR: totalEpochs must be an integer above tailEpochs (${tailEpochs}), got ${totalEpochs}`);
    this.totalEpochs = totalEpochs;
    this.tailEpochs = tailEpochs;
    this.initialStep();
  }
  lrAt(epoch: number): number[] {
    const [E, t] = [this.totalEpochs, this.tailEpochs];
    const f = E - epoch > t ? (E - t - epoch) / (E - t) : (E - epoch) / ((E - t) * t);
    return this.baseLrs.map((b) => b * f);
  }
  protected override hyper(): Record<string, number> {
    return { total_epochs: this.totalEpochs, tail_epochs: this.tailEpochs };
  }
  protected override setHyper(sd: SchedulerStateDict): void {
    this.totalEpochs = LRScheduler.num(sd, 'total_epochs', 'LinearDecayLR');
    this.tailEpochs = LRScheduler.num(sd, 'tail_epochs', 'LinearDecayLR');
  }
}

/**
 * PyTorch's ChainedScheduler: several schedulers of one optimizer applied together, each as a factor on lr0. In
 * closed form, lr(e) = lr0 Π_i (lr_i(e) / lr0), so a LinearLR warm-up chained with any schedule scales that
 * schedule's lr during the warm-up epochs (as P-DARTS' train_imagenet.py does: lr(e) (e + 1) / 5 for e < 5).
 */
export class ChainedScheduler extends LRScheduler {
  readonly schedulers: readonly LRScheduler[];
  constructor(schedulers: readonly LRScheduler[]) {
    const first = schedulers[0];
    if (!first) throw new Error('ChainedScheduler: give at least one scheduler');
    if (schedulers.some((s) => s.optimizer !== first.optimizer))
      throw new Error('ChainedScheduler: every scheduler must schedule the same optimizer');
    super(first.optimizer);
    this.schedulers = [...schedulers];
    this.initialStep();
  }
  lrAt(epoch: number): number[] {
    return this.baseLrs.map((b, g) =>
      this.schedulers.reduce((lr, s) => {
        const base = s.baseLrs[g]!;
        return base === 0 ? 0 : (lr * s.lrAt(epoch)[g]!) / base;
      }, b),
    );
  }
  override step(epoch?: number): void {
    super.step(epoch);
    // each scheduler's own counters follow the chain's epoch (what they would show stepped one by one)
    for (const s of this.schedulers as unknown as { lastEpoch: number; lastLr: number[]; lrAt(e: number): number[] }[]) {
      s.lastEpoch = this.lastEpoch;
      s.lastLr = s.lrAt(this.lastEpoch);
    }
  }
  protected override hyper(): Record<string, number> {
    return {};
  }
  protected override setHyper(sd: SchedulerStateDict): void {
    const saved = sd._schedulers;
    if (!Array.isArray(saved) || saved.length !== this.schedulers.length)
      throw new Error(`ChainedScheduler: state dict has no '_schedulers' list of ${this.schedulers.length}`);
    saved.forEach((s, i) => this.schedulers[i]!.loadStateDict(s as SchedulerStateDict));
  }
  override stateDict(): SchedulerStateDict {
    const sd = super.stateDict();
    sd._schedulers = this.schedulers.map((s) => s.stateDict() as SchedulerStateDictNested);
    return sd;
  }
}
