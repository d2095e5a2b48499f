// torch.save / torch.load interoperability, both formats:
//   - zip (PyTorch >= 1.6): <archive>/data.pkl pickles the object, tensors reference storages by persistent id
//     ('storage', torch.FloatStorage, key, location, numel) whose bytes are the record <archive>/data/<key>;
//   - legacy (PyTorch <= 1.5, and `_use_new_zipfile_serialization=False`): a stream of pickles, magic number,
//     protocol version, sys_info, the object (persistent ids ('storage', type, root_key, location, numel,
//     view_metadata)), the sorted storage keys, then for each key an int64 element count and the raw bytes.
//     The published DARTS checkpoints (PyTorch 0.3.1) are this format.
// Tensors come back as views on shared storages, as in torch; writing uses the zip format with protocol 2.
import type { DType } from '../tensor/dtype.js';
import { isTensor, type Tensor } from '../tensor/tensor.js';
import { AtomicWriter, CheckpointError, namingFile, type RandomAccessFile, withFile } from './file.js';
import { PersistentId, pickle, PyReduce, PyTuple, unpickle, type Unpickled, type Writable } from './pickle.js';
import { orderedDict, type PickleTree, pyAttributes, PyFloat, PyGlobal, PyObject, setPyAttributes } from './pickle-values.js';
import { loadSafetensors, readSafetensorsHeader } from './safetensors.js';
import { elementSize, releaseStorage, storageBytes, storageFromBytes, storageInfo, viewOfStorage } from './storage.js';
import { ZipReader, ZipWriter } from './zip.js';

const STORAGE_DTYPES: Record<string, DType> = {
  FloatStorage: 'float32',
  DoubleStorage: 'float64',
  HalfStorage: 'float16',
  BFloat16Storage: 'bfloat16',
  LongStorage: 'int64',
  IntStorage: 'int32',
  ShortStorage: 'int16',
  CharStorage: 'int8',
  ByteStorage: 'uint8',
  BoolStorage: 'bool',
  UntypedStorage: 'uint8',
};
const STORAGE_OF: Record<DType, string> = {
  float32: 'FloatStorage',
  float64: 'DoubleStorage',
  float16: 'HalfStorage',
  bfloat16: 'BFloat16Storage',
  int64: 'LongStorage',
  int32: 'IntStorage',
  int16: 'ShortStorage',
  int8: 'CharStorage',
  uint8: 'ByteStorage',
  bool: 'BoolStorage',
};
const TORCH_DTYPES: Record<string, DType> = {
  float32: 'float32',
  float: 'float32',
  float64: 'float64',
  double: 'float64',
  float16: 'float16',
  half: 'float16',
  bfloat16: 'bfloat16',
  int64: 'int64',
  long: 'int64',
  int32: 'int32',
  int: 'int32',
  int16: 'int16',
  short: 'int16',
  int8: 'int8',
  uint8: 'uint8',
  bool: 'bool',
};

/** Bytes that may follow the `{` opening a safetensors header: `"`, `}` or JSON whitespace. */
const SAFETENSORS_SECOND = new Set([0x22, 0x7d, 0x20, 0x09, 0x0a, 0x0d]);

/**
 * The record, under the archive's folder (tsnas writes `archive/`), holding the JSON metadata tsnas saves with a
 * checkpoint. torch.load reads only data.pkl and data/*, so PyTorch ignores it; zipfile reads it.
 */
export const TSNAS_METADATA_RECORD = 'tsnas/meta.json';
/** The `__metadata__` key of a safetensors file that holds tsnas metadata (a JSON string). */
export const TSNAS_SAFETENSORS_METADATA_KEY = 'tsnas';

const LEGACY_MAGIC = 0x1950a86a20f9469cfc6cn;
const LEGACY_PROTOCOL = 1001;

export type CheckpointFormat = 'zip' | 'legacy' | 'safetensors';

export interface LoadOptions {
  /** Device to put every tensor on (default: the CPU, whatever location the file recorded). */
  device?: string;
}

// ----------------------------------------------------------------------------------------------- loading

/** A storage named in the pickle; its bytes are found by key once the whole file is known. */
class StorageRef {
  constructor(
    readonly key: string,
    readonly dtype: DType,
    readonly numel: number,
    /** Legacy storage views (PyTorch <= 0.3): elements [offset, offset+numel) of root `key`. */
    readonly viewOffset = 0,
  ) {}
}

