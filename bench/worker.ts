// The tsnas side of one bench workload, in its own process so that its peak RSS is its own (as the PyTorch side's
// is): `node dist/bench/worker.js '<json>'`. It builds the workload through the public API, writes the starting
// weights and inputs as a torch.save file for the PyTorch side (when given `init`), then answers commands on stdin
// with one JSON line each: `step N` (per-step wall and CPU ms, and the last loss), `rss` (getrusage max RSS), `quit`.
// Started with torchrun's environment (WORLD_SIZE > 1, as bench/data-parallel.ts does) it is one rank of a
// data-parallel step: it joins the process group, takes its rank's slice of the global batch, and averages gradients
// with DistributedDataParallel (a search: method.distribute); each step's reply then has the reducer's statistics
// over that step, and `reducer on|off` switches the gradient averaging (DDP's no_sync) to time a step without it.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { DistributedDataParallel, initProcessGroup, type ReducerStats, rankEnvironment } from '../src/distributed/index.js';
import { saveTorchCheckpoint, type PickleTree } from '../src/io/index.js';
import { buildEvalNetwork } from '../src/train/arch.js';
import { trainStep } from '../src/train/trainer.js';
import type { SearchMethod } from '../src/nas/search/method.js';
import { createSearchMethod, searchMethodNames } from '../src/nas/search/registry.js';
import { SupernetSearch } from '../src/nas/search/supernet-search.js';
import { field } from '../src/nas/search/state.js';
import { SGD } from '../src/optim/index.js';
import { PACKAGE_ROOT } from '../src/native.js';
import { manualSeed, noGrad, randint, randn, setNumThreads, type Tensor, tidy } from '../src/tensor/index.js';
import { setFastPaths } from '../src/nn/fast-paths.js';
import { DARTS_V2, DATA_PARALLEL_WORKLOADS, WORKLOADS } from './workloads.js';

interface WorkerConfig {
  workload: string;
  threads: number;
  /** Where to write the starting weights and inputs for the PyTorch side (none: not written). */
  init?: string;
  seed?: number;
  /** 'fast' (the defaults) or 'plain' (every fast path off: the straightforward formulation in tsnas). */
  mode?: 'fast' | 'plain';
  /** The recomputeDepthwise fast path (off: search / train --no-recompute). */
  recompute?: boolean;
}

const cfg = JSON.parse(process.argv[2] ?? '{}') as WorkerConfig;
const w = [...WORKLOADS, ...DATA_PARALLEL_WORKLOADS].find((x) => x.name === cfg.workload);
if (!w) throw new Error(`unknown workload '${cfg.workload}'`);
setNumThreads(cfg.threads);
manualSeed(cfg.seed ?? 0);
if (cfg.mode === 'plain') setFastPaths('plain');
else if (cfg.recompute === false) setFastPaths({ recomputeDepthwise: false });

const reply = (o: unknown): void => {
  process.stdout.write(JSON.stringify(o) + '\n');
};

const rank = rankEnvironment();
// A rank that is left alone (its peer died) fails within minutes instead of waiting torch's 30.
const group = rank && rank.worldSize > 1 ? initProcessGroup({ timeoutMs: 5 * 60_000 }) : undefined;
let ddp: DistributedDataParallel | undefined;

async function dropnasAvailable(): Promise<boolean> {
  if (searchMethodNames().includes('dropnas')) return true;
  const file = join(PACKAGE_ROOT, 'dist', 'src', 'nas', 'search', 'dropnas.js');
  if (existsSync(file)) await import(file); // may register itself
  return searchMethodNames().includes('dropnas');
}

let step: () => number | (() => number);
/** The global batch, drawn alike in every process; a rank keeps its slice of it. */
const input = (batch: number): { x: Tensor; y: Tensor } => {
  const x = randn([batch, w.inChannels, w.size, w.size]).keep();
  const y = randint(0, w.classes, [batch], { dtype: 'int64' }).keep();
  if (!group) return { x, y };
  if (batch % group.size !== 0) throw new Error(`${w.name}: batch ${batch} does not split over ${group.size} ranks`);
  const per = batch / group.size;
  return { x: x.narrow(0, group.rank * per, per).keep(), y: y.narrow(0, group.rank * per, per).keep() };
};
const save = (entries: [string, PickleTree][]): void => {
  if (cfg.init) saveTorchCheckpoint(cfg.init, new Map<PickleTree, PickleTree>(entries));
};

