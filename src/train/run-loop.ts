// The epoch loop search and training share: the resume from a checkpoint (or the restart of a run stopped before its
// first one), one pass of the loader per epoch from the resumed position, the checks that stop a run whose numbers
// went non-finite (and --skip-nonfinite-steps), step and epoch metrics, the checkpoints (every --checkpoint-interval
// minutes, at each epoch's end, on a signal) and status.json. A runner passes in what differs: its step, its epoch
// end (evaluation, genotypes, best) and what its checkpoints hold.
//
// Epochs: the loop's `epoch` is the 0-based index schedules and loaders take; what a user sees (metrics.jsonl,
// status.json, the console, genotypes/epoch-NNN files, result.json) counts from 1 (epoch N is the N-th, N epochs are
// done after it), and so does a step within its epoch. A checkpoint's `epoch` is the epochs done, as in the checkpoint
// dicts of DARTS' train_imagenet.py (`'epoch': epoch + 1`): the 0-based epoch a resume starts.
import {
  type Batch,
  type DataLoader,
  type DatasetName,
  type ImageDataset,
  loadDataset,
  type SyntheticGeometry,
  syntheticOptions,
} from '../data/index.js';
import { type PickleTree, saveTorchCheckpoint } from '../io/index.js';
import { field } from '../nas/search/state.js';
import type { Tensor } from '../tensor/index.js';
import type { EpochTotals, Progress } from './progress.js';
import { sumOverRanks } from './parallel.js';
import type { RunDirectory, RunStatus } from './run-dir.js';
import type { RunEvents } from './run-events.js';
import {
  disposeTensors,
  type Interruption,
  listNames,
  NonFiniteError,
  nonFiniteTensors,
  type PreparedRun,
  restoreRunState,
  type ResumePoint,
  type RunHooks,
  type RunInterrupted,
  runNoun,
  type RunOptionsBase,
  runStateEntries,
  supervise,
} from './session.js';

/** What the options of a run of epochs over a dataset (search and training) hold. */
export interface EpochRunOptions extends RunOptionsBase {
  dataset: DatasetName;
  data?: string;
  epochs: number;
  channels: number;
  layers: number;
  batchSize: number;
  subset?: number;
  workers?: number;
  /** Synthetic dataset geometry (dataset 'synthetic'). */
  synthetic?: SyntheticGeometry;
  /** AutoAugment on the training images (--auto-aug; defaultTransforms' autoAugment). */
  autoAugment?: boolean;
  /** Data parallelism: BatchNorm statistics over the batches of all ranks (SyncBatchNorm) instead of each rank's. */
  syncBatchNorm?: boolean;
  /** Write TensorBoard event files in the run directory (run-events.ts); on unless false. */
  tensorboard?: boolean;
}

/** The `split` of the run's dataset, the first `subset` images of it (all: undefined). */
export function loadRunDataset(o: EpochRunOptions, split: 'train' | 'test', subset = o.subset): Promise<ImageDataset> {
  return loadDataset(o.dataset, { root: o.data, split, subset, synthetic: o.synthetic ? syntheticOptions(o.synthetic, o.seed) : undefined });
}

export type CheckpointEntries = [PickleTree, PickleTree][];

/** What a runner's step reports (numbers already read from the device). */
export interface StepOutcome {
  loss: number;
  accuracy: number;
  lr: number;
  /** Set when the step left its update out because something was not finite: what. */
  skipped?: string;
}

/** What a runner's epoch end reports, for the epoch's progress line and metrics record. */
export interface EpochOutcome {
  /** Appended to the epoch's progress line (the evaluation). */
  summary: string;
  /** Printed after the epoch's progress line. */
  notes?: string[];
  /** The record's fields between the epoch's training means and its timings (the evaluation). */
  evaluation: Record<string, unknown>;
  /** The record's fields after the timings. */
  details?: Record<string, unknown>;
  /** The epoch is the best so far: its best checkpoint is written after last.pt. */
  best: boolean;
}

