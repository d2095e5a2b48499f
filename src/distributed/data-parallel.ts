// Data parallelism as torch.nn.parallel.DistributedDataParallel does it: the same weights on every rank (broadcast
// from rank 0 at the start), and gradients averaged over the ranks by the addon's GradReducer, bucket by bucket
// while the backward runs, so that `backward()` returns with the gradients of the global batch.
import type { Module } from '../nn/index.js';
import { native, type ReducerStats } from '../native.js';
import type { Tensor } from '../tensor/index.js';
import type { ProcessGroup } from './process-group.js';
import { getDefaultGroup } from './process-group.js';

export interface GradReducerOptions {
  /** Bucket size in MiB (DDP's bucket_cap_mb, default 25). */
  bucketCapMb?: number;
  /** The first bucket's size in MiB (default 1): the output side's gradients start travelling early in the backward. */
  firstBucketCapMb?: number;
  /**
   * Indices into the tensors where a group starts whose gradients never share a bucket with those before it: tensors
   * that some backwards reach without the others (a search's α) then travel alone, and their absence does not hold
   * back the others' buckets.
   */
  segmentStarts?: readonly number[];
}

export type { ReducerStats } from '../native.js';

const MiB = 1024 * 1024;

/**
 * Averages the gradients of `tensors` (leaves that require grad) over the group on every backward that reaches them.
 * Every rank must run the same graph, so that the same tensors get gradients in the same order; gradients assigned
 * by hand or computed with autograd.grad are not seen (average them with `group.allReduce(ts, 'avg')`).
 */
export class GradReducer {
  private readonly id: number;
  private on = true;

  constructor(
    readonly group: ProcessGroup,
    readonly tensors: readonly Tensor[],
    o: GradReducerOptions = {},
  ) {
    this.id = native.distReducerNew(
      group.handle,
      tensors.map((t) => t.handle),
      Math.round((o.bucketCapMb ?? 25) * MiB),
      Math.round((o.firstBucketCapMb ?? 1) * MiB),
      [...(o.segmentStarts ?? [])],
    );
  }

  /** Off: backwards leave the local gradients alone (DDP's no_sync), e.g. to accumulate before one reduced backward. */
  get enabled(): boolean {
    return this.on;
  }
  set enabled(on: boolean) {
    native.distReducerSetEnabled(this.id, on);
    this.on = on;
  }

  /** Throws when a tensor was replaced behind its handle (a Module.to after the reducer was made). */
  check(): void {
    native.distReducerCheck(this.id);
  }

  stats(): ReducerStats {
    return native.distReducerStats(this.id);
  }

  dispose(): void {
    native.distReducerRelease(this.id);
  }
}

export interface DistributedDataParallelOptions extends GradReducerOptions {
  processGroup?: ProcessGroup;
  /** Leaves trained alongside the module's parameters whose gradients are averaged too (a search's α). */
  extraParameters?: readonly Tensor[];
}

/**
 * torch.nn.parallel.DistributedDataParallel over a module already on its device and in its memory format: rank 0's
 * parameters, extra parameters and buffers are broadcast, and a GradReducer averages the gradients. BatchNorm
 * statistics stay per rank (as DDP); `syncBuffers` makes every rank hold rank 0's, e.g. before an evaluation or a
 * checkpoint, and `distributed.convertSyncBatchNorm` computes the batch statistics over all ranks instead.
 */
export class DistributedDataParallel<M extends Module = Module> {
  readonly processGroup: ProcessGroup;
  readonly reducer: GradReducer;
  private readonly trained: Tensor[];

  constructor(
    readonly module: M,
    o: DistributedDataParallelOptions = {},
  ) {
    this.processGroup = o.processGroup ?? getDefaultGroup();
    this.trained = [...(o.extraParameters ?? []), ...module.parameters()].filter((t) => t.requiresGrad);
    this.processGroup.broadcast([...this.trained, ...this.module.buffers()], 0);
    const extra = (o.extraParameters ?? []).filter((t) => t.requiresGrad).length;
    this.reducer = new GradReducer(this.processGroup, this.trained, { ...o, segmentStarts: extra > 0 ? [extra] : [] });
  }

  /** Every rank takes rank 0's buffers (BN running statistics and counters). */
  syncBuffers(): void {
    this.processGroup.broadcast(this.module.buffers(), 0);
  }

  /** Tensors the reducer averages, in its order. */
  get parameters(): readonly Tensor[] {
    return this.trained;
  }

  dispose(): void {
    this.reducer.dispose();
  }
}
