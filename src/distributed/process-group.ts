// Process groups over c10d with torch.distributed's names: the rendezvous (env://, tcp://, file://), a default
// group, and the collectives. Every collective blocks until all ranks took part; a rank that stopped, or one that
// does not arrive within the group's timeout, makes it throw on every other rank instead of hanging.
import { native } from '../native.js';
import { noGrad, Tensor, tensor } from '../tensor/index.js';
import { requireC10d } from './availability.js';
import { rankEnvironment } from './env.js';
import { FileStore, type Store, TCPStore } from './store.js';

export type Backend = 'gloo' | 'nccl';
export type ReduceOp = 'sum' | 'avg' | 'product' | 'min' | 'max';

/** torch.distributed's default: how long a rendezvous or a collective waits for the other ranks (30 minutes). */
export const DEFAULT_TIMEOUT_MS = 30 * 60_000;

export interface InitProcessGroupOptions {
  /** gloo (CPU tensors; the default) or nccl (CUDA tensors, needs an addon built with NCCL). */
  backend?: Backend;
  /** 'env://' (MASTER_ADDR, MASTER_PORT, RANK, WORLD_SIZE: what torchrun and `--nproc` set), 'tcp://host:port' or 'file:///path'. */
  initMethod?: string;
  rank?: number;
  worldSize?: number;
  timeoutMs?: number;
  /** An existing store instead of initMethod. */
  store?: Store;
  /**
   * Where the group's own small tensors live (allReduceNumbers): 'cpu' for gloo (the default), this rank's GPU for
   * nccl, which reduces CUDA tensors only.
   */
  device?: string;
}

let groupCount = 0;

export class ProcessGroup {
  private destroyed = false;

  /** Made by initProcessGroup / newGroup. */
  constructor(
    private readonly id: number,
    readonly rank: number,
    readonly size: number,
    readonly backend: Backend,
    readonly timeoutMs: number,
    readonly device = 'cpu',
  ) {}

  /** The native group, for reducers and autograd functions built on it. */
  get handle(): number {
    if (this.destroyed) throw new Error('distributed: this process group was destroyed');
    return this.id;
  }

  /** Reduces each tensor over the ranks, in place (several tensors travel as one buffer). */
  allReduce(tensors: Tensor | readonly Tensor[], op: ReduceOp = 'sum'): void {
    const list = Array.isArray(tensors) ? tensors : [tensors as Tensor];
    if (list.length > 0)
      noGrad(() =>
        native.distAllReduce(
          this.handle,
          list.map((t) => t.handle),
          op,
        ),
      );
  }

  /** Overwrites each tensor with rank `src`'s, in place. */
  broadcast(tensors: Tensor | readonly Tensor[], src = 0): void {
    const list = Array.isArray(tensors) ? tensors : [tensors as Tensor];
    this.checkRank(src, 'broadcast: src');
    if (list.length > 0)
      noGrad(() =>
        native.distBroadcast(
          this.handle,
          list.map((t) => t.handle),
          src,
        ),
      );
  }

  /** Every rank's `t`, in rank order (the caller owns them). */
  allGather(t: Tensor): Tensor[] {
    return noGrad(() => native.distAllGather(this.handle, t.handle)).map((h) => new Tensor(h));
  }

  barrier(): void {
    native.distBarrier(this.handle);
  }

  /** allReduce of host numbers (float64): what every rank must agree on (counts, losses, flags). */
  allReduceNumbers(values: readonly number[], op: ReduceOp = 'sum'): number[] {
    if (this.size === 1 || values.length === 0) return [...values];
    const t = tensor(Float64Array.from(values), { device: this.device });
    try {
      this.allReduce(t, op);
      return t.dataNumbers();
    } finally {
      t.dispose();
    }
  }

  /** Frees the group's connections; collectives on it then fail. */
  destroy(): void {
    if (this.destroyed) return;
    native.distDestroyGroup(this.id);
    this.destroyed = true;
  }

  private checkRank(r: number, what: string): void {
    if (!Number.isInteger(r) || r < 0 || r >= this.size) throw new Error(`distributed.${what} must be a rank in 0..${this.size - 1}, got ${r}`);
  }
}

/** Loopback rendezvous addresses: the ranks then talk over loopback too. */
function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\./.test(host);
}

