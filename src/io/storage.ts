// Raw bytes <-> tensors for the checkpoint readers and writers, through the addon (native/src/io.cc).
import { endianness } from 'node:os';
import { native } from '../native.js';
import { type DType, dtypeCode, dtypeFromCode, elementSize } from '../tensor/dtype.js';
import { Tensor } from '../tensor/tensor.js';

interface IoAddon {
  fromBuffer(data: ArrayBufferView, shape: readonly number[], dtype: number, device?: string): number;
  toBuffer(h: number): ArrayBuffer;
  release(h: number): void;
  ioStorageInfo(h: number): [key: string, numel: number, offset: number, sizes: number[], strides: number[], device: string, dtype: number];
  ioStorageBytes(h: number): ArrayBuffer;
  ioAsStrided(h: number, sizes: readonly number[], strides: readonly number[], offset: number): number;
}

const io = native as unknown as IoAddon;

function checkHost(): void {
  if (endianness() !== 'LE') throw new Error('tsnas checkpoints: big-endian hosts are not supported');
}

export { elementSize };

/** A new CPU tensor holding a copy of `bytes` (little-endian elements of `dtype`), shaped `shape`. */
export function tensorFromBytes(bytes: Uint8Array, dtype: DType, shape: readonly number[]): Tensor {
  checkHost();
  return new Tensor(io.fromBuffer(bytes, shape, dtypeCode(dtype)));
}

/** A storage: a flat CPU tensor over `bytes`, owned by the caller as a raw handle (release with releaseStorage). */
export function storageFromBytes(bytes: Uint8Array, dtype: DType): number {
  checkHost();
  const size = elementSize(dtype);
  if (bytes.byteLength % size !== 0) throw new Error(`a ${dtype} storage of ${bytes.byteLength} bytes is not whole elements`);
  return io.fromBuffer(bytes, [bytes.byteLength / size], dtypeCode(dtype));
}

export function releaseStorage(h: number): void {
  io.release(h);
}

/** A view on storage `h` (shares its memory), as torch's `_rebuild_tensor_v2` makes. */
export function viewOfStorage(h: number, sizes: readonly number[], strides: readonly number[], offset: number): Tensor {
  return new Tensor(io.ioAsStrided(h, sizes, strides, offset));
}

export interface StorageInfo {
  /** Identity of the underlying storage: equal for tensors that share memory. */
  key: string;
  numel: number;
  offset: number;
  sizes: number[];
  strides: number[];
  device: string;
  dtype: DType;
}

export function storageInfo(t: Tensor): StorageInfo {
  const [key, numel, offset, sizes, strides, device, code] = io.ioStorageInfo(t.handle);
  return { key, numel, offset, sizes, strides, device, dtype: dtypeFromCode(code) };
}

/** The whole storage behind `t`, copied to the CPU. */
export function storageBytes(t: Tensor): Uint8Array {
  checkHost();
  return new Uint8Array(io.ioStorageBytes(t.handle));
}

/** The elements of `t` in row-major order (a contiguous CPU copy), little-endian. */
export function contiguousBytes(t: Tensor): Uint8Array {
  checkHost();
  return new Uint8Array(io.toBuffer(t.handle));
}
