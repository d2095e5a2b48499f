// What the search and training runs share: validating a new or resumed run before anything is written, opening its
// directory, status.json through the run's life, the signal handler that asks for a checkpoint (SIGINT, SIGTERM,
// SIGHUP), the run-level state every checkpoint carries (loader position, RNG state, metrics offset, the epoch's
// running sums), and the checks that stop a run whose numbers went non-finite.
import { hostname } from 'node:os';
import type { DataLoader } from '../data/index.js';
import type { ProcessGroup } from '../distributed/index.js';
import { existsSync } from 'node:fs';
import { loadTorchCheckpoint, type PickleTree, readTorchMetadata } from '../io/index.js';
import { field, mapOf } from '../nas/search/state.js';
import { getRngState, noGrad, ops, setRngState, Tensor, tidy } from '../tensor/index.js';
import type { EpochTotals, Progress } from './progress.js';
import { isLive, RunDirectory } from './run-dir.js';
import type { OptionValue } from '../option-schema.js';
import { intOption } from '../option-values.js';
import { TSNAS_VERSION } from '../version.js';

export interface RunHooks {
  progress?: Progress;
  /** Stops after this many training steps in total, with the checkpoint written (tests of resume). */
  stopAfterSteps?: number;
  /**
   * Data parallelism: this process is one rank of the group (see train/parallel.ts). Each rank takes its shard of
   * every epoch, gradients are averaged over the ranks, and rank 0 alone writes the run directory.
   */
  processGroup?: ProcessGroup;
  /** The device this process uses instead of the run's own (a rank's GPU, cuda:LOCAL_RANK); not recorded. */
  device?: string;
}

/** What every run's options hold. */
export interface RunOptionsBase {
  out?: string;
  /** Minutes between mid-epoch checkpoints (0: only at epoch ends; default 30). */
  checkpointInterval?: number;
  /** Replace the run already in `out` (refused otherwise). Not recorded in config.json. */
  overwrite?: boolean;
  seed: number;
  device: string;
  /**
   * The command's resolved values under their flag names (see command-options.ts), recorded in config.json as its
   * `config`: what `--config DIR/config.json` and `tsnas rerun DIR` read back. Runs started from the library without
   * one record only their options.
   */
  config?: Record<string, OptionValue>;
}

/** What a resumed run may change (the flags whose schema entry says onResume 'apply'): the total of epochs. */
export interface ResumeChanges {
  epochs?: unknown;
}

/** A run whose options are known and checked, before its directory is touched. */
export interface PreparedRun<O> {
  kind: string;
  options: O;
  /** The run directory being resumed. */
  resume?: RunDirectory;
  /** A resume that goes on to more epochs than the run was started with: config.json is rewritten with them. */
  extended?: { from: number; to: number };
  /** A rank other than 0 of a data-parallel run: reads what rank 0 writes, writes nothing. */
  follower?: boolean;
}

/**
 * The options of a new run, or those of the run in `resumeDir` (its config.json) after checking that it is a run of
 * this kind that can be continued. Writes nothing. `runEpochs`: the epochs a run of these options goes through, where
 * that is more than its `epochs` (DARTOpti's pretraining), for the check of `--epochs N` against the epochs done.
 */