/** A tensor to be made once the storages are read (`_rebuild_tensor*` arguments). */
class TensorSpec {
  constructor(
    readonly storage: StorageRef,
    readonly offset: number,
    readonly size: number[],
    readonly stride: number[],
    readonly requiresGrad: boolean,
    readonly dtype: DType | undefined,
  ) {}
}

function asInts(v: Unpickled, what: string): number[] {
  if (!Array.isArray(v) || !v.every((x) => typeof x === 'number' && Number.isInteger(x))) {
    throw new Error(`${what} must be a tuple of integers, got ${JSON.stringify(v, (_, x: unknown) => (typeof x === 'bigint' ? String(x) : x))}`);
  }
  return v as number[];
}
function asInt(v: Unpickled, what: string): number {
  if (typeof v !== 'number' || !Number.isInteger(v)) throw new Error(`${what} must be an integer`);
  return v;
}

function storageDtype(t: Unpickled): DType {
  if (t instanceof PyGlobal) {
    const d = STORAGE_DTYPES[t.name];
    if (d !== undefined && (t.module === 'torch' || t.module === 'torch.cuda' || t.module === 'torch.storage')) return d;
    throw new Error(`storage type ${t.qualifiedName} is not supported`);
  }
  if (typeof t === 'string') {
    const d = STORAGE_DTYPES[t.replace(/^.*\./, '')];
    if (d !== undefined) return d;
  }
  throw new Error(`unrecognised storage type ${String(t)}`);
}

/** Rebuild functions of every PyTorch version; each yields a TensorSpec (or the value it wraps). */
function torchReduce(fn: PyGlobal, args: Unpickled[]): Unpickled | undefined {
  const q = fn.qualifiedName;
  const spec = (storage: Unpickled, offset: Unpickled, size: Unpickled, stride: Unpickled, requiresGrad: Unpickled, dtype?: DType): TensorSpec => {
    if (!(storage instanceof StorageRef)) throw new Error(`${q}: the first argument is not a storage`);
    return new TensorSpec(
      storage,
      asInt(offset, 'storage offset'),
      asInts(size, 'tensor size'),
      asInts(stride, 'tensor stride'),
      requiresGrad === true,
      dtype,
    );
  };
  switch (q) {
    case 'torch._utils._rebuild_tensor': // PyTorch <= 0.3: (storage, offset, size, stride)
      return spec(args[0], args[1], args[2], args[3], false);
    case 'torch._utils._rebuild_tensor_v2': // (storage, offset, size, stride, requires_grad, hooks[, metadata])
      return spec(args[0], args[1], args[2], args[3], args[4]);
    case 'torch._utils._rebuild_tensor_v3': {
      // (storage, offset, size, stride, requires_grad, hooks, dtype[, metadata])
      const d = args[6];
      const dtype = d instanceof PyGlobal && d.module === 'torch' ? TORCH_DTYPES[d.name] : undefined;
      if (dtype === undefined) throw new Error(`${q}: unsupported dtype ${String(d)}`);
      return spec(args[0], args[1], args[2], args[3], args[4], dtype);
    }
    case 'torch._utils._rebuild_parameter': // (data, requires_grad, hooks)
    case 'torch._utils._rebuild_parameter_with_state': {
      const data = args[0];
      if (!(data instanceof TensorSpec)) throw new Error(`${q}: the data is not a tensor`);
      return new TensorSpec(data.storage, data.offset, data.size, data.stride, args[1] === true, data.dtype);
    }
    case 'torch._tensor._rebuild_from_type_v2': // (func, type, args, state): a tensor subclass
    case 'torch._tensor._rebuild_from_type': {
      const [f, , inner] = args;
      if (f instanceof PyGlobal && Array.isArray(inner)) return torchReduce(f, inner);
      return undefined;
    }
    default:
      return undefined;
  }
}

