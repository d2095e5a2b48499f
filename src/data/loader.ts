// DataLoader: seeded shuffling, batching and worker prefetch, yielding tensors. Everything random is a pure
// function of (seed, epoch, batch index): the epoch's order comes from Rng(seed, epoch) and each batch's
// augmentation from Rng(seed, epoch, batch). So the same seed gives the same batches with 0 or N workers, and
// { epoch, position } is the whole state a resumed run needs. In a data-parallel run every rank computes the same
// order and takes its shard of it (shard.ts), and the batch numbers that seed augmentation count across ranks
// (batch b of rank r is global batch b·worldSize + r), so no two ranks augment alike and worldSize 1 is unchanged.
import { type Tensor, tensor } from '../tensor/index.js';
import type { ImageDataset } from './dataset.js';
import { defaultTransforms } from './load.js';
import { BatchPool, defaultWorkerCount } from './pool.js';
import { mixSeed, Rng } from './rng.js';
import { checkShard, type LoaderShardOptions, type ShardOptions, shardIndices, shardSize } from './shard.js';
import { normalizePipeline, outputShape, type Transform } from './transforms.js';

/** One batch: images float32 [B, C, H, W], labels int64 [B], and which dataset samples they are. */
export interface Batch {
  x: Tensor;
  y: Tensor;
  /** Positions in the loader's own dataset (for a split half: within that half). */
  indices: Int32Array;
}

export interface BatchOptions {
  batchSize: number;
  /** Augmentation seed (and shuffle seed for DataLoader). Default 0. */
  seed?: number;
  /** Per-sample pipeline; default the dataset's evaluation pipeline (ToTensor → Normalize). */
  transforms?: readonly Transform[];
  /** Worker threads building batches; 0 builds them on the main thread. Default defaultWorkerCount(). */
  workers?: number;
  /** Batches built ahead; default 2 per worker (1 without workers). */
  prefetch?: number;
  /** Where x and y are placed, e.g. 'cuda'. Default 'cpu'. */
  device?: string;
}

export interface DataLoaderOptions extends BatchOptions {
  /** Reshuffle every epoch (default true). Off: dataset order. */
  shuffle?: boolean;
  /** Drop the last incomplete batch of this rank's shard (default false). */
  dropLast?: boolean;
  /** This process's share of every epoch in a data-parallel run (DistributedSampler); default all of it. */
  shard?: LoaderShardOptions;
}

export interface FreshBatchSamplerOptions extends BatchOptions {
  /** This process's share of every draw in a data-parallel run; batchSize is then the per-rank batch. */
  shard?: ShardOptions;
}

export interface LoaderState {
  /** Epochs completed. */
  epoch: number;
  /** Batches of the current epoch already handed out. */
  position: number;
}

// Salts that keep the different random streams of one seed apart.
const ORDER_SALT = 0x0d3e;
const AUGMENT_SALT = 0xa0c5;
const DRAW_SALT = 0xd7a3;

/** What DataLoader and FreshBatchSampler share: the pipeline, the worker pool and the tensor conversion. */
class BatchMaker {
  readonly dataset: ImageDataset;
  readonly batchSize: number;
  readonly seed: number;
  readonly transforms: readonly Transform[];
  /** [C, H, W] of one sample after the transforms. */
  readonly sampleShape: readonly [number, number, number];
  readonly workers: number;
  protected readonly prefetch: number;
  private readonly device: string | undefined;
  private readonly pool: BatchPool;

  constructor(dataset: ImageDataset, opts: BatchOptions, who: string) {
    if (!Number.isInteger(opts.batchSize) || opts.batchSize < 1)
      throw new Error(`${who}: batchSize must be a positive integer, got ${opts.batchSize}`);
    const seed = opts.seed ?? 0;
    if (!Number.isSafeInteger(seed)) throw new Error(`${who}: seed must be an integer, got ${seed}`);
    this.dataset = dataset;
    this.batchSize = opts.batchSize;
    this.seed = seed;
    this.transforms = normalizePipeline(opts.transforms ?? defaultTransforms(dataset, { train: false }));
    try {
      this.sampleShape = outputShape(this.transforms, dataset.channels, dataset.height, dataset.width);
    } catch (e) {
      throw new Error(`${who} over ${dataset.name} ${dataset.split}: ${(e as Error).message}`);
    }
    this.workers = opts.workers ?? defaultWorkerCount();
    const prefetch = opts.prefetch ?? (this.workers === 0 ? 1 : 2 * this.workers);
    if (!Number.isInteger(prefetch) || prefetch < 1) throw new Error(`${who}: prefetch must be a positive integer, got ${prefetch}`);
    this.prefetch = prefetch;
    this.device = opts.device === 'cpu' ? undefined : opts.device;
    this.pool = new BatchPool(dataset, [...this.transforms], [...this.sampleShape], this.workers);
  }

