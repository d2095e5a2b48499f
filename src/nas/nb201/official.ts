// The official NAS-Bench-201 / NATS-Bench (topology, "tss") benchmark files, read with our torch.load and pickle
// readers (spec §5.6). Three format families, one reader each, all holding the same records:
//   - torch.save files (`readNb201Pth`): NAS-Bench-201-v1_0-e61699.pth / v1_1-096897.pth, a dict
//     {meta_archs, arch2infos: {index: {less: ArchResults state (12 epochs), full: … (200 epochs)}}, evaluated_indexes};
//   - a NATS-Bench pickle of the same dict (`readNatsPickle`), arch2infos {index: {'12': state, '200': state}};
//   - a NATS-Bench '-simple' folder (`openNatsFolder`): meta.pickle (meta_archs) and one NNNNNN.pickle per
//     architecture ({'12': state, '200': state}), read when first asked for, as the official fast_mode does.
// NATS-Bench ships its pickles bz2-compressed (.pickle.pbz2); Node has no bz2, so they are decompressed once with
// bzip2 (the error says the command). An ArchResults state is {arch_index, arch_str, dataset_seed {dataset: seeds},
// all_results {(dataset, seed): ResultsCount state}}; a ResultsCount state holds per-epoch dicts (train_acc1es,
// train_losses, train_times; eval_acc1es / eval_losses keyed 'x-valid@199'), params, flop, latency, epochs.
// Each (arch, hp, dataset) becomes the seed means of the last epoch, as the official
// get_more_info(index, dataset, hp=hp, is_random=False) and get_cost_info give them.
import { constants as bufferConstants } from 'node:buffer';
import { closeSync, existsSync, openSync, readdirSync, readFileSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { getHeapStatistics } from 'node:v8';
import { loadTorchCheckpoint, type PickleTree, unpickle } from '../../io/index.js';
import { canonicalNb201Arch } from './benchmark.js';

/** The API's dataset keys: cifar10-valid is trained on half the CIFAR-10 training set, cifar10 on all of it. */
export const NB201_BENCH_DATASETS = ['cifar10-valid', 'cifar10', 'cifar100', 'ImageNet16-120'] as const;
export type Nb201BenchDataset = (typeof NB201_BENCH_DATASETS)[number];

/** Training protocols: '12' epochs (the low-fidelity proxy) and '200' epochs (the paper's numbers). */
export const NB201_HPS = ['12', '200'] as const;
export type Nb201Hp = (typeof NB201_HPS)[number];

/**
 * What the benchmark says of one cell trained on one dataset with one protocol: seed means at the last epoch.
 * Accuracies are percentages; validation is the `x-valid` split, test is `ori-test` for cifar10 / cifar10-valid and
 * `x-test` for cifar100 / ImageNet16-120 (the NATS-Bench convention). A field is absent where the source lacks it.
 */
export interface Nb201Metrics {
  /** Training runs averaged (empty where the source does not say). */
  seeds: number[];
  epochs: number;
  trainAccuracy?: number;
  trainLoss?: number;
  validAccuracy?: number;
  validLoss?: number;
  testAccuracy?: number;
  testLoss?: number;
  /** Seconds of training over all epochs (the API's train-all-time). */
  trainTime?: number;
  /** Parameters and FLOPs in millions (the API's "MB" and "M"). */
  params?: number;
  flops?: number;
  /** Seconds per batch of 256 at inference. */
  latency?: number;
}

export type Nb201DatasetMetrics = Partial<Record<Nb201BenchDataset, Nb201Metrics>>;

/** One architecture of an official file: hp → dataset → metrics. */
export interface Nb201ArchResults {
  index: number;
  /** Canonical arch string. */
  arch: string;
  results: Partial<Record<Nb201Hp, Nb201DatasetMetrics>>;
}

/** An official benchmark as read: every architecture's string, and the results of the evaluated ones. */
export interface Nb201OfficialFile {
  readonly format: 'NAS-Bench-201' | 'NATS-Bench tss';
  readonly path: string;
  /** Canonical arch strings in benchmark index order. */
  readonly archs: readonly string[];
  /** Indexes that have results (for a folder: those with a file). */
  evaluated(): number[];
  /** The results of the architecture at `index`; undefined when the benchmark did not evaluate it. */
  results(index: number): Nb201ArchResults | undefined;
}

// ----------------------------------------------------------------------------------------- record parsing

type Tree = PickleTree;

class FormatError extends Error {}

function field(m: Tree, key: string, where: string): Tree {
  if (!(m instanceof Map)) throw new FormatError(`${where} is not a dict`);
  if (!m.has(key)) throw new FormatError(`${where} has no '${key}' (keys: ${[...m.keys()].slice(0, 12).map(String).join(', ')})`);
  return m.get(key)!;
}

function num(v: Tree | undefined, where: string): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  throw new FormatError(`${where} is not a number`);
}

