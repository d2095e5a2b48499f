// A minimal Python pickle reader for the data files tsnas reads: dicts/lists/tuples of numbers, strings, bytes and
// numpy arrays (ImageNet16-120's batches, CIFAR's python version). Protocols 0–5. Nothing is executed: the only
// "globals" it knows are the handful numpy and Python use to rebuild arrays and bytes; any other object is an
// Error. Strings from Python 2 pickles (str) are read as latin1, as `pickle.load(f, encoding='latin1')` does.

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

export type PyKey = string | number | bigint | boolean | null;
export type PyValue =
  | null | boolean | number | bigint | string | Uint8Array | NdArray | PyValue[] | Map<PyKey, PyValue>;

// Stack-only values: the mark, references to whitelisted globals, dtypes before they are complete.
const MARK = Symbol('mark');
interface GlobalRef { readonly global: string }
interface NpDtype { readonly kind: 'dtype'; str: string; byteOrder: string }
/** A long BINUNICODE string kept as UTF-8 bytes: numpy's protocol-2 arrays are huge latin1 strings that are only
 *  ever re-encoded to bytes, so the JS string is never built. */
interface Utf8Text { readonly kind: 'utf8'; readonly bytes: Uint8Array }
type StackItem = PyValue | typeof MARK | GlobalRef | NpDtype | Utf8Text | StackItem[];

const RECONSTRUCT = new Set(['numpy.core.multiarray._reconstruct', 'numpy._core.multiarray._reconstruct']);
const FROMBUFFER = new Set(['numpy.core.numeric._frombuffer', 'numpy._core.numeric._frombuffer']);
const SCALAR = new Set(['numpy.core.multiarray.scalar', 'numpy._core.multiarray.scalar']);
const KNOWN_GLOBALS = new Set([
  ...RECONSTRUCT, ...FROMBUFFER, ...SCALAR, 'numpy.ndarray', 'numpy.dtype', '_codecs.encode', 'builtins.bytearray',
  '__builtin__.bytearray', 'builtins.bytes', '__builtin__.bytes', 'collections.OrderedDict', 'builtins.set',
  '__builtin__.set', 'builtins.frozenset', '__builtin__.frozenset',
]);

class PickleError extends Error {}
export { PickleError };

/**
 * Parses one pickle. `file` only names the source in error messages. Throws an Error naming the file and the
 * byte offset on anything malformed or outside the supported subset.
 */
export function readPickle(buf: Uint8Array, file = '<pickle>'): PyValue {
  try {
    return new Unpickler(buf).run();
  } catch (e) {
    // RangeError from absurd nesting lands here too: still an Error naming the file.
    throw new Error(`${file}: not a readable pickle: ${e instanceof Error ? e.message : String(e)}`);
  }
}

const latin1 = new TextDecoder('latin1');
const utf8 = new TextDecoder('utf-8');

function latin1Bytes(s: string): Uint8Array {
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c > 255) throw new PickleError(`character U+${c.toString(16)} cannot be encoded as latin1`);
    out[i] = c;
  }
  return out;
}

/** UTF-8 → latin1 bytes without building a JS string; every code point must be < 256. */
function utf8ToLatin1(b: Uint8Array): Uint8Array {
  const out = new Uint8Array(b.length);
  let n = 0;
  for (let i = 0; i < b.length; i++) {
    const c = b[i]!;
    if (c < 0x80) out[n++] = c;
    else if ((c & 0xe0) === 0xc0 && c <= 0xc3 && i + 1 < b.length) out[n++] = ((c & 0x1f) << 6) | (b[++i]! & 0x3f);
    else throw new PickleError('a string meant as latin1 bytes holds characters above U+00FF');
  }
  return out.subarray(0, n);
}

class Unpickler {
  private pos = 0;
  private readonly view: DataView;
  private stack: StackItem[] = [];
  private readonly metastack: StackItem[][] = [];
  private readonly memo = new Map<number, StackItem>();
  private readonly finished = new WeakSet<StackItem[]>();

  constructor(private readonly buf: Uint8Array) {
    this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  }

