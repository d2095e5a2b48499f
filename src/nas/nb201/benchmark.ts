// The NAS-Bench-201 table: 200-epoch test accuracy (%) of all 15,625 cells on CIFAR-10 (ori-test), CIFAR-100
// (x-test) and ImageNet16-120 (x-test), seed means (spec §5.8). Read from the project asset
// assets/nas-bench-201/nb201-test-accuracy-200e.csv.gz (derived from v-tao/nats-bench-landscape's nats_bench.csv;
// see its PROVENANCE.md) on first use and cached. The table has no validation accuracies.
//
// Lookups take any spelling of an arch string (whitespace, a JSON-quoted string): it is parsed and re-formatted
// to the canonical `|op~0|+|op~0|op~1|+|op~0|op~1|op~2|` before the lookup.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { constants as zlibConstants, gunzipSync } from 'node:zlib';
import { formatNb201Arch, type Nb201Arch, parseNb201Arch } from '../genotype/nb201.js';

/** 200-epoch test accuracies (%) of one cell; keys as printed by `tsnas nb201 query --json`. */
export interface Nb201Accuracy {
  cifar10: number;
  cifar100: number;
  imagenet16_120: number;
}

export type Nb201Dataset = keyof Nb201Accuracy;
export const NB201_DATASETS: readonly Nb201Dataset[] = ['cifar10', 'cifar100', 'imagenet16_120'];

export interface Nb201Record extends Nb201Accuracy {
  /** Benchmark index (row order of the source; identical in NB201 and NATS-Bench tss). */
  index: number;
  arch: string;
}

export interface Nb201Table {
  readonly size: number;
  /** Canonical arch string → record. */
  readonly byArch: ReadonlyMap<string, Nb201Record>;
  /** Records in index order. */
  readonly records: readonly Nb201Record[];
  readonly source: string;
}

/** Where the project asset lives (the repository's assets/ folder, found from this module's location). */
export function defaultNb201TablePath(): string {
  // dist/src/nas/nb201/benchmark.js → the repository root is four levels up (src/… when run from sources is five).
  for (const up of ['../../../../', '../../../']) {
    const p = fileURLToPath(new URL(`${up}assets/nas-bench-201/nb201-test-accuracy-200e.csv.gz`, import.meta.url));
    if (existsSync(p)) return p;
  }
  return fileURLToPath(new URL('../../../../assets/nas-bench-201/nb201-test-accuracy-200e.csv.gz', import.meta.url));
}

function splitCsvLine(line: string): string[] {
  // The tables hold no quoted fields (arch strings have no commas); a quoted field would be a different file.
  if (line.includes('"')) throw new Error('quoted CSV fields are not supported in an NB201 table');
  return line.split(',');
}

/**
 * Parses an NB201 table: the project's derived CSV (`index,arch,cifar10,cifar100,imagenet16_120`) or the original
 * nats_bench.csv (`CIFAR10TestAccuracy200Epochs,…,ArchitectureString,UniqueString`, index = row order), plain or gzipped.
 */
export function parseNb201Table(bytes: Uint8Array, source = '<memory>'): Nb201Table {
  const gz = bytes.length > 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
  let raw: Uint8Array = bytes;
  if (gz) {
    try {
      raw = gunzipSync(bytes);
    } catch (e) {
      // What did decompress says where the data stops.
      let where = '';
      try {
        const partial = gunzipSync(bytes, { finishFlush: zlibConstants.Z_SYNC_FLUSH }).toString('utf8');
        const complete = partial.split('\n').length - 1;
        where = `; the readable data stops after line ${complete}${complete > 0 ? ` (a full table has ${NB201_TABLE_SIZE + 1} lines)` : ''}`;
      } catch {
        /* corrupt, not just cut */
      }
      throw new Error(`${source}: the NB201 table is truncated or corrupt (gzip: ${(e as Error).message}, ${bytes.length} bytes${where}). ${REPAIR}`);
    }
  }
  const text = Buffer.from(raw).toString('utf8');
  const lines = text.split(/\r?\n/).filter((l) => l.length > 0);
  if (lines.length < 2) throw new Error(`${source}: not an NB201 table (no data rows). ${REPAIR}`);
  const header = splitCsvLine(lines[0]!);
  const find = (...names: string[]): number => {
    for (const n of names) {
      const i = header.indexOf(n);
      if (i >= 0) return i;
    }
    throw new Error(`${source}: not an NB201 table (no column ${names.map((n) => `'${n}'`).join(' or ')} in '${lines[0]}')`);
  };
  const cArch = find('arch', 'ArchitectureString');
  const c10 = find('cifar10', 'CIFAR10TestAccuracy200Epochs');
  const c100 = find('cifar100', 'CIFAR100TestAccuracy200Epochs');
  const cIn = find('imagenet16_120', 'ImageNetTestAccuracy200Epochs');
  const cIndex = header.indexOf('index');
  const records: Nb201Record[] = [];
  const byArch = new Map<string, Nb201Record>();
  const last = lines.length - 1;
  // A bad last line with no newline after it is where a cut-off file ends.
  const cut = (r: number): string => (r === last && !/\n$/.test(text) ? ' (the last line, with no newline: the file looks truncated)' : '');
  for (let r = 1; r < lines.length; r++) {
    const f = splitCsvLine(lines[r]!);
    if (f.length !== header.length) {
      throw new Error(
        `${source}:${r + 1}: ${f.length} fields where the header has ${header.length}${cut(r)}; ` +
          `the NB201 table is truncated or corrupt. ${REPAIR}`,
      );
    }
    const num = (i: number, what: string): number => {
      const v = Number(f[i]);
      if (f[i] === undefined || f[i] === '' || !Number.isFinite(v)) {
        throw new Error(`${source}:${r + 1}: ${what} is not a number ('${f[i]}')${cut(r)}; the NB201 table is corrupt. ${REPAIR}`);
      }
      return v;
    };
    const index = cIndex >= 0 ? num(cIndex, 'index') : r - 1;
    let arch: string;
    try {
      arch = formatNb201Arch(parseNb201Arch(f[cArch] ?? ''));
    } catch (e) {
      throw new Error(`${source}:${r + 1}: bad arch string${cut(r)}; the NB201 table is corrupt. ${REPAIR}\n${(e as Error).message}`);
    }
    const rec: Nb201Record = {
      index,
      arch,
      cifar10: num(c10, 'cifar10'),
      cifar100: num(c100, 'cifar100'),
      imagenet16_120: num(cIn, 'imagenet16_120'),
    };
    if (byArch.has(arch)) throw new Error(`${source}:${r + 1}: arch ${arch} appears twice`);
    byArch.set(arch, rec);
    records.push(rec);
  }
  records.sort((a, b) => a.index - b.index);
  return { size: records.length, byArch, records, source };
}

