// Engine benchmark, tsnas vs PyTorch in one invocation: `node dist/bench/engine/run.js [--no-profile] [--json]`.
//   (a) per-op dispatch: add / mul / view / relu on small tensors, N (default 100k) calls each
//   (b) DARTS conv block and sep_conv_3x3 forward + backward at C=64, batch 32, 32x32
// Both sides use the same thread count (TSNAS_THREADS, default: the cores available). PyTorch runs in a child
// process (bench/engine/reference.py) driven over stdin/stdout, and repetitions alternate tsnas / PyTorch, so a
// busy machine slows both alike; each side reports its minimum over the repetitions.
// Environment: TSNAS_THREADS, BENCH_N (100000), BENCH_REPS (7), BENCH_ITERS (conv steps per repetition, 3),
// TSNAS_PYTHON (the Python with torch; default /usr/bin/python3).
import { type ChildProcessWithoutNullStreams, spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { getNumThreads, runtimeInfo, setNumThreads } from '../../src/index.js';
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
    stdio: 'inherit', env: { ...process.env, ...MALLOC_ENV },
  });
  process.exit(r.status ?? 1);
}

const envInt = (k: string, d: number): number => {
  const v = process.env[k] ? Number(process.env[k]) : d;
  return Number.isInteger(v) && v > 0 ? v : d;
};
const threads = envInt('TSNAS_THREADS', availableParallelism());
const N = envInt('BENCH_N', 100_000);
const REPS = envInt('BENCH_REPS', 7);
const ITERS = envInt('BENCH_ITERS', 3);
const WARMUP = 2;
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
    const cfg = { threads, n: N, iters: ITERS, warmup: WARMUP };
    this.proc = spawn(python(), [join(PACKAGE_ROOT, 'bench', 'engine', 'reference.py'), JSON.stringify(cfg)], {
      env: { ...process.env, OMP_NUM_THREADS: String(threads), MKL_NUM_THREADS: String(threads) },
    });
    this.proc.stderr.on('data', (d: Buffer) => { this.stderr += d.toString(); });
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

const tsLoops = dispatchLoops(N);
const conv = convBenches(ITERS);
const tsRun = (w: Workload): (() => void) => (w === 'conv_block' || w === 'sep_conv' ? conv[w] : tsLoops[w]);
const tsWarm = (w: Workload): void => { if (w === 'conv_block' || w === 'sep_conv') conv.warm(w, WARMUP); else tsLoops[w](); };

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

const ts: Partial<Record<Workload, number>> = {};
const py: Partial<Record<Workload, number>> = {};
for (const w of ALL) {
  tsWarm(w);
  if (torchSide) await torchSide.send(`warm ${w}`);
  for (let r = 0; r < REPS; r++) {
    ts[w] = Math.min(ts[w] ?? Infinity, timeMin(1, tsRun(w)));
    if (torchSide) py[w] = Math.min(py[w] ?? Infinity, Number((await torchSide.send(`time ${w}`)).ms));
  }
}
torchSide?.close();

const info = runtimeInfo();
const pad = (s: string, n: number): string => s.padEnd(n);
const lpad = (s: string, n: number): string => s.padStart(n);
console.log(`tsnas engine bench: libtorch ${info.torchVersion}, PyTorch ${torchVersion || '(not run)'}, threads ${getNumThreads()} ` +
  `(both sides), N=${N} ops per dispatch loop, ${ITERS} steps per conv repetition, min of ${REPS} alternating reps`);
console.log(`malloc: ${process.env.MALLOC_TRIM_THRESHOLD_ ? Object.entries(MALLOC_ENV).map(([k, v]) => `${k}=${v}`).join(' ') : 'glibc defaults'} (both sides)`);
if (pyError) console.log(`PyTorch side skipped: ${pyError}`);
console.log('');
console.log(`${pad('workload', 34)}${lpad('tsnas ms', 11)}${lpad('torch ms', 11)}${lpad('ratio', 8)}${lpad('target', 8)}  per op/step`);
const rows: { workload: string; tsnas: number; torch: number | null; ratio: number | null; target: number }[] = [];
for (const w of ALL) {
  const a = ts[w]!;
  const b = py[w];
  const ratio = b === undefined ? null : a / b;
  const per = DISPATCH.includes(w as DispatchWorkload)
    ? `${((a * 1000) / N).toFixed(2)} us vs ${b === undefined ? '-' : ((b * 1000) / N).toFixed(2)} us`
    : `${(a / ITERS).toFixed(1)} ms vs ${b === undefined ? '-' : (b / ITERS).toFixed(1)} ms`;
  const label = DISPATCH.includes(w as DispatchWorkload) ? `${w} x${N / 1000}k (small tensors)` :
    w === 'conv_block' ? 'relu-dw3x3-pw1x1-bn fwd+bwd x' + ITERS : 'sep_conv_3x3 fwd+bwd x' + ITERS;
  const mark = ratio === null ? '' : ratio <= TARGET[w] ? ' ok' : ' MISS';
  console.log(`${pad(label, 34)}${lpad(a.toFixed(1), 11)}${lpad(b === undefined ? '-' : b.toFixed(1), 11)}` +
    `${lpad(ratio === null ? '-' : ratio.toFixed(2), 8)}${lpad('<=' + TARGET[w], 8)}${mark.padEnd(6)}${per}`);
  rows.push({ workload: w, tsnas: a, torch: b ?? null, ratio, target: TARGET[w] });
}

if (!args.has('--no-profile')) {
  console.log('');
  console.log(`where the time of one small \`add\` goes (tsnas, min of ${REPS} x ${N} calls, cumulative layers):`);
  for (const l of dispatchLayers(N)) {
    l.fn();
    const ms = timeMin(REPS, l.fn);
    console.log(`  ${pad(l.name, 28)}${lpad(((ms * 1000) / N).toFixed(3), 8)} us   ${l.what}`);
  }
}
if (args.has('--json')) console.log(JSON.stringify({ threads, n: N, rows }));