export function prepareRun<O extends RunOptionsBase & { epochs?: number }>(
  kind: string,
  options: O | undefined,
  resumeDir: string | undefined,
  hooks: RunHooks = {},
  changes: ResumeChanges = {},
  runEpochs: (o: O) => number = (o) => o.epochs ?? 0,
): PreparedRun<O> {
  const group = hooks.processGroup;
  const follower = group !== undefined && group.rank !== 0;
  const onDevice = (o: O): O => (hooks.device ? { ...o, device: hooks.device } : o);
  if (!resumeDir) {
    if (!options) throw new Error(`${kind}: options or a run directory to resume are required`);
    return { kind, options: onDevice(options), follower };
  }
  const run = RunDirectory.open(resumeDir);
  const config = run.readJson<{ command?: unknown; options?: unknown }>('config.json');
  if (config.command !== kind) {
    const other = typeof config.command === 'string' ? config.command : undefined;
    throw new Error(
      `--resume ${resumeDir}: ${
        other
          ? `this is a ${other} run; continue it with: tsnas ${other} --resume ${resumeDir}`
          : `${run.path('config.json')} names no command: the run directory is damaged`
      }`,
    );
  }
  if (!config.options || typeof config.options !== 'object')
    throw new Error(`--resume ${resumeDir}: ${run.path('config.json')} holds no options: the run directory is damaged`);
  checkWorldSize(resumeDir, run, group?.size ?? 1);
  const recorded = config.options as O;
  const epochs = changes.epochs === undefined ? undefined : intOption(String(changes.epochs), '--epochs', 1);
  const extended =
    epochs !== undefined && recorded.epochs !== undefined && epochs !== recorded.epochs ? { from: recorded.epochs, to: epochs } : undefined;
  const resumed = epochs === undefined ? recorded : { ...recorded, epochs };
  // Rank 0 checks the run's state and marks it running (possibly before the other ranks get here).
  if (follower) return { kind, options: onDevice(resumed), resume: RunDirectory.follower(run.dir), follower, extended };
  const status = run.status();
  if (isLive(status)) throw new Error(`--resume ${resumeDir}: the run is being run right now (pid ${status!.pid}); stop that process first`);
  const finished = status?.state === 'finished' || run.exists('result.json');
  // The epoch under way when the run stopped (1-based), or the epochs it finished with.
  const reached = status?.epoch ?? 0;
  const total = epochs === undefined ? undefined : runEpochs(resumed);
  if (epochs !== undefined && total! < reached + (finished ? 1 : 0)) {
    // Where the run adds epochs of its own, --epochs is not its total: the message says what the total would be.
    const added = total! - epochs;
    const means = added > 0 ? ` (+ ${added} the run adds: ${total} in all)` : '';
    throw new Error(
      `--resume ${resumeDir} --epochs ${epochs}: the run has ${finished ? `finished ${reached} epochs` : `reached epoch ${reached}`}; ` +
        `--epochs${means} must be ${finished ? 'more than that' : 'at least that'} (it is the total the run goes on to)`,
    );
  }
  if (finished && !extended)
    throw new Error(
      `--resume ${resumeDir}: the run has finished (see its result.json); there is nothing to continue ` +
        `(--epochs N with N > ${recorded.epochs ?? reached} goes on to N epochs)`,
    );
  return { kind, options: onDevice(resumed), resume: run, extended };
}

/**
 * Creates the directory of a prepared new run (config.json, environment.json) or reopens the resumed one, and marks
 * it running. Call it once everything that can be checked up front (data, genotype, network) has been.
 */
export function openRun<O extends RunOptionsBase>(p: PreparedRun<O>, config: Record<string, unknown> = {}): RunDirectory {
  if (p.follower) return p.resume ?? RunDirectory.follower(p.options.out ?? "rank 0's run directory");
  const now = new Date().toISOString();
  if (p.resume) {
    const run = p.resume;
    const before = run.status();
    run.updateStatus({
      state: 'running',
      command: p.kind,
      pid: process.pid,
      host: hostname(),
      error: undefined,
      signal: undefined,
      endedAt: undefined,
      startedAt: before?.startedAt ?? now,
      resumes: [
        ...(before?.resumes ?? []),
        { at: now, epoch: before?.epoch ?? 0, step: before?.step ?? 0, ...(p.extended && { epochs: p.extended }) },
      ],
    });
    if (p.extended) {
      // config.json holds what the run computes: from here on, the new total.
      const c = run.readJson<{ options: Record<string, unknown>; config?: Record<string, unknown> }>('config.json');
      run.writeJson('config.json', {
        ...c,
        options: { ...c.options, epochs: p.extended.to },
        ...(c.config && { config: { ...c.config, epochs: p.extended.to } }),
      });
      run.remove('result.json');
    }
    return run;
  }
  const { overwrite, config: values, ...options } = p.options;
  const run = RunDirectory.create(p.kind, options.out, { overwrite });
  run.writeJson('config.json', { command: p.kind, tsnas: TSNAS_VERSION, ...(values && { config: values }), options, ...config });
  run.writeEnvironment({ seed: options.seed, device: options.device });
  run.updateStatus({ state: 'running', command: p.kind, pid: process.pid, host: hostname(), startedAt: now });
  return run;
}

/**
 * The ranks of a data-parallel run each hold a shard's position in their loader: a checkpoint continues only with
 * as many ranks as wrote it.
 */
function checkWorldSize(resumeDir: string, run: RunDirectory, worldSize: number): void {
  const recorded = run.readJson<{ distributed?: { worldSize?: unknown } }>('config.json').distributed?.worldSize;
  const was = typeof recorded === 'number' ? recorded : 1;
  if (was === worldSize) return;
  const how = (n: number): string => (n === 1 ? 'one process' : `${n} processes (--nproc ${n}, or torchrun with WORLD_SIZE ${n})`);
  throw new Error(
    `--resume ${resumeDir}: the run was started with ${how(was)} and can only continue with ${how(was)}, not ${how(worldSize)}: ` +
      "each process's place in its share of the epoch is part of the checkpoint",
  );
}

const SIGNAL_EXIT: Record<string, number> = { SIGHUP: 129, SIGINT: 130, SIGTERM: 143 };

/** A checkpoint a resumed run continues from: its file and what it holds. */
export interface ResumePoint {
  path: string;
  tree: PickleTree;
}

