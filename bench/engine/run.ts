// Engine benchmark, tsnas vs PyTorch in one invocation: `node dist/bench/engine/run.js [--no-profile] [--json]`.
//   (a) per-op dispatch: add / mul / view / relu on small tensors, N (default 100k) calls each
//   (b) DARTS conv block and sep_conv_3x3 forward + backward at C=64, batch 32, 32x32
// Both sides use the same thread count (TSNAS_THREADS, default: the cores available). PyTorch runs in a child
// process (bench/engine/reference.py) driven over stdin/stdout, and repetitions alternate tsnas / PyTorch, so a
// busy machine slows both alike; each side reports its minimum over the repetitions. The dispatch loops are
// timed in chunks of BENCH_CHUNK ops (a few ms, shorter than a scheduler slice on a shared machine) and the
// 100k-op time is the best chunk's rate times N; the median column uses the median chunk instead.
// Environment: TSNAS_THREADS, BENCH_N (100000), BENCH_CHUNK (5000), BENCH_DISPATCH_REPS (60), BENCH_REPS (conv
// repetitions, 9), BENCH_ITERS (conv steps per repetition, 3), TSNAS_PYTHON (default /usr/bin/python3).
import { type ChildProcessWithoutNullStreams, spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { getNumThreads, runtimeInfo, setNumThreads } from '../../src/tensor/index.js';
import { PACKAGE_ROOT } from '../../src/native.js';
import { convBenches } from './conv.js';
import { dispatchLayers, dispatchLoops, type DispatchWorkload, timeMin } from './dispatch.js';

// glibc's dynamic mmap threshold and heap trimming hand the 8 MB activations back to the kernel and fault them in
// again; in a VM with free-page reporting each fault costs tens of microseconds, and whether a given buffer faults
// depends on allocation history, not on tsnas or PyTorch. Both processes therefore run with the same fixed malloc
// settings (heap allocations up to 32 MB, no trimming); --no-malloc-env keeps the defaults.
const MALLOC_ENV = { MALLOC_MMAP_THRESHOLD_: '33554432', MALLOC_TRIM_THRESHOLD_: '68719476736', MALLOC_TOP_PAD_: '67108864' };
if (!process.env.MALLOC_TRIM_THRESHOLD_ && !process.argv.includes('--no-malloc-env')) {
  const r = spawnSync(process.execPath, [...process.execArgv, ...process.argv.slice(1)], {
    stdio: 'inherit',
    env: { ...process.env, ...MALLOC_ENV },
  });
  process.exit(r.status ?? 1);
}

const envInt = (k: string, d: number): number => {
  const v = process.env[k] ? Number(process.env[k]) : d;
  return Number.isInteger(v) && v > 0 ? v : d;
};
const threads = envInt('TSNAS_THREADS', availableParallelism());
const N = envInt('BENCH_N', 100_000);
const REPS = envInt('BENCH_REPS', 9);
const CHUNK = Math.min(envInt('BENCH_CHUNK', 5000), N);
const DISPATCH_REPS = envInt('BENCH_DISPATCH_REPS', 60);
const ITERS = envInt('BENCH_ITERS', 3);
const WARMUP = 5;
const args = new Set(process.argv.slice(2));

const DISPATCH: DispatchWorkload[] = ['add', 'mul', 'view', 'relu'];
const CONV = ['conv_block', 'sep_conv'] as const;
type Workload = DispatchWorkload | (typeof CONV)[number];
const ALL: Workload[] = [...DISPATCH, ...CONV];
const TARGET: Record<Workload, number> = { add: 1.5, mul: 1.5, view: 1.5, relu: 1.5, conv_block: 1.05, sep_conv: 1.05 };

setNumThreads(threads);

function python(): string {
  if (process.env.TSNAS_PYTHON) return process.env.TSNAS_PYTHON;
  return existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
}

/** The PyTorch child: one JSON line per command. */
class TorchSide {
  private readonly proc: ChildProcessWithoutNullStreams;
  private readonly lines: AsyncIterator<string>;
  private stderr = '';
  constructor() {
    const cfg = { threads, n: CHUNK, iters: ITERS, warmup: WARMUP };
    this.proc = spawn(python(), [join(PACKAGE_ROOT, 'bench', 'engine', 'reference.py'), JSON.stringify(cfg)], {
      env: { ...process.env, OMP_NUM_THREADS: String(threads), MKL_NUM_THREADS: String(threads) },
    });
    this.proc.stderr.on('data', (d: Buffer) => {
      this.stderr += d.toString();
    });
    this.lines = createInterface({ input: this.proc.stdout })[Symbol.asyncIterator]();
  }
  async next(): Promise<Record<string, unknown>> {
    const r = await this.lines.next();
    if (r.done) throw new Error(`reference.py ended: ${this.stderr.trim().split('\n').slice(-3).join(' | ')}`);
    return JSON.parse(r.value) as Record<string, unknown>;
  }
  async send(cmd: string): Promise<Record<string, unknown>> {
    this.proc.stdin.write(cmd + '\n');
    return this.next();
  }
  close(): void {
    this.proc.stdin.end('quit\n');
  }
}

const tsLoops = dispatchLoops(CHUNK);
const conv = convBenches(ITERS);
const tsRun = (w: Workload): (() => void) => (w === 'conv_block' || w === 'sep_conv' ? conv[w] : tsLoops[w]);
const tsWarm = (w: Workload): void => {
  if (w === 'conv_block' || w === 'sep_conv') conv.warm(w, WARMUP);
  else tsLoops[w]();
};

let torchSide: TorchSide | undefined;
let pyError: string | undefined;
let torchVersion = '';
try {
  torchSide = new TorchSide();
  const hello = await torchSide.next();
  torchVersion = String(hello.torch);
  if (hello.threads !== threads) throw new Error(`PyTorch runs ${String(hello.threads)} threads, tsnas ${threads}`);
} catch (e) {
  pyError = (e as Error).message;
  torchSide = undefined;
}

const tsTimes: Record<string, number[]> = {};
const pyTimes: Record<string, number[]> = {};
for (const w of ALL) {
  tsWarm(w);
  if (torchSide) await torchSide.send(`warm ${w}`);
  tsTimes[w] = [];
  pyTimes[w] = [];
  const reps = CONV.includes(w as (typeof CONV)[number]) ? REPS : DISPATCH_REPS;
  const scale = CONV.includes(w as (typeof CONV)[number]) ? 1 : N / CHUNK;
  for (let r = 0; r < reps; r++) {
    tsTimes[w].push(timeMin(1, tsRun(w)) * scale);
    if (torchSide) pyTimes[w].push(Number((await torchSide.send(`time ${w}`)).ms) * scale);
  }
}
const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const ts: Partial<Record<Workload, number>> = {};
const py: Partial<Record<Workload, number>> = {};
for (const w of ALL) {
  ts[w] = Math.min(...tsTimes[w]!);
  if (pyTimes[w]!.length) py[w] = Math.min(...pyTimes[w]!);
}
torchSide?.close();

const info = runtimeInfo();
const pad = (s: string, n: number): string => s.padEnd(n);
const lpad = (s: string, n: number): string => s.padStart(n);
console.log(
  `tsnas engine bench: libtorch ${info.torchVersion}, PyTorch ${torchVersion || '(not run)'}, threads ${getNumThreads()} ` + `(both sides)`,
);
console.log(
  `dispatch: N=${N} ops, best of ${DISPATCH_REPS} alternating ${CHUNK}-op chunks scaled to N; ` +
    `conv: ${ITERS} steps per repetition, best of ${REPS} alternating repetitions`,
);
console.log(
  `malloc: ${
    process.env.MALLOC_TRIM_THRESHOLD_
      ? Object.entries(MALLOC_ENV)
          .map(([k, v]) => `${k}=${v}`)
          .join(' ')
      : 'glibc defaults'
  } (both sides)`,
);
if (pyError) console.log(`PyTorch side skipped: ${pyError}`);
console.log('');
console.log(
  `${pad('workload', 34)}${lpad('tsnas ms', 11)}${lpad('torch ms', 11)}${lpad('ratio', 8)}${lpad('target', 8)}      ` +
    `${pad('per op/step (min)', 26)}median ratio`,
);
const rows: { workload: string; tsnas: number; torch: number | null; ratio: number | null; target: number; medianRatio: number | null }[] = [];
for (const w of ALL) {
  const a = ts[w]!;
  const b = py[w];
  const ratio = b === undefined ? null : a / b;
  const per = DISPATCH.includes(w as DispatchWorkload)
    ? `${((a * 1000) / N).toFixed(2)} vs ${b === undefined ? '-' : ((b * 1000) / N).toFixed(2)} us`
    : `${(a / ITERS).toFixed(1)} vs ${b === undefined ? '-' : (b / ITERS).toFixed(1)} ms`;
  const label = DISPATCH.includes(w as DispatchWorkload)
    ? `${w} x${N / 1000}k ([4] tensors)`
    : w === 'conv_block'
      ? 'relu-dw3x3-pw1x1-bn fwd+bwd x' + ITERS
      : 'sep_conv_3x3 fwd+bwd x' + ITERS;
  const mark = ratio === null ? '' : ratio <= TARGET[w] ? ' ok' : ' MISS';
  const medianRatio = b === undefined ? null : median(tsTimes[w]!) / median(pyTimes[w]!);
  console.log(
    `${pad(label, 34)}${lpad(a.toFixed(1), 11)}${lpad(b === undefined ? '-' : b.toFixed(1), 11)}` +
      `${lpad(ratio === null ? '-' : ratio.toFixed(2), 8)}${lpad('<=' + TARGET[w], 8)}${mark.padEnd(6)}${pad(per, 26)}` +
      `${medianRatio === null ? '-' : medianRatio.toFixed(2)}`,
  );
  rows.push({ workload: w, tsnas: a, torch: b ?? null, ratio, target: TARGET[w], medianRatio });
}

if (!args.has('--no-profile')) {
  console.log('');
  console.log(`where the time of one small \`add\` goes (tsnas, best of ${DISPATCH_REPS} chunks of ${CHUNK} calls):`);
  for (const l of dispatchLayers(CHUNK)) {
    l.fn();
    const ms = timeMin(DISPATCH_REPS, l.fn);
    console.log(`  ${pad(l.name, 34)}${lpad(((ms * 1000) / CHUNK).toFixed(3), 8)} us   ${l.what}`);
  }
}
if (args.has('--json')) console.log(JSON.stringify({ threads, n: N, rows }));
