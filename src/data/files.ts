// Reading data files with errors that say which file and what layout was expected, never a bare ENOENT, and the
// pickles of plain data and numpy arrays that some datasets ship as.
import { readFileSync, statSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { buildNdArray, dtypeString, isNdArray, type NdArray, rebuildNdArray } from '../io/numpy.js';
import { unpickle, type UnpickleHooks } from '../io/pickle.js';
import { PyGlobal, PyObject } from '../io/pickle-values.js';
import { dataError } from './dataset.js';

export function isDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}
export function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

/** The file's bytes; `expected` describes the layout for the error message. */
export function readBytes(path: string, expected: string): Uint8Array {
  if (!isFile(path)) throw dataError(path, isDir(path) ? 'is a folder, not a file' : 'file not found', expected);
  try {
    return readFileSync(path);
  } catch (e) {
    throw dataError(path, `cannot be read (${(e as Error).message})`, expected);
  }
}

/** Reads a file, gunzipping it when it starts with the gzip magic bytes (whatever its name). */
export function readMaybeGzip(path: string, expected: string): Uint8Array {
  const raw = readBytes(path, expected);
  if (raw.length >= 2 && raw[0] === 0x1f && raw[1] === 0x8b) {
    try {
      return gunzipSync(raw);
    } catch (e) {
      throw dataError(path, `corrupt gzip data (${(e as Error).message})`, expected);
    }
  }
  if (path.endsWith('.gz')) throw dataError(path, 'has a .gz name but is not gzip data', expected);
  return raw;
}

// ------------------------------------------------------------------------------------------------ pickles

export type PyKey = string | number | bigint | boolean | null;
export type PyValue = null | boolean | number | bigint | string | Uint8Array | NdArray | PyValue[] | Map<PyKey, PyValue>;

/** A long str kept as its UTF-8 bytes: numpy's protocol-2 arrays are latin1 strs of the whole payload that are only
 *  ever re-encoded to bytes, so the JS string is never built. */
class Utf8Text {
  constructor(readonly utf8: Uint8Array) {}
}
const LONG_TEXT = 65536;
/** A Python 2 str longer than this is an array payload: kept as its bytes. */
const LONG_PY2_STR = 255;
/** Deeper nesting is refused: no data file nests beyond a few levels, and whatever prints or walks such a value
 *  recursively would overflow the stack. */
const MAX_NESTING = 100_000;

/** ISO-8859-1, as Python's latin1 (TextDecoder's 'latin1' label means windows-1252). Short strs, by far the most,
 *  go fastest as fromCharCode's arguments. */
function latin1(b: Uint8Array): string {
  if (b.length <= LONG_PY2_STR) return String.fromCharCode.apply(null, b as unknown as number[]);
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('latin1');
}
const utf8 = new TextDecoder('utf-8');

/** UTF-8 → latin1 bytes without building a JS string; undefined when a code point is above U+00FF. */
function utf8ToLatin1(b: Uint8Array): Uint8Array | undefined {
  const out = new Uint8Array(b.length);
  let n = 0;
  for (let i = 0; i < b.length; i++) {
    const c = b[i]!;
    if (c < 0x80) out[n++] = c;
    else if ((c & 0xe0) === 0xc0 && c <= 0xc3 && i + 1 < b.length) out[n++] = ((c & 0x1f) << 6) | (b[++i]! & 0x3f);
    else return undefined;
  }
  return out.subarray(0, n);
}

const DATA_FILE_HOOKS: UnpickleHooks = {
  reduce(fn, args) {
    const [text, encoding] = args;
    if (fn.qualifiedName === '_codecs.encode' && text instanceof Utf8Text) {
      if (encoding !== 'latin1' && encoding !== 'latin-1') return text.utf8;
      const bytes = utf8ToLatin1(text.utf8);
      if (bytes === undefined) throw new Error('a str meant as latin1 bytes holds characters above U+00FF');
      return bytes;
    }
    return rebuildNdArray(fn, args);
  },
  build: buildNdArray,
  bytes(kind, raw) {
    // The file's buffer is dropped once its arrays are copied out, so values may share it.
    if (kind === 'bytes') return raw;
    // Python 2 strs read as pickle.load(f, encoding='latin1') does
    if (kind === 'py2str') return raw.length > LONG_PY2_STR ? raw : latin1(raw);
    return raw.length > LONG_TEXT ? new Utf8Text(raw) : utf8.decode(raw);
  },
};

