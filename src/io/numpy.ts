// numpy values as pickle stores them, rebuilt through the pickle reader's reduce / build hooks: dtypes
// (`numpy.dtype(code, align, copy)` + BUILD state, left to the reader as PyObject), scalars
// (`numpy.core.multiarray.scalar(dtype, raw)`: checkpoints hold `best_acc` etc. as numpy scalars) and arrays
// (ndarray.__reduce__: `_reconstruct(ndarray, (0,), b'b')` + BUILD (version, shape, dtype, is_fortran, raw), or
// protocol 5's `_frombuffer(raw, dtype, shape, order)`). numpy 2 moved numpy.core to numpy._core.
import { type PyGlobal, pyInt, PyObject } from './pickle-values.js';

/** A numpy array: raw bytes plus how to read them. */
export interface NdArray {
  readonly kind: 'ndarray';
  /** numpy type string without byte order: 'u1', 'i8', 'f4', 'b1', … */
  dtype: string;
  /** '<' or '>' (or '|' for one-byte types). */
  byteOrder: string;
  shape: number[];
  fortranOrder: boolean;
  /** The elements' bytes, C order unless fortranOrder. */
  data: Uint8Array;
}

const RECONSTRUCT = new Set(['numpy.core.multiarray._reconstruct', 'numpy._core.multiarray._reconstruct']);
const FROMBUFFER = new Set(['numpy.core.numeric._frombuffer', 'numpy._core.numeric._frombuffer']);
const SCALAR = new Set(['numpy.core.multiarray.scalar', 'numpy._core.multiarray.scalar']);

type ElementReader = (dv: DataView, offset: number, littleEndian: boolean) => number | bigint;
const ELEMENTS: Record<string, ElementReader> = {
  u1: (dv, o) => dv.getUint8(o),
  b1: (dv, o) => dv.getUint8(o),
  i1: (dv, o) => dv.getInt8(o),
  u2: (dv, o, le) => dv.getUint16(o, le),
  i2: (dv, o, le) => dv.getInt16(o, le),
  u4: (dv, o, le) => dv.getUint32(o, le),
  i4: (dv, o, le) => dv.getInt32(o, le),
  u8: (dv, o, le) => dv.getBigUint64(o, le),
  i8: (dv, o, le) => dv.getBigInt64(o, le),
  f4: (dv, o, le) => dv.getFloat32(o, le),
  f8: (dv, o, le) => dv.getFloat64(o, le),
};

interface Dtype {
  code: string;
  byteOrder: string;
  structured: boolean;
}

/** The dtype a pickled `numpy.dtype` object describes; undefined for anything else. */
function dtypeOf(v: unknown): Dtype | undefined {
  if (!(v instanceof PyObject) || v.cls.qualifiedName !== 'numpy.dtype' || typeof v.args[0] !== 'string') return undefined;
  const m = /^([<>|=]?)([a-zA-Z])(\d*)$/.exec(v.args[0]);
  if (!m) return undefined;
  // state: (version, byteorder, subarray, names, fields, elsize, alignment, flags[, metadata])
  const state = Array.isArray(v.state) ? v.state : [];
  const order = typeof state[1] === 'string' ? state[1] : m[1] || '<';
  return { code: m[2]! + m[3]!, byteOrder: order === '=' ? '<' : order, structured: state[3] !== null && state[3] !== undefined };
}

/** A pickled numpy.dtype as numpy spells it ('<f8', '|u1'); undefined for anything else. */
export function dtypeString(v: unknown): string | undefined {
  const dt = dtypeOf(v);
  return dt && `${dt.byteOrder}${dt.code}`;
}

/** Latin-1 bytes of a str that stands for bytes (Python 2 str, numpy's protocol-2 payloads); undefined beyond U+00FF. */
function latin1Bytes(s: string): Uint8Array | undefined {
  // a whole-string test: V8 answers it at once for its one-byte strings, where a per-character loop would not
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the class is every Latin-1 code point, control characters included
  return /[^\x00-\xff]/.test(s) ? undefined : Buffer.from(s, 'latin1');
}

