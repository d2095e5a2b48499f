// Grad mode, autograd.grad, seeding, threads and live-memory accounting.
import { availableParallelism } from 'node:os';
import { native, type NativeInfo } from '../native.js';
import { Tensor } from './tensor.js';

/** Runs fn with gradient recording off (torch.no_grad()). fn must be synchronous. */
export function noGrad<T>(fn: () => T): T {
  const prev = native.setGradEnabled(false);
  try {
    return fn();
  } finally {
    native.setGradEnabled(prev);
  }
}
export function enableGrad<T>(fn: () => T): T {
  const prev = native.setGradEnabled(true);
  try {
    return fn();
  } finally {
    native.setGradEnabled(prev);
  }
}
export function isGradEnabled(): boolean {
  return native.isGradEnabled();
}

export interface GradOptions {
  gradOutputs?: (Tensor | undefined)[];
  retainGraph?: boolean;
  createGraph?: boolean;
  allowUnused?: boolean;
}

/** torch.autograd.grad: gradients of outputs w.r.t. inputs, without touching `.grad`. */
function grad(outputs: Tensor | Tensor[], inputs: Tensor | Tensor[], opts: GradOptions = {}): (Tensor | undefined)[] {
  const outs = Array.isArray(outputs) ? outputs : [outputs];
  const ins = Array.isArray(inputs) ? inputs : [inputs];
  const res = native.grad(
    outs.map((t) => t.handle),
    ins.map((t) => t.handle),
    opts.gradOutputs?.map((t) => t?.handle),
    opts.retainGraph ?? false,
    opts.createGraph ?? false,
    opts.allowUnused ?? false,
  );
  return res.map((h) => (h === undefined ? undefined : new Tensor(h)));
}

/** torch.autograd.backward over several roots at once. */
function backward(tensors: Tensor[], gradTensors?: Tensor[], opts: { retainGraph?: boolean; createGraph?: boolean } = {}): void {
  native.backward(
    tensors.map((t) => t.handle),
    gradTensors?.map((t) => t.handle),
    opts.retainGraph ?? false,
    opts.createGraph ?? false,
  );
}

export const autograd = { grad, backward };

/** Seeds libtorch's CPU (and CUDA) generators: CPU runs become repeatable. */
export function manualSeed(seed: number): void {
  native.manualSeed(seed);
}
export function getRngState(device = 'cpu'): Tensor {
  return new Tensor(native.getRngState(device));
}
export function setRngState(state: Tensor, device = 'cpu'): void {
  native.setRngState(state.handle, device);
}

export function setNumThreads(n: number): void {
  if (!Number.isInteger(n) || n < 1) throw new Error(`setNumThreads: expected a positive integer, got ${n}`);
  native.setNumThreads(n);
}
export function getNumThreads(): number {
  return native.getNumThreads();
}

/** Live tensors and the bytes of their storages (each storage counted once), as the addon counts them. */
export function memory(): { tensors: number; bytes: number; peakBytes: number } {
  return native.memory();
}
export function resetPeakMemory(): void {
  native.resetPeak();
}

export function runtimeInfo(): NativeInfo {
  return native.info();
}

export function cudaAvailable(): boolean {
  return native.info().cudaAvailable;
}
export function cudaSynchronize(): void {
  native.cudaSynchronize();
}

// Intra-op threads: libtorch's default is the number of physical cores (hyper-threads share a core's vector
// units, and oversubscribing OpenMP threads that spin-wait is much slower than one thread per core);
// TSNAS_THREADS overrides it.
if (process.env.TSNAS_THREADS) {
  const n = Number(process.env.TSNAS_THREADS);
  const most = Math.max(64, 4 * availableParallelism());
  if (!/^\d+$/.test(process.env.TSNAS_THREADS) || !Number.isInteger(n) || n < 1 || n > most) {
    throw new Error(`TSNAS_THREADS must be an integer in [1, ${most}] (intra-op threads), got '${process.env.TSNAS_THREADS}'`);
  }
  native.setNumThreads(n);
}

/** The `.grad` of many tensors in one native crossing (fresh handles; undefined where a tensor has none). */
export function getGrads(tensors: readonly Tensor[]): (Tensor | undefined)[] {
  return native.getGrads(tensors.map((t) => t.handle)).map((h) => (h === undefined ? undefined : new Tensor(h)));
}

export interface AllocatorSettings {
  /** Allocations at least this large get their own mmap (freed to the kernel at once); glibc caps it at 32 MiB. */
  mmapThreshold?: number;
  /** At most this many such mmaps at once; 0 = every allocation comes from the heap, however large. */
  mmapMax?: number;
  /** Free memory at the top of the heap beyond this goes back to the kernel. */
  trimThreshold?: number;
  /** Extra bytes the heap grows by each time it grows. */
  topPad?: number;
}

/**
 * tsnas' C-allocator settings, applied when the runtime loads (TSNAS_MALLOC=default keeps glibc's): every tensor comes
 * from the heap (no per-allocation mmap, which glibc would use above 32 MiB at most) and freed memory is kept for
 * the next step instead of being unmapped and faulted in again page by page (each fault is expensive, in virtual
 * machines especially). The peak resident size stays the peak of live memory plus fragmentation; `mallocTrim()`
 * hands free memory back.
 */
export const DEFAULT_ALLOCATOR: Readonly<AllocatorSettings> = {
  mmapThreshold: 32 * 1024 * 1024,
  mmapMax: 0,
  trimThreshold: 2 ** 31 - 1,
  topPad: 64 * 1024 * 1024,
};

/** Sets the C allocator's thresholds (glibc mallopt); false where the platform has no such settings. */
export function configureAllocator(o: AllocatorSettings = DEFAULT_ALLOCATOR): boolean {
  return native.configureAllocator(o);
}
/** Hands free heap memory back to the kernel (glibc malloc_trim), e.g. after a search. */
export function mallocTrim(): boolean {
  return native.mallocTrim();
}

if (process.env.TSNAS_MALLOC !== 'default') configureAllocator(DEFAULT_ALLOCATOR);

/** Clears the gradients of many tensors in one native crossing (undefined, or zeros when setToNone is false). */
export function zeroGrads(tensors: readonly Tensor[], setToNone = true): void {
  native.zeroGrad(
    tensors.map((t) => t.handle),
    setToNone,
  );
}