function mean(xs: readonly number[]): number {
  // Left to right, as numpy sums a handful of values
  let s = 0;
  for (const x of xs) s += x;
  return s / xs.length;
}

/** Seed means of one field, or undefined when any run lacks it (the API then returns None). */
function meanOf(values: readonly (number | undefined)[]): number | undefined {
  return values.some((v) => v === undefined) || values.length === 0 ? undefined : mean(values as number[]);
}

interface RunRecord {
  epochs: number;
  train: { accuracy: number; loss: number };
  trainTime?: number;
  valid?: { accuracy: number; loss: number };
  test?: { accuracy: number; loss: number };
  params: number;
  flops: number;
  latency?: number;
}

function evalAt(run: Tree, set: string, epoch: number, where: string): { accuracy: number; loss: number } | undefined {
  const accs = field(run, 'eval_acc1es', where);
  const key = `${set}@${epoch}`;
  if (!(accs instanceof Map) || !accs.has(key)) return undefined;
  const losses = field(run, 'eval_losses', where);
  return {
    accuracy: num(accs.get(key), `${where}.eval_acc1es['${key}']`),
    loss: num(losses instanceof Map ? losses.get(key) : undefined, `${where}.eval_losses['${key}']`),
  };
}

/** One training run (a ResultsCount state) at its last epoch. */
function runRecord(run: Tree, dataset: Nb201BenchDataset, where: string): RunRecord {
  const epochs = num(field(run, 'epochs', where), `${where}.epochs`);
  const last = epochs - 1;
  const perEpoch = (name: string): Map<Tree, Tree> => {
    const m = field(run, name, where);
    if (!(m instanceof Map)) throw new FormatError(`${where}.${name} is not a dict of epochs`);
    return m;
  };
  const times = field(run, 'train_times', where);
  let trainTime: number | undefined;
  if (times instanceof Map && times.size > 0) {
    trainTime = 0;
    for (let e = 0; e <= last; e++) trainTime += num(times.get(e), `${where}.train_times[${e}]`);
  }
  const latencies = field(run, 'latency', where);
  const latencyList = Array.isArray(latencies) ? latencies.map((x, i) => num(x, `${where}.latency[${i}]`)) : [];
  return {
    epochs,
    train: {
      accuracy: num(perEpoch('train_acc1es').get(last), `${where}.train_acc1es[${last}]`),
      loss: num(perEpoch('train_losses').get(last), `${where}.train_losses[${last}]`),
    },
    trainTime,
    valid: evalAt(run, 'x-valid', last, where),
    test: evalAt(run, dataset === 'cifar10' || dataset === 'cifar10-valid' ? 'ori-test' : 'x-test', last, where),
    params: num(field(run, 'params', where), `${where}.params`),
    flops: num(field(run, 'flop', where), `${where}.flop`),
    // ResultsCount.get_latency: the mean of the list, -1 when there is none; get_compute_costs keeps those > 0
    latency: latencyList.length > 0 ? mean(latencyList) : undefined,
  };
}

function metricsOf(runs: readonly RunRecord[], seeds: number[]): Nb201Metrics {
  const m: Nb201Metrics = { seeds, epochs: runs[0]!.epochs };
  const put = (k: keyof Omit<Nb201Metrics, 'seeds' | 'epochs'>, v: number | undefined): void => {
    if (v !== undefined) m[k] = v;
  };
  put('trainAccuracy', meanOf(runs.map((r) => r.train.accuracy)));
  put('trainLoss', meanOf(runs.map((r) => r.train.loss)));
  put('validAccuracy', meanOf(runs.map((r) => r.valid?.accuracy)));
  put('validLoss', meanOf(runs.map((r) => r.valid?.loss)));
  put('testAccuracy', meanOf(runs.map((r) => r.test?.accuracy)));
  put('testLoss', meanOf(runs.map((r) => r.test?.loss)));
  put('trainTime', meanOf(runs.map((r) => r.trainTime)));
  put('params', mean(runs.map((r) => r.params)));
  put('flops', mean(runs.map((r) => r.flops)));
  const lat = runs.map((r) => r.latency).filter((x): x is number => x !== undefined && x > 0);
  put('latency', lat.length > 0 ? mean(lat) : undefined);
  return m;
}

