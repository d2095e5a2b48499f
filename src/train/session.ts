// What the search and training runs share: opening a new or resumed run directory, the Ctrl-C handler that
// asks for a checkpoint, and the run-level state every checkpoint carries (loader position, RNG state).
import { existsSync } from 'node:fs';
import type { DataLoader } from '../data/index.js';
import type { PickleTree } from '../io/index.js';
import { field, mapOf } from '../nas/search/state.js';
import { getRngState, setRngState, Tensor } from '../tensor/index.js';
import type { Progress } from './progress.js';
import { RunDirectory } from './run-dir.js';

export interface RunHooks {
  progress?: Progress;
  /** Stops after this many training steps in total, with the checkpoint written (tests of resume). */
  stopAfterSteps?: number;
}

export interface OpenedRun<O> {
  run: RunDirectory;
  options: O;
  resumed: boolean;
}

/** A new run directory for `options`, or the run in `resumeDir` with the options of its config.json. */
export function openRun<O extends { out?: string; seed: number; device: string }>(kind: string, options: O | undefined,
  resumeDir: string | undefined, config: (o: O) => Record<string, unknown> = () => ({})): OpenedRun<O> {
  if (resumeDir) {
    const run = RunDirectory.open(resumeDir);
    if (!existsSync(run.path('checkpoints', 'last.pt'))) throw new Error(`--resume ${resumeDir}: no checkpoints/last.pt to resume from`);
    return { run, options: run.readJson<{ options: O }>('config.json').options, resumed: true };
  }
  if (!options) throw new Error(`${kind}: options or a run directory to resume are required`);
  const run = RunDirectory.create(kind, options.out);
  run.writeJson('config.json', { command: kind, options, ...config(options) });
  run.writeEnvironment({ seed: options.seed, device: options.device });
  return { run, options, resumed: false };
}

/** Ctrl-C sets a flag the step loop checks (to checkpoint and stop); a second Ctrl-C quits at once. */
export class Interruption {
  private requested_ = false;
  private readonly handler = (): void => {
    if (this.requested_) process.exit(130);
    this.requested_ = true;
    this.progress.note('interrupt: saving a checkpoint after this step (Ctrl-C again to quit at once)');
  };
  constructor(private readonly progress: Progress) {
    process.on('SIGINT', this.handler);
  }
  /**
   * Lets the event loop run (signals are delivered there; a step loop over prefetched batches would otherwise
   * only ever run microtasks) and tells whether a checkpoint-and-stop was asked for.
   */
  async requested(): Promise<boolean> {
    await new Promise<void>((r) => setImmediate(r));
    return this.requested_;
  }
  dispose(): void {
    process.off('SIGINT', this.handler);
  }
}

/** Loader position and the torch RNG state, as checkpoint entries (the RNG tensor is the caller's to free). */
export function runStateEntries(loader: DataLoader): [PickleTree, PickleTree][] {
  return [
    ['train_loader', new Map<PickleTree, PickleTree>([['epoch', loader.epoch], ['position', loader.position]])],
    ['rng', getRngState()],
  ];
}

export function restoreRunState(ck: PickleTree, loader: DataLoader): void {
  const ls = mapOf(field(ck, 'train_loader', 'checkpoint'), 'train_loader');
  loader.setState({ epoch: Number(ls.get('epoch')), position: Number(ls.get('position')) });
  const rng = field(ck, 'rng', 'checkpoint');
  if (!(rng instanceof Tensor)) throw new Error('checkpoint: rng is not a tensor');
  setRngState(rng);
}

export function disposeTensors(entries: [PickleTree, PickleTree][]): void {
  for (const [, v] of entries) if (v instanceof Tensor) v.dispose();
}