/**
 * The checkpoint a resumed run continues from (undefined for a new run, or a run stopped before its first checkpoint),
 * read and checked before the run is touched, so that a damaged or foreign checkpoint changes nothing.
 */
export function resumeCheckpoint(p: PreparedRun<unknown>, format: string): ResumePoint | undefined {
  if (!p.resume) return undefined;
  const path = p.resume.path('checkpoints', 'last.pt');
  if (!existsSync(path)) return undefined;
  const tree = loadTorchCheckpoint(path);
  let found: PickleTree | undefined;
  try {
    found = field(tree, 'format', 'checkpoint');
  } catch {
    found = undefined;
  }
  if (found !== format) throw new Error(`${path} is not a tsnas ${p.kind} checkpoint (format ${String(found ?? 'missing')}, expected ${format})`);
  return { path, tree };
}

/**
 * Reads the checkpoint a resume continues from (resumeCheckpoint), lets `checkMetadata` refuse the metadata of its file
 * (one of another search or network), then opens the run (openRun): a damaged or foreign checkpoint changes nothing.
 */
export function openResumableRun<O extends RunOptionsBase>(
  p: PreparedRun<O>,
  format: string,
  o: {
    checkMetadata: (found: Record<string, unknown> | undefined, path: string) => void;
    /** Recorded in a new run's config.json next to its options. */
    config?: Record<string, unknown>;
    /** Frees what the caller built before the run, when it is refused. */
    release: () => void;
  },
): { run: RunDirectory; resumeFrom: ResumePoint | undefined } {
  try {
    const resumeFrom = resumeCheckpoint(p, format);
    if (resumeFrom) o.checkMetadata(readTorchMetadata(resumeFrom.path), resumeFrom.path);
    return { run: openRun(p, o.config), resumeFrom };
  } catch (e) {
    o.release();
    throw e;
  }
}

/** How messages name a run of `kind`: "training" or "search". */
export function runNoun(kind: string): string {
  return kind === 'train' ? 'training' : kind;
}

/** Thrown once a run stopped on a signal (or a test's stopAfterSteps) with its checkpoint on disk. */
export class RunInterrupted extends Error {
  constructor(
    readonly kind: string,
    readonly dir: string,
    readonly signal: string,
  ) {
    super(
      `${runNoun(kind)} interrupted${signal.startsWith('SIG') ? ` by ${signal}` : ''}; checkpoint saved in ` +
        `${dir}/checkpoints/last.pt (resume with: tsnas ${kind} --resume ${dir})`,
    );
  }
  /** 128 + the signal number, as a shell reports a process ended by it. */
  get exitCode(): number {
    return SIGNAL_EXIT[this.signal] ?? 130;
  }
}

/**
 * Thrown when a loss, gradient norm, architecture parameter or weight became NaN or infinite. Nothing is saved
 * after it: the last checkpoint on disk is the last finite one.
 */
export class NonFiniteError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NonFiniteError';
  }
}

/**
 * SIGINT, SIGTERM (what SLURM, Kubernetes and systemd send) and SIGHUP set a flag the step loop checks, to
 * checkpoint and stop; a second signal quits at once.
 */
export class Interruption {
  signal: string | undefined;
  private readonly handler = (sig: NodeJS.Signals): void => {
    if (this.signal) {
      this.onQuit(sig);
      process.exit(SIGNAL_EXIT[sig] ?? 130);
    }
    this.signal = sig;
    this.progress.note(`${sig}: saving a checkpoint after this step (send it again to quit at once)`);
  };
  private static readonly SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

  constructor(
    private readonly progress: Progress,
    private readonly onQuit: (sig: string) => void = () => undefined,
  ) {
    for (const s of Interruption.SIGNALS) process.on(s, this.handler);
  }

  /**
   * Lets the event loop run (signals are delivered there; a step loop over prefetched batches would otherwise
   * only ever run microtasks) and tells whether a checkpoint-and-stop was asked for.
   */
  async requested(): Promise<boolean> {
    await new Promise<void>((r) => setImmediate(r));
    return this.signal !== undefined;
  }

  dispose(): void {
    for (const s of Interruption.SIGNALS) process.off(s, this.handler);
  }
}

/**
 * Runs `body` as the life of `run`: status.json says running, then finished, interrupted (with the signal) or failed
 * (with the error). The signal handler is installed for the whole body.
 */