/** An ArchResults state: dataset → metrics. */
function archResultsMetrics(state: Tree, where: string): { arch: string; metrics: Nb201DatasetMetrics } {
  const arch = field(state, 'arch_str', where);
  if (typeof arch !== 'string') throw new FormatError(`${where}.arch_str is not a string`);
  const seedsByDataset = field(state, 'dataset_seed', where);
  const all = field(state, 'all_results', where);
  if (!(seedsByDataset instanceof Map) || !(all instanceof Map)) throw new FormatError(`${where}: dataset_seed and all_results must be dicts`);
  // all_results is keyed by (dataset, seed) tuples, which arrive as arrays: index them by 'dataset/seed'
  const byKey = new Map<string, Tree>();
  for (const [k, v] of all) if (Array.isArray(k) && k.length === 2) byKey.set(`${String(k[0])}/${String(k[1])}`, v);
  const metrics: Nb201DatasetMetrics = {};
  for (const dataset of NB201_BENCH_DATASETS) {
    const seedList = seedsByDataset.get(dataset);
    if (seedList === undefined) continue;
    if (!Array.isArray(seedList) || seedList.length === 0) throw new FormatError(`${where}.dataset_seed['${dataset}'] is not a list of seeds`);
    const seeds = seedList.map((s, i) => num(s, `${where}.dataset_seed['${dataset}'][${i}]`));
    const runs = seeds.map((seed) => {
      const run = byKey.get(`${dataset}/${seed}`);
      if (run === undefined) throw new FormatError(`${where}.all_results has no ('${dataset}', ${seed})`);
      return runRecord(run, dataset, `${where}.all_results[('${dataset}', ${seed})]`);
    });
    metrics[dataset] = metricsOf(runs, seeds);
  }
  return { arch, metrics };
}

/** NAS-Bench-201 names the protocols 'less' and 'full'; NATS-Bench names them by their epochs. */
const HP_KEYS: Record<string, Nb201Hp> = { less: '12', full: '200', '12': '12', '200': '200' };

function archResults(index: number, metaArch: string, hps: Tree, where: string): Nb201ArchResults {
  if (!(hps instanceof Map)) throw new FormatError(`${where} is not a dict of training protocols`);
  const out: Nb201ArchResults = { index, arch: metaArch, results: {} };
  for (const [key, state] of hps) {
    const hp = HP_KEYS[String(key)];
    if (hp === undefined) continue; // other protocols of the size space ('01', '90') are not NB201's
    const r = archResultsMetrics(state, `${where}['${String(key)}']`);
    if (canonicalNb201Arch(r.arch) !== metaArch) {
      throw new FormatError(`${where}['${String(key)}'] holds ${r.arch}, but meta_archs[${index}] is ${metaArch}`);
    }
    out.results[hp] = r.metrics;
  }
  return out;
}

function metaArchs(meta: Tree, where: string): string[] {
  const list = field(meta, 'meta_archs', where);
  if (!Array.isArray(list) || !list.every((a) => typeof a === 'string')) throw new FormatError(`${where}.meta_archs is not a list of arch strings`);
  return (list as string[]).map((a) => canonicalNb201Arch(a));
}

// ----------------------------------------------------------------------------------------------- readers

const BZ2_MAGIC = 'BZh';
const LEGACY_TORCH_MAGIC = 0x1950a86a20f9469cfc6cn;

function bz2Advice(path: string, folder: boolean): string {
  const files = folder ? `${path}/*.pbz2` : path;
  return (
    `${path}: NATS-Bench's bz2-compressed pickles cannot be read directly (Node.js has no bz2). ` +
    `Decompress ${folder ? 'them' : 'it'} once, keeping the originals:\n` +
    `  for f in ${files}; do bzip2 -dc "$f" > "\${f%.pbz2}"; done\n` +
    `then pass the same ${folder ? 'folder' : 'path without .pbz2'}.`
  );
}