/** REDUCE of `numpy...scalar(dtype, raw)`: the value as a JS number / bigint / boolean; undefined for anything else. */
export function numpyScalar(fn: PyGlobal, args: readonly unknown[]): number | bigint | boolean | undefined {
  if (!SCALAR.has(fn.qualifiedName)) return undefined;
  const dt = dtypeOf(args[0]);
  const read = dt && !dt.structured ? ELEMENTS[dt.code] : undefined;
  const raw = typeof args[1] === 'string' ? latin1Bytes(args[1]) : args[1];
  if (dt === undefined || read === undefined || !(raw instanceof Uint8Array) || raw.byteLength !== itemSize(dt.code)) return undefined;
  const v = read(new DataView(raw.buffer, raw.byteOffset, raw.byteLength), 0, dt.byteOrder !== '>');
  return dt.code === 'b1' ? v !== 0 : typeof v === 'bigint' ? pyInt(v) : v;
}

/** REDUCE hook that rebuilds numpy arrays as NdArray (`_reconstruct` makes an empty one that BUILD fills). */
export function rebuildNdArray(fn: PyGlobal, args: readonly unknown[]): NdArray | undefined {
  const q = fn.qualifiedName;
  if (RECONSTRUCT.has(q)) return { kind: 'ndarray', dtype: 'u1', byteOrder: '|', shape: [0], fortranOrder: false, data: new Uint8Array(0) };
  if (!FROMBUFFER.has(q)) return undefined;
  const [raw, dt, shape, order] = args;
  return fill({ kind: 'ndarray', dtype: 'u1', byteOrder: '|', shape: [], fortranOrder: order === 'F', data: new Uint8Array(0) }, shape, dt, raw);
}

/** BUILD hook: an array's state (version, shape, dtype, is_fortran, raw); false for anything but an NdArray. */
export function buildNdArray(target: unknown, state: unknown): boolean {
  if (!isNdArray(target)) return false;
  if (!Array.isArray(state) || state.length < 5) throw new Error('numpy array state is not a 5-tuple');
  const [, shape, dt, fortran, raw] = state as unknown[];
  target.fortranOrder = fortran === true || fortran === 1;
  fill(target, shape, dt, raw);
  return true;
}

/** Sets what an array's state says; the errors name what tsnas cannot hold as an NdArray. */
function fill(nd: NdArray, shape: unknown, dtype: unknown, raw: unknown): NdArray {
  if (!Array.isArray(shape) || !shape.every((d) => typeof d === 'number' && Number.isInteger(d) && d >= 0))
    throw new Error('numpy array shape is not a tuple of non-negative integers');
  const dt = dtypeOf(dtype);
  if (dt === undefined) throw new Error('numpy array without a dtype');
  if (dt.structured) throw new Error('structured numpy dtypes (with named fields) are not supported');
  if (Array.isArray(raw)) throw new Error('numpy object arrays (dtype=object) are not supported');
  const data = typeof raw === 'string' ? latin1Bytes(raw) : raw;
  if (typeof raw === 'string' && data === undefined) throw new Error('a str meant as latin1 bytes holds characters above U+00FF');
  if (!(data instanceof Uint8Array)) throw new Error('expected bytes (array data)');
  nd.shape = shape as number[];
  nd.dtype = dt.code;
  nd.byteOrder = dt.byteOrder;
  nd.data = data;
  return nd;
}

export function isNdArray(v: unknown): v is NdArray {
  return typeof v === 'object' && v !== null && (v as Partial<NdArray>).kind === 'ndarray';
}

/** Number of elements the shape holds. */
export function ndarraySize(nd: NdArray): number {
  return nd.shape.reduce((a, b) => a * b, 1);
}

/** Element byte width of a numpy type string like 'u1', 'f8'. */
function itemSize(dtype: string): number {
  return Number(dtype.slice(1));
}

/** The elements as JS numbers (C order), for the integer, float and bool dtypes. */
export function ndarrayToNumbers(nd: NdArray, what: string): number[] {
  const size = ndarraySize(nd);
  const w = itemSize(nd.dtype);
  if (!(w > 0) || nd.data.length !== size * w) throw new Error(`${what}: ${nd.data.length} bytes for ${size} elements of dtype ${nd.dtype}`);
  if (nd.fortranOrder && nd.shape.filter((d) => d > 1).length > 1) throw new Error(`${what}: Fortran-ordered arrays are not supported`);
  const read = ELEMENTS[nd.dtype];
  if (read === undefined) throw new Error(`${what}: numpy dtype ${nd.dtype} is not supported`);
  const dv = new DataView(nd.data.buffer, nd.data.byteOffset, nd.data.byteLength);
  const le = nd.byteOrder !== '>';
  const out = new Array<number>(size);
  for (let i = 0; i < size; i++) out[i] = Number(read(dv, i * w, le));
  return out;
}