export async function supervise<R>(run: RunDirectory, progress: Progress, body: (interruption: Interruption) => Promise<R>): Promise<R> {
  const interruption = new Interruption(progress, (sig) => {
    try {
      run.updateStatus({ state: 'interrupted', signal: sig, endedAt: new Date().toISOString() });
    } catch {
      /* quitting anyway */
    }
  });
  try {
    const result = await body(interruption);
    run.updateStatus({ state: 'finished', endedAt: new Date().toISOString() });
    return result;
  } catch (e) {
    const endedAt = new Date().toISOString();
    try {
      if (e instanceof RunInterrupted) run.updateStatus({ state: 'interrupted', signal: e.signal, endedAt });
      else run.updateStatus({ state: 'failed', error: (e as Error).message ?? String(e), endedAt });
    } catch {
      /* the disk that failed the run may fail this too: the original error says more */
    }
    throw e;
  } finally {
    interruption.dispose();
  }
}

/** The run-level state a checkpoint carries (the RNG tensor is the caller's to free, see disposeTensors). */
export function runStateEntries(
  run: RunDirectory,
  loader: DataLoader,
  totals: EpochTotals | undefined,
  skippedSteps = 0,
): [PickleTree, PickleTree][] {
  return [
    [
      'train_loader',
      new Map<PickleTree, PickleTree>([
        ['epoch', loader.epoch],
        ['position', loader.position],
      ]),
    ],
    ['rng', getRngState()],
    // The byte length of metrics.jsonl when the checkpoint was taken: a resume cuts off what came later.
    ['metrics_bytes', run.metricsBytes()],
    // The epoch's running sums, so a mid-epoch resume reports the same epoch means as an uninterrupted run.
    [
      'epoch_totals',
      new Map<PickleTree, PickleTree>([
        ['steps', totals?.steps ?? 0],
        ['loss_sum', totals?.lossSum ?? 0],
        ['accuracy_sum', totals?.accuracySum ?? 0],
        ['images', totals?.images ?? 0],
      ]),
    ],
    ['skipped_steps', skippedSteps],
  ];
}

export interface RestoredRunState {
  totals: EpochTotals | undefined;
  skippedSteps: number;
}

/** Restores what runStateEntries saved and cuts metrics.jsonl back to the checkpoint's records. */
export function restoreRunState(run: RunDirectory, ck: PickleTree, loader: DataLoader): RestoredRunState {
  const ls = mapOf(field(ck, 'train_loader', 'checkpoint'), 'train_loader');
  loader.setState({ epoch: Number(ls.get('epoch')), position: Number(ls.get('position')) });
  const rng = field(ck, 'rng', 'checkpoint');
  if (!(rng instanceof Tensor)) throw new Error('checkpoint: rng is not a tensor');
  setRngState(rng);
  const m = mapOf(ck, 'checkpoint');
  const bytes = m.get('metrics_bytes');
  if (typeof bytes === 'number' || typeof bytes === 'bigint') run.truncateMetrics(Number(bytes));
  const t = m.get('epoch_totals');
  const totals =
    t === undefined
      ? undefined
      : (() => {
          const tm = mapOf(t, 'epoch_totals');
          return {
            steps: Number(tm.get('steps')),
            lossSum: Number(tm.get('loss_sum')),
            accuracySum: Number(tm.get('accuracy_sum')),
            images: Number(tm.get('images')),
          };
        })();
  return { totals, skippedSteps: Number(m.get('skipped_steps') ?? 0) };
}

export function disposeTensors(entries: [PickleTree, PickleTree][]): void {
  for (const [, v] of entries) if (v instanceof Tensor) v.dispose();
}

/**
 * The names of the floating-point tensors in `named` holding a NaN or an infinity ([] when all are finite). One host
 * read when all are finite (the common case): a single reduction over every tensor.
 */
export function nonFiniteTensors(named: Iterable<[string, Tensor]>): string[] {
  const list = [...named].filter(([, t]) => t.dtype.startsWith('float') || t.dtype.startsWith('bfloat'));
  if (list.length === 0) return [];
  return noGrad(() =>
    tidy(() => {
      // Norms copy nothing (finiteProbe would copy every weight); one overflows only for values beyond ~1e19, and then
      // the exact per-tensor test below decides.
      if (
        Number.isFinite(
          ops
            .stack(
              ops.foreachNorm(
                list.map(([, t]) => t),
                2,
              ),
            )
            .sum()
            .item(),
        )
      )
        return [];
      return list.filter(([, t]) => !t.isfinite().all().item()).map(([n]) => n);
    }),
  );
}

/**
 * A 0-d tensor that is 0 when every element of `tensors` is finite and NaN otherwise (x·0 is 0 for finite x, NaN for
 * NaN and ±inf; a norm instead would overflow for large finite values). Two multi-tensor ops and one reduction.
 */
export function finiteProbe(tensors: readonly Tensor[]): Tensor {
  return noGrad(() => tidy(() => ops.stack(ops.foreachNorm(ops.foreachMul(tensors, 0), 2)).sum()));
}

/** "a, b, c and 12 more" */
export function listNames(names: string[], max = 4): string {
  return names.length <= max ? names.join(', ') : `${names.slice(0, max).join(', ')} and ${names.length - max} more`;
}
