// `npm run bench -- --data-parallel`: what two data-parallel processes gain over one on the same global batch, and
// what their gradient averaging costs.
//
//   node dist/bench/run.js --data-parallel [--only a,b] [--reps N] [--warmup N] [--json]
//
// For each workload of DATA_PARALLEL_WORKLOADS, three sides run in their own processes (bench/worker.ts), every one
// with one intra-op thread: (a) one process on the global batch; (b) two ranks joined by distributed.initProcessGroup
// over loopback (Gloo, env:// with torchrun's variables), each on its half of the batch, gradients averaged by
// DistributedDataParallel (a search: method.distribute); and (b) again with the reducer switched off (no
// communication at all), which runs in the same two rank processes. All start from the same seeded weights and data.
// Timed steps alternate (a), (b), (b without communication), so load from other jobs slows all three alike. A step of
// (b) takes as long as its slower rank. The all-reduce overhead is read two ways: the reducer's own wait at the end
// of each backward (waitMs, per rank), and the step time of (b) minus that of (b) without communication.
// (After a step without communication the ranks' weights differ; that changes no timing.)
import { availableParallelism, cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { freeLoopbackPort } from '../src/cli/launch.js';
import { isAvailable } from '../src/distributed/index.js';
import { PACKAGE_ROOT } from '../src/native.js';
import { runtimeInfo } from '../src/tensor/index.js';
import { Child, flag, intOpt, median, opt } from './child.js';
import { DATA_PARALLEL_WORKLOADS, type DataParallelWorkload } from './workloads.js';

const WORLD_SIZE = 2;
const oneThread = { TSNAS_THREADS: '1', OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1' };

/** What a rank's worker reports of its reducer for one step (bench/worker.ts). */
interface ReducerStep {
  backwards: number;
  bucketsDuringBackward: number;
  bucketsAtEnd: number;
  waitMs: number;
}

interface StepReply {
  ms: number[];
  cpu: number[];
  reducer?: ReducerStep[];
  buckets?: number;
  bytes?: number;
}

interface Measured {
  /** Wall ms per global step: the process's own, or the slower rank's. */
  ms: number[];
  /** CPU ms per global step, summed over the processes. */
  cpu: number[];
}

interface DataParallelRow {
  w: DataParallelWorkload;
  single: Measured;
  parallel: Measured;
  noComm: Measured;
  /** Per rank, per timed step of (b). */
  reducer: ReducerStep[][];
  buckets: number;
  bytes: number;
}

const asStep = (r: Record<string, unknown>): StepReply => r as unknown as StepReply;

/** One step on every process of a side, at once; the step lasts as long as its slowest process. */
async function stepAll(side: readonly Child[], into?: Measured): Promise<StepReply[]> {
  const replies = (await Promise.all(side.map((c) => c.send('step 1')))).map(asStep);
  if (into) {
    into.ms.push(Math.max(...replies.map((r) => r.ms[0]!)));
    into.cpu.push(replies.reduce((sum, r) => sum + r.cpu[0]!, 0));
  }
  return replies;
}

async function runWorkload(w: DataParallelWorkload): Promise<DataParallelRow> {
  const worker = join(PACKAGE_ROOT, 'dist', 'bench', 'worker.js');
  const args = [worker, JSON.stringify({ workload: w.name, threads: 1 })];
  const reps = Math.max(1, intOpt('--reps') ?? w.reps);
  const warmup = intOpt('--warmup') ?? w.warmup;
  const env = { ...process.env, ...oneThread };
  const processes: Child[] = [];
  const start = (name: string, childEnv: NodeJS.ProcessEnv): Child => {
    const c = new Child(name, process.execPath, args, childEnv);
    processes.push(c);
    return c;
  };
  let failed = true;
  try {
    const single = start('1 process', env);
    const port = await freeLoopbackPort();
    const ranks = Array.from({ length: WORLD_SIZE }, (_, rank) =>
      start(`rank ${rank}`, {
        ...env,
        RANK: String(rank),
        LOCAL_RANK: String(rank),
        WORLD_SIZE: String(WORLD_SIZE),
        LOCAL_WORLD_SIZE: String(WORLD_SIZE),
        MASTER_ADDR: '127.0.0.1',
        MASTER_PORT: String(port),
      }),
    );
    // Each says it is ready once built (the ranks: once they have met).
    await Promise.all(processes.map((c) => c.next()));
    const setReducer = (on: boolean): Promise<unknown> => Promise.all(ranks.map((c) => c.send(`reducer ${on ? 'on' : 'off'}`)));
    for (let i = 0; i < Math.max(1, warmup); i++) {
      await stepAll([single]);
      await stepAll(ranks);
    }
    const row: DataParallelRow = {
      w,
      single: { ms: [], cpu: [] },
      parallel: { ms: [], cpu: [] },
      noComm: { ms: [], cpu: [] },
      reducer: ranks.map(() => []),
      buckets: 0,
      bytes: 0,
    };
    for (let i = 0; i < reps; i++) {
      await stepAll([single], row.single);
      const replies = await stepAll(ranks, row.parallel);
      replies.forEach((r, rank) => row.reducer[rank]!.push(...(r.reducer ?? [])));
      row.buckets = replies[0]!.buckets ?? 0;
      row.bytes = replies[0]!.bytes ?? 0;
      await setReducer(false);
      await stepAll(ranks, row.noComm);
      await setReducer(true);
    }
    failed = false;
    return row;
  } finally {
    // A rank whose peer failed may be waiting in a collective, where it reads no `quit`.
    for (const c of processes)
      if (failed) c.kill();
      else c.close();
  }
}

export async function runDataParallel(): Promise<void> {
  const only = opt('--only')?.split(',');
  for (const n of only ?? [])
    if (!DATA_PARALLEL_WORKLOADS.some((w) => w.name === n)) throw new Error(`unknown data-parallel workload '${n}' (--list shows them)`);
  const selected = DATA_PARALLEL_WORKLOADS.filter((w) => !only || only.includes(w.name));
  const cores = availableParallelism();
  const info = runtimeInfo();
  const load = (): string =>
    loadavg()
      .map((l) => l.toFixed(2))
      .join(' ');
  console.log(
    `tsnas data-parallel bench: libtorch ${info.torchVersion}, Node ${process.version}; ${WORLD_SIZE} ranks x 1 thread (Gloo over ` +
      `loopback, DistributedDataParallel) against 1 process x 1 thread on the same global batch`,
  );
  console.log(`machine: ${cores} core(s) available to this process (${cpus()[0]?.model ?? 'unknown CPU'}); load average ${load()} at the start`);
  if (cores < WORLD_SIZE)
    console.log(
      `note: fewer than ${WORLD_SIZE} cores are available, so the ${WORLD_SIZE} ranks share one: the throughput target (>= 1.8x) ` +
        `is only meaningful with at least ${WORLD_SIZE} free cores`,
    );
  if (!isAvailable()) {
    console.log("skipped: torch.distributed (c10d, Gloo) is not in this build of tsnas's addon");
    return;
  }
  console.log('');

  const rows: DataParallelRow[] = [];
  for (const w of selected) {
    const t0 = performance.now();
    const row = await runWorkload(w);
    rows.push(row);
    console.error(
      `  [${w.name}] ${median(row.single.ms).toFixed(0)} ms vs ${median(row.parallel.ms).toFixed(0)} ms ` +
        `(${((performance.now() - t0) / 1000).toFixed(0)} s)`,
    );
  }

  const lp = (s: string, n: number): string => s.padStart(n);
  console.log(
    `${'workload'.padEnd(47)}${lp('1x1', 8)}${lp('2x1', 8)}${lp('speed-', 8)}${lp('target', 8)}     ` +
      `${lp('2x1 no', 8)}${lp('comm', 7)}${lp('reducer wait', 14)}${lp('back-', 7)}${lp('buckets', 9)}${lp('MB', 6)}` +
      `${lp('cpu ms', 9)}${lp('cpu ms', 8)}`,
  );
  console.log(
    `${''.padEnd(47)}${lp('wall ms', 8)}${lp('wall ms', 8)}${lp('up', 8)}${lp('', 8)}     ` +
      `${lp('comm ms', 8)}${lp('ms', 7)}${lp('ms r0 / r1', 14)}${lp('wards', 7)}${lp('bwd/end', 9)}${lp('', 6)}` +
      `${lp('1x1', 9)}${lp('2x1', 8)}`,
  );
  const json: unknown[] = [];
  for (const r of rows) {
    const singleMs = median(r.single.ms);
    const parallelMs = median(r.parallel.ms);
    const noCommMs = median(r.noComm.ms);
    const speedup = singleMs / parallelMs;
    const ok = cores < WORLD_SIZE ? ' n/a' : speedup >= r.w.speedupTarget ? ' ok' : ' MISS';
    const perRank = (f: (s: ReducerStep) => number): number[] => r.reducer.map((steps) => median(steps.map(f)));
    const waitMs = perRank((s) => s.waitMs);
    const backwards = perRank((s) => s.backwards)[0]!;
    const during = perRank((s) => s.bucketsDuringBackward)[0]!;
    const atEnd = perRank((s) => s.bucketsAtEnd)[0]!;
    console.log(
      `${r.w.label.padEnd(47)}${lp(singleMs.toFixed(0), 8)}${lp(parallelMs.toFixed(0), 8)}${lp(`${speedup.toFixed(2)}x`, 8)}` +
        `${lp(`>=${r.w.speedupTarget}x`, 8)}${ok.padEnd(5)}${lp(noCommMs.toFixed(0), 8)}${lp((parallelMs - noCommMs).toFixed(0), 7)}` +
        `${lp(waitMs.map((m) => m.toFixed(0)).join(' / '), 14)}${lp(String(backwards), 7)}${lp(`${during}/${atEnd}`, 9)}` +
        `${lp((r.bytes / 2 ** 20).toFixed(1), 6)}${lp(median(r.single.cpu).toFixed(0), 9)}${lp(median(r.parallel.cpu).toFixed(0), 8)}`,
    );
    json.push({
      workload: r.w.name,
      globalBatch: r.w.batch,
      worldSize: WORLD_SIZE,
      singleMs,
      parallelMs,
      speedup,
      speedupTarget: r.w.speedupTarget,
      noCommMs,
      commMs: parallelMs - noCommMs,
      reducerWaitMs: waitMs,
      backwardsPerStep: backwards,
      bucketsDuringBackward: during,
      bucketsAtEnd: atEnd,
      buckets: r.buckets,
      bytes: r.bytes,
      singleCpuMs: median(r.single.cpu),
      parallelCpuMs: median(r.parallel.cpu),
      steps: { single: r.single, parallel: r.parallel, noComm: r.noComm, reducer: r.reducer },
    });
  }
  console.log(`\nload average ${load()} at the end.`);
  console.log('1x1: one process, one thread, on the global batch; 2x1: two ranks, one thread each, on half of it each (medians of');
  console.log('alternating steps; a 2x1 step is its slower rank). speedup: 1x1 / 2x1 time per global step (throughput ratio).');
  console.log('2x1 no comm: the same ranks with the reducer off (no all-reduce); comm ms: 2x1 minus that. reducer wait: time');
  console.log("at the end of each step's backwards spent waiting for the all-reduces and writing the averages back, per rank");
  console.log('(the faster rank also waits there for the slower). backwards: per step; buckets bwd/end: all-reduces started');
  console.log("during the backward / at its end, per step; MB: the gradients the reducer covers. cpu ms: all processes' user + sys.");
  if (flag('--json')) console.log(JSON.stringify({ cores, cpu: cpus()[0]?.model ?? null, libtorch: info.torchVersion, rows: json }));
}
