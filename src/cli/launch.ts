// The local launcher, torchrun's behaviour on one machine: `tsnas search|train --nproc N` and `tsnas launch` start N
// copies of a command as ranks 0..N-1 with the environment torchrun would give them, pass their output through, stop
// them all when one fails, and pass on the signals the launcher gets.
import { type ChildProcess, spawn } from 'node:child_process';
import { type AddressInfo, createServer } from 'node:net';
import { availableParallelism, constants } from 'node:os';
import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import { threadsPerRank } from '../distributed/env.js';
import { intOption } from '../option-values.js';

export interface LaunchOptions {
  nproc: number;
  /** Program and arguments every rank runs. */
  command: string;
  args: string[];
  /** Environment the ranks' variables are added to (default: this process's). */
  env?: NodeJS.ProcessEnv;
  /** Rank 0's store port on 127.0.0.1 (default: a free one). */
  masterPort?: number;
  /** Intra-op threads per rank (default: $TSNAS_THREADS if set, else an equal share of the cores). */
  threads?: number;
  cwd?: string;
  /** Between the SIGTERM that stops the other ranks after a failure and the SIGKILL (default 30 s). */
  graceMs?: number;
}

const MAX_NPROC = 1024;
const DEFAULT_GRACE_MS = 30_000;
/** The signals a shell, SLURM, Kubernetes or systemd send to stop a job; every rank checkpoints on them. */
const FORWARDED_SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
const LAUNCH_FLAGS = ['--nproc', '--master-port'];

export function addLaunchOptions(cmd: Command): Command {
  return cmd
    .option(
      '--nproc <n>',
      'run N data-parallel processes on this machine (ranks), each with its share of the cores or its own GPU; the batch ' +
        "size is per rank, so the global batch is N x --batch-size; see README 'Several processes'",
    )
    .option('--master-port <port>', 'TCP port on 127.0.0.1 where the ranks meet (default: a free loopback port)');
}

/** A shell's status for a process ended by `signal`. */
function signalStatus(signal: NodeJS.Signals): number {
  return 128 + constants.signals[signal];
}

/** A port nothing listens on now, found as torchrun finds one: bind 127.0.0.1:0 and let it go. */
export function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Writes each line of `from` to `to` whole, with `prefix` before it. */
function prefixLines(from: NodeJS.ReadableStream, to: NodeJS.WritableStream, prefix: string): void {
  createInterface({ input: from, crlfDelay: Infinity }).on('line', (line) => to.write(prefix + line + '\n'));
}

function rankEnv(o: LaunchOptions, rank: number, masterPort: number): NodeJS.ProcessEnv {
  const env = o.env ?? process.env;
  const threads = o.threads ?? (env.TSNAS_THREADS ? undefined : threadsPerRank(availableParallelism(), o.nproc));
  const n = String(o.nproc);
  return {
    ...env,
    ...(threads !== undefined && { TSNAS_THREADS: String(threads), OMP_NUM_THREADS: String(threads) }),
    RANK: String(rank),
    LOCAL_RANK: String(rank),
    WORLD_SIZE: n,
    LOCAL_WORLD_SIZE: n,
    GROUP_RANK: '0',
    MASTER_ADDR: '127.0.0.1',
    MASTER_PORT: String(masterPort),
  };
}

/**
 * Runs `command args` as ranks 0..nproc-1 and resolves with the status for the launcher to exit with, once every rank
 * has ended: 0 when all succeeded; the first failed rank's status (128 + signal number when it was killed), after the
 * others were sent SIGTERM and, `graceMs` later, SIGKILL; after a SIGINT, SIGTERM or SIGHUP to the launcher (passed
 * on to every rank once; a second one kills them all), the shell's status for that signal (130 for SIGINT).
 * Rank 0's output goes straight through; the other ranks' lines start with `[rank N] `.
 */