/** Replaces every TensorSpec in the tree, in place, by a Tensor; returns the new root. */
function materialize(root: Unpickled, make: (s: TensorSpec) => Tensor): PickleTree {
  const seen = new Set<object>();
  const fix = (v: Unpickled): Unpickled => {
    if (v instanceof TensorSpec) return make(v);
    if (v === null || typeof v !== 'object' || seen.has(v)) return v;
    seen.add(v);
    if (Array.isArray(v)) for (let i = 0; i < v.length; i++) v[i] = fix(v[i]);
    else if (v instanceof Map) for (const [k, x] of v) v.set(k, fix(x) as PickleTree);
    else if (v instanceof Set) {
      const items = [...v];
      v.clear();
      for (const x of items) v.add(fix(x) as PickleTree);
    } else if (v instanceof PyObject) {
      v.args = v.args.map((x) => fix(x) as PickleTree);
      if (v.state !== undefined) v.state = fix(v.state) as PickleTree;
      if (v.dictItems) for (const [k, x] of v.dictItems) v.dictItems.set(k, fix(x) as PickleTree);
      if (v.listItems) v.listItems = v.listItems.map((x) => fix(x) as PickleTree);
    }
    if (v instanceof Map) {
      const attrs = pyAttributes(v);
      if (attrs !== undefined) setPyAttributes(v, fix(attrs) as PickleTree);
    }
    return v;
  };
  return fix(root) as PickleTree;
}

/** Walks a loaded tree and calls fn on each tensor. */
function eachTensor(root: PickleTree, fn: (t: Tensor) => void): void {
  const seen = new Set<object>();
  const walk = (v: PickleTree | undefined): void => {
    if (v === null || v === undefined || typeof v !== 'object' || seen.has(v)) return;
    if (isTensor(v)) {
      fn(v);
      return;
    }
    seen.add(v);
    if (Array.isArray(v) || v instanceof Set) for (const x of v) walk(x);
    else if (v instanceof Map) {
      for (const x of v.values()) walk(x);
      walk(pyAttributes(v));
    } else if (v instanceof PyObject) {
      v.args.forEach(walk);
      walk(v.state);
      v.dictItems?.forEach((x) => walk(x));
      v.listItems?.forEach(walk);
    } else if (!(v instanceof Uint8Array) && !(v instanceof PyGlobal) && !(v instanceof PyFloat)) for (const x of Object.values(v)) walk(x);
  };
  walk(root);
}

/** Builds the tensors of `root` from storage bytes, releasing the storage handles afterwards. */
function buildTensors(path: string, root: Unpickled, bytesOf: (s: StorageRef) => Uint8Array, opts: LoadOptions): PickleTree {
  const made: Tensor[] = [];
  // one native storage per (file storage, dtype): `_rebuild_tensor_v3` reads untyped (byte) storages as its dtype
  const handles = new Map<string, number>();
  try {
    const tree = materialize(root, (s) => {
      const st = s.storage;
      const dtype = s.dtype ?? st.dtype;
      if (dtype !== st.dtype && st.dtype !== 'uint8') {
        throw new CheckpointError(path, `a ${dtype} tensor on a ${st.dtype} storage is not supported`);
      }
      const cacheKey = `${st.key}|${dtype}`;
      let handle = handles.get(cacheKey);
      if (handle === undefined) {
        const bytes = bytesOf(st);
        const need = st.numel * elementSize(st.dtype);
        if (bytes.byteLength < need) {
          throw new CheckpointError(
            path,
            `storage "${st.key}" holds ${bytes.byteLength} bytes, ${st.numel} ${st.dtype} elements need ${need} (truncated file?)`,
          );
        }
        const whole = need - (need % elementSize(dtype));
        handle = namingFile(path, `storage "${st.key}"`, () => storageFromBytes(bytes.subarray(0, whole), dtype));
        handles.set(cacheKey, handle);
      }
      const h = handle;
      let t = namingFile(path, `tensor on storage "${st.key}"`, () => viewOfStorage(h, s.size, s.stride, s.offset + st.viewOffset));
      if (opts.device && opts.device !== t.device) {
        const moved = t.to({ device: opts.device });
        t.dispose();
        t = moved;
      }
      if (s.requiresGrad && t.isFloatingPoint) t.requiresGrad_(true);
      made.push(t);
      return t;
    });
    return tree;
  } catch (e) {
    for (const t of made) t.dispose();
    throw e;
  } finally {
    for (const h of handles.values()) releaseStorage(h);
  }
}

