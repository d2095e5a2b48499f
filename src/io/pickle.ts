// A Python pickle reader (protocols 0-5) and a protocol-2 writer, enough for torch checkpoints of every
// PyTorch version: the zip format's data.pkl and the legacy (pre-1.6) stream of pickles.
//
// Python values map to PickleTree: None -> null, bool, int -> number (bigint beyond 2^53), float -> number,
// str -> string, bytes -> Uint8Array, list / tuple -> array, dict / OrderedDict -> Map, set -> Set, tensors ->
// Tensor (made by the torch loader), anything else -> PyObject (class name, constructor args, state), class or
// function references -> PyGlobal. An OrderedDict's attributes (a state_dict's `_metadata`) are kept aside and
// written back: see pyAttributes().
import type { Tensor } from '../tensor/tensor.js';

/** A reference to a Python class or function, `module.name` (e.g. `torch.float32`). */
export class PyGlobal {
  constructor(readonly module: string, readonly name: string) {}
  get qualifiedName(): string { return `${this.module}.${this.name}`; }
  toString(): string { return this.qualifiedName; }
}

/** An instance of a Python class tsnas has no mapping for, kept as what the pickle said to build it. */
export class PyObject {
  /** Items set with obj[key] = value (SETITEMS on the object). */
  dictItems: Map<PickleTree, PickleTree> | undefined;
  /** Items appended (APPENDS on the object). */
  listItems: PickleTree[] | undefined;
  constructor(readonly cls: PyGlobal, public args: PickleTree[], public state?: PickleTree) {}
  toString(): string { return `${this.cls.qualifiedName}(...)`; }
}

/**
 * A Python float even when integral: integral JS numbers are written as Python ints (`epoch: 3`), so wrap a
 * value that must stay a float (`best_acc: new PyFloat(97)`). Loading never produces it.
 */
export class PyFloat {
  constructor(readonly value: number) {}
}

export type PickleTree =
  | null | boolean | number | bigint | string | Uint8Array | Tensor | PyGlobal | PyObject | PyFloat
  | PickleTree[] | Set<PickleTree> | Map<PickleTree, PickleTree> | { [key: string]: PickleTree };

interface DictExtras { ordered: boolean; state?: PickleTree }
const dictExtras = new WeakMap<Map<PickleTree, PickleTree>, DictExtras>();

/** A Map that saves as `collections.OrderedDict` (what `state_dict()` returns in Python). */
export function orderedDict(entries?: Iterable<readonly [PickleTree, PickleTree]>): Map<PickleTree, PickleTree> {
  const m = new Map<PickleTree, PickleTree>(entries as Iterable<[PickleTree, PickleTree]> | undefined);
  dictExtras.set(m, { ordered: true });
  return m;
}
export function isOrderedDict(m: Map<PickleTree, PickleTree>): boolean {
  return dictExtras.get(m)?.ordered ?? false;
}
/** The attributes a pickled dict carried (for a state_dict: Map { '_metadata' => Map { module => {version} } }). */
export function pyAttributes(m: Map<PickleTree, PickleTree>): PickleTree | undefined {
  return dictExtras.get(m)?.state;
}
export function setPyAttributes(m: Map<PickleTree, PickleTree>, state: PickleTree | undefined, ordered = true): void {
  dictExtras.set(m, { ordered: dictExtras.get(m)?.ordered ?? ordered, state });
}

// ------------------------------------------------------------------------------------------------ reading

/** Stack values: PickleTree plus the loader's own placeholders (storages, tensors-to-be). */
export type Unpickled = unknown;

export interface UnpickleHooks {
  /** BINPERSID / PERSID: the object a persistent id stands for. */
  persistentLoad?(pid: Unpickled): Unpickled;
  /** REDUCE of a global: return `undefined` to let the default mapping (or a PyObject) handle it. */
  reduce?(fn: PyGlobal, args: Unpickled[]): Unpickled | undefined;
}

