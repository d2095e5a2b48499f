// The Python pickle reader (protocols 0-5) of every pickle tsnas reads, and a protocol-2 writer: torch checkpoints
// of every PyTorch version (the zip format's data.pkl and the legacy (pre-1.6) stream of pickles) and the data
// files numpy datasets ship as. Values are those of pickle-values.ts; nothing is ever executed: a global is only
// named (PyGlobal), and a call of it is rebuilt by the caller's hooks, by the defaults below (builtins, numpy
// scalars) or kept as a PyObject.
import { numpyScalar } from './numpy.js';
import { isOrderedDict, orderedDict, type PickleTree, pyAttributes, PyFloat, PyGlobal, pyInt, PyObject, setPyAttributes } from './pickle-values.js';

// ------------------------------------------------------------------------------------------------ reading

/** Stack values: PickleTree plus whatever the caller's hooks make (storages, tensors-to-be, numpy arrays). */
export type Unpickled = unknown;

/** What a run of bytes in the pickle is: Python 3 bytes / bytearray, str (UTF-8) or Python 2 str. */
export type PickledBytes = 'bytes' | 'str' | 'py2str';

export interface UnpickleHooks {
  /** BINPERSID / PERSID: the object a persistent id stands for. */
  persistentLoad?(pid: Unpickled): Unpickled;
  /** REDUCE / NEWOBJ of a global: return `undefined` to let the default mapping (or a PyObject) handle it. */
  reduce?(fn: PyGlobal, args: Unpickled[]): Unpickled | undefined;
  /** BUILD (`__setstate__`) on an object: true when handled; else a dict keeps the state as its attributes, a
   *  PyObject as its state, and anything else drops it. */
  build?(target: Unpickled, state: Unpickled): boolean;
  /** The value of raw bytes in the pickle. The default copies bytes (a small value must not keep a whole file's
   *  buffer alive) and decodes both kinds of str as UTF-8, as torch.load does. */
  bytes?(kind: PickledBytes, raw: Uint8Array): Unpickled;
}

class Reader {
  pos: number;
  constructor(
    readonly buf: Uint8Array,
    start: number,
    readonly dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength),
  ) {
    this.pos = start;
  }
  need(n: number): void {
    // `length`, not `byteLength`: on a Buffer, V8 reads the latter far slower, and this runs for every opcode
    if (this.pos + n > this.buf.length) {
      throw new Error(`truncated: needs ${n} more byte(s) at offset ${this.pos}, the data is ${this.buf.byteLength} bytes`);
    }
  }
  u8(): number {
    this.need(1);
    return this.buf[this.pos++]!;
  }
  u16(): number {
    this.need(2);
    const v = this.dv.getUint16(this.pos, true);
    this.pos += 2;
    return v;
  }
  i32(): number {
    this.need(4);
    const v = this.dv.getInt32(this.pos, true);
    this.pos += 4;
    return v;
  }
  u32(): number {
    this.need(4);
    const v = this.dv.getUint32(this.pos, true);
    this.pos += 4;
    return v;
  }
  u64(): number {
    this.need(8);
    const v = this.dv.getBigUint64(this.pos, true);
    if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw new Error(`length ${v} at offset ${this.pos} is too large`);
    this.pos += 8;
    return Number(v);
  }
  f64be(): number {
    this.need(8);
    const v = this.dv.getFloat64(this.pos, false);
    this.pos += 8;
    return v;
  }
  bytes(n: number): Uint8Array {
    this.need(n);
    const b = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return b;
  }
  line(): string {
    const end = this.buf.indexOf(0x0a, this.pos);
    if (end < 0) throw new Error(`truncated: no end of line after offset ${this.pos}`);
    const s = Buffer.from(this.buf.buffer, this.buf.byteOffset + this.pos, end - this.pos).toString('latin1');
    this.pos = end + 1;
    return s;
  }
  memoKey(): number {
    const k = intLiteral(this.line());
    if (typeof k !== 'number') throw new Error(`bad memo key before offset ${this.pos}`);
    return k;
  }
}

/** Protocol 0 INT / LONG (`123L` in Python 2). */
function intLiteral(line: string): number | bigint {
  const s = line.trim().replace(/L$/, '');
  if (!/^[+-]?\d+$/.test(s)) throw new Error(`bad integer literal '${s.slice(0, 40)}'`);
  return pyInt(BigInt(s));
}

