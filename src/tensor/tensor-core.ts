// The Tensor class: a JS handle on a libtorch tensor owned by the addon, without its op methods. tensor.ts attaches
// those (from the table in ops.ts) and is the module everything else imports the Tensor from; only ops.ts and
// tensor.ts import this one, so no Tensor is ever seen without its methods and ops.ts needs no import of tensor.ts.
import { native } from '../native.js';
import {
  type AnyTypedArray,
  type Device,
  type DType,
  type MemoryFormat,
  dtypeCode,
  dtypeFromCode,
  isFloatingPoint,
  memoryFormatCode,
  typedView,
} from './dtype.js';
import { checkDevice, DEVICE_FORMS, isDeviceString } from './check.js';
import { formatTensor } from './format.js';
import { escapeScope, type Scoped, track, untrack } from './scope.js';

export interface ToOptions {
  dtype?: DType;
  device?: Device | string;
  memoryFormat?: MemoryFormat;
  copy?: boolean;
}

/** Nested number arrays, as `toArray()` returns them. */
export type NestedArray = number | boolean | NestedArray[];

export class Tensor implements Scoped {
  private h: number;
  private metaCache: [shape: number[], dtype: DType, device: string] | undefined;
  /** Set by keep(): the tensor is outside scope management. */
  kept = false;

  /** Wraps a handle the addon just created; user code makes tensors with the creation functions instead. */
  constructor(handle: number) {
    this.h = handle;
    track(this);
  }

  /** The addon handle; throws if the tensor was disposed. */
  get handle(): number {
    if (this.h < 0) throw new Error('tensor was used after it was disposed');
    return this.h;
  }
  get handleOrDead(): number {
    return this.h;
  }
  get isDisposed(): boolean {
    return this.h < 0;
  }

  /** Frees the native tensor now. Safe to call twice. */
  dispose(): void {
    this.disposeNow();
  }
  disposeNow(): void {
    if (this.h < 0) return;
    untrack(this);
    native.release(this.h);
    this.h = -1;
  }

  /**
   * Puts `src`'s tensor behind this object's handle, so every reference to this object sees it (Module.to uses
   * this to move parameters without invalidating optimiser references). `src` stays valid and separate.
   */
  assignFrom(src: Tensor): void {
    native.assign(this.handle, src.handle);
    this.metaCache = undefined;
  }

  /** Exempts this tensor from the enclosing `tidy` scope; it then lives until `dispose()`. */
  keep(): this {
    if (!this.kept) {
      this.kept = true;
      escapeScope(this);
    }
    return this;
  }

  private meta(): [number[], DType, string] {
    if (this.metaCache === undefined) {
      const [shape, code, device] = native.meta(this.handle);
      this.metaCache = [shape, dtypeFromCode(code), device];
    }
    return this.metaCache;
  }
  get shape(): readonly number[] {
    return this.meta()[0];
  }
  get dtype(): DType {
    return this.meta()[1];
  }
  get device(): string {
    return this.meta()[2];
  }
  get ndim(): number {
    return this.meta()[0].length;
  }
  get numel(): number {
    return this.meta()[0].reduce((a, b) => a * b, 1);
  }
  get isCuda(): boolean {
    return this.device.startsWith('cuda');
  }
  /** Size of one dimension (negative counts from the end), or the whole shape. */
  size(dim?: number): number {
    const s = this.shape;
    if (dim === undefined) return s.length;
    if (!Number.isInteger(dim)) throw new Error(`size: dimension must be an integer, got ${dim}`);
    const d = dim < 0 ? dim + s.length : dim;
    if (d < 0 || d >= s.length) throw new Error(`size: dimension ${dim} out of range for a ${s.length}-d tensor`);
    return s[d]!;
  }
  stride(): number[] {
    return native.strides(this.handle);
  }
  isContiguous(format: MemoryFormat = 'contiguous'): boolean {
    return native.isContiguous(this.handle, memoryFormatCode(format));
  }
  contiguous(format: MemoryFormat = 'contiguous'): Tensor {
    return this.contiguousAs(memoryFormatCode(format));
  }

  // --- autograd ---
  get requiresGrad(): boolean {
    return native.meta(this.handle)[3];
  }
  set requiresGrad(on: boolean) {
    native.setRequiresGrad(this.handle, on);
  }
  requiresGrad_(on = true): this {
    native.setRequiresGrad(this.handle, on);
    return this;
  }
  /** The accumulated gradient (a new handle on it each read), or undefined. */
  get grad(): Tensor | undefined {
    const g = native.getGrad(this.handle);
    return g === undefined ? undefined : new Tensor(g);
  }
  set grad(g: Tensor | undefined) {
    native.setGrad(this.handle, g?.handle);
  }
  get isLeaf(): boolean {
    return native.isLeaf(this.handle);
  }
  get gradFn(): string | null {
    return native.gradFnName(this.handle);
  }
  backward(gradient?: Tensor, opts: { retainGraph?: boolean; createGraph?: boolean; inputs?: Tensor[] } = {}): void {
    native.backward(
      [this.handle],
      gradient ? [gradient.handle] : undefined,
      opts.retainGraph ?? false,
      opts.createGraph ?? false,
      opts.inputs?.map((t) => t.handle),
    );
  }