class Reader {
  pos: number;
  constructor(readonly buf: Uint8Array, start: number, readonly dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength)) {
    this.pos = start;
  }
  need(n: number): void {
    if (this.pos + n > this.buf.byteLength) {
      throw new Error(`pickle data truncated at byte ${this.pos} (needs ${n} more, ${this.buf.byteLength - this.pos} left)`);
    }
  }
  u8(): number { this.need(1); return this.buf[this.pos++]!; }
  u16(): number { this.need(2); const v = this.dv.getUint16(this.pos, true); this.pos += 2; return v; }
  i32(): number { this.need(4); const v = this.dv.getInt32(this.pos, true); this.pos += 4; return v; }
  u32(): number { this.need(4); const v = this.dv.getUint32(this.pos, true); this.pos += 4; return v; }
  u64(): number {
    this.need(8);
    const v = this.dv.getBigUint64(this.pos, true);
    this.pos += 8;
    if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw new Error(`pickle length ${v} is too large`);
    return Number(v);
  }
  f64be(): number { this.need(8); const v = this.dv.getFloat64(this.pos, false); this.pos += 8; return v; }
  bytes(n: number): Uint8Array { this.need(n); const b = this.buf.subarray(this.pos, this.pos + n); this.pos += n; return b; }
  line(): string {
    const start = this.pos;
    while (this.pos < this.buf.byteLength && this.buf[this.pos] !== 0x0a) this.pos++;
    if (this.pos >= this.buf.byteLength) throw new Error(`pickle data truncated: unterminated line at byte ${start}`);
    const s = Buffer.from(this.buf.buffer, this.buf.byteOffset + start, this.pos - start).toString('latin1');
    this.pos++;
    return s;
  }
}

const utf8 = (b: Uint8Array): string => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('utf8');

/** Little-endian two's-complement integer of LONG1 / LONG4. */
function decodeLong(b: Uint8Array): number | bigint {
  if (b.byteLength === 0) return 0;
  let v = 0n;
  for (let i = b.byteLength - 1; i >= 0; i--) v = (v << 8n) | BigInt(b[i]!);
  if (b[b.byteLength - 1]! & 0x80) v -= 1n << BigInt(8 * b.byteLength);
  return narrow(v);
}

function narrow(v: bigint): number | bigint {
  return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
}

/** Python's repr of a str / bytes literal (protocol 0 STRING): quotes and the common escapes. */
function unquote(s: string): string {
  const q = s[0];
  if ((q !== "'" && q !== '"') || s[s.length - 1] !== q) throw new Error(`pickle STRING is not quoted: ${s}`);
  return s.slice(1, -1).replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|[\\'"nrt0])/g, (_, e: string) => {
    switch (e[0]) {
      case 'x': case 'u': return String.fromCharCode(parseInt(e.slice(1), 16));
      case 'n': return '\n';
      case 'r': return '\r';
      case 't': return '\t';
      case '0': return '\0';
      default: return e;
    }
  });
}

function isMap(v: unknown): v is Map<PickleTree, PickleTree> {
  return v instanceof Map;
}

const NUMPY_DTYPES: Record<string, (dv: DataView, le: boolean) => number | boolean | bigint> = {
  f8: (dv, le) => dv.getFloat64(0, le), f4: (dv, le) => dv.getFloat32(0, le),
  i8: (dv, le) => narrow(dv.getBigInt64(0, le)), i4: (dv, le) => dv.getInt32(0, le), i2: (dv, le) => dv.getInt16(0, le),
  i1: (dv) => dv.getInt8(0), u8: (dv, le) => narrow(dv.getBigUint64(0, le)), u4: (dv, le) => dv.getUint32(0, le),
  u2: (dv, le) => dv.getUint16(0, le), u1: (dv) => dv.getUint8(0), b1: (dv) => dv.getUint8(0) !== 0,
};

/** numpy.core.multiarray.scalar(dtype, bytes): checkpoints often hold `best_acc` etc. as numpy scalars. */
function numpyScalar(args: Unpickled[]): Unpickled | undefined {
  const [dtype, raw] = args;
  if (!(dtype instanceof PyObject) || !(raw instanceof Uint8Array && raw.byteLength > 0)) return undefined;
  const code = dtype.args[0];
  if (typeof code !== 'string') return undefined;
  const read = NUMPY_DTYPES[code];
  if (read === undefined) return undefined;
  const order = Array.isArray(dtype.state) ? dtype.state[1] : '<';
  const copy = raw.slice();
  return read(new DataView(copy.buffer), order !== '>');
}