function loadZip(f: RandomAccessFile, opts: LoadOptions): PickleTree {
  const zip = new ZipReader(f);
  const pkl = [...zip.entries.keys()].find((n) => /^([^/]*\/)?data\.pkl$/.test(n));
  if (pkl === undefined) {
    throw new CheckpointError(
      f.path,
      `zip archive without a data.pkl record: not a torch.save file (records: ${[...zip.entries.keys()].slice(0, 5).join(', ')})`,
    );
  }
  const prefix = pkl.slice(0, pkl.length - 'data.pkl'.length);
  for (const name of [`${prefix}byteorder`, `${prefix}.data/byteorder`]) {
    if (zip.has(name)) {
      const order = zip.read(name).toString('latin1').trim();
      if (order !== 'little') throw new CheckpointError(f.path, `big-endian checkpoints are not supported (byteorder "${order}")`);
    }
  }
  const data = zip.read(pkl);
  const root = namingFile(
    f.path,
    'reading data.pkl',
    () =>
      unpickle(data, 0, {
        persistentLoad(pid) {
          if (!Array.isArray(pid) || pid[0] !== 'storage') throw new Error(`unsupported persistent id ${String(pid)}`);
          const [, type, key, , numel] = pid;
          return new StorageRef(String(key), storageDtype(type), asInt(numel, 'storage size'));
        },
        reduce: torchReduce,
      }).value,
  );
  return buildTensors(f.path, root, (s) => zip.read(`${prefix}data/${s.key}`), opts);
}

function loadLegacy(path: string, buf: Uint8Array, opts: LoadOptions): PickleTree {
  let pos = 0;
  const next = (what: string): Unpickled => {
    const r = namingFile(path, `reading the ${what}`, () => unpickle(buf, pos));
    pos = r.end;
    return r.value;
  };
  const magic = next('magic number');
  if (magic !== LEGACY_MAGIC) {
    throw new CheckpointError(path, 'not a torch checkpoint: a pickle, but not one torch.save wrote (bad magic number)');
  }
  const protocol = next('protocol version');
  if (protocol !== LEGACY_PROTOCOL)
    throw new CheckpointError(path, `legacy torch format version ${String(protocol)} is not supported (expected ${LEGACY_PROTOCOL})`);
  const sysInfo = next('sys_info');
  if (sysInfo instanceof Map && sysInfo.get('little_endian') === false) {
    throw new CheckpointError(path, 'big-endian checkpoints are not supported');
  }
  const roots = new Map<string, StorageRef>();
  const views = new Map<string, StorageRef>();
  const objRes = namingFile(path, 'reading the pickled object', () =>
    unpickle(buf, pos, {
      persistentLoad(pid) {
        if (!Array.isArray(pid)) throw new Error(`unsupported persistent id ${String(pid)}`);
        if (pid[0] === 'module') return pid[1];
        if (pid[0] !== 'storage') throw new Error(`unsupported persistent id type ${String(pid[0])}`);
        const [, type, rootKey, , numel, view] = pid;
        const key = String(rootKey);
        let root = roots.get(key);
        if (root === undefined) {
          root = new StorageRef(key, storageDtype(type), asInt(numel, 'storage size'));
          roots.set(key, root);
        }
        if (view === null || view === undefined) return root;
        if (!Array.isArray(view) || view.length !== 3) throw new Error('bad storage view metadata');
        const viewKey = String(view[0]);
        let v = views.get(viewKey);
        if (v === undefined) {
          v = new StorageRef(key, root.dtype, root.numel, asInt(view[1], 'storage view offset'));
          views.set(viewKey, v);
        }
        return v;
      },
      reduce: torchReduce,
    }),
  );
  pos = objRes.end;
  const keys = next('storage keys');
  if (!Array.isArray(keys)) throw new CheckpointError(path, 'legacy torch file: the storage key list is missing');
  const data = new Map<string, Uint8Array>();
  const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  for (const k of keys) {
    const key = String(k);
    const root = roots.get(key);
    if (root === undefined) throw new CheckpointError(path, `legacy torch file lists storage "${key}" that no tensor uses`);
    if (pos + 8 > buf.byteLength) throw new CheckpointError(path, `truncated file: storage "${key}" is missing`);
    const numel = Number(dv.getBigInt64(pos, true));
    pos += 8;
    if (numel !== root.numel) {
      throw new CheckpointError(path, `storage "${key}" holds ${numel} elements but the pickle says ${root.numel}`);
    }
    const n = numel * elementSize(root.dtype);
    if (pos + n > buf.byteLength) {
      throw new CheckpointError(path, `truncated file: storage "${key}" needs ${n} bytes at ${pos}, the file has ${buf.byteLength}`);
    }
    data.set(key, buf.subarray(pos, pos + n));
    pos += n;
  }
  return buildTensors(
    path,
    objRes.value,
    (s) => {
      const d = data.get(s.key);
      if (d === undefined) throw new CheckpointError(path, `storage "${s.key}" has no data in the file`);
      return d;
    },
    opts,
  );
}

