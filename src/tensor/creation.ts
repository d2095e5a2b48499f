// Making tensors: from JS data, and the factory functions with PyTorch's defaults (float32 on the CPU).
import { native } from '../native.js';
import { type Device, type DType, dtypeCode, dtypeOfTypedArray } from './dtype.js';
import { checkDevice, checkShape } from './check.js';
import { ops } from './ops.js';
import { type NestedArray, Tensor } from './tensor.js';

export interface TensorOptions {
  dtype?: DType;
  device?: Device | string;
  requiresGrad?: boolean;
}

/** The device of the options, checked (the addon would answer 'tpu' with libtorch's list of every device type). */
function dev(fn: string, o: TensorOptions): string | null {
  checkDevice(fn, o.device);
  return o.device ?? null;
}

function finish(t: Tensor, o: TensorOptions): Tensor {
  if (o.requiresGrad) t.requiresGrad_(true);
  return t;
}
const code = (o: TensorOptions, fallback: DType | null = null): number | null =>
  o.dtype ? dtypeCode(o.dtype) : fallback ? dtypeCode(fallback) : null;

function inferShape(data: NestedArray): number[] {
  const shape: number[] = [];
  let cur: NestedArray = data;
  while (Array.isArray(cur)) {
    shape.push(cur.length);
    if (cur.length === 0) break;
    cur = cur[0]!;
  }
  return shape;
}

function flatten(data: NestedArray, shape: number[], d: number, out: number[], path: string): void {
  if (d === shape.length) {
    if (Array.isArray(data)) throw new Error(`tensor(): ragged nested array at ${path}: expected a number`);
    out.push(typeof data === 'boolean' ? (data ? 1 : 0) : data);
    return;
  }
  if (!Array.isArray(data) || data.length !== shape[d])
    throw new Error(`tensor(): ragged nested array at ${path}: expected length ${shape[d]}, got ${Array.isArray(data) ? data.length : 'a number'}`);
  data.forEach((v, i) => flatten(v, shape, d + 1, out, `${path}[${i}]`));
}

function toTypedArray(values: number[], dtype: DType): ArrayBufferView {
  switch (dtype) {
    case 'float32':
      return Float32Array.from(values);
    case 'float64':
      return Float64Array.from(values);
    case 'int64':
      return BigInt64Array.from(values, (v) => BigInt(Math.trunc(v)));
    case 'int32':
      return Int32Array.from(values);
    case 'int16':
      return Int16Array.from(values);
    case 'int8':
      return Int8Array.from(values);
    case 'uint8':
    case 'bool':
      return Uint8Array.from(values, (v) => (dtype === 'bool' ? (v !== 0 ? 1 : 0) : v));
    default:
      return Float32Array.from(values);
  }
}

/**
 * A tensor from nested arrays, a number, or a typed array (`shape` required for typed arrays of rank > 1).
 * Default dtype as PyTorch: float32 for numbers, int64 when every value is an integer literal is NOT inferred
 * (JS has one number type), bool for booleans; typed arrays keep their element type.
 */
export function tensor(data: NestedArray | ArrayBufferView, opts: TensorOptions & { shape?: readonly number[] } = {}): Tensor {
  let t: Tensor;
  if (opts.shape !== undefined) checkShape('tensor', 'shape', opts.shape);
  checkDevice('tensor', opts.device);
  if (ArrayBuffer.isView(data)) {
    const arrDtype = dtypeOfTypedArray(data);
    const length = data.byteLength / (data as unknown as { BYTES_PER_ELEMENT: number }).BYTES_PER_ELEMENT;
    const shape = opts.shape ?? [length];
    t = new Tensor(native.fromBuffer(data, shape, dtypeCode(arrDtype)));
    if ((opts.dtype && opts.dtype !== arrDtype) || (opts.device && opts.device !== 'cpu')) {
      const moved = t.to({ dtype: opts.dtype, device: opts.device });
      t.dispose();
      t = moved;
    }
    return finish(t, opts);
  }
  const shape = opts.shape ? [...opts.shape] : inferShape(data);
  const flat: number[] = [];
  if (opts.shape) {
    const inner = inferShape(data);
    flatten(data, inner, 0, flat, 'data');
    const n = shape.reduce((a, b) => a * b, 1);
    if (n !== flat.length) throw new Error(`tensor(): shape [${shape.join(', ')}] needs ${n} values, got ${flat.length}`);
  } else flatten(data, shape, 0, flat, 'data');
  const first = shape.length === 0 ? data : flatFirst(data);
  const dtype: DType = opts.dtype ?? (typeof first === 'boolean' ? 'bool' : 'float32');
  t = new Tensor(native.fromBuffer(toTypedArray(flat, dtype), shape, dtypeCode(dtype), opts.device));
  return finish(t, opts);
}