function defaultReduce(fn: PyGlobal, args: Unpickled[]): Unpickled {
  switch (fn.qualifiedName) {
    case 'collections.OrderedDict': {
      const m = orderedDict();
      if (Array.isArray(args[0])) for (const kv of args[0] as Unpickled[]) {
        if (Array.isArray(kv) && kv.length === 2) m.set(kv[0] as PickleTree, kv[1] as PickleTree);
      }
      return m;
    }
    case 'builtins.dict': case '__builtin__.dict': return new Map();
    case 'collections.defaultdict': return new Map();
    case 'builtins.set': case '__builtin__.set': case 'builtins.frozenset': case '__builtin__.frozenset':
      return new Set(Array.isArray(args[0]) ? (args[0] as PickleTree[]) : []);
    case 'builtins.list': case '__builtin__.list': case 'builtins.tuple': case '__builtin__.tuple':
      return Array.isArray(args[0]) ? [...(args[0] as PickleTree[])] : [];
    case 'builtins.bytearray': case '__builtin__.bytearray': case 'builtins.bytes': case '__builtin__.bytes':
      if (args[0] instanceof Uint8Array) return args[0];
      if (typeof args[0] === 'string') return Uint8Array.from(Buffer.from(args[0], 'latin1'));
      if (args.length === 0) return new Uint8Array(0);
      break;
    case '_codecs.encode':
      // Python 3 protocol-2 bytes: _codecs.encode(latin-1 text, 'latin1')
      if (typeof args[0] === 'string') {
        const enc = typeof args[1] === 'string' ? args[1].toLowerCase().replace(/[-_]/g, '') : 'utf8';
        return Uint8Array.from(Buffer.from(args[0], enc === 'latin1' || enc === 'iso88591' ? 'latin1' : 'utf8'));
      }
      break;
    case 'torch.Size':
      return Array.isArray(args[0]) ? [...(args[0] as PickleTree[])] : [];
    case 'numpy.core.multiarray.scalar': case 'numpy._core.multiarray.scalar': {
      const v = numpyScalar(args);
      if (v !== undefined) return v;
      break;
    }
    default: break;
  }
  return new PyObject(fn, args as PickleTree[]);
}

/**
 * Runs one pickle starting at `start`; returns the value and the offset after its STOP.
 * Values of unknown classes become PyObject; nothing is ever executed.
 */