/** Which checkpoint format a file is, from its first bytes; undefined when none fits. */
export function detectCheckpointFormat(path: string): CheckpointFormat | undefined {
  return withFile(path, (f) => {
    if (f.size < 2) return undefined;
    const head = f.read(0, Math.min(16, f.size), 'the file header');
    if (head[0] === 0x80 && head[1]! >= 2 && head[1]! <= 5) return 'legacy';
    if (f.size < 8) return undefined;
    if (head.readUInt32LE(0) === 0x04034b50) return 'zip';
    // safetensors: u64 header length, then the JSON header `{"...` (or `{}`). The length is not checked against
    // the file size here, so that a truncated file or a damaged length gets safetensors' precise error.
    const n = head.readBigUInt64LE(0);
    if (n > 0n && f.size >= 10 && head[8] === 0x7b && SAFETENSORS_SECOND.has(head[9]!)) return 'safetensors';
    return undefined;
  });
}

/**
 * torch.load: the object a torch.save file holds, tensors as Tensor (views share storages as in torch), dicts
 * as Map (OrderedDicts keep their `_metadata`: see pyAttributes), lists and tuples as arrays, unknown Python
 * objects as PyObject. Reads both the zip format and the legacy one (PyTorch <= 1.5, including 0.3 files).
 */
export function loadTorchCheckpoint(path: string, opts: LoadOptions = {}): PickleTree {
  const format = detectCheckpointFormat(path);
  if (format === 'zip') return withFile(path, (f) => loadZip(f, opts));
  if (format === 'legacy') {
    const buf = withFile(path, (f) => f.read(0, f.size, 'the checkpoint'));
    return loadLegacy(path, buf, opts);
  }
  if (format === 'safetensors') {
    throw new CheckpointError(path, 'this is a safetensors file, not a torch.save checkpoint: use loadSafetensors or loadStateDict');
  }
  throw new CheckpointError(path, 'not a torch checkpoint: expected a zip archive (torch.save, PyTorch >= 1.6) or a legacy torch.save pickle stream');
}

export interface LoadStateDictOptions extends LoadOptions {
  /** Key of the state dict inside a checkpoint dict (default: "state_dict"); ignored for a raw state dict. */
  key?: string;
  /** Prefix removed from every key when all keys carry it (default "module.", as DataParallel adds); false keeps keys. */
  stripPrefix?: string | false;
}

function tensorEntries(v: PickleTree | undefined): [string, Tensor][] | undefined {
  if (!(v instanceof Map) || v.size === 0) return undefined;
  const out: [string, Tensor][] = [];
  for (const [k, x] of v) {
    if (typeof k !== 'string' || !isTensor(x)) return undefined;
    out.push([k, x]);
  }
  return out;
}

function describeTree(v: PickleTree): string {
  if (v instanceof Map) {
    const keys = [...v.keys()].slice(0, 12).map((k) => JSON.stringify(typeof k === 'bigint' ? String(k) : k));
    const bad = [...v.entries()]
      .filter(([, x]) => !isTensor(x))
      .slice(0, 5)
      .map(([k]) => String(k));
    return (
      `a dict with keys [${keys.join(', ')}${v.size > 12 ? ', ...' : ''}]` +
      (bad.length && bad.length < v.size ? ` (not tensors: ${bad.join(', ')})` : '')
    );
  }
  if (Array.isArray(v)) return `a list of ${v.length}`;
  if (v instanceof PyObject) return `a ${v.cls.qualifiedName} object (a pickled module? save its state_dict() instead)`;
  return v === null ? 'None' : typeof v;
}