  /** Starts building the batch of these indices; the promise never goes unhandled if it is dropped. */
  protected startBatch(indices: Int32Array, seed: number): Promise<Float32Array> {
    const ds = this.dataset;
    const files = ds.kind === 'files' ? Array.from(indices, (k) => ds.files[k]!) : undefined;
    const p = this.pool.run({ indices, seed, ...(files ? { files } : {}) });
    p.catch(() => undefined);
    return p;
  }

  protected toBatch(x: Float32Array, indices: Int32Array): Batch {
    const [c, h, w] = this.sampleShape;
    const b = indices.length;
    const y = new BigInt64Array(b);
    for (let i = 0; i < b; i++) y[i] = BigInt(this.dataset.labels[indices[i]!]!);
    const opts = this.device ? { device: this.device } : {};
    return { x: tensor(x, { shape: [b, c, h, w], ...opts }), y: tensor(y, { shape: [b], ...opts }), indices };
  }

  /** Stops the workers. Idle workers never keep the process alive, but close() frees them at once. */
  close(): Promise<void> {
    return this.pool.close();
  }
}

/**
 * `for await (const { x, y } of loader)` runs the rest of the current epoch (all of it unless a loop broke off or
 * setState moved into it), then the state moves to the next epoch. The caller owns x and y (dispose them).
 */
export class DataLoader extends BatchMaker implements AsyncIterable<Batch> {
  readonly shuffle: boolean;
  readonly dropLast: boolean;
  readonly shard: Readonly<Required<LoaderShardOptions>>;
  /** Batches per epoch of this rank (the same on every rank unless shard.tail is 'uneven'). */
  readonly length: number;
  private epochNo = 0;
  private pos = 0;
  private iterating = false;
  private orderCache: { epoch: number; order: Int32Array } | undefined;
  private shardCache: { epoch: number; indices: Int32Array } | undefined;

  constructor(dataset: ImageDataset, opts: DataLoaderOptions) {
    super(dataset, opts, 'DataLoader');
    this.shuffle = opts.shuffle ?? true;
    this.dropLast = opts.dropLast ?? false;
    this.shard = checkShard(opts.shard, 'DataLoader');
    const samples = shardSize(dataset.length, this.shard);
    this.length = this.dropLast ? Math.floor(samples / this.batchSize) : Math.ceil(samples / this.batchSize);
  }

  get epoch(): number {
    return this.epochNo;
  }
  get position(): number {
    return this.pos;
  }

  getState(): LoaderState {
    return { epoch: this.epochNo, position: this.pos };
  }

  setState(state: LoaderState): void {
    if (this.iterating) throw new Error('DataLoader.setState: a loop over this loader is still running');
    const { epoch, position } = state;
    if (!Number.isInteger(epoch) || epoch < 0 || !Number.isInteger(position) || position < 0 || position > this.length)
      throw new Error(`DataLoader.setState: expected { epoch ≥ 0, position in [0, ${this.length}] }, got ${JSON.stringify(state)}`);
    this.epochNo = epoch;
    this.pos = position;
  }

  /** Sample order of an epoch, the same on every rank: a seeded permutation (or dataset order without shuffle). */
  epochOrder(epoch: number): Int32Array {
    if (this.orderCache?.epoch === epoch) return this.orderCache.order;
    const n = this.dataset.length;
    const order = this.shuffle ? new Rng(mixSeed(this.seed, epoch, ORDER_SALT)).permutation(n) : Int32Array.from({ length: n }, (_, i) => i);
    this.orderCache = { epoch, order };
    return order;
  }

  /** The samples of an epoch this rank takes, in order (the whole epoch order without a shard). */
  shardSamples(epoch: number): Int32Array {
    if (this.shard.worldSize === 1) return this.epochOrder(epoch);
    if (this.shardCache?.epoch === epoch) return this.shardCache.indices;
    const indices = shardIndices(this.epochOrder(epoch), this.shard);
    this.shardCache = { epoch, indices };
    return indices;
  }

  private batchIndices(epoch: number, b: number): Int32Array {
    const samples = this.shardSamples(epoch);
    return samples.slice(b * this.batchSize, Math.min((b + 1) * this.batchSize, samples.length));
  }

  [Symbol.asyncIterator](): AsyncIterator<Batch> {
    return this.iterate();
  }