function corrupt(path: string, e: unknown): Error {
  const msg = (e as Error).message;
  if (e instanceof FormatError) return new Error(`${path}: not a NAS-Bench-201 / NATS-Bench benchmark file: ${msg}`);
  return new Error(`${path}: the benchmark file is truncated or corrupt (${msg.replace(`${path}: `, '')}); download it again`, { cause: e });
}

function head(path: string, n: number): Buffer {
  const fd = openSync(path, 'r');
  try {
    const b = Buffer.alloc(n);
    return b.subarray(0, readSync(fd, b, 0, n, 0));
  } finally {
    closeSync(fd);
  }
}

function fromMonolith(format: Nb201OfficialFile['format'], path: string, tree: Tree): Nb201OfficialFile {
  if (tree instanceof Map && !tree.has('meta_archs') && (tree.has('12') || tree.has('200') || tree.has('full'))) {
    throw new FormatError("this is one architecture's file: pass the folder that holds it and its meta.pickle");
  }
  const archs = metaArchs(tree, 'the file');
  const infos = field(tree, 'arch2infos', 'the file');
  if (infos === null) throw new FormatError("this is a NATS-Bench folder's meta.pickle (arch2infos is None): pass the folder");
  if (!(infos instanceof Map)) throw new FormatError('arch2infos is not a dict');
  const byIndex = new Map<number, Nb201ArchResults>();
  for (const [k, hps] of infos) {
    const index = num(k, 'an arch2infos key');
    const arch = archs[index];
    if (arch === undefined) throw new FormatError(`arch2infos has index ${index}, beyond meta_archs (${archs.length})`);
    byIndex.set(index, archResults(index, arch, hps, `arch2infos[${index}]`));
  }
  return {
    format,
    path,
    archs,
    evaluated: () => [...byIndex.keys()].sort((a, b) => a - b),
    results: (index) => byIndex.get(index),
  };
}

const SIMPLE_ADVICE =
  "use NATS-Bench's per-architecture folder NATS-tss-v1_0-3ffb9-simple instead (decompressed with bzip2): it is read one architecture at a time";

/**
 * JavaScript heap a whole-file read takes per byte of file: the per-epoch dicts of floats become Maps of numbers
 * (measured on the files test/reference/nb201_official.py writes: 3.8 for torch.save, 4.3 for a pickle).
 */
const HEAP_PER_FILE_BYTE = 4.5;

/** Refuses a whole-file read that cannot fit, before it starts, rather than dying out of memory half-way. */
function checkReadable(path: string, size: number): void {
  const gib = (n: number): string => (n / 2 ** 30).toFixed(1);
  if (size > bufferConstants.MAX_LENGTH) {
    throw new Error(
      `${path}: ${gib(size)} GiB is more than Node.js reads into memory at once (${gib(bufferConstants.MAX_LENGTH)} GiB; ` +
        `the official API needs about 28 GB of RAM for NAS-Bench-201-v1_1); ${SIMPLE_ADVICE}`,
    );
  }
  const heap = getHeapStatistics();
  const needed = size * HEAP_PER_FILE_BYTE;
  if (needed > heap.heap_size_limit - heap.used_heap_size) {
    throw new Error(
      `${path}: reading this ${gib(size)} GiB benchmark whole needs about ${gib(needed)} GiB of JavaScript heap, and this ` +
        `process may use ${gib(heap.heap_size_limit)} GiB. Give Node more with ` +
        `NODE_OPTIONS=--max-old-space-size=${Math.ceil((needed + heap.used_heap_size) / 2 ** 20 / 1024) * 1024} (MiB), or ${SIMPLE_ADVICE}`,
    );
  }
}

/** A torch.save benchmark: NAS-Bench-201-v1_0 / v1_1 (legacy or zip format). Every record is read at once. */
export function readNb201Pth(path: string): Nb201OfficialFile {
  checkReadable(path, statSync(path).size);
  let tree: Tree;
  try {
    tree = loadTorchCheckpoint(path);
  } catch (e) {
    throw corrupt(path, e);
  }
  try {
    return fromMonolith('NAS-Bench-201', path, tree);
  } catch (e) {
    throw corrupt(path, e);
  }
}