export function unpickle(buf: Uint8Array, start = 0, hooks: UnpickleHooks = {}): { value: Unpickled; end: number } {
  const r = new Reader(buf, start);
  const stack: Unpickled[] = [];
  const marks: number[] = [];
  const memo = new Map<number, Unpickled>();
  const pop = (): Unpickled => {
    if (stack.length === 0 || (marks.length > 0 && stack.length <= marks[marks.length - 1]!)) throw new Error('pickle stack underflow');
    return stack.pop();
  };
  const top = (): Unpickled => {
    if (stack.length === 0) throw new Error('pickle stack underflow');
    return stack[stack.length - 1];
  };
  const popMark = (): Unpickled[] => {
    const m = marks.pop();
    if (m === undefined) throw new Error('pickle MARK expected');
    return stack.splice(m);
  };
  const reduce = (fn: Unpickled, args: Unpickled[]): Unpickled => {
    if (!(fn instanceof PyGlobal)) {
      if (fn instanceof PyObject) return new PyObject(fn.cls, args as PickleTree[]);
      throw new Error(`pickle REDUCE of a non-callable ${typeof fn}`);
    }
    const custom = hooks.reduce?.(fn, args);
    return custom !== undefined ? custom : defaultReduce(fn, args);
  };
  const setItems = (target: Unpickled, items: Unpickled[]): void => {
    if (items.length % 2 !== 0) throw new Error('pickle SETITEMS with an odd number of items');
    let m: Map<PickleTree, PickleTree>;
    if (isMap(target)) m = target;
    else if (target instanceof PyObject) m = target.dictItems ??= new Map();
    else throw new Error(`pickle SETITEMS on a ${describe(target)}`);
    for (let i = 0; i < items.length; i += 2) m.set(items[i] as PickleTree, items[i + 1] as PickleTree);
  };
  const appendItems = (target: Unpickled, items: Unpickled[]): void => {
    if (Array.isArray(target)) target.push(...items);
    else if (target instanceof Set) for (const v of items) target.add(v as PickleTree);
    else if (target instanceof PyObject) (target.listItems ??= []).push(...(items as PickleTree[]));
    else throw new Error(`pickle APPENDS on a ${describe(target)}`);
  };
  const build = (target: Unpickled, state: Unpickled): void => {
    if (isMap(target)) setPyAttributes(target, state as PickleTree);
    else if (target instanceof PyObject) {
      if (target.state instanceof Map && state instanceof Map) for (const [k, v] of state) target.state.set(k, v);
      else target.state = state as PickleTree;
    }
    // BUILD on anything else (e.g. a tensor's python attributes) carries nothing tsnas keeps.
  };

  for (;;) {
    const at = r.pos;
    const op = r.u8();
    switch (op) {
      case 0x80: { // PROTO
        const p = r.u8();
        if (p > 5) throw new Error(`pickle protocol ${p} is newer than 5`);
        break;
      }
      case 0x95: r.u64(); break; // FRAME: framing is transparent when the whole pickle is in memory
      case 0x2e: // STOP
        return { value: pop(), end: r.pos };
      case 0x28: marks.push(stack.length); break; // MARK
      case 0x30: pop(); break; // POP
      case 0x31: popMark(); break; // POP_MARK
      case 0x32: stack.push(top()); break; // DUP
      case 0x4e: stack.push(null); break; // NONE
      case 0x88: stack.push(true); break; // NEWTRUE
      case 0x89: stack.push(false); break; // NEWFALSE
      case 0x4a: stack.push(r.i32()); break; // BININT
      case 0x4b: stack.push(r.u8()); break; // BININT1
      case 0x4d: stack.push(r.u16()); break; // BININT2
      case 0x8a: stack.push(decodeLong(r.bytes(r.u8()))); break; // LONG1
      case 0x8b: { // LONG4
        const n = r.i32();
        if (n < 0) throw new Error('pickle LONG4 with a negative length');
        stack.push(decodeLong(r.bytes(n)));
        break;
      }
      case 0x49: { // INT (text); I01 / I00 are True / False
        const s = r.line();
        if (s === '01') stack.push(true);
        else if (s === '00') stack.push(false);
        else stack.push(narrow(BigInt(s)));
        break;
      }
      case 0x4c: stack.push(narrow(BigInt(r.line().replace(/L$/, '')))); break; // LONG (text)
      case 0x46: stack.push(parseFloat(r.line())); break; // FLOAT (text)
      case 0x47: stack.push(r.f64be()); break; // BINFLOAT
      case 0x58: stack.push(utf8(r.bytes(r.u32()))); break; // BINUNICODE
      case 0x8c: stack.push(utf8(r.bytes(r.u8()))); break; // SHORT_BINUNICODE
      case 0x8d: stack.push(utf8(r.bytes(r.u64()))); break; // BINUNICODE8
      case 0x56: // UNICODE (protocol 0): raw-unicode-escape, bytes < 0x100 as is
        stack.push(r.line().replace(/\\u([0-9a-fA-F]{4})|\\U([0-9a-fA-F]{8})/g,
          (_, h4: string | undefined, h8: string | undefined) => String.fromCodePoint(parseInt(h4 ?? h8!, 16))));
        break;
      case 0x54: { // BINSTRING (python 2 str): decoded as torch.load does, utf-8
        const n = r.i32();
        if (n < 0) throw new Error('pickle BINSTRING with a negative length');
        stack.push(utf8(r.bytes(n)));
        break;
      }
      case 0x55: stack.push(utf8(r.bytes(r.u8()))); break; // SHORT_BINSTRING
      case 0x53: stack.push(unquote(r.line())); break; // STRING (text)
      case 0x42: stack.push(r.bytes(r.u32()).slice()); break; // BINBYTES
      case 0x43: stack.push(r.bytes(r.u8()).slice()); break; // SHORT_BINBYTES
      case 0x8e: stack.push(r.bytes(r.u64()).slice()); break; // BINBYTES8
      case 0x96: stack.push(r.bytes(r.u64()).slice()); break; // BYTEARRAY8
      case 0x29: stack.push([]); break; // EMPTY_TUPLE
      case 0x85: stack.push([pop()]); break; // TUPLE1
      case 0x86: { const b = pop(); const a = pop(); stack.push([a, b]); break; } // TUPLE2
      case 0x87: { const c = pop(); const b = pop(); const a = pop(); stack.push([a, b, c]); break; } // TUPLE3
      case 0x74: stack.push(popMark()); break; // TUPLE
      case 0x5d: stack.push([]); break; // EMPTY_LIST
      case 0x6c: stack.push(popMark()); break; // LIST
      case 0x7d: stack.push(new Map()); break; // EMPTY_DICT
      case 0x64: { const m = new Map(); setItems(m, popMark()); stack.push(m); break; } // DICT
      case 0x8f: stack.push(new Set()); break; // EMPTY_SET
      case 0x91: stack.push(new Set(popMark() as PickleTree[])); break; // FROZENSET
      case 0x90: { const items = popMark(); appendItems(top(), items); break; } // ADDITEMS
      case 0x61: { const v = pop(); appendItems(top(), [v]); break; } // APPEND
      case 0x65: { const items = popMark(); appendItems(top(), items); break; } // APPENDS
      case 0x73: { const v = pop(); const k = pop(); setItems(top(), [k, v]); break; } // SETITEM
      case 0x75: { const items = popMark(); setItems(top(), items); break; } // SETITEMS
      case 0x71: memo.set(r.u8(), top()); break; // BINPUT
      case 0x72: memo.set(r.u32(), top()); break; // LONG_BINPUT
      case 0x70: memo.set(Number(r.line()), top()); break; // PUT
      case 0x94: memo.set(memo.size, top()); break; // MEMOIZE
      case 0x68: case 0x6a: case 0x67: { // BINGET, LONG_BINGET, GET
        const k = op === 0x68 ? r.u8() : op === 0x6a ? r.u32() : Number(r.line());
        if (!memo.has(k)) throw new Error(`pickle memo key ${k} is missing`);
        stack.push(memo.get(k));
        break;
      }
      case 0x63: { const module = r.line(); const name = r.line(); stack.push(new PyGlobal(module, name)); break; } // GLOBAL
      case 0x93: { // STACK_GLOBAL
        const name = pop();
        const module = pop();
        if (typeof module !== 'string' || typeof name !== 'string') throw new Error('pickle STACK_GLOBAL needs two strings');
        stack.push(new PyGlobal(module, name));
        break;
      }
      case 0x52: { // REDUCE
        const args = pop();
        const fn = pop();
        if (!Array.isArray(args)) throw new Error('pickle REDUCE arguments must be a tuple');
        stack.push(reduce(fn, args));
        break;
      }
      case 0x81: { // NEWOBJ: cls.__new__(cls, *args)
        const args = pop();
        const cls = pop();
        if (!(cls instanceof PyGlobal) || !Array.isArray(args)) throw new Error('pickle NEWOBJ needs a class and a tuple');
        stack.push(newObject(cls, args));
        break;
      }
      case 0x92: { // NEWOBJ_EX
        pop();
        const args = pop();
        const cls = pop();
        if (!(cls instanceof PyGlobal) || !Array.isArray(args)) throw new Error('pickle NEWOBJ_EX needs a class and a tuple');
        stack.push(newObject(cls, args));
        break;
      }
      case 0x69: { // INST
        const module = r.line();
        const name = r.line();
        stack.push(newObject(new PyGlobal(module, name), popMark()));
        break;
      }
      case 0x6f: { // OBJ
        const items = popMark();
        const cls = items.shift();
        if (!(cls instanceof PyGlobal)) throw new Error('pickle OBJ needs a class');
        stack.push(newObject(cls, items));
        break;
      }
      case 0x62: { const state = pop(); build(top(), state); break; } // BUILD
      case 0x51: { // BINPERSID
        const pid = pop();
        if (!hooks.persistentLoad) throw new Error('pickle has a persistent id but no loader was given');
        stack.push(hooks.persistentLoad(pid));
        break;
      }
      case 0x50: { // PERSID
        const pid = r.line();
        if (!hooks.persistentLoad) throw new Error('pickle has a persistent id but no loader was given');
        stack.push(hooks.persistentLoad(pid));
        break;
      }
      case 0x82: case 0x83: case 0x84:
        throw new Error(`pickle extension registry opcodes (EXT*) are not supported (byte ${at})`);
      case 0x97: case 0x98:
        throw new Error(`pickle out-of-band buffers (protocol 5) are not supported (byte ${at})`);
      default:
        throw new Error(`unknown pickle opcode 0x${op.toString(16).padStart(2, '0')} at byte ${at}`);
    }
  }

  function newObject(cls: PyGlobal, args: Unpickled[]): Unpickled {
    switch (cls.qualifiedName) {
      case 'collections.OrderedDict': return orderedDict();
      case 'collections.defaultdict': case 'builtins.dict': case '__builtin__.dict': return new Map();
      case 'builtins.set': case '__builtin__.set': return new Set();
      case 'builtins.list': case '__builtin__.list': return [];
      default: {
        const custom = hooks.reduce?.(cls, args);
        return custom !== undefined ? custom : new PyObject(cls, args as PickleTree[]);
      }
    }
  }
}