/**
 * A model's parameters and buffers by name, from a raw state_dict file (torch zip or legacy format, or
 * safetensors) or from a checkpoint dict holding one under `key` (default "state_dict"). Strips a "module."
 * prefix (DataParallel). Tensors of the checkpoint that are not returned are freed.
 */
export function loadStateDict(path: string, opts: LoadStateDictOptions = {}): Map<string, Tensor> {
  const strip = opts.stripPrefix === undefined ? 'module.' : opts.stripPrefix;
  let entries: [string, Tensor][];
  if (detectCheckpointFormat(path) === 'safetensors') {
    entries = [...loadSafetensors(path, { device: opts.device })];
  } else {
    const tree = loadTorchCheckpoint(path, opts);
    const key = opts.key ?? 'state_dict';
    let found = opts.key === undefined ? tensorEntries(tree) : undefined;
    if (found === undefined && tree instanceof Map && tree.has(key)) {
      found = tensorEntries(tree.get(key));
      if (found === undefined) {
        eachTensor(tree, (t) => t.dispose());
        throw new CheckpointError(path, `"${key}" is ${describeTree(tree.get(key)!)}, expected a dict of tensors (a state_dict)`);
      }
    }
    if (found === undefined) {
      eachTensor(tree, (t) => t.dispose());
      const hint = opts.key === undefined ? ` or a dict holding one under "state_dict" (pass { key } for another name)` : ` under key "${key}"`;
      throw new CheckpointError(path, `expected a state_dict (a dict of name -> tensor)${hint}; found ${describeTree(tree)}`);
    }
    const keep = new Set(found.map(([, t]) => t));
    eachTensor(tree, (t) => {
      if (!keep.has(t)) t.dispose();
    });
    entries = found;
  }
  if (strip && entries.length > 0 && entries.every(([k]) => k.startsWith(strip))) {
    entries = entries.map(([k, t]) => [k.slice(strip.length), t]);
  }
  return new Map(entries);
}

// ----------------------------------------------------------------------------------------------- saving

/** JSON-able metadata saved with a checkpoint (readTorchMetadata reads it back). */
export type CheckpointMetadata = Record<string, unknown>;

export interface SaveOptions {
  /** Internal: write zip64 records even for small files (tests). */
  forceZip64?: boolean;
  /**
   * A JSON object stored in the archive as the record `archive/tsnas/meta.json` (torch.load ignores it): what the
   * weights belong to, e.g. networkMetadata() of train/arch.ts. Read back with readTorchMetadata.
   */
  metadata?: CheckpointMetadata;
}

function metadataBytes(path: string, metadata: CheckpointMetadata): Buffer {
  if (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata)) {
    throw new CheckpointError(path, 'the checkpoint metadata must be a JSON object');
  }
  let json: string;
  try {
    json = JSON.stringify(metadata);
  } catch (e) {
    throw new CheckpointError(path, `the checkpoint metadata is not JSON-able: ${(e as Error).message}`, { cause: e });
  }
  return Buffer.from(json + '\n', 'utf8');
}

function writeZipCheckpoint(path: string, value: PickleTree, opts: SaveOptions): void {
  interface Stored {
    key: string;
    tensor: Tensor;
    dtype: DType;
    numel: number;
    location: string;
  }
  const storages = new Map<string, Stored>();
  const replace = (v: Writable): Writable => {
    if (!isTensor(v)) return v;
    const info = storageInfo(v);
    let s = storages.get(info.key);
    if (s === undefined) {
      s = { key: String(storages.size), tensor: v, dtype: info.dtype, numel: info.numel, location: info.device };
      storages.set(info.key, s);
    }
    const storage = new PersistentId(new PyTuple(['storage', new PyGlobal('torch', STORAGE_OF[info.dtype]), s.key, s.location, s.numel]));
    return new PyReduce(new PyGlobal('torch._utils', '_rebuild_tensor_v2'), [
      storage,
      info.offset,
      new PyTuple(info.sizes),
      new PyTuple(info.strides),
      v.requiresGrad,
      orderedDict(),
    ]);
  };
  const meta = opts.metadata === undefined ? undefined : metadataBytes(path, opts.metadata);
  const data = namingFile(path, 'pickling', () => pickle(value, { replace }));
  const w = new AtomicWriter(path);
  try {
    const zip = new ZipWriter(w, opts.forceZip64);
    zip.add('archive/data.pkl', data);
    zip.add('archive/byteorder', Buffer.from('little'));
    for (const s of storages.values()) zip.add(`archive/data/${s.key}`, storageBytes(s.tensor));
    zip.add('archive/version', Buffer.from('3\n'));
    if (meta !== undefined) zip.add(`archive/${TSNAS_METADATA_RECORD}`, meta);
    zip.finish();
    w.commit();
  } catch (e) {
    w.abort();
    if (e instanceof CheckpointError) throw e;
    throw new CheckpointError(path, `writing the checkpoint failed: ${(e as Error).message}`, { cause: e });
  }
}