function unpickleFile(path: string): Tree {
  checkReadable(path, statSync(path).size);
  try {
    return unpickle(readFileSync(path), 0).value as Tree;
  } catch (e) {
    throw corrupt(path, e);
  }
}

/** A NATS-Bench tss pickle of the whole benchmark (uncompressed). Every record is read at once. */
export function readNatsPickle(path: string): Nb201OfficialFile {
  const tree = unpickleFile(path);
  try {
    return fromMonolith('NATS-Bench tss', path, tree);
  } catch (e) {
    throw corrupt(path, e);
  }
}

/** A NATS-Bench '-simple' folder (decompressed): meta.pickle, and NNNNNN.pickle per architecture, read on demand. */
export function openNatsFolder(dir: string): Nb201OfficialFile {
  const metaPath = join(dir, 'meta.pickle');
  if (!existsSync(metaPath)) {
    if (existsSync(`${metaPath}.pbz2`)) throw new Error(bz2Advice(dir, true));
    throw new Error(`${dir}: a folder, but not a NATS-Bench topology folder (no meta.pickle); pass NATS-tss-v1_0-3ffb9-simple or a benchmark file`);
  }
  let archs: string[];
  try {
    archs = metaArchs(unpickleFile(metaPath), 'meta.pickle');
  } catch (e) {
    throw e instanceof FormatError ? corrupt(metaPath, e) : e;
  }
  const cache = new Map<number, Nb201ArchResults | undefined>();
  const fileOf = (index: number): string | undefined => {
    for (const name of [`${String(index).padStart(6, '0')}.pickle`, `${index}.pickle`]) {
      const p = join(dir, name);
      if (existsSync(p)) return p;
      if (existsSync(`${p}.pbz2`)) throw new Error(bz2Advice(dir, true));
    }
    return undefined;
  };
  return {
    format: 'NATS-Bench tss',
    path: dir,
    archs,
    evaluated: () =>
      readdirSync(dir)
        .map((n) => /^(\d+)\.pickle$/.exec(n))
        .filter((m): m is RegExpExecArray => m !== null)
        .map((m) => Number(m[1]))
        .filter((i) => i < archs.length)
        .sort((a, b) => a - b),
    results: (index) => {
      if (!cache.has(index)) {
        const p = index >= 0 && index < archs.length ? fileOf(index) : undefined;
        let r: Nb201ArchResults | undefined;
        if (p !== undefined) {
          try {
            r = archResults(index, archs[index]!, unpickleFile(p), 'the file');
          } catch (e) {
            throw e instanceof FormatError ? corrupt(p, e) : e;
          }
        }
        cache.set(index, r);
      }
      return cache.get(index);
    },
  };
}

/**
 * Reads an official benchmark at `path`, whichever of the three layouts it has: a NATS-Bench folder, a torch.save
 * file (NAS-Bench-201 .pth) or a plain pickle (NATS-Bench). A bz2 file gets the command that decompresses it.
 */
export function readNb201Official(path: string): Nb201OfficialFile {
  if (!existsSync(path)) throw new Error(`NAS-Bench-201 benchmark ${path} not found`);
  const st = statSync(path);
  if (st.isDirectory()) return openNatsFolder(path);
  const start = head(path, 64);
  if (start.subarray(0, 3).toString('latin1') === BZ2_MAGIC) throw new Error(bz2Advice(path, false));
  if (start.length >= 4 && start.readUInt32LE(0) === 0x04034b50) return readNb201Pth(path);
  if (start[0] === 0x80) {
    // A legacy torch.save file starts with a small pickle of its magic number; a NATS pickle is the dict itself.
    let first: unknown;
    try {
      first = unpickle(start, 0).value;
    } catch {
      first = undefined;
    }
    return first === LEGACY_TORCH_MAGIC ? readNb201Pth(path) : readNatsPickle(path);
  }
  throw new Error(
    `${path}: not a NAS-Bench-201 / NATS-Bench benchmark (neither a torch.save file, a pickle nor a NATS-Bench folder); ` +
      'pass NAS-Bench-201-v1_1-096897.pth, NAS-Bench-201-v1_0-e61699.pth or the NATS-tss-v1_0-3ffb9-simple folder',
  );
}
