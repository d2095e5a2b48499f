// What `tsnas runs` shows of a run directory, read from what the run wrote (config.json, status.json, metrics.jsonl,
// result.json) and nothing else: a run still going, stopped or damaged is summarised as far as its files go.
import { type Dirent, existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';
import { describeStatus, RunDirectory, type RunStatus } from './run-dir.js';

export interface RunSummary {
  dir: string;
  command: string;
  /** running, finished, failed, interrupted, died, ... (the first word of describeStatus). */
  state: string;
  description: string;
  /** search: the method; train: the --arch it trained. */
  what: string;
  dataset: string;
  epochsDone: number;
  epochs: number | undefined;
  /** search: the best validation accuracy (%); train: the best test top-1 (%). */
  best: number | undefined;
  /** train: the last epoch's test top-1 (%); search: the last epoch's validation accuracy. */
  last: number | undefined;
  /** train: the last epoch's validation top-1 (%), when the run held out a validation split (trainPortion < 1). */
  lastVal: number | undefined;
  /** search: the genotype found (finished) or of the last epoch. */
  genotype: string | undefined;
  /** Wall time from start to end (or to the last status update of a run not finished). */
  seconds: number | undefined;
  status: RunStatus | undefined;
  /** What config.json records: the values under the flag names (`config`), or the options object of a run that has none. */
  options: Record<string, unknown>;
}

function readJson<T>(path: string): T | undefined {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as T;
  } catch {
    return undefined;
  }
}

/** The epoch records of metrics.jsonl (a torn last line, from a kill mid-write, is skipped). */
function epochRecords(dir: string): Record<string, unknown>[] {
  const p = join(dir, 'metrics.jsonl');
  if (!existsSync(p)) return [];
  const out: Record<string, unknown>[] = [];
  for (const line of readFileSync(p, 'utf8').split('\n')) {
    if (!line.includes('"type":"epoch"')) continue;
    try {
      out.push(JSON.parse(line) as Record<string, unknown>);
    } catch {
      /* a line cut by a crash */
    }
  }
  return out;
}

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const text = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

export function summarizeRun(path: string): RunSummary {
  const run = RunDirectory.open(path);
  const config = readJson<{ command?: string; config?: Record<string, unknown>; options?: Record<string, unknown> }>(run.path('config.json')) ?? {};
  // The flag names are what `runs compare` shows, as the user typed them; library runs without them show their options.
  const options = config.config ?? config.options ?? {};
  const status = run.status();
  const command = status?.command ?? config.command ?? '?';
  const description = describeStatus(status);
  const epochs = epochRecords(run.dir);
  const lastEpoch = epochs.at(-1);
  const result = readJson<Record<string, unknown>>(run.path('result.json'));
  const search = command === 'search';
  const accuracy = (r: Record<string, unknown> | undefined): number | undefined => num(search ? r?.valAccuracy : r?.testTop1);
  const accuracies = epochs.map(accuracy).filter((a): a is number => a !== undefined);
  const started = status?.startedAt ? Date.parse(status.startedAt) : NaN;
  const ended = Date.parse(status?.endedAt ?? status?.updatedAt ?? '');
  return {
    dir: run.dir,
    command,
    state: description.split(/[ :]/)[0]!,
    description,
    what: String((search ? options.method : options.arch) ?? '?'),
    dataset: String(options.dataset ?? '?'),
    epochsDone: epochs.length,
    // The run's own count where it has one (a DARTOpti search adds its pretraining to --epochs).
    epochs: num(status?.epochs) ?? num(options.epochs),
    best: accuracies.length > 0 ? Math.max(...accuracies) : undefined,
    last: accuracy(lastEpoch),
    lastVal: search ? undefined : num(lastEpoch?.valTop1),
    genotype: search ? (text(result?.genotypeText) ?? text(lastEpoch?.genotype)) : undefined,
    seconds: num(result?.seconds) ?? (Number.isFinite(started) && Number.isFinite(ended) ? (ended - started) / 1000 : undefined),
    status,
    options,
  };
}

/** How deep below a given folder runs are looked for: an experiment's runs sit a level or two down (experiment/trial/run). */
const RUN_SEARCH_DEPTH = 4;

/**
 * The run directories a path names: itself if it is one, else the runs below it (an experiment's included), at most
 * RUN_SEARCH_DEPTH levels down and not inside another run.
 */
export function runsIn(path: string): string[] {
  if (!existsSync(path)) throw new Error(`${path}: no such directory`);
  if (!statSync(path).isDirectory()) throw new Error(`${path}: not a directory`);
  if (existsSync(join(path, 'config.json'))) return [path];
  const found: string[] = [];
  const visit = (dir: string, depth: number): void => {
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return; // unreadable: not a place runs are kept
    }
    for (const e of entries.filter((e) => e.isDirectory() && !e.name.startsWith('.')).sort((a, b) => a.name.localeCompare(b.name))) {
      const sub = join(dir, e.name);
      if (existsSync(join(sub, 'config.json'))) found.push(sub);
      else if (depth < RUN_SEARCH_DEPTH) visit(sub, depth + 1);
    }
  };
  visit(path, 1);
  return found;
}

/** A run's path as the user would type it: relative to the working directory when it is below it. */
export function displayPath(dir: string): string {
  const rel = relative(process.cwd(), dir);
  return rel.startsWith('..') || isAbsolute(rel) ? dir : rel || '.';
}

/** `options` flattened to dotted keys (methodConfig.unrolled, synthetic.size, ...). */
function flatten(options: Record<string, unknown>, prefix = '', out: Record<string, unknown> = {}): Record<string, unknown> {
  for (const [k, v] of Object.entries(options)) {
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) flatten(v as Record<string, unknown>, `${prefix}${k}.`, out);
    else out[`${prefix}${k}`] = v;
  }
  return out;
}

/** The options on which `runs` differ (the output folder aside): key, then each run's value (undefined: not set). */
export function differingOptions(runs: readonly RunSummary[]): [string, unknown[]][] {
  const flat = runs.map((r) => flatten(r.options));
  const keys = [...new Set(flat.flatMap((f) => Object.keys(f)))].filter((k) => k !== 'out').sort();
  return keys
    .map((k) => [k, flat.map((f) => f[k])] as [string, unknown[]])
    .filter(([, values]) => new Set(values.map((v) => JSON.stringify(v))).size > 1);
}