const utf8 = (b: Uint8Array): string => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('utf8');

function defaultBytes(kind: PickledBytes, raw: Uint8Array): Unpickled {
  return kind === 'bytes' ? raw.slice() : utf8(raw);
}

/** Little-endian two's-complement integer of LONG1 / LONG4. */
function decodeLong(b: Uint8Array): number | bigint {
  if (b.byteLength === 0) return 0;
  let v = 0n;
  for (let i = b.byteLength - 1; i >= 0; i--) v = (v << 8n) | BigInt(b[i]!);
  if (b[b.byteLength - 1]! & 0x80) v -= 1n << BigInt(8 * b.byteLength);
  return pyInt(v);
}

/** Python's repr of a Python 2 str (protocol 0 STRING): quotes and escapes; one char per byte. */
function unquote(line: string): string {
  const s = line.trim();
  const q = s[0];
  if ((q !== "'" && q !== '"') || s.length < 2 || s[s.length - 1] !== q) throw new Error(`STRING is not quoted: ${s.slice(0, 40)}`);
  return s.slice(1, -1).replace(/\\(x[0-9a-fA-F]{2}|.)/g, (_, e: string) => {
    switch (e[0]) {
      case 'x':
        return e.length === 3 ? String.fromCharCode(parseInt(e.slice(1), 16)) : e;
      case 'n':
        return '\n';
      case 'r':
        return '\r';
      case 't':
        return '\t';
      case '0':
        return '\0';
      default:
        return e;
    }
  });
}

const NON_FINITE: Record<string, number> = { inf: Infinity, '-inf': -Infinity, nan: NaN };

/** Protocol 0 FLOAT: Python's repr, which spells the non-finite values inf, -inf and nan. */
function parseFloatText(s: string): number {
  const t = s.trim();
  if (Object.hasOwn(NON_FINITE, t)) return NON_FINITE[t]!;
  const v = Number(t);
  if (Number.isNaN(v) || t === '') throw new Error(`bad float literal '${t.slice(0, 40)}'`);
  return v;
}

function isMap(v: unknown): v is Map<PickleTree, PickleTree> {
  return v instanceof Map;
}

function defaultReduce(fn: PyGlobal, args: Unpickled[]): Unpickled {
  switch (fn.qualifiedName) {
    case 'collections.OrderedDict': {
      const m = orderedDict();
      if (Array.isArray(args[0]))
        for (const kv of args[0] as Unpickled[]) {
          if (Array.isArray(kv) && kv.length === 2) m.set(kv[0] as PickleTree, kv[1] as PickleTree);
        }
      return m;
    }
    case 'builtins.dict':
    case '__builtin__.dict':
      return new Map();
    case 'collections.defaultdict':
      return new Map();
    case 'builtins.set':
    case '__builtin__.set':
    case 'builtins.frozenset':
    case '__builtin__.frozenset':
      return new Set(Array.isArray(args[0]) ? (args[0] as PickleTree[]) : []);
    case 'builtins.list':
    case '__builtin__.list':
    case 'builtins.tuple':
    case '__builtin__.tuple':
      return Array.isArray(args[0]) ? [...(args[0] as PickleTree[])] : [];
    case 'builtins.bytearray':
    case '__builtin__.bytearray':
    case 'builtins.bytes':
    case '__builtin__.bytes':
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
    default: {
      const v = numpyScalar(fn, args);
      if (v !== undefined) return v;
      break;
    }
  }
  return new PyObject(fn, args as PickleTree[]);
}

/**
 * Runs one pickle starting at `start`; returns the value and the offset after its STOP. Errors name the problem
 * and its byte offset.
 */
