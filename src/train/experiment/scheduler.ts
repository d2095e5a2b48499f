// Runs an experiment's plan: each job a `tsnas` child process with its own run directory and log, at most `parallel`
// at a time, each slot with its device and thread share. What a folder already holds decides what a job does, so
// that re-running the command continues where it stopped: a finished run is skipped, an interrupted or killed one
// resumed (--resume), a failed one started again (--overwrite). A signal to the experiment is passed on to its runs
// (they checkpoint and stop) and the experiment stops starting new ones.
import { spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readdirSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname, join } from 'node:path';
import { constants } from 'node:os';
import { ensureDirectory } from '../../io/file.js';
import { isLive, RunDirectory, type RunStatus, writeFileAtomic } from '../run-dir.js';
import { summarizeRun } from '../run-summary.js';
import { type ExperimentJob, type ExperimentPlan, jobArgs, planChanges, withDependents } from './plan.js';
import { selectedCell } from './summary.js';

export interface Task {
  id: string;
  deps: readonly string[];
}

/** done; failed; blocked: an input failed; stopped: not run, or interrupted, because the experiment was stopped. */
export type TaskOutcome = 'done' | 'failed' | 'blocked' | 'stopped';

export interface TaskPool<T extends Task> {
  /** The most tasks running at once. */
  parallel: number;
  /** Runs a task in `slot` (0..parallel-1; no two running tasks share one). */
  run(task: T, slot: number): Promise<'done' | 'failed' | 'stopped'>;
  /** True once no new task may start (the running ones finish). */
  stopped(): boolean;
  /** A task that will not run because `input` (one of its deps) failed or was blocked. */
  blocked?(task: T, input: string): void;
}

/**
 * Runs tasks whose deps have all finished, in the given order, at most `parallel` at a time; a task whose input failed
 * is blocked and the others go on. Resolves with every task's outcome once none is running.
 */
export function runTasks<T extends Task>(tasks: readonly T[], pool: TaskPool<T>): Promise<Map<string, TaskOutcome>> {
  const ids = new Set(tasks.map((t) => t.id));
  for (const t of tasks) for (const d of t.deps) if (!ids.has(d)) throw new Error(`task ${t.id} needs ${d}, which is not among the tasks`);
  return new Promise((resolve) => {
    const outcome = new Map<string, TaskOutcome>();
    const started = new Set<string>();
    const free = Array.from({ length: pool.parallel }, (_, i) => i);
    let running = 0;
    const pump = (): void => {
      for (let changed = true; changed; ) {
        changed = false;
        for (const t of tasks) {
          if (started.has(t.id) || outcome.has(t.id)) continue;
          const input = t.deps.find((d) => outcome.get(d) === 'failed' || outcome.get(d) === 'blocked');
          if (input === undefined) continue;
          outcome.set(t.id, 'blocked');
          pool.blocked?.(t, input);
          changed = true;
        }
      }
      for (const t of tasks) {
        if (free.length === 0 || pool.stopped()) break;
        if (started.has(t.id) || outcome.has(t.id) || !t.deps.every((d) => outcome.get(d) === 'done')) continue;
        started.add(t.id);
        const slot = free.shift()!;
        running++;
        Promise.resolve()
          .then(() => pool.run(t, slot))
          .catch(() => 'failed' as const)
          .then((o) => {
            outcome.set(t.id, o);
            running--;
            free.push(slot);
            free.sort((a, b) => a - b);
            pump();
          });
      }
      if (running > 0) return;
      for (const t of tasks) if (!outcome.has(t.id)) outcome.set(t.id, 'stopped');
      resolve(outcome);
    };
    pump();
  });
}

/** What a job's folder holds: what is left to do. */
export type JobState = 'finished' | 'new' | 'resume' | 'restart' | 'live';

