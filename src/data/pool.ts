// The batch workers: a pool of worker_threads that build batches while the main thread trains. With 0 workers
// batches are built in-thread (same code, same results). Idle workers are unref'd so a finished program exits
// even if nobody called close(); a worker that dies rejects its pending batches with its error instead of hanging.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { type BatchJob, type BatchSource, buildBatch } from './batch.js';
import type { ImageDataset } from './dataset.js';
import type { Transform } from './transforms.js';
import type { WorkerInit, WorkerReply, WorkerRequest } from './worker.js';

/** Default worker count: one fewer than the cores (the main thread trains), at most 4: 1 on a 2-core machine. */
export function defaultWorkerCount(): number {
  return Math.max(0, Math.min(4, availableParallelism() - 1));
}

interface Pending {
  resolve: (x: Float32Array) => void;
  reject: (e: Error) => void;
}
interface Slot {
  worker: Worker;
  pending: Map<number, Pending>;
  dead: Error | undefined;
}

// The parent's node flags are not inherited: some (--input-type, --eval, test-runner flags) make a worker fail to
// start, and the worker is plain compiled JS that needs none of them.
const WORKER_EXEC_ARGV = process.execArgv.filter((a) => a === '--enable-source-maps' || a === '--no-warnings');

// Loaders over the same images (e.g. both DARTS halves) share one SharedArrayBuffer copy of user-made data.
const sharedCopies = new WeakMap<Uint8Array, Uint8Array>();

function sourceOf(ds: ImageDataset): BatchSource {
  if (ds.kind === 'files') return { kind: 'files', channels: ds.channels };
  let images = ds.images;
  if (!(images.buffer instanceof SharedArrayBuffer)) {
    let copy = sharedCopies.get(images);
    if (copy === undefined) {
      copy = new Uint8Array(new SharedArrayBuffer(images.byteLength));
      copy.set(images);
      sharedCopies.set(images, copy);
    }
    images = copy;
  }
  return { kind: 'memory', images, height: ds.height, width: ds.width, channels: ds.channels };
}

export class BatchPool {
  private readonly source: BatchSource;
  private slots: Slot[] | undefined;
  private nextId = 0;
  private closed = false;

  constructor(
    ds: ImageDataset,
    private readonly transforms: Transform[],
    private readonly sampleShape: [number, number, number],
    readonly workers: number,
  ) {
    if (!Number.isInteger(workers) || workers < 0) throw new Error(`DataLoader: workers must be a non-negative integer, got ${workers}`);
    this.source = sourceOf(ds);
  }

  /** Builds one batch, in a worker when the pool has any. */
  run(job: BatchJob): Promise<Float32Array> {
    if (this.closed) return Promise.reject(new Error('DataLoader: used after close()'));
    if (this.workers === 0) return buildBatch(this.source, this.transforms, this.sampleShape, job);
    const slots = this.start();
    const live = slots.filter((s) => s.dead === undefined);
    if (live.length === 0) return Promise.reject(slots[0]!.dead!);
    // Least busy worker; ties go to the lowest index.
    const slot = live.reduce((a, b) => (b.pending.size < a.pending.size ? b : a));
    const id = this.nextId++;
    return new Promise<Float32Array>((resolve, reject) => {
      slot.pending.set(id, { resolve, reject });
      if (slot.pending.size === 1) slot.worker.ref();
      const req: WorkerRequest = { id, indices: job.indices, seed: job.seed, ...(job.files ? { files: job.files } : {}) };
      slot.worker.postMessage(req);
    });
  }

  private start(): Slot[] {
    if (this.slots) return this.slots;
    const init: WorkerInit = { source: this.source, transforms: this.transforms, sampleShape: this.sampleShape };
    this.slots = Array.from({ length: this.workers }, () => {
      const worker = new Worker(new URL('./worker.js', import.meta.url), { workerData: init, execArgv: WORKER_EXEC_ARGV });
      const slot: Slot = { worker, pending: new Map(), dead: undefined };
      worker.unref();
      worker.on('message', (msg: WorkerReply) => {
        const p = slot.pending.get(msg.id);
        if (p === undefined) return;
        slot.pending.delete(msg.id);
        if (slot.pending.size === 0) worker.unref();
        if ('error' in msg) p.reject(new Error(msg.error));
        else p.resolve(msg.x);
      });
      const fail = (e: Error): void => {
        slot.dead ??= e;
        for (const p of slot.pending.values()) p.reject(slot.dead);
        slot.pending.clear();
        worker.unref();
      };
      worker.on('error', (e) => fail(new Error(`DataLoader worker failed: ${e.message}`)));
      worker.on('exit', (code) => {
        if (!this.closed) fail(new Error(`DataLoader worker exited unexpectedly (code ${code})`));
      });
      return slot;
    });
    return this.slots;
  }

  /** Stops the workers; pending batches reject. Safe to call twice. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const slots = this.slots ?? [];
    this.slots = undefined;
    for (const s of slots) {
      for (const p of s.pending.values()) p.reject(new Error('DataLoader: closed while a batch was being built'));
      s.pending.clear();
    }
    await Promise.all(slots.map((s) => s.worker.terminate()));
  }
}
