import { cat, noGrad, ones, ops, scalar, type Tensor, zeros } from '../tensor/index.js';
import { Module } from './module.js';

export interface BatchNormOptions {
  eps?: number;
  /** Running-average momentum; null = cumulative average (1 / num_batches_tracked), as PyTorch. */
  momentum?: number | null;
  affine?: boolean;
  trackRunningStats?: boolean;
}

let pendingCounters: Tensor[] | null = null;

/**
 * Runs fn (a network's forward) with the `num_batches_tracked` increments of its BatchNorms (fixed momentum only)
 * collected and applied at the end as one multi-tensor add, instead of one op per BN call. Nothing reads the counters
 * during a forward, and they hold the same values afterwards (also when fn throws). Nests; fn must be synchronous.
 */
export function batchNormCounters<T>(fn: () => T): T {
  if (pendingCounters) return fn();
  const mine: Tensor[] = [];
  pendingCounters = mine;
  try {
    return fn();
  } finally {
    pendingCounters = null;
    if (mine.length > 0) noGrad(() => ops.foreachAdd_(mine, 1));
  }
}

function countBatch(bn: BatchNorm2d): number {
  let momentum = bn.momentum ?? 0;
  if (bn.training && bn.trackRunningStats && bn.numBatchesTracked) {
    const nbt = bn.numBatchesTracked;
    if (bn.momentum !== null && pendingCounters) pendingCounters.push(nbt);
    else {
      noGrad(() => nbt.add_(1));
      if (bn.momentum === null) momentum = 1 / nbt.item();
    }
  }
  return momentum;
}

/**
 * Sums a tensor over the processes of a data-parallel group, with a backward that sums the gradients back over them
 * (torch.distributed.nn.functional.all_reduce). Set on a BatchNorm2d by distributed.convertSyncBatchNorm.
 */
export type CrossProcessSum = (t: Tensor) => Tensor;

/** torch.nn.BatchNorm2d with PyTorch's buffers: running_mean, running_var, num_batches_tracked (int64). */
export class BatchNorm2d extends Module {
  /** Set: training-mode statistics over the batches of every process (torch.nn.SyncBatchNorm). */
  crossProcessSum: CrossProcessSum | undefined;

  readonly eps: number;
  readonly momentum: number | null;
  readonly affine: boolean;
  readonly trackRunningStats: boolean;
  readonly weight: Tensor | null;
  readonly bias: Tensor | null;
  readonly runningMean: Tensor | null;
  readonly runningVar: Tensor | null;
  readonly numBatchesTracked: Tensor | null;

  constructor(
    readonly numFeatures: number,
    o: BatchNormOptions = {},
  ) {
    super();
    this.eps = o.eps ?? 1e-5;
    this.momentum = o.momentum === undefined ? 0.1 : o.momentum;
    this.affine = o.affine ?? true;
    this.trackRunningStats = o.trackRunningStats ?? true;
    this.weight = this.registerParameter('weight', this.affine ? ones([numFeatures]) : null);
    this.bias = this.registerParameter('bias', this.affine ? zeros([numFeatures]) : null);
    this.runningMean = this.registerBuffer('running_mean', this.trackRunningStats ? zeros([numFeatures]) : null);
    this.runningVar = this.registerBuffer('running_var', this.trackRunningStats ? ones([numFeatures]) : null);
    this.numBatchesTracked = this.registerBuffer('num_batches_tracked', this.trackRunningStats ? scalar(0, { dtype: 'int64' }) : null);
  }

  forward(x: Tensor): Tensor {
    if (x.ndim !== 4) throw new Error(`BatchNorm2d: expected a 4-d input [N, C, H, W], got [${x.shape.join(', ')}]`);
    const momentum = countBatch(this);
    if (this.crossProcessSum && this.training) return this.syncForward(x, this.weight, this.bias, momentum, this.crossProcessSum);
    const useBatchStats = this.training || !this.trackRunningStats;
    return ops.batchNorm(
      x,
      this.weight,
      this.bias,
      !this.training || this.trackRunningStats ? this.runningMean : null,
      !this.training || this.trackRunningStats ? this.runningVar : null,
      useBatchStats,
      momentum,
      this.eps,
      true,
    );
  }