export function jobState(plan: ExperimentPlan, job: ExperimentJob): { state: JobState; status?: RunStatus } {
  const out = join(plan.output, job.id);
  if (job.command === 'eval') return { state: existsSync(`${out}.json`) ? 'finished' : 'new' };
  if (!existsSync(out) || readdirSync(out).length === 0) return { state: 'new' };
  if (!existsSync(join(out, 'config.json')))
    throw new Error(`${out} holds files but no tsnas run (no config.json): move them away, the experiment writes its ${job.stage} run there`);
  const status = RunDirectory.open(out).status();
  if (isLive(status)) return { state: 'live', status };
  if (status?.state === 'finished' && existsSync(join(out, 'result.json'))) return { state: 'finished', status };
  // Stopped by a signal, or its process gone (status still 'running'): the checkpoint continues it.
  if (status?.state === 'interrupted' || status?.state === 'running') return { state: 'resume', status };
  return { state: 'restart', status };
}

export interface ExperimentRunOptions {
  /** The most runs at once. */
  parallel: number;
  /** Devices given to the slots round robin: slot i runs on devices[i % devices.length]. */
  devices: string[];
  /** libtorch threads of each run (--threads). */
  threads: number;
  /** The program and arguments that start the tsnas CLI: [process.execPath, '.../cli/main.js']. */
  tsnas: string[];
  /** Redo the runs whose options the file changed (and the runs that need them), instead of refusing. */
  overwrite?: boolean;
  /** One line of progress. */
  print?: (line: string) => void;
}

export interface ExperimentOutcome {
  outcomes: Map<string, TaskOutcome>;
  /** Jobs found finished and not run again. */
  skipped: string[];
  failed: string[];
  blocked: string[];
  /** The signal that stopped the experiment. */
  signal?: NodeJS.Signals;
  /** What the command exits with: 0, 1 when a run failed, 128 + the signal's number when stopped by one. */
  exitCode: number;
}

const FORWARDED_SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
/** A run's exit status after a signal made it checkpoint and stop. */
const SIGNAL_EXIT = new Set([129, 130, 143]);