function flatFirst(d: NestedArray): NestedArray | undefined {
  let cur: NestedArray = d;
  while (Array.isArray(cur)) {
    if (cur.length === 0) return undefined;
    cur = cur[0]!;
  }
  return cur;
}

export function scalar(value: number | boolean, opts: TensorOptions = {}): Tensor {
  return finish(ops.scalarTensor(value, code(opts), null, dev('scalar', opts)), opts);
}
export function zeros(shape: readonly number[], opts: TensorOptions = {}): Tensor {
  return finish(ops.zeros(shape, code(opts), null, dev('zeros', opts)), opts);
}
export function ones(shape: readonly number[], opts: TensorOptions = {}): Tensor {
  return finish(ops.ones(shape, code(opts), null, dev('ones', opts)), opts);
}
export function empty(shape: readonly number[], opts: TensorOptions = {}): Tensor {
  return finish(ops.empty(shape, code(opts), null, dev('empty', opts)), opts);
}
export function full(shape: readonly number[], value: number | boolean, opts: TensorOptions = {}): Tensor {
  return finish(ops.full(shape, value, code(opts, typeof value === 'boolean' ? 'bool' : 'float32'), null, dev('full', opts)), opts);
}
/** arange(end) or arange(start, end, step); int64 when every bound is an integer, as in PyTorch. */
export function arange(startOrEnd: number, end?: number, step = 1, opts: TensorOptions = {}): Tensor {
  const [s, e] = end === undefined ? [0, startOrEnd] : [startOrEnd, end];
  const integral = Number.isInteger(s) && Number.isInteger(e) && Number.isInteger(step);
  return finish(ops.arange(s, e, step, code(opts, integral ? 'int64' : 'float32'), null, dev('arange', opts)), opts);
}
export function linspace(start: number, end: number, steps: number, opts: TensorOptions = {}): Tensor {
  return finish(ops.linspace(start, end, steps, code(opts), null, dev('linspace', opts)), opts);
}
export function eye(n: number, opts: TensorOptions = {}): Tensor {
  return finish(ops.eye(n, code(opts), null, dev('eye', opts)), opts);
}
export function rand(shape: readonly number[], opts: TensorOptions = {}): Tensor {
  return finish(ops.rand(shape, code(opts), null, dev('rand', opts)), opts);
}
export function randn(shape: readonly number[], opts: TensorOptions = {}): Tensor {
  return finish(ops.randn(shape, code(opts), null, dev('randn', opts)), opts);
}
/** Integers uniformly in [low, high); int64 by default. */
export function randint(low: number, high: number, shape: readonly number[], opts: TensorOptions = {}): Tensor {
  return finish(ops.randint(low, high, shape, code(opts, 'int64'), null, dev('randint', opts)), opts);
}
export function randperm(n: number, opts: TensorOptions = {}): Tensor {
  return finish(ops.randperm(n, code(opts, 'int64'), null, dev('randperm', opts)), opts);
}
export function zerosLike(t: Tensor, opts: TensorOptions = {}): Tensor {
  return finish(ops.zerosLike(t, code(opts), null, dev('zerosLike', opts)), opts);
}
export function onesLike(t: Tensor, opts: TensorOptions = {}): Tensor {
  return finish(ops.onesLike(t, code(opts)), opts);
}
export function cat(tensors: readonly Tensor[], dim = 0): Tensor {
  if (tensors.length === 0) throw new Error('cat: expected a non-empty list of tensors');
  return ops.cat(tensors, dim);
}
export function stack(tensors: readonly Tensor[], dim = 0): Tensor {
  if (tensors.length === 0) throw new Error('stack: expected a non-empty list of tensors');
  return ops.stack(tensors, dim);
}
