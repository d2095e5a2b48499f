// `npm run bench`: tsnas against the straightforward PyTorch formulation, in one invocation, on the same inputs and
// starting weights, with the same intra-op thread count.
//
//   node dist/bench/run.js [--only a,b] [--skip a,b] [--reps N] [--warmup N] [--threads N] [--plain] [--no-torch]
//                          [--no-recompute] [--same-malloc] [--engine] [--json] [--list]
//   node dist/bench/run.js --data-parallel [--only a,b] [--reps N] [--warmup N] [--json]
//
// Each workload runs in two fresh child processes, a tsnas worker (bench/worker.ts) and a PyTorch child
// (bench/reference/darts_bench.py), so each side's peak RSS (getrusage ru_maxrss) is its own. The tsnas worker
// builds the workload and writes its starting weights and inputs with torch.save; the PyTorch child loads them.
// Timed steps alternate between the two (one step each, repeated), so load from other jobs on the machine slows
// both alike; the table shows medians. `--plain` adds a third process: tsnas with every fast path off
// (src/nn/fast-paths.ts), i.e. tsnas' own straightforward formulation. `--engine` then runs the engine
// micro-benchmark of bench/engine (its own table). `--data-parallel` runs bench/data-parallel.ts instead: 2 ranks x 1
// thread against 1 process x 1 thread on the same global batch, tsnas alone (its own workloads and table).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../src/native.js';
import { runtimeInfo } from '../src/tensor/index.js';
import { type Child, flag, intOpt, median, opt, startChild } from './child.js';
import { runDataParallel } from './data-parallel.js';
import { DATA_PARALLEL_WORKLOADS, torchConfig, type Workload, WORKLOADS } from './workloads.js';

if (flag('--help') || flag('-h') || flag('--list')) {
  console.log(
    'usage: npm run bench -- [--only a,b] [--skip a,b] [--reps N] [--warmup N] [--threads N] [--plain] [--no-torch] [--no-recompute] [--same-malloc] [--engine] [--json]',
  );
  console.log('  --no-recompute: tsnas keeps depthwise outputs (the recomputeDepthwise fast path off, as search / train --no-recompute)');
  console.log('workloads:');
  for (const w of WORKLOADS) console.log(`  ${w.name.padEnd(15)} ${w.label} (${w.reps} reps, ${w.warmup} warm-up)`);
  console.log('');
  console.log('usage: npm run bench -- --data-parallel [--only a,b] [--reps N] [--warmup N] [--json]');
  console.log('  2 ranks x 1 thread (Gloo over loopback, DistributedDataParallel) against 1 process x 1 thread on the same global batch:');
  console.log('  time per global step, throughput ratio (target >= 1.8x, with 2 free cores) and the all-reduce overhead per step');
  console.log('data-parallel workloads:');
  for (const w of DATA_PARALLEL_WORKLOADS) console.log(`  ${w.name.padEnd(15)} ${w.label} (${w.reps} reps, ${w.warmup} warm-up)`);
  process.exit(0);
}

if (flag('--data-parallel')) {
  await runDataParallel();
  process.exit(0);
}