/**
 * Parses one pickle of plain data and numpy arrays (CIFAR's python version, ImageNet16-120's batches): dicts, lists,
 * tuples and sets (as arrays), numbers, strings, bytes, numpy arrays and scalars. `file` only names the source in
 * error messages. Throws an Error naming the file on anything malformed or outside that subset: any other Python
 * object is refused by its module.name.
 */
export function readPickle(buf: Uint8Array, file = '<pickle>'): PyValue {
  try {
    return plainValue(unpickle(buf, 0, DATA_FILE_HOOKS).value);
  } catch (e) {
    throw new Error(`${file}: not a readable pickle: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** The unpickled tree as PyValue: sets become arrays, bytes keys latin1 strings; shared values stay shared. */
function plainValue(root: unknown): PyValue {
  const made = new Map<object, PyValue[] | Map<PyKey, PyValue>>();
  const work: { from: unknown[] | Set<unknown> | Map<unknown, unknown>; to: PyValue[] | Map<PyKey, PyValue>; depth: number }[] = [];
  const visit = (v: unknown, depth: number): PyValue => {
    if (v === null || typeof v === 'boolean' || typeof v === 'number' || typeof v === 'bigint' || typeof v === 'string') return v;
    if (v instanceof Uint8Array || isNdArray(v)) return v;
    if (v instanceof Utf8Text) return utf8.decode(v.utf8);
    if (Array.isArray(v) || v instanceof Set || v instanceof Map) {
      const seen = made.get(v);
      if (seen !== undefined) return seen;
      if (depth > MAX_NESTING) throw new Error(`values nest more than ${MAX_NESTING} levels deep`);
      // Arrays and dicts with plain keys are converted in place: the big ones (labels, file names) are not copied.
      const to = Array.isArray(v) ? (v as PyValue[]) : v instanceof Set ? [] : [...v.keys()].every(isPyKey) ? (v as Map<PyKey, PyValue>) : new Map();
      made.set(v, to);
      work.push({ from: v, to, depth });
      return to;
    }
    const dtype = dtypeString(v);
    if (dtype !== undefined) return dtype;
    const type = v instanceof PyGlobal ? v.qualifiedName : v instanceof PyObject ? v.cls.qualifiedName : typeof v;
    throw new Error(`it holds a Python object of type ${type}; only dicts, lists, numbers, strings and numpy arrays are supported`);
  };
  const out = visit(root, 0);
  for (let job = work.pop(); job !== undefined; job = work.pop()) {
    const { from, to, depth } = job;
    if (Array.isArray(to)) {
      if (Array.isArray(from)) for (let i = 0; i < from.length; i++) to[i] = visit(from[i], depth + 1);
      else for (const x of from.values()) to.push(visit(x, depth + 1));
    } else for (const [k, x] of from as Map<unknown, unknown>) to.set(dictKey(k), visit(x, depth + 1));
  }
  return out;
}

function isPyKey(k: unknown): k is PyKey {
  return k === null || typeof k === 'string' || typeof k === 'number' || typeof k === 'bigint' || typeof k === 'boolean';
}

function dictKey(k: unknown): PyKey {
  if (isPyKey(k)) return k;
  // Keys written by Python 3 with encoding='bytes' conventions (b'data') read like 'data'.
  if (k instanceof Uint8Array) return latin1(k);
  if (k instanceof Utf8Text) return utf8.decode(k.utf8);
  throw new Error('unsupported dict key type (only str, bytes, int, bool and None are)');
}