export interface RunLoopSetup {
  kind: 'search' | 'train';
  prepared: PreparedRun<unknown>;
  run: RunDirectory;
  /** The checkpoint a resume continues from (see resumeCheckpoint). */
  resumeFrom: ResumePoint | undefined;
  progress: Progress;
  hooks: RunHooks;
  epochs: number;
  loader: DataLoader;
  /** The format tag every checkpoint starts with and the metadata it carries. */
  format: string;
  metadata: Record<string, unknown>;
  /** --checkpoint-interval. */
  checkpointMinutes: number | undefined;
  /** --skip-nonfinite-steps: how many steps may skip their update before the run stops (0: none). */
  allowedSkips: number;
  /** The end of a divergence error: what to try instead. */
  advice: () => string;
  interrupted: (signal: string) => RunInterrupted;
  /** Everything a checkpoint holds after its format and epoch, `runState` (loader, RNG, metrics, sums) among it. */
  content: (runState: CheckpointEntries) => CheckpointEntries;
  /** TensorBoard events of the run (undefined: none written). */
  events?: RunEvents;
}

export interface RunLoopBody<R> {
  /** Loads the runner's part of the checkpoint a resume continues from (before the run-level state). */
  restore(checkpoint: PickleTree): void;
  /** Before the epoch's first step (schedules, train mode). */
  startEpoch(epoch: number): void;
  /** One step on `batch`; the loop frees the batch afterwards. */
  step(batch: Batch): StepOutcome | Promise<StepOutcome>;
  /** Tensors checked for NaN and infinity after every update that was not skipped. */
  checkedAfterStep?(): Iterable<[string, Tensor]>;
  /** After the epoch's last step: evaluation and per-epoch outputs. */
  endEpoch(epoch: number): Promise<EpochOutcome>;
  /** Writes the best checkpoint of the epoch that brought the run to `epochsDone` epochs. */
  saveBest(epochsDone: number): void;
  /** After an epoch's checkpoints: why the run should stop before its last epoch (undefined: go on). */
  stopEarly?(): string | undefined;
  /** After the last epoch: the final artifacts and the run's result. */
  finish(): Promise<R>;
}

/**
 * When a mid-epoch checkpoint is due: every `minutes` of wall time (0 or undefined: only at epoch ends), so that a
 * kill -9 or a power cut during a long epoch loses at most that much work.
 */
const DEFAULT_CHECKPOINT_MINUTES = 30;

class CheckpointClock {
  private last = performance.now();
  constructor(private readonly minutes: number | undefined) {}
  due(): boolean {
    return this.minutes !== undefined && this.minutes > 0 && performance.now() - this.last >= this.minutes * 60_000;
  }
  reset(): void {
    this.last = performance.now();
  }
}

/** status.json's place of a run `steps` steps into the 0-based `epoch` (`ended`: its last step is done). */
function statusAt(epoch: number, steps: number, ended = false): Partial<RunStatus> {
  return { epoch: epoch + 1, step: steps, epochsDone: ended ? epoch + 1 : epoch };
}

/**
 * When and how the step loop checkpoints: after a signal (then stop), every --checkpoint-interval minutes, and at
 * each epoch's end; and what "the last finite checkpoint" is when a run diverges.
 */
class RunCheckpoints {
  private lastSaved: string | undefined;
  private readonly clock: CheckpointClock;

  /** `saveMidEpoch` writes checkpoints/last.pt in the middle of an epoch (0-based). */
  constructor(
    private readonly o: RunLoopSetup,
    private readonly saveMidEpoch: (epoch: number) => void,
  ) {
    this.clock = new CheckpointClock(o.checkpointMinutes ?? DEFAULT_CHECKPOINT_MINUTES);
  }

  /** A resumed run starts from the checkpoint at `position` of `epoch` (0-based; position 0: that epoch's start). */
  resumed(epoch: number, position: number): void {
    this.lastSaved = position > 0 ? `epoch ${epoch + 1}, step ${position}` : `end of epoch ${epoch}`;
  }

  /**
   * After the step that brought `epoch` to `step` steps (`totalSteps` in this process): checkpoint if asked or due.
   * `stopAsked`: a signal reached this process or, in a data-parallel run, any rank (all ranks stop at the same step).
   */
  async afterStep(interruption: Interruption, stopAsked: boolean, epoch: number, step: number, totalSteps: number): Promise<void> {
    const { run, kind, hooks, progress } = this.o;
    if (stopAsked || (hooks.stopAfterSteps !== undefined && totalSteps >= hooks.stopAfterSteps)) {
      this.saveMidEpoch(epoch);
      run.updateStatus(statusAt(epoch, step));
      progress.note(`checkpoint saved: ${run.path('checkpoints', 'last.pt')}; continue with: tsnas ${kind} --resume ${run.dir}`);
      throw this.o.interrupted(interruption.signal ?? (stopAsked ? 'SIGTERM' : 'stopAfterSteps'));
    }
    if (this.clock.due()) {
      this.saveMidEpoch(epoch);
      this.clock.reset();
      this.lastSaved = `epoch ${epoch + 1}, step ${step}`;
      run.updateStatus(statusAt(epoch, step));
    }
  }