  private need(n: number): void {
    if (this.pos + n > this.buf.length)
      throw new PickleError(`truncated: needs ${n} more byte(s) at offset ${this.pos}, the data is ${this.buf.length} bytes`);
  }
  private u8(): number { this.need(1); return this.buf[this.pos++]!; }
  private u16(): number { this.need(2); const v = this.view.getUint16(this.pos, true); this.pos += 2; return v; }
  private i32(): number { this.need(4); const v = this.view.getInt32(this.pos, true); this.pos += 4; return v; }
  private u32(): number { this.need(4); const v = this.view.getUint32(this.pos, true); this.pos += 4; return v; }
  private u64(): number {
    this.need(8);
    const lo = this.view.getUint32(this.pos, true);
    const hi = this.view.getUint32(this.pos + 4, true);
    this.pos += 8;
    if (hi > 0x1fffff) throw new PickleError('length field too large');
    return hi * 0x100000000 + lo;
  }
  private bytes(n: number): Uint8Array {
    this.need(n);
    const b = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return b;
  }
  private line(): string {
    const end = this.buf.indexOf(10, this.pos);
    if (end < 0) throw new PickleError(`truncated: no end of line after offset ${this.pos}`);
    const s = latin1.decode(this.buf.subarray(this.pos, end));
    this.pos = end + 1;
    return s;
  }

  private pop(): StackItem {
    if (this.stack.length === 0) throw new PickleError(`stack underflow at offset ${this.pos - 1}`);
    return this.stack.pop()!;
  }
  private top(): StackItem {
    if (this.stack.length === 0) throw new PickleError(`stack underflow at offset ${this.pos - 1}`);
    return this.stack[this.stack.length - 1]!;
  }
  private popMark(): StackItem[] {
    const items = this.stack;
    const prev = this.metastack.pop();
    if (prev === undefined) throw new PickleError(`no MARK before offset ${this.pos - 1}`);
    this.stack = prev;
    return items;
  }

