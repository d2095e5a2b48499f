// The Python values pickles hold, as tsnas represents them (read and written by pickle.ts, rebuilt by numpy.ts and
// torch.ts): None -> null, bool, int -> number (bigint beyond 2^53), float -> number, str -> string, bytes ->
// Uint8Array, list / tuple -> array, dict / OrderedDict -> Map, set -> Set, tensors -> Tensor (made by the torch
// loader), anything else -> PyObject (class name, constructor args, state), class or function references ->
// PyGlobal. An OrderedDict's attributes (a state_dict's `_metadata`) are kept aside and written back: see
// pyAttributes().
import type { Tensor } from '../tensor/tensor.js';

/** A reference to a Python class or function, `module.name` (e.g. `torch.float32`). */
export class PyGlobal {
  constructor(
    readonly module: string,
    readonly name: string,
  ) {}
  get qualifiedName(): string {
    return `${this.module}.${this.name}`;
  }
  toString(): string {
    return this.qualifiedName;
  }
}

/** An instance of a Python class tsnas has no mapping for, kept as what the pickle said to build it. */
export class PyObject {
  /** Items set with obj[key] = value (SETITEMS on the object). */
  dictItems: Map<PickleTree, PickleTree> | undefined;
  /** Items appended (APPENDS on the object). */
  listItems: PickleTree[] | undefined;
  constructor(
    readonly cls: PyGlobal,
    public args: PickleTree[],
    public state?: PickleTree,
  ) {}
  toString(): string {
    return `${this.cls.qualifiedName}(...)`;
  }
}

/**
 * A Python float even when integral: integral JS numbers are written as Python ints (`epoch: 3`), so wrap a
 * value that must stay a float (`best_acc: new PyFloat(97)`). Loading never produces it.
 */
export class PyFloat {
  constructor(readonly value: number) {}
}

export type PickleTree =
  | null
  | boolean
  | number
  | bigint
  | string
  | Uint8Array
  | Tensor
  | PyGlobal
  | PyObject
  | PyFloat
  | PickleTree[]
  | Set<PickleTree>
  | Map<PickleTree, PickleTree>
  | { [key: string]: PickleTree };

/** A Python int: a number while exact, else a bigint. */
export function pyInt(v: bigint): number | bigint {
  return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
}

interface DictExtras {
  ordered: boolean;
  state?: PickleTree;
}
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