/**
 * torch.save(state_dict): an OrderedDict of tensors (storage sharing kept), readable by Python's torch.load and
 * model.load_state_dict. A Map loaded by loadTorchCheckpoint keeps its `_metadata`. Written atomically.
 */
export function saveTorchStateDict(path: string, stateDict: Map<string, Tensor> | Record<string, Tensor>, opts: SaveOptions = {}): void {
  const entries = stateDict instanceof Map ? [...stateDict.entries()] : Object.entries(stateDict);
  for (const [k, t] of entries) {
    if (!isTensor(t)) throw new CheckpointError(path, `state_dict entry "${k}" is not a tensor`);
  }
  const od = orderedDict(entries);
  if (stateDict instanceof Map) {
    const attrs = pyAttributes(stateDict as Map<PickleTree, PickleTree>);
    if (attrs !== undefined) setPyAttributes(od, attrs);
  }
  writeZipCheckpoint(path, od, opts);
}

/**
 * torch.save(obj) for any PickleTree: plain objects and Maps become dicts (OrderedDict for Maps made with
 * orderedDict() or loaded as one), arrays lists, integral numbers ints (wrap in PyFloat to force a float),
 * tensors tensors. e.g. `{ epoch: 3, state_dict: sd, optimizer: {...} }`. Written atomically.
 */
export function saveTorchCheckpoint(path: string, tree: PickleTree, opts: SaveOptions = {}): void {
  writeZipCheckpoint(path, tree, opts);
}

/**
 * The metadata tsnas saved with a checkpoint (SaveOptions.metadata): the JSON object of the zip record
 * `<archive>/tsnas/meta.json`, or of a safetensors file's `__metadata__.tsnas`. Undefined for a file without it
 * (PyTorch's own checkpoints, legacy-format files). Reads only the zip directory and that record (CRC-checked).
 */
export function readTorchMetadata(path: string): CheckpointMetadata | undefined {
  const format = detectCheckpointFormat(path);
  let json: string | undefined;
  let where: string;
  if (format === 'zip') {
    where = `record ${TSNAS_METADATA_RECORD}`;
    json = withFile(path, (f) => {
      const zip = new ZipReader(f);
      const pkl = [...zip.entries.keys()].find((n) => /^([^/]*\/)?data\.pkl$/.test(n));
      const name = `${pkl === undefined ? '' : pkl.slice(0, pkl.length - 'data.pkl'.length)}${TSNAS_METADATA_RECORD}`;
      return zip.has(name) ? zip.read(name).toString('utf8') : undefined;
    });
  } else if (format === 'safetensors') {
    where = `safetensors __metadata__.${TSNAS_SAFETENSORS_METADATA_KEY}`;
    json = readSafetensorsHeader(path).metadata[TSNAS_SAFETENSORS_METADATA_KEY];
  } else if (format === 'legacy') {
    return undefined;
  } else {
    throw new CheckpointError(
      path,
      'not a torch checkpoint: expected a zip archive (torch.save, PyTorch >= 1.6), a legacy torch.save pickle stream or a safetensors file',
    );
  }
  if (json === undefined) return undefined;
  let v: unknown;
  try {
    v = JSON.parse(json);
  } catch (e) {
    throw new CheckpointError(path, `the checkpoint is corrupt: ${where} is not valid JSON (${(e as Error).message})`, { cause: e });
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new CheckpointError(path, `${where} is not a JSON object`);
  return v as CheckpointMetadata;
}
