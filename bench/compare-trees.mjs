#!/usr/bin/env node
// Before/after of a change, in one invocation: the same workloads built by two checkouts of tsnas (each with its
// own compiled dist/), one worker process per tree, timed steps alternating between the two so load from other jobs
// slows both alike. Both trees seed the same way, so the first step's loss must agree: a refactoring that changes
// the numbers shows up here next to the timing.
//
//   node bench/compare-trees.mjs --before DIR --after DIR [--only a,b] [--reps N] [--warmup N] [--threads N]
//
// DIR is a checkout with node_modules, native/build and dist/ built (`npx tsc -p tsconfig.json`).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';

const small = { channels: 8, layers: 5, batch: 16, size: 28, classes: 10 };
export const WORKLOADS = [
  { name: 'darts-1st', label: 'DARTS search step, 1st order (C8 L5 b16 28px)', kind: 'search', method: 'darts', ...small },
  { name: 'darts-2nd', label: 'DARTS search step, 2nd order (C8 L5 b16 28px)', kind: 'search', method: 'darts', unrolled: true, ...small },
  { name: 'fairdarts', label: 'FairDARTS search step (C8 L5 b16 28px)', kind: 'search', method: 'fairdarts', ...small },
  { name: 'dropnas', label: 'DropNAS search step (C8 L5 b16 28px)', kind: 'search', method: 'dropnas', ...small },
  { name: 'ddarts', label: 'D-DARTS search step (C8 L5 b16 28px)', kind: 'search', method: 'ddarts', ...small },
  {
    name: 'dartopti',
    label: 'DARTOpti search step, ResNet18 baseline (C8 b16 32px)',
    kind: 'search',
    method: 'ddarts',
    space: 'dartopti',
    baseline: 'resnet18',
    ...small,
    size: 32,
  },
  {
    name: 'train-ddarts',
    label: 'D-DARTS_threshold_sparse_cifar10 train step (C16 L8 b32 32px, aux)',
    kind: 'train',
    arch: 'D-DARTS_threshold_sparse_cifar10_0.85_50',
    channels: 16,
    layers: 8,
    batch: 32,
    size: 32,
    classes: 10,
  },
  // npm run bench's training and inference workloads (bench/workloads.ts: no drop path there).
  {
    name: 'train-darts',
    label: 'DARTS_V2 train step (C16 L8 b64 32px, aux)',
    kind: 'train',
    arch: 'DARTS_V2',
    channels: 16,
    layers: 8,
    batch: 64,
    size: 32,
    classes: 10,
    dropPath: 0,
  },
  {
    name: 'infer-darts',
    label: 'DARTS_V2 inference (C16 L8 b128 32px)',
    kind: 'infer',
    arch: 'DARTS_V2',
    channels: 16,
    layers: 8,
    batch: 128,
    size: 32,
    classes: 10,
  },
];

async function worker(root, w, threads) {
  const lib = (p) => import(pathToFileURL(resolve(root, 'dist/src', p)).href);
  const T = await lib('tensor/index.js');
  T.setNumThreads(threads);
  T.manualSeed(0);
  const input = () => ({ x: T.randn([w.batch, 3, w.size, w.size]).keep(), y: T.randint(0, w.classes, [w.batch], { dtype: 'int64' }).keep() });
  let step;
  if (w.kind === 'search') {
    const { createSearchMethod } = await lib('nas/search/registry.js');
    const config = { channels: w.channels, layers: w.layers, numClasses: w.classes, inChannels: 3, unrolled: w.unrolled ?? false, device: 'cpu' };
    if (w.space) Object.assign(config, { space: w.space, baseline: w.baseline });
    const method = createSearchMethod(w.method, config);
    const train = input();
    const val = input();
    step = () => {
      const v = method.needsValidationBatch ? val : undefined;
      const r = method.stepLazy ? method.stepLazy(train, v) : method.step(train, v);
      return typeof r.loss === 'function' ? r.loss() : r.loss;
    };
  } else {
    const { resolveEvalArch, buildEvalNetwork } = await lib('train/arch.js');
    const { trainStep } = await lib('train/trainer.js');
    const { SGD } = await lib('optim/index.js');
    const net = buildEvalNetwork(resolveEvalArch(w.arch).genotype, {
      family: 'cifar',
      channels: w.channels,
      layers: w.layers,
      numClasses: w.classes,
      auxiliary: w.kind === 'train',
      inChannels: 3,
    });
    const data = input();
    if (w.kind === 'train') {
      const optimizer = new SGD(net.parameters(), { lr: 0.025, momentum: 0.9, weightDecay: 3e-4 });
      net.dropPathProb = w.dropPath ?? 0.2;
      step = () => trainStep(net, optimizer, data, { gradClip: 5, auxiliaryWeight: 0.4 }).loss();
    } else {
      const infer = net.eval();
      step = () => T.noGrad(() => T.tidy(() => infer.forward(data.x).logits.sum().item()));
    }
  }
  process.stdout.write(`${JSON.stringify({ ready: true })}\n`);
  for await (const line of createInterface({ input: process.stdin })) {
    if (line === 'quit') break;
    const t = performance.now();
    const c = process.cpuUsage();
    const loss = step();
    const cpu = process.cpuUsage(c);
    const ms = performance.now() - t;
    // Peak RSS of the process so far (KiB), as npm run bench reports it.
    process.stdout.write(`${JSON.stringify({ ms, cpuMs: (cpu.user + cpu.system) / 1000, loss, maxRssMb: process.resourceUsage().maxRSS / 1024 })}\n`);
  }
  process.exit(0);
}