  run(): PyValue {
    for (;;) {
      const at = this.pos;
      const op = this.u8();
      switch (op) {
        case 0x80: { // PROTO
          const v = this.u8();
          if (v > 5) throw new PickleError(`pickle protocol ${v} is newer than 5`);
          break;
        }
        case 0x95: this.u64(); break; // FRAME: framing is only a read-ahead hint
        case 0x2e: { // STOP
          const v = this.pop();
          return this.value(v, 'the pickled object');
        }
        case 0x28: this.metastack.push(this.stack); this.stack = []; break; // MARK
        case 0x7d: this.stack.push(new Map()); break; // EMPTY_DICT
        case 0x5d: this.stack.push(this.list()); break; // EMPTY_LIST
        case 0x29: this.stack.push([]); break; // EMPTY_TUPLE
        case 0x8f: this.stack.push(this.list()); break; // EMPTY_SET (as a list)
        // Tuples keep raw stack items: they carry call arguments (globals, dtypes). popMark() swaps this.stack,
        // so the popped items are computed before pushing.
        case 0x74: { const t = this.popMark(); this.stack.push(t); break; } // TUPLE
        case 0x6c: { const l = this.list(this.popMark().map((v) => this.value(v, 'a list item'))); this.stack.push(l); break; } // LIST
        case 0x91: { const l = this.list(this.popMark().map((v) => this.value(v, 'a set item'))); this.stack.push(l); break; } // FROZENSET
        case 0x85: { const a = this.pop(); this.stack.push([a]); break; } // TUPLE1
        case 0x86: { const b = this.pop(); const a = this.pop(); this.stack.push([a, b]); break; } // TUPLE2
        case 0x87: { const c = this.pop(); const b = this.pop(); const a = this.pop(); this.stack.push([a, b, c]); break; } // TUPLE3
        case 0x64: { // DICT
          const items = this.popMark();
          const d = new Map<PyKey, PyValue>();
          this.setItems(d, items);
          this.stack.push(d);
          break;
        }
        case 0x61: { const v = this.pop(); this.append(this.top(), [v]); break; } // APPEND
        case 0x65: { const items = this.popMark(); this.append(this.top(), items); break; } // APPENDS
        case 0x90: { const items = this.popMark(); this.append(this.top(), items); break; } // ADDITEMS
        case 0x73: { const v = this.pop(); const k = this.pop(); this.setItems(this.top(), [k, v]); break; } // SETITEM
        case 0x75: { const items = this.popMark(); this.setItems(this.top(), items); break; } // SETITEMS
        case 0x30: this.pop(); break; // POP
        case 0x31: this.popMark(); break; // POP_MARK
        case 0x32: this.stack.push(this.top()); break; // DUP
        // memo
        case 0x71: this.memo.set(this.u8(), this.top()); break; // BINPUT
        case 0x72: this.memo.set(this.u32(), this.top()); break; // LONG_BINPUT
        case 0x94: this.memo.set(this.memo.size, this.top()); break; // MEMOIZE
        case 0x70: this.memo.set(this.intLine(), this.top()); break; // PUT
        case 0x68: this.stack.push(this.memoGet(this.u8())); break; // BINGET
        case 0x6a: this.stack.push(this.memoGet(this.u32())); break; // LONG_BINGET
        case 0x67: this.stack.push(this.memoGet(this.intLine())); break; // GET
        // scalars
        case 0x4e: this.stack.push(null); break; // NONE
        case 0x88: this.stack.push(true); break; // NEWTRUE
        case 0x89: this.stack.push(false); break; // NEWFALSE
        case 0x4a: this.stack.push(this.i32()); break; // BININT
        case 0x4b: this.stack.push(this.u8()); break; // BININT1
        case 0x4d: this.stack.push(this.u16()); break; // BININT2
        case 0x8a: this.stack.push(this.longBytes(this.u8())); break; // LONG1
        case 0x8b: { const n = this.i32(); if (n < 0) throw new PickleError('negative LONG4 length'); this.stack.push(this.longBytes(n)); break; }
        case 0x49: { // INT (protocol 0; "I01"/"I00" are booleans)
          const s = this.line();
          if (s === '01' || s === '00') this.stack.push(s === '01');
          else this.stack.push(parseIntText(s));
          break;
        }
        case 0x4c: this.stack.push(parseIntText(this.line().replace(/L$/, ''))); break; // LONG (text)
        case 0x47: { this.need(8); this.stack.push(this.view.getFloat64(this.pos, false)); this.pos += 8; break; } // BINFLOAT
        case 0x46: { const f = Number(this.line()); this.stack.push(f); break; } // FLOAT (text)
        // strings and bytes
        case 0x8c: this.stack.push(utf8.decode(this.bytes(this.u8()))); break; // SHORT_BINUNICODE
        case 0x58: this.pushUnicode(this.bytes(this.u32())); break; // BINUNICODE
        case 0x8d: this.pushUnicode(this.bytes(this.u64())); break; // BINUNICODE8
        case 0x56: this.stack.push(decodeRawUnicodeEscape(this.line())); break; // UNICODE (text)
        case 0x55: this.stack.push(latin1.decode(this.bytes(this.u8()))); break; // SHORT_BINSTRING (py2 str)
        case 0x54: { // BINSTRING (py2 str): long ones are array payloads, kept as bytes
          const n = this.i32();
          if (n < 0) throw new PickleError('negative BINSTRING length');
          const b = this.bytes(n);
          this.stack.push(n > 255 ? b : latin1.decode(b));
          break;
        }
        case 0x53: this.stack.push(parseQuotedString(this.line())); break; // STRING (text)
        case 0x43: this.stack.push(this.bytes(this.u8())); break; // SHORT_BINBYTES
        case 0x42: this.stack.push(this.bytes(this.u32())); break; // BINBYTES
        case 0x8e: this.stack.push(this.bytes(this.u64())); break; // BINBYTES8
        case 0x96: this.stack.push(this.bytes(this.u64())); break; // BYTEARRAY8
        // objects
        case 0x63: { // GLOBAL
          const mod = this.line();
          const name = this.line();
          this.stack.push(this.global(mod, name));
          break;
        }
        case 0x93: { // STACK_GLOBAL
          const name = this.pop();
          const mod = this.pop();
          if (typeof mod !== 'string' || typeof name !== 'string') throw new PickleError(`STACK_GLOBAL without names at offset ${at}`);
          this.stack.push(this.global(mod, name));
          break;
        }
        case 0x52: { const args = this.pop(); const fn = this.pop(); this.stack.push(this.call(fn, args, at)); break; } // REDUCE
        case 0x81: { const args = this.pop(); const cls = this.pop(); this.stack.push(this.call(cls, args, at)); break; } // NEWOBJ
        case 0x92: { this.pop(); const args = this.pop(); const cls = this.pop(); this.stack.push(this.call(cls, args, at)); break; } // NEWOBJ_EX
        case 0x62: { const state = this.pop(); this.build(this.top(), state, at); break; } // BUILD
        case 0x97: case 0x98:
          throw new PickleError(`out-of-band buffers (opcode 0x${op.toString(16)} at offset ${at}) need the buffers passed separately; re-save with protocol ≤ 4`);
        default:
          throw new PickleError(`unsupported or invalid opcode 0x${op.toString(16)} at offset ${at}`);
      }
    }
  }