  // --- conversion ---
  /** Converts dtype, device and/or memory format; returns this tensor's storage when nothing changes. */
  to(target: DType | Device | MemoryFormat | string | ToOptions): Tensor {
    const o: ToOptions = typeof target === 'string' ? parseToTarget(target) : target;
    checkDevice('to', o.device);
    return this.toOptions(
      o.dtype ? dtypeCode(o.dtype) : null,
      null,
      o.device ?? null,
      null,
      false,
      o.copy ?? false,
      o.memoryFormat ? memoryFormatCode(o.memoryFormat) : null,
    );
  }
  cpu(): Tensor {
    return this.to({ device: 'cpu' });
  }
  cuda(index = 0): Tensor {
    return this.to({ device: `cuda:${index}` });
  }
  float(): Tensor {
    return this.to({ dtype: 'float32' });
  }
  double(): Tensor {
    return this.to({ dtype: 'float64' });
  }
  half(): Tensor {
    return this.to({ dtype: 'float16' });
  }
  long(): Tensor {
    return this.to({ dtype: 'int64' });
  }
  int(): Tensor {
    return this.to({ dtype: 'int32' });
  }
  bool(): Tensor {
    return this.to({ dtype: 'bool' });
  }

  /** The single element as a JS number (or boolean). */
  item(): number {
    return Number(native.item(this.handle));
  }
  /** A copy of the elements, row-major, in the typed array of the dtype (half types as raw Uint16 bits). */
  data(): AnyTypedArray {
    return typedView(native.toBuffer(this.handle), this.dtype);
  }
  /** Elements as a flat array of JS numbers (int64 converted, half types widened to float32 first). */
  dataNumbers(): number[] {
    if (this.dtype === 'float16' || this.dtype === 'bfloat16') {
      const f = this.to({ dtype: 'float32' });
      try {
        return Array.from(f.data() as Float32Array);
      } finally {
        f.dispose();
      }
    }
    const d = this.data();
    return d instanceof BigInt64Array ? Array.from(d, (v) => Number(v)) : Array.from(d as ArrayLike<number>);
  }
  /** Nested arrays, like Python's tolist(). */
  toArray(): NestedArray {
    const flat = this.dataNumbers();
    const isBool = this.dtype === 'bool';
    const shape = this.shape;
    if (shape.length === 0) return isBool ? flat[0] !== 0 : flat[0]!;
    let pos = 0;
    const build = (d: number): NestedArray[] => {
      const n = shape[d]!;
      const out: NestedArray[] = [];
      for (let i = 0; i < n; i++) {
        if (d === shape.length - 1) {
          const v = flat[pos++]!;
          out.push(isBool ? v !== 0 : v);
        } else out.push(build(d + 1));
      }
      return out;
    };
    return build(0);
  }
  get isFloatingPoint(): boolean {
    return isFloatingPoint(this.dtype);
  }

  /** PyTorch-style printout: `tensor([[1.0000, 2.0000]], requires_grad=True)`. */
  toString(): string {
    if (this.h < 0) return 'tensor(<disposed>)';
    return formatTensor(this.dataNumbers(), this.shape, this.dtype, this.device, this.requiresGrad, this.gradFn);
  }
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }
}

const DTYPE_NAMES = ['float32', 'float64', 'float16', 'bfloat16', 'int64', 'int32', 'int16', 'int8', 'uint8', 'bool'];

function parseToTarget(s: string): ToOptions {
  if (isDeviceString(s) || s.startsWith('cuda')) return { device: s };
  if (s === 'contiguous' || s === 'channels_last' || s === 'preserve') return { memoryFormat: s };
  if (DTYPE_NAMES.includes(s)) return { dtype: s as DType };
  // Neither: most such strings are devices ('tpu', 'mps', 'gpu'); a dtype-looking one gets the dtype list first.
  const dtypeLike = /float|int|bool|half|double|long/i.test(s);
  const devices = `devices: ${DEVICE_FORMS}`;
  const dtypes = `dtypes: ${DTYPE_NAMES.join(', ')}`;
  const formats = 'memory formats: contiguous, channels_last, preserve';
  throw new Error(
    dtypeLike
      ? `to('${s}'): unknown dtype '${s}' (${dtypes}; ${devices}; ${formats})`
      : `to('${s}'): unknown device '${s}' (${devices}; or a dtype: ${DTYPE_NAMES.join(', ')}; or a memory format: contiguous, channels_last, preserve)`,
  );
}

export function isTensor(v: unknown): v is Tensor {
  return v instanceof Tensor;
}