function start(root, w, threads) {
  const child = spawn(process.execPath, [fileURLToPath(import.meta.url), '--worker', root, JSON.stringify(w), String(threads)], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout });
  const pending = [];
  lines.on('line', (l) => pending.shift()?.(JSON.parse(l)));
  const next = () => new Promise((ok) => pending.push(ok));
  const ready = next();
  return {
    ready,
    step: () => {
      const r = next();
      child.stdin.write('step\n');
      return r;
    },
    quit: () => child.stdin.end('quit\n'),
  };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};

async function main() {
  const argv = process.argv.slice(2);
  const opt = (n) => {
    const i = argv.indexOf(n);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const beforeRoot = opt('--before'),
    afterRoot = opt('--after');
  if (!beforeRoot || !afterRoot)
    throw new Error('usage: compare-trees.mjs --before DIR --after DIR [--only a,b] [--reps N] [--warmup N] [--threads N]');
  for (const d of [beforeRoot, afterRoot])
    if (!existsSync(resolve(d, 'dist/src/index.js'))) throw new Error(`${d}: no dist/src/index.js (build it first)`);
  const reps = Number(opt('--reps') ?? 15),
    warmup = Number(opt('--warmup') ?? 3),
    threads = Number(opt('--threads') ?? 1);
  const only = opt('--only')?.split(',');
  const rows = [];
  for (const w of WORKLOADS.filter((x) => !only || only.includes(x.name))) {
    const a = start(resolve(beforeRoot), w, threads),
      b = start(resolve(afterRoot), w, threads);
    await Promise.all([a.ready, b.ready]);
    const before = { cpu: [], wall: [] },
      after = { cpu: [], wall: [] };
    let ra, rb, la, lb;
    for (let i = 0; i < warmup + reps; i++) {
      ra = await a.step();
      rb = await b.step();
      if (i === 0) [la, lb] = [ra.loss, rb.loss];
      if (i >= warmup) {
        for (const [side, r] of [
          [before, ra],
          [after, rb],
        ]) {
          side.cpu.push(r.cpuMs);
          side.wall.push(r.ms);
        }
      }
    }
    a.quit();
    b.quit();
    const row = {
      workload: w.name,
      beforeCpuMs: median(before.cpu),
      afterCpuMs: median(after.cpu),
      cpuRatio: median(after.cpu) / median(before.cpu),
      wallRatio: median(after.wall) / median(before.wall),
      beforePeakMb: ra.maxRssMb,
      afterPeakMb: rb.maxRssMb,
      firstLossBefore: la,
      firstLossAfter: lb,
    };
    rows.push(row);
    console.log(
      `${w.label.padEnd(68)} cpu ms ${row.beforeCpuMs.toFixed(0).padStart(6)} -> ${row.afterCpuMs.toFixed(0).padStart(6)}  ` +
        `after/before cpu ${row.cpuRatio.toFixed(3)} wall ${row.wallRatio.toFixed(3)}  peak MB ${row.beforePeakMb.toFixed(0)} -> ${row.afterPeakMb.toFixed(0)}  ` +
        `first loss ${la.toFixed(6)} / ${lb.toFixed(6)}`,
    );
  }
  if (argv.includes('--json')) console.log(JSON.stringify(rows));
}

if (process.argv[2] === '--worker') await worker(process.argv[3], JSON.parse(process.argv[4]), Number(process.argv[5]));
else await main();