function describe(v: unknown): string {
  if (v === null) return 'None';
  if (Array.isArray(v)) return 'list';
  if (v instanceof PyGlobal) return `global ${v.qualifiedName}`;
  if (v instanceof PyObject) return `${v.cls.qualifiedName} object`;
  return typeof v;
}

// ------------------------------------------------------------------------------------------------ writing

/** Writer-only node: a Python tuple. */
export class PyTuple {
  constructor(readonly items: readonly Writable[]) {}
}
/** Writer-only node: a persistent id (BINPERSID), as torch.save uses for storages. */
export class PersistentId {
  constructor(readonly pid: Writable) {}
}
/** Writer-only node: `fn(*args)` followed by an optional BUILD with `state`. */
export class PyReduce {
  constructor(readonly fn: PyGlobal, readonly args: readonly Writable[], readonly state?: Writable) {}
}

export type Writable = PickleTree | PyTuple | PersistentId | PyReduce | undefined;

export interface PickleWriterHooks {
  /** Replaces a value before it is written (the torch writer turns tensors into PyReduce nodes here). */
  replace?(v: Writable): Writable;
}

class ByteSink {
  private chunks: Uint8Array[] = [];
  private cur = Buffer.allocUnsafe(1 << 16);
  private n = 0;
  private ensure(k: number): void {
    if (this.n + k <= this.cur.byteLength) return;
    this.flush();
    if (k > this.cur.byteLength) this.cur = Buffer.allocUnsafe(k);
  }
  private flush(): void {
    if (this.n > 0) this.chunks.push(Buffer.from(this.cur.subarray(0, this.n)));
    this.n = 0;
  }
  byte(b: number): void { this.ensure(1); this.cur[this.n++] = b; }
  u16(v: number): void { this.ensure(2); this.cur.writeUInt16LE(v, this.n); this.n += 2; }
  i32(v: number): void { this.ensure(4); this.cur.writeInt32LE(v, this.n); this.n += 4; }
  u32(v: number): void { this.ensure(4); this.cur.writeUInt32LE(v, this.n); this.n += 4; }
  f64be(v: number): void { this.ensure(8); this.cur.writeDoubleBE(v, this.n); this.n += 8; }
  raw(b: Uint8Array): void { this.ensure(b.byteLength); this.cur.set(b, this.n); this.n += b.byteLength; }
  result(): Buffer { this.flush(); return Buffer.concat(this.chunks); }
}