  /** The caller wrote the checkpoints of `epoch`'s end. */
  savedEpochEnd(epoch: number, steps: number): void {
    this.clock.reset();
    this.lastSaved = `end of epoch ${epoch + 1}`;
    this.o.run.updateStatus(statusAt(epoch, steps, true));
  }

  /** Where a diverged run can be continued from, for its error message. */
  lastFinite(): string {
    return this.lastSaved
      ? `the last finite checkpoint is ${this.o.run.path('checkpoints', 'last.pt')} (${this.lastSaved})`
      : 'no checkpoint had been written yet';
  }
}

/** One run's epochs: build it once the run is open and its loader made, then `run` it with the runner's body. */
export class RunLoop {
  private readonly checkpoints: RunCheckpoints;
  private skipped = 0;

  constructor(private readonly o: RunLoopSetup) {
    this.checkpoints = new RunCheckpoints(o, (epoch) => this.saveCheckpoint('last', epoch, true));
  }

  /** Steps of this run (resumes included) that skipped their update. */
  get skippedSteps(): number {
    return this.skipped;
  }

  /**
   * Writes checkpoints/`name`.pt at `epoch` (epochs done, or the epoch under way). Mid-epoch checkpoints carry the
   * epoch's running sums; one taken at an epoch's end starts the next from zero.
   */
  saveCheckpoint(name: string, epoch: number, midEpoch = false): void {
    const { run, loader, progress } = this.o;
    if (!run.writes) return;
    const state = runStateEntries(run, loader, midEpoch ? progress.totals() : undefined, this.skipped);
    saveTorchCheckpoint(
      run.checkpointPath(name),
      new Map<PickleTree, PickleTree>([['format', this.o.format], ['epoch', epoch], ...this.o.content(state)]),
      { metadata: this.o.metadata },
    );
    disposeTensors(state);
  }

  /** The error that stops a run at `epoch` (0-based; at its `step`, or at its end) because `what` is not finite. */
  diverged(epoch: number, step: number | undefined, what: string): NonFiniteError {
    const { kind, allowedSkips } = this.o;
    return new NonFiniteError(
      `${runNoun(kind)} diverged at epoch ${epoch + 1}${step !== undefined ? `, step ${step + 1}` : ''}: ${what}` +
        (allowedSkips > 0 && step !== undefined ? ` (non-finite step ${this.skipped} of this run; --skip-nonfinite-steps ${allowedSkips})` : '') +
        '. Nothing was saved after it; ' +
        this.checkpoints.lastFinite() +
        `. ${this.o.advice()}`,
    );
  }

  /** Runs the epochs under supervise (status.json, signals) and returns what `body.finish` makes of them. */
  run<R>(body: RunLoopBody<R>): Promise<R> {
    const { run, progress, loader, epochs, events } = this.o;
    // Whatever ends the run (its end, a signal, an error), the events written so far reach the file.
    return supervise(run, progress, async (interruption) => {
      const { startEpoch, totals } = this.resume(body);
      let totalSteps = 0;
      for (let epoch = startEpoch; epoch < epochs; epoch++) {
        body.startEpoch(epoch);
        progress.startEpoch(epoch, epochs, loader.length);
        if (totals && epoch === startEpoch) progress.restoreTotals(totals);
        let step = loader.position;
        run.updateStatus({ ...statusAt(epoch, step), epochs });
        for await (const batch of loader) {
          const stopAsked = await this.step(body, batch, epoch, step, interruption);
          step++;
          totalSteps++;
          await this.checkpoints.afterStep(interruption, stopAsked, epoch, step, totalSteps);
        }
        const stop = await this.endEpoch(body, epoch);
        if (stop) {
          progress.note(`stopping early after epoch ${epoch + 1}: ${stop}`);
          run.appendMetrics({ type: 'early-stop', epoch: epoch + 1 });
          break;
        }
      }
      return body.finish();
    }).finally(() => events?.close());
  }