const REPAIR =
  'Restore assets/nas-bench-201/nb201-test-accuracy-200e.csv.gz from the tsnas sources (e.g. `git checkout -- assets/nas-bench-201`), ' +
  'or point TSNAS_NB201_TABLE at an intact table';

/** Cells in the full benchmark (5 operations on 6 edges). */
export const NB201_TABLE_SIZE = 15625;

const cache = new Map<string, Nb201Table>();

/** The table at `path` (default: $TSNAS_NB201_TABLE, else the project asset), read once and cached. */
export function loadNb201Table(path?: string): Nb201Table {
  const p = path ?? process.env.TSNAS_NB201_TABLE ?? defaultNb201TablePath();
  let t = cache.get(p);
  if (!t) {
    if (!existsSync(p))
      throw new Error(`NAS-Bench-201 table not found at ${p} (the asset assets/nas-bench-201/ ships with tsnas; or set TSNAS_NB201_TABLE)`);
    const st = statSync(p);
    if (!st.isFile())
      throw new Error(
        `NAS-Bench-201 table ${p}: not a regular file${st.isDirectory() ? ' (a directory)' : ''}; TSNAS_NB201_TABLE must name the .csv or .csv.gz table`,
      );
    let bytes: Buffer;
    try {
      bytes = readFileSync(p);
    } catch (e) {
      throw new Error(`NAS-Bench-201 table ${p}: cannot be read (${(e as Error).message})`);
    }
    t = parseNb201Table(bytes, p);
    // The shipped table holds every cell; fewer means a file cut at a line boundary.
    if (path === undefined && process.env.TSNAS_NB201_TABLE === undefined && t.size !== NB201_TABLE_SIZE) {
      throw new Error(`${p}: ${t.size} cells where the benchmark has ${NB201_TABLE_SIZE}; the NB201 table is truncated or corrupt. ${REPAIR}`);
    }
    cache.set(p, t);
  }
  return t;
}

/** Canonical form of an arch string (or an Nb201Arch); throws a GenotypeParseError pointing at a bad piece. */
export function canonicalNb201Arch(arch: string | Nb201Arch): string {
  if (typeof arch !== 'string') return formatNb201Arch(arch);
  let text = arch.trim();
  if (text.length >= 2 && (text[0] === '"' || text[0] === "'") && text[text.length - 1] === text[0]) text = text.slice(1, -1);
  return formatNb201Arch(parseNb201Arch(text.replace(/\s+/g, '')));
}

/** The full record (index, canonical string, accuracies) of a cell; throws for a string not in the table. */
export function lookupNb201(arch: string | Nb201Arch, table: Nb201Table = loadNb201Table()): Nb201Record {
  const key = canonicalNb201Arch(arch);
  const rec = table.byArch.get(key);
  if (!rec) throw new Error(`NAS-Bench-201 has no architecture '${key}' (${table.size} cells in ${table.source})`);
  return rec;
}

/** 200-epoch test accuracies (%) of a cell: { cifar10, cifar100, imagenet16_120 }. */
export function queryNb201(arch: string | Nb201Arch, table?: Nb201Table): Nb201Accuracy {
  const r = lookupNb201(arch, table);
  return { cifar10: r.cifar10, cifar100: r.cifar100, imagenet16_120: r.imagenet16_120 };
}

/** The best cell of a column, and its accuracy. */
export function bestNb201(dataset: Nb201Dataset, table: Nb201Table = loadNb201Table()): Nb201Record {
  let best = table.records[0]!;
  for (const r of table.records) if (r[dataset] > best[dataset]) best = r;
  return best;
}
