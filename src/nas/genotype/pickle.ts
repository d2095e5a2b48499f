// EvNAS' `genotype.pickle`: its search pickles the best architecture's Genotype namedtuple (quark0's definition in
// its genotypes.py: normal, normal_concat, reduce, reduce_concat; the concats usually `range` objects). Read with the
// one pickle reader, which runs nothing: the namedtuple and range calls are rebuilt here and the result is written
// as the Python repr the genotype parsers read, so a pickled genotype is validated like any other.
import { type PyGlobal, unpickle } from '../../io/index.js';

/** Does a file's content look like a pickle (protocol 2 and later start with PROTO, 0x80)? */
export function isPickle(bytes: Uint8Array): boolean {
  return bytes.length > 2 && bytes[0] === 0x80 && bytes[1]! >= 2 && bytes[1]! <= 5;
}

const FIELDS = ['normal', 'normal_concat', 'reduce', 'reduce_concat'] as const;

class NamedGenotype {
  constructor(
    readonly typeName: string,
    readonly fields: readonly unknown[],
  ) {}
}

function pyRepr(v: unknown): string {
  if (typeof v === 'string') return `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  if (typeof v === 'number' || typeof v === 'bigint') return String(v);
  if (Array.isArray(v)) {
    // (op, input) pairs are tuples in the published texts; lists of them are lists
    const tuple = v.length >= 2 && typeof v[0] === 'string';
    return tuple ? `(${v.map(pyRepr).join(', ')})` : `[${v.map(pyRepr).join(', ')}]`;
  }
  throw new Error(`holds a ${v === null ? 'None' : typeof v} where a genotype has names, numbers and lists`);
}

/**
 * The Python repr of a pickled Genotype namedtuple (`Genotype(normal=[...], normal_concat=[2, 3, 4, 5], ...)`), or
 * an error naming what the pickle holds instead.
 */
export function genotypeReprFromPickle(bytes: Uint8Array): string {
  const hooks = {
    reduce(fn: PyGlobal, args: unknown[]): unknown {
      // protocol 2 names range by its Python 2 name
      if ((fn.module === 'builtins' && fn.name === 'range') || (fn.module === '__builtin__' && fn.name === 'xrange')) {
        const [start, stop, step = 1] = args.map(Number) as [number, number, number?];
        const out: number[] = [];
        for (let i = start; step > 0 ? i < stop : i > stop; i += step) out.push(i);
        return out;
      }
      // a namedtuple pickles as cls.__new__(cls, *fields)
      if (fn.name.startsWith('Genotype')) return new NamedGenotype(fn.name, args);
      return undefined;
    },
  };
  const { value } = unpickle(bytes, 0, hooks);
  if (!(value instanceof NamedGenotype)) {
    throw new Error(`the pickle holds ${describe(value)}, not a Genotype namedtuple (EvNAS writes genotype.pickle with one)`);
  }
  if (value.fields.length !== FIELDS.length) {
    throw new Error(`the pickled ${value.typeName} has ${value.fields.length} fields; a DARTS Genotype has ${FIELDS.length} (${FIELDS.join(', ')})`);
  }
  const parts = FIELDS.map((name, i) => {
    try {
      return `${name}=${pyRepr(value.fields[i])}`;
    } catch (e) {
      throw new Error(`the pickled ${value.typeName}'s ${name} ${(e as Error).message}`);
    }
  });
  return `Genotype(${parts.join(', ')})`;
}

function describe(v: unknown): string {
  if (v === null || v === undefined) return 'None';
  if (Array.isArray(v)) return `a list or tuple of ${v.length}`;
  if (typeof v === 'object') return `a ${(v as object).constructor?.name ?? 'Python object'}`;
  return `a ${typeof v}`;
}