  /**
   * BN(x)·scale for a non-affine BN and a 0-d (or [C]) `scale`, computed as one batch_norm whose weight is the scale
   * broadcast over the channels: the same numbers as `forward(x).mul(scale)` (running statistics update alike),
   * without the separate multiply, and autograd keeps no copy of the BN output for the scale's gradient.
   */
  forwardScaled(x: Tensor, scale: Tensor): Tensor {
    if (this.affine) throw new Error('BatchNorm2d.forwardScaled: only for a BN without affine parameters');
    // batch_norm's CPU kernel indexes the weight as a dense [C] array: materialise the broadcast (C numbers).
    let w = scale;
    if (scale.ndim === 0) {
      const e = scale.expand([this.numFeatures]);
      w = e.contiguous();
      e.dispose();
    }
    const y = this.forwardWithWeight(x, w);
    if (w !== scale) w.dispose();
    return y;
  }

  /**
   * forwardScaled with the scale already a dense [C] vector (a MixedOp prepares one per op and cell in a single op):
   * no shape checks, no extra ops. Non-affine BNs only.
   */
  forwardWithWeight(x: Tensor, weight: Tensor): Tensor {
    const momentum = countBatch(this);
    if (this.crossProcessSum && this.training) return this.syncForward(x, weight, null, momentum, this.crossProcessSum);
    const useBatchStats = this.training || !this.trackRunningStats;
    return ops.batchNorm(
      x,
      weight,
      null,
      !this.training || this.trackRunningStats ? this.runningMean : null,
      !this.training || this.trackRunningStats ? this.runningVar : null,
      useBatchStats,
      momentum,
      this.eps,
      true,
    );
  }

  /**
   * Training-mode BN with the mean and biased variance of the batches of all processes: per-channel Σx, Σx² and the
   * count summed over them in one all-reduce whose backward sums the gradients back, so that with gradients averaged
   * over the processes every weight gets the gradient of one BN over the joined batch. The running variance is the
   * unbiased one, over the joined count, as PyTorch's SyncBatchNorm keeps it.
   */
  private syncForward(x: Tensor, weight: Tensor | null, bias: Tensor | null, momentum: number, sum: CrossProcessSum): Tensor {
    const c = this.numFeatures;
    const [n, , h, w] = x.shape as [number, number, number, number];
    const local = cat([x.sum([0, 2, 3]), x.square().sum([0, 2, 3]), scalar(n * h * w, { dtype: x.dtype, device: x.device }).view([1])]);
    const total = sum(local);
    const count = total.narrow(0, 2 * c, 1);
    const mean = total.narrow(0, 0, c).div(count);
    const variance = total.narrow(0, c, c).div(count).sub(mean.square());
    if (this.trackRunningStats && this.runningMean && this.runningVar)
      noGrad(() => {
        const unbiased = variance.mul(count).div(count.sub(1));
        this.runningMean!.mul_(1 - momentum).add_(mean, momentum);
        this.runningVar!.mul_(1 - momentum).add_(unbiased, momentum);
      });
    const shape = [1, c, 1, 1];
    let y = x.sub(mean.view(shape)).mul(variance.add(this.eps).rsqrt().view(shape));
    if (weight) y = y.mul(weight.view(shape));
    if (bias) y = y.add(bias.view(shape));
    return y;
  }

  protected override extraRepr(): string {
    return (
      `${this.numFeatures}, eps=${this.eps}, momentum=${this.momentum}, affine=${this.affine ? 'True' : 'False'}, ` +
      `track_running_stats=${this.trackRunningStats ? 'True' : 'False'}`
    );
  }
}