export async function launchRanks(o: LaunchOptions): Promise<number> {
  const masterPort = o.masterPort ?? (await freeLoopbackPort());
  const graceMs = o.graceMs ?? DEFAULT_GRACE_MS;
  return new Promise((resolve) => {
    const ranks: ChildProcess[] = [];
    let running = o.nproc;
    let failure: number | undefined;
    let interrupted: NodeJS.Signals | undefined;
    let killTimer: NodeJS.Timeout | undefined;

    const signalRanks = (signal: NodeJS.Signals): void => {
      // A rank that could not start has pid 0 until its error is handled, and ChildProcess.kill would then signal
      // kill(0, ...): the launcher's whole process group (the user's shell script, a test runner).
      for (const r of ranks) if (r.pid !== undefined && r.pid > 0 && r.exitCode === null && r.signalCode === null) r.kill(signal);
    };
    const onSignal = (signal: NodeJS.Signals): void => {
      // The ranks are already stopping (a signal or a failure): this one means now.
      const stopping = interrupted !== undefined || failure !== undefined;
      if (!stopping) interrupted = signal;
      signalRanks(stopping ? 'SIGKILL' : signal);
    };
    // A launcher that dies of an error takes its ranks along rather than leaving them running.
    const onExit = (): void => signalRanks('SIGKILL');
    for (const s of FORWARDED_SIGNALS) process.on(s, onSignal);
    process.on('exit', onExit);

    const ended = (rank: number, code: number | null, signal: NodeJS.Signals | null, startError?: Error): void => {
      // 127: a shell's status for a command it cannot run.
      const status = startError ? 127 : signal ? signalStatus(signal) : code!;
      if (status !== 0 && failure === undefined && interrupted === undefined) {
        failure = status;
        const how = startError ? `could not start (${startError.message})` : signal ? `was killed by ${signal}` : `exited with code ${code}`;
        process.stderr.write(`tsnas launch: rank ${rank} ${how}; stopping the other ranks (SIGTERM, then SIGKILL after ${graceMs / 1000} s)\n`);
        signalRanks('SIGTERM');
        killTimer = setTimeout(() => signalRanks('SIGKILL'), graceMs);
      }
      if (--running > 0) return;
      for (const s of FORWARDED_SIGNALS) process.off(s, onSignal);
      process.off('exit', onExit);
      clearTimeout(killTimer);
      resolve(failure ?? (interrupted ? signalStatus(interrupted) : 0));
    };

    for (let rank = 0; rank < o.nproc; rank++) {
      const own = rank === 0 ? 'inherit' : 'pipe';
      // Each rank in its own session, as torchrun does: Ctrl-C on a terminal signals the launcher alone, which passes it
      // on once; a rank that got it twice (terminal and launcher) would take the second as "quit without a checkpoint".
      const child = spawn(o.command, o.args, { cwd: o.cwd, env: rankEnv(o, rank, masterPort), stdio: ['ignore', own, own], detached: true });
      if (child.stdout) prefixLines(child.stdout, process.stdout, `[rank ${rank}] `);
      if (child.stderr) prefixLines(child.stderr, process.stderr, `[rank ${rank}] `);
      let startError: Error | undefined;
      child.on('error', (e) => (startError ??= e));
      // 'close', not 'exit': the rank's last lines have been passed on by then.
      child.on('close', (code, signal) => ended(rank, code, signal, startError));
      ranks.push(child);
    }
  });
}

/** The arguments a rank runs with: the user's, less the launcher's own options. */
export function withoutLaunchOptions(args: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') return [...out, ...args.slice(i)];
    if (LAUNCH_FLAGS.includes(a)) i++;
    else if (!LAUNCH_FLAGS.some((f) => a.startsWith(f + '='))) out.push(a);
  }
  return out;
}

/** --nproc and --master-port as given (nproc undefined when not given), checked. */
export function launchSettings(cmd: Command, env: NodeJS.ProcessEnv = process.env): { nproc?: number; masterPort?: number } {
  const o = cmd.opts<{ nproc?: string; masterPort?: string }>();
  if (o.nproc !== undefined && env.WORLD_SIZE !== undefined)
    throw new Error(
      `--nproc cannot be used under torchrun: torchrun (or \`tsnas launch\`) already started the ranks (WORLD_SIZE=${env.WORLD_SIZE} is set)`,
    );
  return {
    nproc: o.nproc !== undefined ? intOption(o.nproc, '--nproc', 1, MAX_NPROC) : undefined,
    masterPort: o.masterPort !== undefined ? intOption(o.masterPort, '--master-port', 1, 65535) : undefined,
  };
}

/**
 * What `search` and `train` do first: with --nproc N > 1, run this same command line as N ranks and tell true once
 * they have ended (process.exitCode then holds their status); otherwise false, and the command runs here.
 */
export async function launchIfAsked(cmd: Command, argv: readonly string[] = process.argv): Promise<boolean> {
  const { nproc, masterPort } = launchSettings(cmd);
  if (masterPort !== undefined && (nproc ?? 1) < 2)
    throw new Error('--master-port is where the ranks that --nproc starts meet; it needs --nproc 2 or more');
  if (nproc === undefined || nproc === 1) return false;
  process.exitCode = await launchRanks({ nproc, masterPort, command: process.execPath, args: [argv[1]!, ...withoutLaunchOptions(argv.slice(2))] });
  return true;
}
