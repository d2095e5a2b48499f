// Loads the libtorch addon and types its surface. Nothing above src/tensor talks to it directly.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface NativeInfo {
  torchVersion: string;
  torchLibDir: string;
  cudaAvailable: boolean;
  cudaDeviceCount: number;
  cudnnAvailable: boolean;
  cudnnVersion: number;
  cudaBuild: boolean;
  mkldnn: boolean;
  mkl: boolean;
  openmp: boolean;
  intraOpThreads: number;
  interOpThreads: number;
  parallelInfo: string;
  buildConfig: string;
}

/** What a GradReducer has done (distributed.GradReducer.stats). */
export interface ReducerStats {
  buckets: number;
  bytes: number;
  /** Backwards that reached the tensors. */
  backwards: number;
  /** Buckets whose all-reduce started while the backward was still running, and those started at its end. */
  bucketsDuringBackward: number;
  bucketsAtEnd: number;
  /** Time spent at the end of backwards waiting for all-reduces and writing the averages back. */
  waitMs: number;
}

export interface NativeAddon {
  opRegister(name: string, overload: string): [id: number, ret: number];
  opCall(id: number, ...args: unknown[]): unknown;
  opSchema(id: number): string;
  fromBuffer(data: ArrayBufferView, shape: readonly number[], dtype: number, device?: string): number;
  toBuffer(h: number): ArrayBuffer;
  meta(h: number): [shape: number[], dtype: number, device: string, requiresGrad: boolean];
  strides(h: number): number[];
  isContiguous(h: number, memoryFormat?: number): boolean;
  item(h: number): number | boolean;
  release(h: number): void;
  releaseMany(hs: number[]): void;
  isLive(h: number): boolean;
  share(h: number): number;
  assign(dst: number, src: number): void;
  memory(): { tensors: number; bytes: number; peakBytes: number };
  resetPeak(): void;
  backward(ts: number[], grads: (number | undefined)[] | undefined, retain: boolean, create: boolean, inputs?: number[]): void;
  grad(
    outs: number[],
    ins: number[],
    gradOuts: (number | undefined)[] | undefined,
    retain: boolean,
    create: boolean,
    allowUnused: boolean,
  ): (number | undefined)[];
  getGrad(h: number): number | undefined;
  setGrad(h: number, g: number | undefined): void;
  zeroGrad(hs: number[], setToNone: boolean): void;
  setRequiresGrad(h: number, on: boolean): void;
  isLeaf(h: number): boolean;
  gradFnName(h: number): string | null;
  setGradEnabled(on: boolean): boolean;
  isGradEnabled(): boolean;
  info(): NativeInfo;
  setNumThreads(n: number): void;
  getNumThreads(): number;
  manualSeed(seed: number): void;
  getRngState(device?: string): number;
  setRngState(h: number, device?: string): void;
  cudaSynchronize(): void;
  getGrads(hs: number[]): (number | undefined)[];
  configureAllocator(o: { mmapThreshold?: number; mmapMax?: number; trimThreshold?: number; topPad?: number }): boolean;
  mallocTrim(): boolean;
  setAutocastEnabled(device: string, dtype: number, on: boolean): [prevOn: boolean, prevDtype: number];
  autocastNesting(delta: number): number;
  isAutocastEnabled(device?: string): boolean;
  catDenseGrad(hs: number[], dim: number): number;
  convPairRecompute(x: number, w1: number, stride: number[], padding: number[], dilation: number[], groups: number, w2: number): number;
  maxPool2dLean(
    h: number,
    kernel: number | number[],
    stride: number | number[],
    padding: number | number[],
    dilation: number | number[],
    ceilMode: boolean,
  ): number;
  distBackends: { gloo: boolean; nccl: boolean };
  distTcpStore(host: string, port: number, worldSize: number, isServer: boolean, timeoutMs: number): number;
  distFileStore(path: string, worldSize: number): number;
  distStoreSet(store: number, key: string, value: Buffer): void;
  distStoreGet(store: number, key: string): Buffer;
  distStoreAdd(store: number, key: string, delta: number): number;
  distStoreWait(store: number, keys: string[], timeoutMs: number): void;
  distStoreRelease(store: number): void;
  distNewGroup(store: number, rank: number, size: number, backend: string, timeoutMs: number, hostname: string | undefined, prefix: string): number;
  distDestroyGroup(group: number): void;
  distAllReduce(group: number, hs: number[], op: string): void;
  distBroadcast(group: number, hs: number[], src: number): void;
  distAllGather(group: number, h: number): number[];
  distBarrier(group: number): void;
  distAllReduceAutograd(group: number, h: number): number;
  distReducerNew(group: number, hs: number[], bucketBytes: number, firstBucketBytes: number, segmentStarts: number[]): number;
  distReducerSetEnabled(reducer: number, on: boolean): void;
  distReducerCheck(reducer: number): void;
  distReducerStats(reducer: number): ReducerStats;
  distReducerRelease(reducer: number): void;
  opProfileStart(): void;
  opProfileStop(): { name: string; calls: number; totalMs: number; selfMs: number }[];
}

function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json')) || !existsSync(join(dir, 'native'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('tsnas: cannot find the package root above ' + fileURLToPath(import.meta.url));
    dir = up;
  }
  return dir;
}

export const PACKAGE_ROOT = packageRoot();
export const ADDON_PATH = process.env.TSNAS_ADDON ?? join(PACKAGE_ROOT, 'native', 'build', 'Release', 'tsnas_native.node');

function load(): NativeAddon {
  if (!existsSync(ADDON_PATH)) {
    throw new Error(
      `tsnas: the native addon is not built (${ADDON_PATH} is missing).\n` +
        '  Run `bash scripts/setup.sh` (installs libtorch-dev and builds), or `npm run build:native`.',
    );
  }
  try {
    return createRequire(import.meta.url)(ADDON_PATH) as NativeAddon;
  } catch (e) {
    throw new Error(
      `tsnas: the native addon at ${ADDON_PATH} failed to load: ${(e as Error).message}\n` +
        '  If libtorch moved or changed, rebuild it with `npm run build:native`.',
    );
  }
}

export const native: NativeAddon = load();