  private async *iterate(): AsyncGenerator<Batch, void, undefined> {
    if (this.iterating) throw new Error('DataLoader: already being iterated; finish or break the other loop first');
    this.iterating = true;
    try {
      if (this.length > 0 && this.pos >= this.length) {
        this.epochNo++;
        this.pos = 0;
      }
      const epoch = this.epochNo;
      const queue: { b: number; indices: Int32Array; x: Promise<Float32Array> }[] = [];
      let next = this.pos;
      const fill = (): void => {
        while (queue.length < this.prefetch && next < this.length) {
          const indices = this.batchIndices(epoch, next);
          const globalBatch = next * this.shard.worldSize + this.shard.rank;
          queue.push({ b: next, indices, x: this.startBatch(indices, mixSeed(this.seed, epoch, globalBatch, AUGMENT_SALT)) });
          next++;
        }
      };
      fill();
      while (queue.length > 0) {
        const head = queue.shift()!;
        fill();
        const x = await head.x;
        const batch = this.toBatch(x, head.indices);
        this.pos = head.b + 1;
        if (this.pos === this.length) {
          this.epochNo = epoch + 1;
          this.pos = 0;
        }
        yield batch;
      }
    } finally {
      this.iterating = false;
    }
  }

  /** Endless batches across epochs (NoisyDARTS' cycling valid generator). */
  async *cycle(): AsyncGenerator<Batch, void, undefined> {
    if (this.length === 0) throw new Error(`DataLoader.cycle: ${this.dataset.name} ${this.dataset.split} gives no batches`);
    for (;;) yield* this.iterate();
  }
}

export interface SamplerState {
  /** Batches drawn so far. */
  step: number;
}

/**
 * DARTS' architecture batches (spec darts §3.2): every step takes "the first batch of a fresh shuffled iterator"
 * over the validation half, i.e. batchSize distinct random samples, drawn independently at each step (so the
 * same sample can come back at the next step). Draw k depends only on (seed, k); state is the step count.
 * With a shard, every rank makes the same draw of batchSize × worldSize samples and takes its strided part, so the
 * ranks together see what one process drawing the global batch would; augmentation counts draws across ranks
 * (rank r's draw k is global draw k·worldSize + r), as DataLoader's batches do.
 */
export class FreshBatchSampler extends BatchMaker {
  readonly shard: Readonly<ShardOptions>;
  private stepNo = 0;
  private queue: { step: number; indices: Int32Array; x: Promise<Float32Array> }[] = [];
  /** The next draw to start building (ahead of stepNo by the prefetched draws). */
  private next = 0;

  constructor(dataset: ImageDataset, opts: FreshBatchSamplerOptions) {
    super(dataset, opts, 'FreshBatchSampler');
    const { rank, worldSize } = checkShard(opts.shard, 'FreshBatchSampler');
    this.shard = { rank, worldSize };
    if (dataset.length === 0) throw new Error(`FreshBatchSampler: ${dataset.name} ${dataset.split} is empty`);
    if (dataset.length < worldSize)
      throw new Error(
        `FreshBatchSampler: ${dataset.name} ${dataset.split} has ${dataset.length} samples, fewer than shard.worldSize ${worldSize}; every rank needs one`,
      );
  }

  get step(): number {
    return this.stepNo;
  }

  getState(): SamplerState {
    return { step: this.stepNo };
  }

  setState(state: SamplerState): void {
    if (!Number.isInteger(state.step) || state.step < 0)
      throw new Error(`FreshBatchSampler.setState: expected { step ≥ 0 }, got ${JSON.stringify(state)}`);
    this.stepNo = state.step;
    this.queue = [];
    this.next = state.step;
  }

  /**
   * The sample indices of this rank's draw k: a partial Fisher–Yates shuffle, as the first batch of a shuffled
   * pass, of the global batch, of which the rank takes every worldSize-th from its rank on. A dataset smaller than
   * the global batch gives every rank ⌊n / worldSize⌋ samples: the ranks' batches stay equal, and the draw is still
   * a prefix of the unsharded one (a partial Fisher–Yates draw of m is the first m of a longer one).
   */
  drawIndices(k: number): Int32Array {
    const n = this.dataset.length;
    const { rank, worldSize } = this.shard;
    const m = Math.min(this.batchSize, Math.floor(n / worldSize)) * worldSize;
    const rng = new Rng(mixSeed(this.seed, k, DRAW_SALT));
    const a = new Int32Array(n);
    for (let i = 0; i < n; i++) a[i] = i;
    for (let i = 0; i < m; i++) {
      const j = i + rng.int(n - i);
      const t = a[i]!;
      a[i] = a[j]!;
      a[j] = t;
    }
    return Int32Array.from({ length: m / worldSize }, (_, j) => a[rank + j * worldSize]!);
  }

  private fill(): void {
    while (this.queue.length < this.prefetch) {
      const k = this.next++;
      const indices = this.drawIndices(k);
      const globalDraw = k * this.shard.worldSize + this.shard.rank;
      this.queue.push({ step: k, indices, x: this.startBatch(indices, mixSeed(this.seed, globalDraw, AUGMENT_SALT)) });
    }
  }

  async nextBatch(): Promise<Batch> {
    this.fill();
    const head = this.queue.shift()!;
    this.stepNo = head.step + 1;
    this.fill();
    return this.toBatch(await head.x, head.indices);
  }
}