const threads = intOpt('--threads') ?? (process.env.TSNAS_THREADS ? Number(process.env.TSNAS_THREADS) : 1);
const only = opt('--only')?.split(',');
const skip = new Set(opt('--skip')?.split(',') ?? []);
for (const n of [...(only ?? []), ...skip]) if (!WORKLOADS.some((w) => w.name === n)) throw new Error(`unknown workload '${n}' (--list shows them)`);
const selected = WORKLOADS.filter((w) => (!only || only.includes(w.name)) && !skip.has(w.name));
const python = process.env.TSNAS_PYTHON ?? (existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3');
const childEnv = { ...process.env, TSNAS_THREADS: String(threads), OMP_NUM_THREADS: String(threads), MKL_NUM_THREADS: String(threads) };
// tsnas sets its C allocator's thresholds itself (DEFAULT_ALLOCATOR in src/tensor/runtime.ts); the PyTorch child runs
// with glibc's defaults, as PyTorch does, unless --same-malloc gives it the same settings through glibc's variables.
const torchEnv = flag('--same-malloc')
  ? {
      ...childEnv,
      MALLOC_MMAP_THRESHOLD_: String(32 * 1024 * 1024),
      MALLOC_MMAP_MAX_: '0',
      MALLOC_TRIM_THRESHOLD_: String(2 ** 31 - 1),
      MALLOC_TOP_PAD_: String(64 * 1024 * 1024),
    }
  : childEnv;

interface SideResult {
  ms: number[];
  cpu: number[];
  rssKb: number;
  firstLoss: number;
  lastLoss: number;
}
interface Row {
  w: Workload;
  ts?: SideResult;
  plain?: SideResult;
  torch?: SideResult;
  note?: string;
}

async function runWorkload(w: Workload): Promise<Row> {
  const dir = mkdtempSync(join(tmpdir(), 'tsnas-bench-'));
  const init = join(dir, 'init.pt');
  const worker = join(PACKAGE_ROOT, 'dist', 'bench', 'worker.js');
  const reps = intOpt('--reps') ?? w.reps;
  const warmup = intOpt('--warmup') ?? w.warmup;
  const sides: { key: 'ts' | 'plain' | 'torch'; child: Child }[] = [];
  try {
    sides.push({
      key: 'ts',
      child: await startChild(
        'tsnas',
        process.execPath,
        [worker, JSON.stringify({ workload: w.name, threads, init, recompute: !flag('--no-recompute') })],
        childEnv,
      ),
    });
    if (flag('--plain'))
      sides.push({
        key: 'plain',
        child: await startChild(
          'tsnas (plain)',
          process.execPath,
          [worker, JSON.stringify({ workload: w.name, threads, init: join(dir, 'plain.pt'), mode: 'plain' })],
          childEnv,
        ),
      });
    let note: string | undefined;
    if (!flag('--no-torch')) {
      try {
        const c = await startChild(
          'PyTorch',
          python,
          [join(PACKAGE_ROOT, 'bench', 'reference', 'darts_bench.py'), JSON.stringify(torchConfig(w, threads, init))],
          torchEnv,
        );
        sides.push({ key: 'torch', child: c });
      } catch (e) {
        note = `PyTorch side failed: ${(e as Error).message}`;
      }
    }
    const res: Partial<Record<'ts' | 'plain' | 'torch', SideResult>> = {};
    for (const s of sides) {
      const r = await s.child.send(`step ${Math.max(1, warmup)}`);
      res[s.key] = { ms: [], cpu: [], rssKb: 0, firstLoss: Number(r.loss), lastLoss: NaN };
    }
    for (let i = 0; i < reps; i++) {
      for (const s of sides) {
        const r = await s.child.send('step 1');
        res[s.key]!.ms.push(...(r.ms as number[]));
        res[s.key]!.cpu.push(...(r.cpu as number[]));
        res[s.key]!.lastLoss = Number(r.loss);
      }
    }
    for (const s of sides) res[s.key]!.rssKb = Number((await s.child.send('rss')).maxrss_kb);
    return { w, ...res, note };
  } catch (e) {
    if ((e as { skip?: boolean }).skip) return { w, note: (e as Error).message };
    throw e;
  } finally {
    for (const s of sides) s.child.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const info = runtimeInfo();
const torchVersion = spawnSync(python, ['-c', 'import torch; print(torch.__version__)'], { encoding: 'utf8' }).stdout.trim() || '(not found)';
console.log(
  `tsnas bench: libtorch ${info.torchVersion} (tsnas), PyTorch ${torchVersion} (${python}), ${threads} intra-op thread(s) on both sides, ` +
    `Node ${process.version}`,
);
console.log(
  `tsnas: fast paths on (src/nn/fast-paths.ts)${flag('--no-recompute') ? ', depthwise outputs kept (--no-recompute)' : ''}; ` +
    'PyTorch: the straightforward formulation (NCHW, one ReLU per op), ' +
    'same starting weights and inputs; medians of alternating steps; inputs 3-channel images.',
);
console.log(
  `allocator: tsnas ${process.env.TSNAS_MALLOC === 'default' ? 'glibc defaults (TSNAS_MALLOC=default)' : 'its own mallopt settings'}, ` +
    `PyTorch ${flag('--same-malloc') ? 'the same settings (--same-malloc)' : 'glibc defaults'}.\n`,
);

const rows: Row[] = [];
for (const w of selected) {
  const t0 = performance.now();
  const row = await runWorkload(w);
  rows.push(row);
  const secs = ((performance.now() - t0) / 1000).toFixed(0);
  const msg =
    row.note && !row.ts ? row.note : `${row.ts ? median(row.ts.ms).toFixed(0) : '-'} ms vs ${row.torch ? median(row.torch.ms).toFixed(0) : '-'} ms`;
  console.error(`  [${w.name}] ${msg} (${secs} s)`);
}

const lp = (s: string, n: number): string => s.padStart(n);
const mb = (kb: number | undefined): string => (kb === undefined ? '-' : (kb / 1024).toFixed(0));
const fmt = (v: number | undefined, d = 2): string => (v === undefined || !Number.isFinite(v) ? '-' : v.toFixed(d));
const hasPlain = flag('--plain');
console.log('');
console.log(
  `${'workload'.padEnd(47)}${lp('tsnas', 8)}${lp('torch', 8)}${lp('ratio', 6)}${lp('tsnas', 8)}${hasPlain ? lp('plain', 8) : ''}${lp('torch', 8)}` +
    `${lp('ratio', 6)}${lp('target', 8)}     ${lp('tsnas', 6)}${lp('torch', 6)}${lp('ratio', 6)}${lp('target', 7)}      loss, step 1`,
);
console.log(
  `${''.padEnd(47)}${lp('wall ms', 8)}${lp('wall ms', 8)}${lp('', 6)}${lp('cpu ms', 8)}${hasPlain ? lp('cpu ms', 8) : ''}${lp('cpu ms', 8)}` +
    `${lp('', 6)}${lp('', 8)}     ${lp('MB', 6)}${lp('MB', 6)}${lp('', 6)}${lp('', 7)}      tsnas / torch`,
);
const json: unknown[] = [];
for (const r of rows) {
  if (!r.ts) {
    console.log(`${r.w.label.padEnd(47)}  ${r.note ?? 'skipped'}`);
    continue;
  }
  const infer = r.w.kind === 'infer';
  const tsMs = median(r.ts.ms),
    tsCpu = median(r.ts.cpu);
  const pyMs = r.torch ? median(r.torch.ms) : undefined;
  const pyCpu = r.torch ? median(r.torch.cpu) : undefined;
  // Inference: throughput tsnas / torch (higher is better); otherwise time tsnas / torch (lower is better).
  const ratioOf = (a: number, b: number | undefined): number | undefined => (b === undefined ? undefined : infer ? b / a : a / b);
  const wallRatio = ratioOf(tsMs, pyMs);
  const cpuRatio = ratioOf(tsCpu, pyCpu);
  const okT = cpuRatio === undefined ? '' : (infer ? cpuRatio >= 1 / r.w.timeTarget : cpuRatio <= r.w.timeTarget) ? ' ok' : ' MISS';
  const memRatio = r.torch ? r.ts.rssKb / r.torch.rssKb : undefined;
  const okM = memRatio === undefined || r.w.memTarget === undefined ? '' : memRatio <= r.w.memTarget ? ' ok' : ' MISS';
  const target = infer ? `>=${(1 / r.w.timeTarget).toFixed(0)}x` : `<=${r.w.timeTarget}`;
  console.log(
    `${r.w.label.padEnd(47)}${lp(tsMs.toFixed(0), 8)}${lp(pyMs === undefined ? '-' : pyMs.toFixed(0), 8)}${lp(fmt(wallRatio), 6)}` +
      `${lp(tsCpu.toFixed(0), 8)}${hasPlain ? lp(r.plain ? median(r.plain.cpu).toFixed(0) : '-', 8) : ''}${lp(pyCpu === undefined ? '-' : pyCpu.toFixed(0), 8)}` +
      `${lp(fmt(cpuRatio), 6)}${lp(target, 8)}${okT.padEnd(5)}${lp(mb(r.ts.rssKb), 6)}${lp(mb(r.torch?.rssKb), 6)}${lp(fmt(memRatio), 6)}` +
      `${lp(r.w.memTarget ? `<=${r.w.memTarget}` : '', 7)}${okM.padEnd(5)} ${fmt(r.ts.firstLoss, 5)} / ${fmt(r.torch?.firstLoss, 5)}`,
  );
  if (infer) {
    const ips = (ms: number | undefined): string => (ms === undefined ? '-' : ((r.w.batch * 1000) / ms).toFixed(0));
    console.log(
      `${''.padEnd(47)}  images/s by CPU time: tsnas ${ips(tsCpu)}, torch ${ips(pyCpu)}` +
        `${hasPlain ? `, tsnas plain ${ips(r.plain ? median(r.plain.cpu) : undefined)}` : ''}; by wall time: tsnas ${ips(tsMs)}, torch ${ips(pyMs)}`,
    );
  }
  if (r.note) console.log(`${''.padEnd(47)}  ${r.note}`);
  json.push({
    workload: r.w.name,
    tsnasMs: tsMs,
    torchMs: pyMs ?? null,
    wallRatio: wallRatio ?? null,
    tsnasCpuMs: tsCpu,
    torchCpuMs: pyCpu ?? null,
    plainCpuMs: r.plain ? median(r.plain.cpu) : null,
    cpuRatio: cpuRatio ?? null,
    tsnasRssKb: r.ts.rssKb,
    plainRssKb: r.plain?.rssKb ?? null,
    torchRssKb: r.torch?.rssKb ?? null,
    memRatio: memRatio ?? null,
    steps: { tsnas: r.ts.ms, tsnasCpu: r.ts.cpu, torch: r.torch?.ms ?? null, torchCpu: r.torch?.cpu ?? null },
    firstLoss: [r.ts.firstLoss, r.torch?.firstLoss ?? null],
  });
}
console.log('\nratio: tsnas / PyTorch step time (inference: throughput tsnas / PyTorch), medians over alternating steps; the targets are');
console.log('checked on CPU time (user + sys of each process: on a machine shared with other jobs it is what the process itself');
console.log('spent, where wall time also counts waiting for a core). MB: peak RSS (getrusage ru_maxrss) of each child process.');
console.log("loss, step 1: each side's first step from the same weights and inputs (equal up to float rounding; DropNAS draws random masks).");
if (flag('--json')) console.log(JSON.stringify({ threads, torch: torchVersion, libtorch: info.torchVersion, rows: json }));

// The engine micro-benchmark (bench/engine, maintained separately): run as its own program when asked.
if (flag('--engine')) {
  const engine = join(PACKAGE_ROOT, 'dist', 'bench', 'engine', 'run.js');
  if (!existsSync(engine)) console.log('\nbench/engine is not built; skipped');
  else {
    console.log('\n--- bench/engine ---');
    const r = spawnSync(process.execPath, [engine, '--no-profile'], {
      stdio: 'inherit',
      env: { ...childEnv, BENCH_N: process.env.BENCH_N ?? '20000', BENCH_REPS: process.env.BENCH_REPS ?? '3' },
    });
    if (r.status !== 0) process.exitCode = r.status ?? 1;
  }
}