function encodeLong(v: bigint): Uint8Array {
  if (v === 0n) return new Uint8Array(0);
  const out: number[] = [];
  let x = v;
  for (;;) {
    out.push(Number(x & 0xffn));
    x >>= 8n;
    const last = out[out.length - 1]!;
    if ((x === 0n && !(last & 0x80)) || (x === -1n && last & 0x80)) break;
  }
  return Uint8Array.from(out);
}

const BATCH = 1000;

/** Pickles `value` with protocol 2 (torch.save's default), no memo: shared objects are written twice. */
export function pickle(value: Writable, hooks: PickleWriterHooks = {}): Buffer {
  const out = new ByteSink();
  const active = new Set<object>();
  const str = (s: string): void => {
    const b = Buffer.from(s, 'utf8');
    out.byte(0x58); // BINUNICODE
    out.u32(b.byteLength);
    out.raw(b);
  };
  const global = (g: PyGlobal): void => {
    out.byte(0x63);
    out.raw(Buffer.from(`${g.module}\n${g.name}\n`, 'utf8'));
  };
  const int = (v: number | bigint): void => {
    if (typeof v === 'number' && v >= 0 && v < 256) { out.byte(0x4b); out.byte(v); return; }
    if (typeof v === 'number' && v >= 0 && v < 65536) { out.byte(0x4d); out.u16(v); return; }
    if (typeof v === 'number' && v >= -0x80000000 && v <= 0x7fffffff) { out.byte(0x4a); out.i32(v); return; }
    const b = encodeLong(BigInt(v));
    out.byte(0x8a);
    out.byte(b.byteLength);
    out.raw(b);
  };
  const tuple = (items: readonly Writable[]): void => {
    if (items.length === 0) { out.byte(0x29); return; }
    if (items.length <= 3) { for (const v of items) write(v); out.byte([0x85, 0x86, 0x87][items.length - 1]!); return; }
    out.byte(0x28);
    for (const v of items) write(v);
    out.byte(0x74);
  };
  const dictItems = (entries: Iterable<[Writable, Writable]>): void => {
    let batch: [Writable, Writable][] = [];
    const flush = (): void => {
      if (batch.length === 0) return;
      if (batch.length === 1) { write(batch[0]![0]); write(batch[0]![1]); out.byte(0x73); } else {
        out.byte(0x28);
        for (const [k, v] of batch) { write(k); write(v); }
        out.byte(0x75);
      }
      batch = [];
    };
    for (const kv of entries) { batch.push(kv); if (batch.length === BATCH) flush(); }
    flush();
  };
  const enter = (o: object): void => {
    if (active.has(o)) throw new Error('cannot pickle a value that contains itself');
    active.add(o);
  };

  function write(v0: Writable): void {
    const v = hooks.replace ? hooks.replace(v0) : v0;
    if (v === null || v === undefined) { out.byte(0x4e); return; }
    switch (typeof v) {
      case 'boolean': out.byte(v ? 0x88 : 0x89); return;
      case 'number':
        if (Number.isInteger(v) && Number.isSafeInteger(v) && !Object.is(v, -0)) int(v);
        else { out.byte(0x47); out.f64be(v); }
        return;
      case 'bigint': int(v); return;
      case 'string': str(v); return;
      default: break;
    }
    if (v instanceof PyFloat) { out.byte(0x47); out.f64be(v.value); return; }
    if (v instanceof PyGlobal) { global(v); return; }
    if (v instanceof Uint8Array) {
      // protocol 2 has no bytes opcode: Python 3 writes _codecs.encode(latin-1 text, 'latin1')
      global(new PyGlobal('_codecs', 'encode'));
      str(Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('latin1'));
      str('latin1');
      out.byte(0x86);
      out.byte(0x52);
      return;
    }
    enter(v);
    try {
      if (v instanceof PyTuple) tuple(v.items);
      else if (v instanceof PersistentId) { write(v.pid); out.byte(0x51); }
      else if (v instanceof PyReduce) {
        global(v.fn);
        tuple(v.args);
        out.byte(0x52);
        if (v.state !== undefined) { write(v.state); out.byte(0x62); }
      } else if (v instanceof PyObject) {
        global(v.cls);
        tuple(v.args);
        out.byte(0x52);
        if (v.listItems?.length) { out.byte(0x28); for (const e of v.listItems) write(e); out.byte(0x65); }
        if (v.dictItems?.size) dictItems(v.dictItems.entries());
        if (v.state !== undefined) { write(v.state); out.byte(0x62); }
      } else if (Array.isArray(v)) {
        out.byte(0x5d);
        for (let i = 0; i < v.length; i += BATCH) {
          const part = v.slice(i, i + BATCH);
          if (part.length === 1) { write(part[0]); out.byte(0x61); } else {
            out.byte(0x28);
            for (const e of part) write(e);
            out.byte(0x65);
          }
        }
      } else if (v instanceof Set) {
        global(new PyGlobal('builtins', 'set'));
        out.byte(0x5d);
        if (v.size) { out.byte(0x28); for (const e of v) write(e); out.byte(0x65); }
        out.byte(0x85);
        out.byte(0x52);
      } else if (v instanceof Map) {
        const extras = dictExtras.get(v);
        if (extras?.ordered) {
          global(new PyGlobal('collections', 'OrderedDict'));
          out.byte(0x29);
          out.byte(0x52);
        } else out.byte(0x7d);
        dictItems(v.entries());
        if (extras?.state !== undefined) { write(extras.state); out.byte(0x62); }
      } else if (typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
        out.byte(0x7d);
        dictItems(Object.entries(v as Record<string, PickleTree>));
      } else {
        throw new Error(`cannot pickle a ${(v as object).constructor?.name ?? typeof v} (expected a PickleTree value)`);
      }
    } finally {
      active.delete(v);
    }
  }

  out.byte(0x80);
  out.byte(2);
  write(value);
  out.byte(0x2e);
  return out.result();
}
