// What the board and the report show of a run directory: its summary (run-summary.ts, the one reader of what
// `tsnas runs` shows), the records of metrics.jsonl read on from a byte offset as the file grows, the labelled α of
// every epoch and the cell pictures. Everything is read from the files the run wrote; nothing here writes.
import { closeSync, existsSync, openSync, readdirSync, readFileSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { ArchWeightsFile } from '../nas/search/arch-weights.js';
import { differingOptions, displayPath, type RunSummary, runsIn, summarizeRun } from '../train/run-summary.js';

/** A run the board shows: `id` is its index in the board's list, the only way a client names it. */
export interface BoardRun {
  id: number;
  dir: string;
  /** The path as the user would type it. */
  name: string;
}

export interface RunListEntry extends RunSummary {
  id: number;
  name: string;
}

export interface RunList {
  runs: RunListEntry[];
  /** The options on which the runs differ: key, then each run's value in the order of `runs`. */
  differing: [string, unknown[]][];
}

export interface MetricsChunk {
  /** The records of the complete lines from `from` on, step records left out (see `lastStep`). */
  records: Record<string, unknown>[];
  /** The latest step record among them: where an epoch in progress stands. */
  lastStep: Record<string, unknown> | undefined;
  /** The byte offset where they started (0 when the file was replaced by a shorter one). */
  from: number;
  /** The byte offset to read on from: the end of the last complete line. */
  next: number;
}

export interface EpochArch {
  epoch: number;
  weights: ArchWeightsFile;
}

export interface EpochCells {
  epoch: number;
  /** Cell name (normal, reduce, cell0, ...) → the picture's path relative to the run directory. */
  pictures: Record<string, string>;
}

export interface RunView {
  run: RunListEntry;
  metrics: MetricsChunk;
  arch: EpochArch[];
  cells: EpochCells[];
  /** The final genotype's pictures (relative paths), once the search has finished. */
  finalCells: Record<string, string>;
}

/** The runs under the given paths (run or experiment directories, or folders of them), each once, in order. */
export function discoverRunDirs(paths: readonly string[]): string[] {
  return [...new Set(paths.flatMap((p) => runsIn(p)))];
}

export function toBoardRuns(dirs: readonly string[], firstId = 0): BoardRun[] {
  return dirs.map((dir, i) => ({ id: firstId + i, dir, name: displayPath(dir) }));
}

export function runList(runs: readonly BoardRun[]): RunList {
  const entries = runs.map((r) => ({ ...summarizeRun(r.dir), id: r.id, name: r.name }));
  return { runs: entries, differing: differingOptions(entries) };
}

const METRICS_FILE = 'metrics.jsonl';

export function metricsSize(dir: string): number {
  const p = join(dir, METRICS_FILE);
  return existsSync(p) ? statSync(p).size : 0;
}

/** The records appended to metrics.jsonl since byte `from`; a torn last line waits for its newline. */
export function readMetrics(dir: string, from = 0): MetricsChunk {
  const size = metricsSize(dir);
  const start = from > size ? 0 : from;
  const records: Record<string, unknown>[] = [];
  let lastStep: Record<string, unknown> | undefined;
  if (size === start) return { records, lastStep, from: start, next: start };
  const buf = Buffer.alloc(size - start);
  const fd = openSync(join(dir, METRICS_FILE), 'r');
  try {
    readSync(fd, buf, 0, buf.length, start);
  } finally {
    closeSync(fd);
  }
  const end = buf.lastIndexOf(0x0a) + 1;
  for (const line of buf.subarray(0, end).toString('utf8').split('\n')) {
    if (line.trim() === '') continue;
    let record: Record<string, unknown>;
    try {
      record = JSON.parse(line) as Record<string, unknown>;
    } catch {
      continue; // a line cut by a crash and followed by others
    }
    if (record.type === 'step') lastStep = record;
    else records.push(record);
  }
  return { records, lastStep, from: start, next: start + end };
}

const EPOCH_FILE = /^epoch-(\d+)\.(.+)$/;

/** genotypes/epoch-NNN.<rest> files by epoch. */
function epochFiles(dir: string): Map<number, string[]> {
  const folder = join(dir, 'genotypes');
  const out = new Map<number, string[]>();
  if (!existsSync(folder)) return out;
  for (const name of readdirSync(folder).sort()) {
    const m = EPOCH_FILE.exec(name);
    if (!m) continue;
    const epoch = Number(m[1]);
    out.set(epoch, [...(out.get(epoch) ?? []), m[2]!]);
  }
  return out;
}

/** How many per-epoch genotype files a run has: a change means an epoch's α or cells were written. */
export function epochFileCount(dir: string): number {
  const folder = join(dir, 'genotypes');
  return existsSync(folder) ? readdirSync(folder).length : 0;
}

const PICTURE = /^(.+)\.svg$/;

function pictures(names: readonly string[], prefix: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of names) {
    const m = PICTURE.exec(name);
    if (m) out[m[1]!] = prefix + name;
  }
  return out;
}

export function runView(run: BoardRun): RunView {
  const [entry] = runList([run]).runs;
  const arch: EpochArch[] = [];
  const cells: EpochCells[] = [];
  for (const [epoch, rests] of [...epochFiles(run.dir)].sort(([a], [b]) => a - b)) {
    const tag = `epoch-${String(epoch).padStart(3, '0')}`;
    if (rests.includes('weights.json')) {
      try {
        arch.push({ epoch, weights: JSON.parse(readFileSync(join(run.dir, 'genotypes', `${tag}.weights.json`), 'utf8')) as ArchWeightsFile });
      } catch {
        /* being written: the next refresh has it */
      }
    }
    const pics = pictures(rests, `genotypes/${tag}.`);
    if (Object.keys(pics).length > 0) cells.push({ epoch, pictures: pics });
  }
  const top = existsSync(run.dir) ? readdirSync(run.dir).filter((n) => n.startsWith('genotype.')) : [];
  const finalCells = pictures(
    top.map((n) => n.slice('genotype.'.length)),
    'genotype.',
  );
  return { run: entry!, metrics: readMetrics(run.dir), arch, cells, finalCells };
}