  /** A list: its items are finished as they arrive. */
  private list(items: PyValue[] = []): PyValue[] {
    this.finished.add(items);
    return items;
  }

  private memoGet(k: number): StackItem {
    if (!this.memo.has(k)) throw new PickleError(`memo key ${k} used before it was set (offset ${this.pos})`);
    return this.memo.get(k)!;
  }
  private intLine(): number {
    const n = Number(this.line());
    if (!Number.isInteger(n)) throw new PickleError(`bad memo key at offset ${this.pos}`);
    return n;
  }
  private longBytes(n: number): number | bigint {
    const b = this.bytes(n);
    if (n === 0) return 0;
    let v = 0n;
    for (let i = n - 1; i >= 0; i--) v = (v << 8n) | BigInt(b[i]!);
    if (b[n - 1]! & 0x80) v -= 1n << BigInt(8 * n);
    return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
  }
  private pushUnicode(b: Uint8Array): void {
    this.stack.push(b.length > 65536 ? { kind: 'utf8', bytes: b } : utf8.decode(b));
  }

  /** A stack item as a plain value: finishes dtypes/long strings, refuses globals and marks. */
  private value(v: StackItem, what: string): PyValue {
    if (v === MARK) throw new PickleError(`unexpected MARK as ${what}`);
    if (Array.isArray(v)) {
      // Tuples hold raw items and are finished in place, once; lists only ever receive finished items. Never
      // re-walking a finished array keeps nested appends linear.
      if (this.finished.has(v)) return v as PyValue[];
      const items = v as StackItem[];
      for (let i = 0; i < items.length; i++) items[i] = this.value(items[i]!, what);
      this.finished.add(v);
      return v as PyValue[];
    }
    if (typeof v === 'object' && v !== null && !(v instanceof Map) && !(v instanceof Uint8Array)) {
      if ('global' in v) throw new PickleError(`${v.global} appears as a value; only numpy arrays are supported`);
      if (v.kind === 'utf8') return utf8.decode(v.bytes);
      if (v.kind === 'dtype') return `${v.byteOrder}${v.str}`;
    }
    return v as PyValue;
  }

  private append(target: StackItem, items: StackItem[]): void {
    if (!Array.isArray(target)) throw new PickleError(`APPEND to something that is not a list at offset ${this.pos - 1}`);
    for (const v of items) target.push(this.value(v, 'a list item'));
  }

  private setItems(target: StackItem, items: StackItem[]): void {
    if (!(target instanceof Map)) throw new PickleError(`SETITEM on something that is not a dict at offset ${this.pos - 1}`);
    if (items.length % 2 !== 0) throw new PickleError(`odd number of dict items at offset ${this.pos - 1}`);
    for (let i = 0; i < items.length; i += 2) target.set(this.key(items[i]!), this.value(items[i + 1]!, 'a dict value'));
  }