if (w.kind === 'search') {
  if (w.method === 'dropnas' && !(await dropnasAvailable())) {
    reply({ skip: 'DropNAS is not in this tree (src/nas/search/dropnas.ts): skipped' });
    process.exit(0);
  }
  const method: SearchMethod = createSearchMethod(w.method!, {
    channels: w.channels,
    layers: w.layers,
    numClasses: w.classes,
    inChannels: w.inChannels,
    unrolled: w.unrolled ?? false,
    device: 'cpu',
  });
  const train = input(w.batch);
  const val = input(w.batch);
  const state = method.stateDict();
  save([
    ['state_dict', field(state, 'network', 'state')],
    ['alphas', field(state, 'alphas', 'state')],
    ['x', train.x],
    ['y', train.y],
    ['xv', val.x],
    ['yv', val.y],
  ]);
  if (group) {
    if (!method.distribute) throw new Error(`${w.name}: search method ${w.method} has no data-parallel step (distribute)`);
    method.distribute(group);
    // The reducer is the method's own: read here for its statistics and switch.
    if (!(method instanceof SupernetSearch)) throw new Error(`${w.name}: ${w.method} does not search on the shared supernet`);
    ddp = method.dataParallel;
  }
  const lazy = method as SearchMethod & { stepLazy?: (t: typeof train, v: typeof val | undefined) => { loss(): number } };
  step = () => {
    const v = method.needsValidationBatch ? val : undefined;
    if (lazy.stepLazy) {
      const r = lazy.stepLazy(train, v);
      return () => r.loss();
    }
    return method.step(train, v).loss;
  };
} else {
  const net = buildEvalNetwork(DARTS_V2, {
    family: 'cifar',
    channels: w.channels,
    layers: w.layers,
    numClasses: w.classes,
    auxiliary: w.kind === 'train' && (w.auxiliary ?? false),
    inChannels: w.inChannels,
  });
  const data = input(w.batch);
  save([
    ['state_dict', net.stateDict()],
    ['x', data.x],
    ['y', data.y],
  ]);
  if (w.kind === 'train') {
    if (group) ddp = new DistributedDataParallel(net, { processGroup: group });
    const optimizer = new SGD(net.parameters(), { lr: 0.025, momentum: 0.9, weightDecay: 3e-4 });
    net.dropPathProb = w.dropPath ?? 0;
    step = () => {
      const r = trainStep(net, optimizer, data, { gradClip: 5, auxiliaryWeight: 0.4 });
      return () => r.loss();
    };
  } else {
    const infer = net.eval();
    step = () =>
      noGrad(() =>
        tidy(() => {
          const { logits } = infer.forward(data.x);
          return logits.sum().item();
        }),
      );
  }
}

if (group && !ddp) throw new Error(`${w.name}: no DistributedDataParallel to average this workload's gradients`);
reply({ ready: true, threads: cfg.threads, pid: process.pid, rank: group?.rank ?? 0, worldSize: group?.size ?? 1 });

/** The reducer's counters over one step (after minus before). */
type StepStats = Omit<ReducerStats, 'buckets' | 'bytes'>;
const statsSince = (before: ReducerStats, after: ReducerStats): StepStats => ({
  backwards: after.backwards - before.backwards,
  bucketsDuringBackward: after.bucketsDuringBackward - before.bucketsDuringBackward,
  bucketsAtEnd: after.bucketsAtEnd - before.bucketsAtEnd,
  waitMs: after.waitMs - before.waitMs,
});

const lines = createInterface({ input: process.stdin });
for await (const line of lines) {
  const [cmd, arg] = line.trim().split(/\s+/);
  if (cmd === 'quit') break;
  if (cmd === 'step') {
    const ms: number[] = [];
    const cpu: number[] = [];
    const reducer: StepStats[] = [];
    let loss = NaN;
    for (let i = 0; i < Number(arg ?? 1); i++) {
      const before = ddp?.reducer.stats();
      const t = performance.now();
      const c = process.cpuUsage();
      const r = step();
      // The step's numbers are read within the step (as the runner does each step): the timing includes the read.
      loss = typeof r === 'number' ? r : r();
      const u = process.cpuUsage(c);
      ms.push(performance.now() - t);
      cpu.push((u.user + u.system) / 1000);
      if (before) reducer.push(statsSince(before, ddp!.reducer.stats()));
    }
    const now = ddp?.reducer.stats();
    reply({ ms, cpu, loss, ...(now && { reducer, buckets: now.buckets, bytes: now.bytes }) });
  } else if (cmd === 'reducer' && ddp && (arg === 'on' || arg === 'off')) {
    ddp.reducer.enabled = arg === 'on';
    reply({ enabled: ddp.reducer.enabled });
  } else if (cmd === 'rss') {
    reply({ maxrss_kb: process.resourceUsage().maxRSS });
  } else if (cmd) reply({ error: `unknown command ${cmd}` });
}
process.exit(0);