function tail(path: string, lines = 15): string {
  try {
    return readFileSync(path, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

const pct = (v: number | undefined): string => (v === undefined ? '?' : `${v.toFixed(2)}%`);

/** The headline number of a finished job, for its progress line. */
function jobResult(plan: ExperimentPlan, job: ExperimentJob): string {
  const out = join(plan.output, job.id);
  if (job.command === 'eval') {
    const r = JSON.parse(readFileSync(`${out}.json`, 'utf8')) as { top1?: number };
    return `test top-1 ${pct(r.top1)}`;
  }
  const s = summarizeRun(out);
  if (job.command === 'search') return `best val ${pct(s.best)}`;
  return `${s.lastVal === undefined ? '' : `val top-1 ${pct(s.lastVal)}, `}test top-1 ${pct(s.last)}`;
}

/** Refuses a second experiment process on the same folder; the lock is released when this one ends. */
function lock(plan: ExperimentPlan): () => void {
  const path = join(plan.output, 'experiment.lock');
  if (existsSync(path)) {
    try {
      const held = JSON.parse(readFileSync(path, 'utf8')) as RunStatus;
      if (isLive({ ...held, state: 'running' }))
        throw new Error(`${plan.output} is being run by another tsnas experiment (pid ${held.pid}); stop it first, or wait for it to end`);
    } catch (e) {
      if (!(e instanceof SyntaxError)) throw e;
    }
  }
  writeFileAtomic(path, JSON.stringify({ pid: process.pid, host: hostname(), startedAt: new Date().toISOString() }) + '\n');
  return () => rmSync(path, { force: true });
}

/**
 * Checks the plan against the one the folder was started with (experiment.json): a job whose options changed is
 * refused, or with `overwrite` its outputs and those of the jobs that need it are removed, to be run again.
 */
function reconcile(plan: ExperimentPlan, o: ExperimentRunOptions, print: (line: string) => void): void {
  const path = join(plan.output, 'experiment.json');
  if (!existsSync(path)) return;
  const before = JSON.parse(readFileSync(path, 'utf8')) as ExperimentPlan;
  const { changed, removed, lines } = planChanges(before, plan);
  if (removed.length > 0) print(`no longer planned (kept on disk, left out of the summary): ${removed.join(', ')}`);
  if (changed.length === 0) return;
  if (!o.overwrite)
    throw new Error(
      `${plan.output} holds this experiment with other options:\n  ${lines.join('\n  ')}\n` +
        'Give the experiment another output (output: in the file, or --out), or --overwrite to run these runs (and the runs that need them) again',
    );
  const stale = withDependents(plan, changed);
  for (const id of stale) {
    const job = plan.jobs.find((j) => j.id === id)!;
    if (jobState(plan, job).state === 'live') throw new Error(`--overwrite: ${join(plan.output, id)} is being run right now; stop it first`);
  }
  for (const id of stale) {
    const out = join(plan.output, id);
    rmSync(out, { recursive: true, force: true });
    rmSync(`${out}.json`, { force: true });
    rmSync(`${out}.log`, { force: true });
  }
  // A group whose select runs are redone may keep another cell.
  for (const g of new Set([...stale].filter((id) => id.includes('/select-')).map((id) => id.slice(0, id.lastIndexOf('/')))))
    rmSync(join(plan.output, g, 'selection.json'), { force: true });
  print(`--overwrite: running again ${stale.size} runs whose options changed or whose inputs did: ${[...stale].join(', ')}`);
}

/** Runs a plan to its end (or until a signal or failures stop it); see the module comment. */
export async function runExperiment(plan: ExperimentPlan, o: ExperimentRunOptions): Promise<ExperimentOutcome> {
  const print = o.print ?? ((line: string) => process.stdout.write(line + '\n'));
  ensureDirectory(plan.output, 'experiment folder');
  const unlock = lock(plan);
  const children = new Set<import('node:child_process').ChildProcess>();
  let signal: NodeJS.Signals | undefined;
  const onSignal = (sig: NodeJS.Signals): void => {
    const again = signal !== undefined;
    signal ??= sig;
    print(
      again
        ? `${sig} again: killing the ${children.size} running runs`
        : `${sig}: stopping the ${children.size} running runs (each saves a checkpoint); run the same command again to continue`,
    );
    for (const c of children) if (c.pid !== undefined && c.pid > 0 && c.exitCode === null) c.kill(again ? 'SIGKILL' : sig);
  };
  // An experiment that dies of an error asks its runs to checkpoint and stop rather than leaving them running.
  const onExit = (): void => {
    for (const c of children) if (c.pid !== undefined && c.pid > 0 && c.exitCode === null) c.kill('SIGTERM');
  };
  const skipped: string[] = [];
  let done = 0;
  const total = plan.jobs.length;
  try {
    reconcile(plan, o, print);
    writeFileAtomic(join(plan.output, 'experiment.json'), JSON.stringify({ ...plan, updatedAt: new Date().toISOString() }, null, 2) + '\n');
    for (const s of FORWARDED_SIGNALS) process.on(s, onSignal);
    process.on('exit', onExit);
    const width = Math.max(...plan.jobs.map((j) => j.id.length));
    const line = (what: string, job: ExperimentJob, rest: string): void => print(`${what.padEnd(8)} ${job.id.padEnd(width)}  ${rest}`);

    const runJob = async (job: ExperimentJob, slot: number): Promise<'done' | 'failed' | 'stopped'> => {
      try {
        return await startJob(job, slot);
      } catch (e) {
        line('FAILED', job, (e as Error).message);
        return 'failed';
      }
    };

    const startJob = (job: ExperimentJob, slot: number): Promise<'done' | 'failed' | 'stopped'> => {
      const out = join(plan.output, job.id);
      const { state, status } = jobState(plan, job);
      if (state === 'finished') {
        skipped.push(job.id);
        done++;
        line('skip', job, `finished before [${done}/${total}]`);
        return Promise.resolve('done');
      }
      if (state === 'live') {
        line('FAILED', job, `is being run by another process (pid ${status!.pid}); stop it, then run the experiment again`);
        return Promise.resolve('failed');
      }
      const device = o.devices[slot % o.devices.length]!;
      const threads = ['--threads', String(o.threads)];
      let args: string[];
      if (state === 'resume') args = [job.command, '--resume', out, ...threads];
      else {
        let input: string | undefined;
        if (job.input && 'run' in job.input) input = join(plan.output, job.input.run);
        else if (job.input) input = join(plan.output, selectedCell(plan, job.input.selectedIn).search);
        args = [...jobArgs(job, input), '--device', device, ...threads];
        if (job.command !== 'eval') args.push('--out', out, ...(state === 'restart' ? ['--overwrite'] : []));
      }
      const how =
        state === 'resume'
          ? `resumed (${status?.state === 'interrupted' ? `interrupted by ${status.signal ?? 'a signal'}` : 'its process died'})`
          : state === 'restart'
            ? `started again (it ${status?.state ?? 'stopped'}${status?.error ? `: ${status.error.split('\n')[0]}` : ''})`
            : '';
      line('start', job, `${how ? `${how} ` : ''}on ${device}, ${o.threads} thread${o.threads === 1 ? '' : 's'}`);
      return spawnJob(job, out, args);
    };

    const spawnJob = (job: ExperimentJob, out: string, args: string[]): Promise<'done' | 'failed' | 'stopped'> => {
      const log = `${out}.log`;
      ensureDirectory(dirname(log));
      const fd = openSync(log, 'a');
      writeSync(fd, `\n=== ${new Date().toISOString()} tsnas ${args.join(' ')}\n`);
      const eval_ = job.command === 'eval';
      const started = performance.now();
      const child = spawn(o.tsnas[0]!, [...o.tsnas.slice(1), ...args], {
        cwd: dirname(plan.file),
        env: { ...process.env, TSNAS_THREADS: String(o.threads), OMP_NUM_THREADS: String(o.threads) },
        // Own session: Ctrl-C on a terminal reaches the experiment alone, which passes it on once (a run that got it
        // twice would quit without a checkpoint).
        detached: true,
        stdio: ['ignore', eval_ ? 'pipe' : fd, fd],
      });
      children.add(child);
      let stdout = '';
      child.stdout?.on('data', (d: Buffer) => {
        stdout += d.toString();
      });
      return new Promise((resolveJob) => {
        let startError: Error | undefined;
        child.on('error', (e) => (startError ??= e));
        child.on('close', (code, sig) => {
          children.delete(child);
          if (stdout) writeSync(fd, stdout);
          closeSync(fd);
          const seconds = ((performance.now() - started) / 1000).toFixed(1);
          const exit = startError ? 127 : sig ? 128 + constants.signals[sig] : code!;
          if (exit === 0) {
            try {
              if (eval_) {
                const result = JSON.parse(stdout.trim().split('\n').at(-1) ?? '') as Record<string, unknown>;
                writeFileAtomic(`${out}.json`, JSON.stringify({ ...result, run: args[1], evaluatedAt: new Date().toISOString() }, null, 2) + '\n');
              }
              done++;
              line('done', job, `${seconds} s, ${jobResult(plan, job)} [${done}/${total}]`);
              resolveJob('done');
            } catch (e) {
              line('FAILED', job, `ended but its result cannot be read (${(e as Error).message}); log: ${log}`);
              resolveJob('failed');
            }
            return;
          }
          if (signal !== undefined && (SIGNAL_EXIT.has(exit) || sig)) {
            line('stopped', job, `by ${signal} after ${seconds} s (re-run to continue)`);
            resolveJob('stopped');
            return;
          }
          const how = startError ? `could not start (${startError.message})` : sig ? `was killed by ${sig}` : `exited with code ${exit}`;
          line('FAILED', job, `${how} after ${seconds} s; the end of ${log}:\n${tail(log).replace(/^/gm, '    | ')}`);
          resolveJob('failed');
        });
      });
    };

    const outcomes = await runTasks(plan.jobs, {
      parallel: o.parallel,
      run: runJob,
      stopped: () => signal !== undefined,
      blocked: (job, input) => line('blocked', job, `not run: ${input} did not finish`),
    });
    const of = (k: TaskOutcome): string[] => plan.jobs.filter((j) => outcomes.get(j.id) === k).map((j) => j.id);
    const failed = of('failed');
    const blocked = of('blocked');
    const exitCode = signal ? 128 + constants.signals[signal] : failed.length + blocked.length > 0 ? 1 : 0;
    return { outcomes, skipped, failed, blocked, signal, exitCode };
  } finally {
    for (const s of FORWARDED_SIGNALS) process.off(s, onSignal);
    process.off('exit', onExit);
    unlock();
  }
}