function rendezvous(o: InitProcessGroupOptions, timeoutMs: number): { store: Store; rank: number; worldSize: number; host?: string } {
  const method = o.initMethod ?? 'env://';
  if (o.store) {
    if (o.rank === undefined || o.worldSize === undefined) throw new Error('distributed.initProcessGroup: a store needs rank and worldSize');
    return { store: o.store, rank: o.rank, worldSize: o.worldSize };
  }
  if (method === 'env://') {
    const env = rankEnvironment();
    if (!env)
      throw new Error(
        'distributed.initProcessGroup: WORLD_SIZE is not set. Start the ranks with `tsnas ... --nproc N` or torchrun, which set ' +
          'RANK, WORLD_SIZE, MASTER_ADDR and MASTER_PORT',
      );
    const rank = o.rank ?? env.rank;
    const worldSize = o.worldSize ?? env.worldSize;
    const store = new TCPStore(env.masterAddr, env.masterPort, { isServer: rank === 0, worldSize, timeoutMs });
    return { store, rank, worldSize, host: isLoopback(env.masterAddr) ? '127.0.0.1' : undefined };
  }
  if (o.rank === undefined || o.worldSize === undefined) throw new Error(`distributed.initProcessGroup: ${method} needs rank and worldSize`);
  const tcp = /^tcp:\/\/(\[[^\]]+\]|[^:]+):(\d+)$/.exec(method);
  if (tcp) {
    const host = tcp[1]!.replace(/^\[|\]$/g, '');
    const store = new TCPStore(host, Number(tcp[2]), { isServer: o.rank === 0, worldSize: o.worldSize, timeoutMs });
    return { store, rank: o.rank, worldSize: o.worldSize, host: isLoopback(host) ? '127.0.0.1' : undefined };
  }
  if (method.startsWith('file://')) {
    return { store: new FileStore(method.slice('file://'.length), o.worldSize), rank: o.rank, worldSize: o.worldSize, host: '127.0.0.1' };
  }
  throw new Error(`distributed.initProcessGroup: initMethod must be env://, tcp://HOST:PORT or file:///PATH, got '${method}'`);
}

let defaultGroup: ProcessGroup | undefined;

/**
 * torch.distributed.init_process_group: meets the other ranks and makes the default group. With env:// (the
 * default) rank 0 serves the rendezvous at MASTER_ADDR:MASTER_PORT.
 */
export function initProcessGroup(o: InitProcessGroupOptions = {}): ProcessGroup {
  requireC10d();
  if (defaultGroup) throw new Error('distributed.initProcessGroup: the default process group is already initialised');
  defaultGroup = newGroup(o);
  return defaultGroup;
}

/** A process group of its own (not the default one), e.g. for a second rendezvous in a test. */
export function newGroup(o: InitProcessGroupOptions = {}): ProcessGroup {
  requireC10d();
  const timeoutMs = o.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const backend = o.backend ?? 'gloo';
  const r = rendezvous(o, timeoutMs);
  if (!Number.isInteger(r.worldSize) || r.worldSize < 1) throw new Error(`distributed: worldSize must be a positive integer, got ${r.worldSize}`);
  if (!Number.isInteger(r.rank) || r.rank < 0 || r.rank >= r.worldSize)
    throw new Error(`distributed: rank must be in 0..${r.worldSize - 1}, got ${r.rank}`);
  const device = o.device ?? 'cpu';
  if (backend === 'nccl' && !device.startsWith('cuda'))
    throw new Error(`distributed: the nccl backend reduces CUDA tensors: device must be cuda:N, got '${device}'`);
  const id = native.distNewGroup(r.store.handle, r.rank, r.worldSize, backend, timeoutMs, r.host, `group${groupCount++}/`);
  return new ProcessGroup(id, r.rank, r.worldSize, backend, timeoutMs, device);
}

export function isInitialized(): boolean {
  return defaultGroup !== undefined;
}

/** The default group (initProcessGroup's). */
export function getDefaultGroup(): ProcessGroup {
  if (!defaultGroup) throw new Error('distributed: no default process group; call initProcessGroup first');
  return defaultGroup;
}

/** This process's rank in the default group (0 when there is none, as a single process is rank 0). */
export function getRank(): number {
  return defaultGroup?.rank ?? 0;
}

/** The default group's size (1 when there is none). */
export function getWorldSize(): number {
  return defaultGroup?.size ?? 1;
}

export function destroyProcessGroup(): void {
  defaultGroup?.destroy();
  defaultGroup = undefined;
}