  private key(k: StackItem): PyKey {
    const v = this.value(k, 'a dict key');
    // Keys written by Python 3 with encoding='bytes' conventions (b'data') read like 'data'.
    if (v instanceof Uint8Array) return latin1.decode(v);
    if (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean') return v;
    throw new PickleError('unsupported dict key type (only str, bytes, int, bool and None are)');
  }

  private global(mod: string, name: string): GlobalRef {
    const full = `${mod}.${name}`;
    if (!KNOWN_GLOBALS.has(full))
      throw new PickleError(`it holds a Python object of type ${full}; only dicts, lists, numbers, strings and numpy arrays are supported`);
    return { global: full };
  }

  private call(fn: StackItem, argsItem: StackItem, at: number): StackItem {
    if (typeof fn !== 'object' || fn === null || !('global' in fn)) throw new PickleError(`call of a non-callable at offset ${at}`);
    if (!Array.isArray(argsItem)) throw new PickleError(`call arguments are not a tuple at offset ${at}`);
    const args = argsItem as StackItem[];
    const g = fn.global;
    if (RECONSTRUCT.has(g)) {
      const nd: NdArray = { kind: 'ndarray', dtype: 'u1', byteOrder: '|', shape: [0], fortranOrder: false, data: new Uint8Array(0) };
      return nd;
    }
    if (g === 'numpy.dtype') {
      const s = this.value(args[0] ?? null, 'a dtype name');
      if (typeof s !== 'string') throw new PickleError(`numpy.dtype with a non-string type at offset ${at}`);
      const m = /^([<>|=]?)([a-zA-Z])(\d*)$/.exec(s);
      if (!m) throw new PickleError(`unsupported numpy dtype '${s}'`);
      const dt: NpDtype = { kind: 'dtype', str: m[2]! + m[3]!, byteOrder: m[1] || '<' };
      return dt;
    }
    if (FROMBUFFER.has(g)) {
      const [buf, dt, shape, order] = args;
      const nd: NdArray = {
        kind: 'ndarray', dtype: 'u1', byteOrder: '|', shape: this.shape(shape ?? null), fortranOrder: order === 'F',
        data: this.rawBytes(buf ?? null),
      };
      this.setDtype(nd, dt ?? null);
      return nd;
    }
    if (SCALAR.has(g)) {
      const nd: NdArray = { kind: 'ndarray', dtype: 'u1', byteOrder: '|', shape: [], fortranOrder: false, data: this.rawBytes(args[1] ?? null) };
      this.setDtype(nd, args[0] ?? null);
      const v = ndarrayToNumbers(nd, 'a numpy scalar');
      if (v.length !== 1) throw new PickleError(`numpy scalar with ${nd.data.length} bytes for dtype ${nd.dtype}`);
      return v[0]!;
    }
    if (g === '_codecs.encode' || g.endsWith('.bytearray') || g.endsWith('.bytes')) {
      if (args.length === 0) return new Uint8Array(0);
      return this.rawBytes(args[0]!);
    }
    if (g === 'collections.OrderedDict') {
      const d = new Map<PyKey, PyValue>();
      const pairs = args[0];
      if (Array.isArray(pairs)) for (const p of pairs) {
        if (!Array.isArray(p) || p.length !== 2) throw new PickleError('OrderedDict items are not pairs');
        d.set(this.key(p[0]!), this.value(p[1]!, 'a dict value'));
      }
      return d;
    }
    if (g.endsWith('set')) {
      const items = args[0];
      return Array.isArray(items) ? items.map((v) => this.value(v, 'a set item')) : [];
    }
    throw new PickleError(`${g} cannot be called (offset ${at})`);
  }

  private build(target: StackItem, state: StackItem, at: number): void {
    if (typeof target !== 'object' || target === null || Array.isArray(target) || target instanceof Map || target instanceof Uint8Array)
      throw new PickleError(`BUILD on an unsupported object at offset ${at}`);
    if ('kind' in target && target.kind === 'dtype') {
      // (version, byteorder, subarray, names, fields, elsize, alignment, flags[, metadata])
      if (Array.isArray(state) && typeof state[1] === 'string') target.byteOrder = state[1] === '=' ? '<' : state[1];
      if (Array.isArray(state) && state[3] !== null && state[3] !== undefined)
        throw new PickleError('structured numpy dtypes (with named fields) are not supported');
      return;
    }
    if ('kind' in target && target.kind === 'ndarray') {
      // (version, shape, dtype, is_fortran, rawdata)
      if (!Array.isArray(state) || state.length < 5) throw new PickleError(`numpy array state is not a 5-tuple at offset ${at}`);
      const [, shape, dt, fortran, raw] = state as StackItem[];
      target.shape = this.shape(shape ?? null);
      target.fortranOrder = fortran === true || fortran === 1;
      this.setDtype(target, dt ?? null);
      if (Array.isArray(raw)) throw new PickleError('numpy object arrays (dtype=object) are not supported');
      target.data = this.rawBytes(raw ?? null);
      return;
    }
    throw new PickleError(`BUILD on an unsupported object at offset ${at}`);
  }

  private setDtype(nd: NdArray, dt: StackItem): void {
    if (typeof dt !== 'object' || dt === null || !('kind' in dt) || dt.kind !== 'dtype') throw new PickleError('numpy array without a dtype');
    nd.dtype = dt.str;
    nd.byteOrder = dt.byteOrder;
  }

  private shape(s: StackItem): number[] {
    if (!Array.isArray(s) || !s.every((d) => typeof d === 'number' && Number.isInteger(d) && d >= 0))
      throw new PickleError('numpy array shape is not a tuple of non-negative integers');
    return s as number[];
  }

  private rawBytes(v: StackItem): Uint8Array {
    if (v instanceof Uint8Array) return v;
    if (typeof v === 'string') return latin1Bytes(v);
    if (typeof v === 'object' && v !== null && 'kind' in v && v.kind === 'utf8') return utf8ToLatin1(v.bytes);
    throw new PickleError('expected bytes (array data)');
  }
}

function parseIntText(s: string): number | bigint {
  const t = s.trim();
  if (!/^[+-]?\d+$/.test(t)) throw new PickleError(`bad integer literal '${s}'`);
  const b = BigInt(t);
  return b >= BigInt(Number.MIN_SAFE_INTEGER) && b <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(b) : b;
}

function parseQuotedString(s: string): string {
  const t = s.trim();
  const q = t[0];
  if ((q !== "'" && q !== '"') || t[t.length - 1] !== q) throw new PickleError(`bad STRING literal ${t.slice(0, 40)}`);
  return t.slice(1, -1).replace(/\\x([0-9a-fA-F]{2})|\\(.)/g, (_m, hex: string | undefined, c: string | undefined) => {
    if (hex) return String.fromCharCode(parseInt(hex, 16));
    return c === 'n' ? '\n' : c === 't' ? '\t' : c === 'r' ? '\r' : c === '0' ? '\0' : (c ?? '');
  });
}

function decodeRawUnicodeEscape(s: string): string {
  return s.replace(/\\u([0-9a-fA-F]{4})|\\U([0-9a-fA-F]{8})/g, (_m, a: string | undefined, b: string | undefined) =>
    String.fromCodePoint(parseInt((a ?? b)!, 16)));
}

/** Number of elements the shape holds. */
export function ndarraySize(nd: NdArray): number {
  return nd.shape.reduce((a, b) => a * b, 1);
}

/** Element byte width of a numpy type string like 'u1', 'f8'. */
function itemSize(dtype: string): number {
  const n = Number(dtype.slice(1));
  return dtype[0] === 'b' && dtype.length === 1 ? 1 : n;
}

/** The elements as JS numbers (C order), for the integer, float and bool dtypes. */
export function ndarrayToNumbers(nd: NdArray, what: string): number[] {
  const size = ndarraySize(nd);
  const w = itemSize(nd.dtype);
  if (!(w > 0) || nd.data.length !== size * w)
    throw new PickleError(`${what}: ${nd.data.length} bytes for ${size} elements of dtype ${nd.dtype}`);
  if (nd.fortranOrder && nd.shape.filter((d) => d > 1).length > 1) throw new PickleError(`${what}: Fortran-ordered arrays are not supported`);
  const dv = new DataView(nd.data.buffer, nd.data.byteOffset, nd.data.byteLength);
  const le = nd.byteOrder !== '>';
  const out = new Array<number>(size);
  const t = nd.dtype;
  for (let i = 0; i < size; i++) {
    const o = i * w;
    switch (t) {
      case 'u1': case 'b1': case 'b': case '?1': out[i] = dv.getUint8(o); break;
      case 'i1': out[i] = dv.getInt8(o); break;
      case 'u2': out[i] = dv.getUint16(o, le); break;
      case 'i2': out[i] = dv.getInt16(o, le); break;
      case 'u4': out[i] = dv.getUint32(o, le); break;
      case 'i4': out[i] = dv.getInt32(o, le); break;
      case 'u8': out[i] = Number(dv.getBigUint64(o, le)); break;
      case 'i8': out[i] = Number(dv.getBigInt64(o, le)); break;
      case 'f4': out[i] = dv.getFloat32(o, le); break;
      case 'f8': out[i] = dv.getFloat64(o, le); break;
      default: throw new PickleError(`${what}: numpy dtype ${t} is not supported`);
    }
  }
  return out;
}

export function isNdArray(v: PyValue | undefined): v is NdArray {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Map) && !(v instanceof Uint8Array) && v.kind === 'ndarray';
}
