// One interface over the two sources of NAS-Bench-201 numbers: the shipped table (200-epoch test accuracy only) and
// the official benchmark files (official.ts: train / validation / test accuracy at 12 and 200 epochs, times,
// parameters, FLOPs). Search oracles (`nb201 evolve`, the nb201* metrics a search on --space nb201 logs) follow the
// NATS-Bench protocol: they select on validation accuracy where the source has it and report test accuracy; on the
// shipped table the only signal is test accuracy, and their names say so.
//
// Which source: an explicit path (`--benchmark FILE`), else $TSNAS_NB201_BENCHMARK, else the shipped table.
import type { Nb201Arch } from '../genotype/nb201.js';
import { canonicalNb201Arch, loadNb201Table, NB201_DATASETS, type Nb201Dataset, type Nb201Table } from './benchmark.js';
import { NB201_HPS, type Nb201BenchDataset, type Nb201DatasetMetrics, type Nb201Hp, type Nb201OfficialFile, readNb201Official } from './official.js';

/** The accuracy a search selects on: validation (`x-valid`) or, where the source has none, test. */
export type Nb201Signal = 'valid' | 'test';

/** A search oracle's answer for one column: the accuracy it selects on, and the test accuracy it reports. */
export interface Nb201Evaluation {
  signal: number;
  test: number;
}

/** All a source has on one cell with one protocol. */
export interface Nb201CellMetrics {
  index: number;
  arch: string;
  hp: Nb201Hp;
  datasets: Nb201DatasetMetrics;
}

export interface Nb201Benchmark {
  /** What it is, for messages: 'the shipped table', 'NAS-Bench-201', 'NATS-Bench tss'. */
  readonly kind: string;
  /** The file or folder read (the table's path for the shipped table). */
  readonly source: string;
  /** What search oracles select on: 'valid' for the official files, 'test' for the shipped table. */
  readonly signal: Nb201Signal;
  /** The protocols it has results for. */
  readonly hps: readonly Nb201Hp[];
  /** Cells in its search space (15,625 for the real benchmark). */
  readonly size: number;
  /** Benchmark index and canonical string of a cell (any spelling); throws for a cell it does not list. */
  locate(arch: string | Nb201Arch): { index: number; arch: string };
  /** Everything it has on a cell trained with `hp` (default '200'); throws when the cell has no results. */
  metrics(arch: string | Nb201Arch, hp?: Nb201Hp): Nb201CellMetrics;
  /** A search oracle's answer on a column (200 epochs). */
  evaluate(arch: string | Nb201Arch, column: Nb201Dataset): Nb201Evaluation;
}

/** Where each column's numbers are found: validation from cifar10-valid / x-valid, test from cifar10 / ori-test (spec §5.4). */
export const NB201_COLUMN_DATASETS: Record<Nb201Dataset, { valid: Nb201BenchDataset; test: Nb201BenchDataset }> = {
  cifar10: { valid: 'cifar10-valid', test: 'cifar10' },
  cifar100: { valid: 'cifar100', test: 'cifar100' },
  imagenet16_120: { valid: 'ImageNet16-120', test: 'ImageNet16-120' },
};

/** Label of a signal for messages and metric names. */
export function nb201SignalLabel(b: Nb201Benchmark): string {
  return b.signal === 'valid'
    ? `validation accuracy (x-valid, 200 epochs; cifar10 from cifar10-valid) from ${b.kind} ${b.source}; test accuracy reported`
    : 'test accuracy: the shipped table has no validation accuracies (give an official benchmark file with --benchmark or TSNAS_NB201_BENCHMARK for validation-driven search)';
}

/** The shipped table as an Nb201Benchmark: test accuracies at 200 epochs, nothing else. */
export function tableBenchmark(table: Nb201Table = loadNb201Table()): Nb201Benchmark {
  const locate = (arch: string | Nb201Arch): { index: number; arch: string } => {
    const key = canonicalNb201Arch(arch);
    const rec = table.byArch.get(key);
    if (!rec) throw new Error(`NAS-Bench-201 has no architecture '${key}' (${table.size} cells in ${table.source})`);
    return { index: rec.index, arch: key };
  };
  return {
    kind: 'the shipped table',
    source: table.source,
    signal: 'test',
    hps: ['200'],
    size: table.size,
    locate,
    metrics(arch, hp = '200') {
      if (hp !== '200')
        throw new Error(
          `the shipped NAS-Bench-201 table has 200-epoch results only, not hp '${hp}'; give an official benchmark file with --benchmark`,
        );
      const { index, arch: key } = locate(arch);
      const rec = table.byArch.get(key)!;
      const datasets: Nb201DatasetMetrics = {};
      for (const column of NB201_DATASETS) datasets[NB201_COLUMN_DATASETS[column].test] = { seeds: [], epochs: 200, testAccuracy: rec[column] };
      return { index, arch: key, hp, datasets };
    },
    evaluate(arch, column) {
      const test = table.byArch.get(locate(arch).arch)![column];
      return { signal: test, test };
    },
  };
}

/** An official benchmark file or folder as an Nb201Benchmark. */
export function officialBenchmark(file: Nb201OfficialFile): Nb201Benchmark {
  const byArch = new Map(file.archs.map((a, i) => [a, i]));
  const locate = (arch: string | Nb201Arch): { index: number; arch: string } => {
    const key = canonicalNb201Arch(arch);
    const index = byArch.get(key);
    if (index === undefined) throw new Error(`${file.format} ${file.path} has no architecture '${key}' (${file.archs.length} listed)`);
    return { index, arch: key };
  };
  const metrics = (arch: string | Nb201Arch, hp: Nb201Hp = '200'): Nb201CellMetrics => {
    const { index, arch: key } = locate(arch);
    const r = file.results(index);
    if (!r) throw new Error(`${file.format} ${file.path} has no results for architecture ${index} (${key}): it was not evaluated`);
    const datasets = r.results[hp];
    if (!datasets) throw new Error(`${file.format} ${file.path} has no ${hp}-epoch results for architecture ${index} (${key})`);
    return { index, arch: key, hp, datasets };
  };
  // The protocols of the first evaluated cell (every cell of a benchmark has the same ones)
  const first = file.evaluated()[0];
  const hps = NB201_HPS.filter((hp) => first === undefined || file.results(first)?.results[hp] !== undefined);
  return {
    kind: file.format,
    source: file.path,
    signal: 'valid',
    hps,
    size: file.archs.length,
    locate,
    metrics,
    evaluate(arch, column) {
      const m = metrics(arch, '200');
      const where = NB201_COLUMN_DATASETS[column];
      const valid = m.datasets[where.valid]?.validAccuracy;
      const test = m.datasets[where.test]?.testAccuracy;
      if (valid === undefined || test === undefined) {
        throw new Error(
          `${file.format} ${file.path}: architecture ${m.index} has no 200-epoch ${valid === undefined ? `validation accuracy on ${where.valid}` : `test accuracy on ${where.test}`}`,
        );
      }
      return { signal: valid, test };
    },
  };
}

const opened = new Map<string, Nb201Benchmark>();

/**
 * The benchmark at `path` (an official file or NATS-Bench folder), else at $TSNAS_NB201_BENCHMARK, else the shipped
 * table; opened once per path.
 */
export function openNb201Benchmark(path?: string): Nb201Benchmark {
  const p = path ?? (process.env.TSNAS_NB201_BENCHMARK || undefined);
  if (p === undefined) return tableBenchmark();
  let b = opened.get(p);
  if (!b) {
    b = officialBenchmark(readNb201Official(p));
    opened.set(p, b);
  }
  return b;
}