export function unpickle(buf: Uint8Array, start = 0, hooks: UnpickleHooks = {}): { value: Unpickled; end: number } {
  const r = new Reader(buf, start);
  const stack: Unpickled[] = [];
  const marks: number[] = [];
  const memo = new Map<number, Unpickled>();
  const bytesValue = hooks.bytes ?? defaultBytes;
  let at = start;
  const pop = (): Unpickled => {
    if (stack.length === 0 || (marks.length > 0 && stack.length <= marks[marks.length - 1]!)) throw new Error(`stack underflow at offset ${at}`);
    return stack.pop();
  };
  const top = (): Unpickled => {
    if (stack.length === 0) throw new Error(`stack underflow at offset ${at}`);
    return stack[stack.length - 1];
  };
  const popMark = (): Unpickled[] => {
    const m = marks.pop();
    if (m === undefined) throw new Error(`no MARK before offset ${at}`);
    return stack.splice(m);
  };
  const memoGet = (k: number): Unpickled => {
    if (!memo.has(k)) throw new Error(`memo key ${k} used before it was set (offset ${at})`);
    return memo.get(k);
  };
  const length = (n: number, what: string): number => {
    if (n < 0) throw new Error(`${what} with a negative length at offset ${at}`);
    return n;
  };
  const reduce = (fn: Unpickled, args: Unpickled[]): Unpickled => {
    if (!(fn instanceof PyGlobal)) {
      if (fn instanceof PyObject) return new PyObject(fn.cls, args as PickleTree[]);
      throw new Error(`REDUCE of a non-callable (${describe(fn)}) at offset ${at}`);
    }
    const custom = hooks.reduce?.(fn, args);
    return custom !== undefined ? custom : defaultReduce(fn, args);
  };
  const newObject = (cls: Unpickled, args: Unpickled, what: string): Unpickled => {
    if (!(cls instanceof PyGlobal) || !Array.isArray(args)) throw new Error(`${what} needs a class and a tuple (offset ${at})`);
    switch (cls.qualifiedName) {
      case 'collections.OrderedDict':
        return orderedDict();
      case 'collections.defaultdict':
      case 'builtins.dict':
      case '__builtin__.dict':
        return new Map();
      case 'builtins.set':
      case '__builtin__.set':
        return new Set();
      case 'builtins.list':
      case '__builtin__.list':
        return [];
      default: {
        const custom = hooks.reduce?.(cls, args);
        return custom !== undefined ? custom : new PyObject(cls, args as PickleTree[]);
      }
    }
  };
  const setItems = (target: Unpickled, items: Unpickled[]): void => {
    if (items.length % 2 !== 0) throw new Error(`odd number of dict items at offset ${at}`);
    let m: Map<PickleTree, PickleTree>;
    if (isMap(target)) m = target;
    else if (target instanceof PyObject) m = target.dictItems ??= new Map();
    else throw new Error(`SETITEM on something that is not a dict (${describe(target)}) at offset ${at}`);
    for (let i = 0; i < items.length; i += 2) m.set(items[i] as PickleTree, items[i + 1] as PickleTree);
  };
  const appendItems = (target: Unpickled, items: Unpickled[]): void => {
    if (Array.isArray(target)) for (const v of items) target.push(v);
    else if (target instanceof Set) for (const v of items) target.add(v as PickleTree);
    else if (target instanceof PyObject) (target.listItems ??= []).push(...(items as PickleTree[]));
    else throw new Error(`APPEND to something that is not a list (${describe(target)}) at offset ${at}`);
  };
  const build = (target: Unpickled, state: Unpickled): void => {
    if (hooks.build?.(target, state)) return;
    if (isMap(target)) setPyAttributes(target, state as PickleTree);
    else if (target instanceof PyObject) {
      if (target.state instanceof Map && state instanceof Map) for (const [k, v] of state) target.state.set(k, v);
      else target.state = state as PickleTree;
    }
    // BUILD on anything else (e.g. a tensor's python attributes) carries nothing tsnas keeps.
  };
  const persistent = (pid: Unpickled): Unpickled => {
    if (!hooks.persistentLoad) throw new Error(`a persistent id at offset ${at}, but no persistent-id loader was given`);
    return hooks.persistentLoad(pid);
  };

  for (;;) {
    at = r.pos;
    const op = r.u8();
    switch (op) {
      case 0x80: {
        // PROTO
        const p = r.u8();
        if (p > 5) throw new Error(`pickle protocol ${p} is newer than 5`);
        break;
      }
      case 0x95:
        r.u64();
        break; // FRAME: framing is transparent when the whole pickle is in memory
      case 0x2e: // STOP
        return { value: pop(), end: r.pos };
      case 0x28:
        marks.push(stack.length);
        break; // MARK
      case 0x30:
        pop();
        break; // POP
      case 0x31:
        popMark();
        break; // POP_MARK
      case 0x32:
        stack.push(top());
        break; // DUP
      case 0x4e:
        stack.push(null);
        break; // NONE
      case 0x88:
        stack.push(true);
        break; // NEWTRUE
      case 0x89:
        stack.push(false);
        break; // NEWFALSE
      case 0x4a:
        stack.push(r.i32());
        break; // BININT
      case 0x4b:
        stack.push(r.u8());
        break; // BININT1
      case 0x4d:
        stack.push(r.u16());
        break; // BININT2
      case 0x8a:
        stack.push(decodeLong(r.bytes(r.u8())));
        break; // LONG1
      case 0x8b:
        stack.push(decodeLong(r.bytes(length(r.i32(), 'LONG4'))));
        break; // LONG4
      case 0x49: {
        // INT (text); I01 / I00 are True / False
        const s = r.line();
        if (s === '01' || s === '00') stack.push(s === '01');
        else stack.push(intLiteral(s));
        break;
      }
      case 0x4c:
        stack.push(intLiteral(r.line()));
        break; // LONG (text)
      case 0x46:
        stack.push(parseFloatText(r.line()));
        break; // FLOAT (text)
      case 0x47:
        stack.push(r.f64be());
        break; // BINFLOAT
      case 0x58:
        stack.push(bytesValue('str', r.bytes(r.u32())));
        break; // BINUNICODE
      case 0x8c:
        stack.push(bytesValue('str', r.bytes(r.u8())));
        break; // SHORT_BINUNICODE
      case 0x8d:
        stack.push(bytesValue('str', r.bytes(r.u64())));
        break; // BINUNICODE8
      case 0x56: // UNICODE (protocol 0): raw-unicode-escape, bytes < 0x100 as is
        stack.push(
          r
            .line()
            .replace(/\\u([0-9a-fA-F]{4})|\\U([0-9a-fA-F]{8})/g, (_, h4: string | undefined, h8: string | undefined) =>
              String.fromCodePoint(parseInt(h4 ?? h8!, 16)),
            ),
        );
        break;
      case 0x54:
        stack.push(bytesValue('py2str', r.bytes(length(r.i32(), 'BINSTRING'))));
        break; // BINSTRING
      case 0x55:
        stack.push(bytesValue('py2str', r.bytes(r.u8())));
        break; // SHORT_BINSTRING
      case 0x53:
        stack.push(bytesValue('py2str', Buffer.from(unquote(r.line()), 'latin1')));
        break; // STRING (text)
      case 0x42:
        stack.push(bytesValue('bytes', r.bytes(r.u32())));
        break; // BINBYTES
      case 0x43:
        stack.push(bytesValue('bytes', r.bytes(r.u8())));
        break; // SHORT_BINBYTES
      case 0x8e:
        stack.push(bytesValue('bytes', r.bytes(r.u64())));
        break; // BINBYTES8
      case 0x96:
        stack.push(bytesValue('bytes', r.bytes(r.u64())));
        break; // BYTEARRAY8
      case 0x29:
        stack.push([]);
        break; // EMPTY_TUPLE
      case 0x85:
        stack.push([pop()]);
        break; // TUPLE1
      case 0x86: {
        const b = pop();
        const a = pop();
        stack.push([a, b]);
        break;
      } // TUPLE2
      case 0x87: {
        const c = pop();
        const b = pop();
        const a = pop();
        stack.push([a, b, c]);
        break;
      } // TUPLE3
      case 0x74:
        stack.push(popMark());
        break; // TUPLE
      case 0x5d:
        stack.push([]);
        break; // EMPTY_LIST
      case 0x6c:
        stack.push(popMark());
        break; // LIST
      case 0x7d:
        stack.push(new Map());
        break; // EMPTY_DICT
      case 0x64: {
        const m = new Map();
        setItems(m, popMark());
        stack.push(m);
        break;
      } // DICT
      case 0x8f:
        stack.push(new Set());
        break; // EMPTY_SET
      case 0x91:
        stack.push(new Set(popMark() as PickleTree[]));
        break; // FROZENSET
      case 0x90: {
        const items = popMark();
        appendItems(top(), items);
        break;
      } // ADDITEMS
      case 0x61: {
        const v = pop();
        appendItems(top(), [v]);
        break;
      } // APPEND
      case 0x65: {
        const items = popMark();
        appendItems(top(), items);
        break;
      } // APPENDS
      case 0x73: {
        const v = pop();
        const k = pop();
        setItems(top(), [k, v]);
        break;
      } // SETITEM
      case 0x75: {
        const items = popMark();
        setItems(top(), items);
        break;
      } // SETITEMS
      case 0x71:
        memo.set(r.u8(), top());
        break; // BINPUT
      case 0x72:
        memo.set(r.u32(), top());
        break; // LONG_BINPUT
      case 0x70:
        memo.set(r.memoKey(), top());
        break; // PUT
      case 0x94:
        memo.set(memo.size, top());
        break; // MEMOIZE
      case 0x68:
        stack.push(memoGet(r.u8()));
        break; // BINGET
      case 0x6a:
        stack.push(memoGet(r.u32()));
        break; // LONG_BINGET
      case 0x67:
        stack.push(memoGet(r.memoKey()));
        break; // GET
      case 0x63: {
        const module = r.line();
        const name = r.line();
        stack.push(new PyGlobal(module, name));
        break;
      } // GLOBAL
      case 0x93: {
        // STACK_GLOBAL
        const name = pop();
        const module = pop();
        if (typeof module !== 'string' || typeof name !== 'string') throw new Error(`STACK_GLOBAL needs two strings (offset ${at})`);
        stack.push(new PyGlobal(module, name));
        break;
      }
      case 0x52: {
        // REDUCE
        const args = pop();
        const fn = pop();
        if (!Array.isArray(args)) throw new Error(`REDUCE arguments are not a tuple (offset ${at})`);
        stack.push(reduce(fn, args));
        break;
      }
      case 0x81: {
        const args = pop();
        const cls = pop();
        stack.push(newObject(cls, args, 'NEWOBJ'));
        break;
      } // NEWOBJ: cls.__new__(cls, *args)
      case 0x92: {
        pop();
        const args = pop();
        const cls = pop();
        stack.push(newObject(cls, args, 'NEWOBJ_EX'));
        break;
      } // NEWOBJ_EX
      case 0x69: {
        const module = r.line();
        const name = r.line();
        stack.push(newObject(new PyGlobal(module, name), popMark(), 'INST'));
        break;
      } // INST
      case 0x6f: {
        const items = popMark();
        const cls = items.shift();
        stack.push(newObject(cls, items, 'OBJ'));
        break;
      } // OBJ
      case 0x62: {
        const state = pop();
        build(top(), state);
        break;
      } // BUILD
      case 0x51:
        stack.push(persistent(pop()));
        break; // BINPERSID
      case 0x50:
        stack.push(persistent(r.line()));
        break; // PERSID
      case 0x82:
      case 0x83:
      case 0x84:
        throw new Error(`extension registry opcodes (EXT1/2/4) are not supported (offset ${at})`);
      case 0x97:
      case 0x98:
        throw new Error(
          `out-of-band buffers (opcode 0x${op.toString(16)} at offset ${at}) need the buffers passed separately; re-save with protocol ≤ 4`,
        );
      default:
        throw new Error(`unsupported or invalid opcode 0x${op.toString(16).padStart(2, '0')} at offset ${at}`);
    }
  }
}