  /** Restores the checkpoint a resume continues from; returns where the epochs start. */
  private resume(body: RunLoopBody<unknown>): { startEpoch: number; totals: EpochTotals | undefined } {
    const { run, progress, loader, resumeFrom } = this.o;
    if (!resumeFrom) {
      if (this.o.prepared.resume) {
        // Stopped before its first checkpoint: start over, dropping what the first attempt logged.
        run.truncateMetrics(0);
        progress.note(`${run.dir} has no checkpoint yet: starting it over from the beginning`);
      }
      return { startEpoch: 0, totals: undefined };
    }
    const ck = resumeFrom.tree;
    body.restore(ck);
    const restored = restoreRunState(run, ck, loader);
    this.skipped = restored.skippedSteps;
    const startEpoch = Number(field(ck, 'epoch', 'checkpoint'));
    this.checkpoints.resumed(startEpoch, loader.position);
    progress.note(`resuming ${run.dir} at epoch ${startEpoch + 1}${loader.position > 0 ? `, after step ${loader.position}` : ''}`);
    return { startEpoch, totals: restored.totals };
  }

  /**
   * One step, its checks (a skipped update counts against --skip-nonfinite-steps) and its metrics; returns whether a
   * checkpoint-and-stop was asked for. In a data-parallel run the loss, accuracy and images are those of all ranks, and
   * every decision (skip, diverged, stop) is taken on numbers summed over the ranks, so that all ranks take it alike.
   */
  private async step(body: RunLoopBody<unknown>, batch: Batch, epoch: number, step: number, interruption: Interruption): Promise<boolean> {
    const { run, progress, allowedSkips, hooks } = this.o;
    let r: StepOutcome;
    try {
      r = await body.step(batch);
    } finally {
      batch.x.dispose();
      batch.y.dispose();
    }
    const local = batch.y.shape[0]!;
    const stopAsked = await interruption.requested();
    const bad = body.checkedAfterStep ? nonFiniteTensors(body.checkedAfterStep()) : [];
    const [lossSum, accuracySum, images, badRanks, stopRanks] = sumOverRanks(hooks.processGroup, [
      r.loss * local,
      r.accuracy * local,
      local,
      bad.length > 0 ? 1 : 0,
      stopAsked ? 1 : 0,
    ]) as [number, number, number, number, number];
    const loss = lossSum / images;
    const accuracy = accuracySum / images;
    // A step may leave its update out itself (a GradScaler does on overflow); a non-finite loss still counts.
    const skipped = r.skipped ?? (Number.isFinite(loss) ? undefined : `the training loss is ${loss}`);
    if (skipped) {
      this.skipped++;
      if (this.skipped > allowedSkips) throw this.diverged(epoch, step, skipped);
      progress.note(`epoch ${epoch + 1}, step ${step + 1}: ${skipped}; update skipped (${this.skipped} of --skip-nonfinite-steps ${allowedSkips})`);
      run.appendMetrics({ type: 'skipped-step', epoch: epoch + 1, step: step + 1, reason: skipped, lr: r.lr });
      return stopRanks > 0;
    }
    if (bad.length > 0) throw this.diverged(epoch, step, `NaN or infinite values in ${listNames(bad)} after the update`);
    if (badRanks > 0) throw this.diverged(epoch, step, `NaN or infinite values after the update in ${badRanks} other process(es)`);
    progress.step({ loss, accuracy, lr: r.lr, images });
    run.appendMetrics({ type: 'step', epoch: epoch + 1, step: step + 1, loss, accuracy, lr: r.lr });
    this.o.events?.step(epoch * this.o.loader.length + step + 1, { loss, accuracy, lr: r.lr });
    return stopRanks > 0;
  }

  /** The epoch's evaluation, progress line, metrics record and checkpoints; returns why to stop early, if so. */
  private async endEpoch(body: RunLoopBody<unknown>, epoch: number): Promise<string | undefined> {
    const { run, progress, loader } = this.o;
    const end = await body.endEpoch(epoch);
    const ep = progress.endEpoch(end.summary);
    for (const note of end.notes ?? []) progress.note(note);
    const record = {
      epoch: epoch + 1,
      trainLoss: ep.loss,
      trainAccuracy: ep.accuracy,
      ...end.evaluation,
      seconds: ep.seconds,
      imagesPerSecond: ep.imagesPerSecond,
      ...end.details,
    };
    run.appendMetrics({ type: 'epoch', ...record });
    this.o.events?.epoch(epoch + 1, record);
    this.saveCheckpoint('last', epoch + 1);
    if (end.best) body.saveBest(epoch + 1);
    this.checkpoints.savedEpochEnd(epoch, loader.length);
    return body.stopEarly?.();
  }
}