function describe(v: unknown): string {
  if (v === null) return 'None';
  if (Array.isArray(v)) return 'list';
  if (v instanceof Map) return 'dict';
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
  constructor(
    readonly fn: PyGlobal,
    readonly args: readonly Writable[],
    readonly state?: Writable,
  ) {}
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
  byte(b: number): void {
    this.ensure(1);
    this.cur[this.n++] = b;
  }
  u16(v: number): void {
    this.ensure(2);
    this.cur.writeUInt16LE(v, this.n);
    this.n += 2;
  }
  i32(v: number): void {
    this.ensure(4);
    this.cur.writeInt32LE(v, this.n);
    this.n += 4;
  }
  u32(v: number): void {
    this.ensure(4);
    this.cur.writeUInt32LE(v, this.n);
    this.n += 4;
  }
  f64be(v: number): void {
    this.ensure(8);
    this.cur.writeDoubleBE(v, this.n);
    this.n += 8;
  }
  raw(b: Uint8Array): void {
    this.ensure(b.byteLength);
    this.cur.set(b, this.n);
    this.n += b.byteLength;
  }
  result(): Buffer {
    this.flush();
    return Buffer.concat(this.chunks);
  }
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
    if (typeof v === 'number' && v >= 0 && v < 256) {
      out.byte(0x4b);
      out.byte(v);
      return;
    }
    if (typeof v === 'number' && v >= 0 && v < 65536) {
      out.byte(0x4d);
      out.u16(v);
      return;
    }
    if (typeof v === 'number' && v >= -0x80000000 && v <= 0x7fffffff) {
      out.byte(0x4a);
      out.i32(v);
      return;
    }
    const b = encodeLong(BigInt(v));
    out.byte(0x8a);
    out.byte(b.byteLength);
    out.raw(b);
  };
  const tuple = (items: readonly Writable[]): void => {
    if (items.length === 0) {
      out.byte(0x29);
      return;
    }
    if (items.length <= 3) {
      for (const v of items) write(v);
      out.byte([0x85, 0x86, 0x87][items.length - 1]!);
      return;
    }
    out.byte(0x28);
    for (const v of items) write(v);
    out.byte(0x74);
  };
  const dictItems = (entries: Iterable<[Writable, Writable]>): void => {
    let batch: [Writable, Writable][] = [];
    const flush = (): void => {
      if (batch.length === 0) return;
      if (batch.length === 1) {
        write(batch[0]![0]);
        write(batch[0]![1]);
        out.byte(0x73);
      } else {
        out.byte(0x28);
        for (const [k, v] of batch) {
          write(k);
          write(v);
        }
        out.byte(0x75);
      }
      batch = [];
    };
    for (const kv of entries) {
      batch.push(kv);
      if (batch.length === BATCH) flush();
    }
    flush();
  };
  const enter = (o: object): void => {
    if (active.has(o)) throw new Error('cannot pickle a value that contains itself');
    active.add(o);
  };

  function write(v0: Writable): void {
    const v = hooks.replace ? hooks.replace(v0) : v0;
    if (v === null || v === undefined) {
      out.byte(0x4e);
      return;
    }
    switch (typeof v) {
      case 'boolean':
        out.byte(v ? 0x88 : 0x89);
        return;
      case 'number':
        if (Number.isInteger(v) && Number.isSafeInteger(v) && !Object.is(v, -0)) int(v);
        else {
          out.byte(0x47);
          out.f64be(v);
        }
        return;
      case 'bigint':
        int(v);
        return;
      case 'string':
        str(v);
        return;
      default:
        break;
    }
    if (v instanceof PyFloat) {
      out.byte(0x47);
      out.f64be(v.value);
      return;
    }
    if (v instanceof PyGlobal) {
      global(v);
      return;
    }
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
      else if (v instanceof PersistentId) {
        write(v.pid);
        out.byte(0x51);
      } else if (v instanceof PyReduce) {
        global(v.fn);
        tuple(v.args);
        out.byte(0x52);
        if (v.state !== undefined) {
          write(v.state);
          out.byte(0x62);
        }
      } else if (v instanceof PyObject) {
        global(v.cls);
        tuple(v.args);
        out.byte(0x52);
        if (v.listItems?.length) {
          out.byte(0x28);
          for (const e of v.listItems) write(e);
          out.byte(0x65);
        }
        if (v.dictItems?.size) dictItems(v.dictItems.entries());
        if (v.state !== undefined) {
          write(v.state);
          out.byte(0x62);
        }
      } else if (Array.isArray(v)) {
        out.byte(0x5d);
        for (let i = 0; i < v.length; i += BATCH) {
          const part = v.slice(i, i + BATCH);
          if (part.length === 1) {
            write(part[0]);
            out.byte(0x61);
          } else {
            out.byte(0x28);
            for (const e of part) write(e);
            out.byte(0x65);
          }
        }
      } else if (v instanceof Set) {
        global(new PyGlobal('builtins', 'set'));
        out.byte(0x5d);
        if (v.size) {
          out.byte(0x28);
          for (const e of v) write(e);
          out.byte(0x65);
        }
        out.byte(0x85);
        out.byte(0x52);
      } else if (v instanceof Map) {
        if (isOrderedDict(v)) {
          global(new PyGlobal('collections', 'OrderedDict'));
          out.byte(0x29);
          out.byte(0x52);
        } else out.byte(0x7d);
        dictItems(v.entries());
        const attributes = pyAttributes(v);
        if (attributes !== undefined) {
          write(attributes);
          out.byte(0x62);
        }
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
