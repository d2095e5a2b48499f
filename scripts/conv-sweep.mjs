#!/usr/bin/env node
// Sweep of CPU conv2d forward+backward configurations for crashes (heap corruption) and silent wrong gradients.
// Written to map the oneDNN (libdnnl 2.6.3, Debian libtorch 1.13.1) `jit_1x1` backward-weights crash with
// channels_last inputs of few channels; see Conv2d.convolve in src/nn/conv.ts.
//
//   node scripts/conv-sweep.mjs [--suite all|focus|kernels|misc] [--reps 2] [--iters 20] [--via ops|module] [--jobs 1]
//                               [--fast-paths 0|1] [--json out.json]
//   node scripts/conv-sweep.mjs --case '{"cin":4,"cout":2,"k":1,"s":2,"hw":56,"n":4}'      (one case, in-process)
//
// Each case runs in its own child process (a case may kill its process) under MALLOC_CHECK_=3 (with glibc's
// libc_malloc_debug preloaded where present; --malloc-debug 0 leaves it out), `--reps` times: the
// child runs `iters` forward + sum().backward() passes of conv2d(x, w) with x and w in the case's memory format,
// then the same computation once on contiguous float64 copies, and prints the largest gradient difference relative
// to the gradient's largest magnitude. `--via ops` calls aten::conv2d directly (the raw library, what the crash map
// is about); `--via module` goes through nn.Conv2d (with tsnas' guard, to check the fix).
// Needs the compiled library (npx tsc -p tsconfig.json): dist/src/index.js.
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const self = fileURLToPath(import.meta.url);
const MALLOC_DEBUG = '/lib/x86_64-linux-gnu/libc_malloc_debug.so.0';
const argv = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : dflt;
};

const DEFAULTS = { cin: 4, cout: 2, k: 1, s: 2, hw: 56, n: 4, g: 1, d: 1, cl: 1, gw: 1, gx: 1, dtype: 'float32', iters: 20, via: 'ops', threads: 1 };

if (opt('case')) {
  runCase({ ...DEFAULTS, ...JSON.parse(opt('case')) });
} else {
  await sweep();
}

async function runCase(c) {
  const t = await import('../dist/src/index.js');
  const { nn, ops, randn, tidy } = t;
  t.setNumThreads(c.threads);
  t.manualSeed(0);
  const groups = c.g === 'C' ? c.cin : c.g;
  const pad = Math.floor((c.d * (c.k - 1)) / 2);
  const xfmt = (c.clx ?? c.cl) ? 'channels_last' : 'contiguous'; // the input's and the weight's layouts, when they differ
  const wfmt = (c.clw ?? c.cl) ? 'channels_last' : 'contiguous';
  const conv = new nn.Conv2d(c.cin, c.cout, c.k, { stride: c.s, padding: pad, dilation: c.d, groups, bias: false });
  const w0 = conv.weight.detach().clone();
  const x0 = randn([c.n, c.cin, c.hw, c.hw]);
  if (c.via === 'module') {
    // nn.Conv2d's own weight (a parameter), in the case's dtype and layout.
    conv.to({ dtype: c.dtype, memoryFormat: wfmt });
    conv.weight.requiresGrad_(!!c.gw);
  }
  let gw, gx;
  for (let i = 0; i < c.iters; i++) {
    tidy(() => {
      const x = x0.to({ dtype: c.dtype, memoryFormat: xfmt }).detach().requiresGrad_(!!c.gx);
      let w = conv.weight;
      if (c.via === 'module') {
        conv.zeroGrad();
        conv.forward(x).sum().backward();
      } else {
        w = w0.to({ dtype: c.dtype, memoryFormat: wfmt }).detach().requiresGrad_(!!c.gw);
        ops.conv2d(x, w, null, c.s, pad, c.d, groups).sum().backward();
      }
      gw?.dispose();
      gx?.dispose();
      gw = c.gw ? w.grad.float().contiguous().keep() : undefined;
      gx = c.gx ? x.grad.float().contiguous().keep() : undefined;
    });
  }
  // Reference: contiguous float64, no fast paths involved (aten's plain kernels).
  const ref = tidy(() => {
    const w = w0.double().detach().requiresGrad_(!!c.gw);
    const x = x0.double().detach().requiresGrad_(!!c.gx);
    ops.conv2d(x, w, null, c.s, pad, c.d, groups).sum().backward();
    return { gw: c.gw ? w.grad.float().keep() : undefined, gx: c.gx ? x.grad.float().keep() : undefined };
  });
  const rel = (a, b) => (a && b ? a.sub(b).abs().max().item() / Math.max(1, b.abs().max().item()) : 0);
  const err = Math.max(rel(gw, ref.gw), rel(gx, ref.gx));
  process.stdout.write(`${JSON.stringify({ ok: true, err })}\n`);
}

function cases(suite) {
  const out = [];
  const add = (c) => out.push({ ...DEFAULTS, ...c });
  if (suite === 'focus' || suite === 'all') {
    // The 1x1 strided convolution (FactorizedReduce, the reduction-cell skip): channels x spatial x stride.
    for (const cin of [1, 2, 3, 4, 5, 7, 8, 12, 15, 16, 17, 24, 31, 32])
      for (const hw of [8, 15, 28, 32, 33, 55, 56, 57, 64]) for (const s of [2]) add({ cin, hw, s });
    for (const cin of [4, 8, 15]) for (const hw of [56, 64, 112]) add({ cin, hw, s: 1 });
    for (const cin of [4, 8]) for (const hw of [56, 64]) add({ cin, hw, s: 3 });
  }
  if (suite === 'kernels' || suite === 'all') {
    // DARTS' other convolutions: 3x3/5x5 (sep_conv: depthwise + 1x1; dil_conv: depthwise dilation 2), stride 1/2.
    for (const cin of [3, 4, 8, 15, 16])
      for (const k of [3, 5])
        for (const s of [1, 2])
          for (const [g, d] of [
            [1, 1],
            ['C', 1],
            ['C', 2],
          ])
            for (const hw of [32, 56]) add({ cin, cout: g === 'C' ? cin : 4, k, s, g, d, hw });
    for (const cin of [4, 8, 15]) for (const s of [1, 2]) add({ cin, cout: cin, k: 1, s, hw: 56 }); // the 1x1 after a depthwise
  }
  if (suite === 'misc' || suite === 'all') {
    for (const n of [1, 2, 3, 8, 16]) add({ n });
    for (const n of [1, 2]) add({ n, hw: 112 });
    for (const cout of [1, 3, 4, 8, 16, 32, 48]) add({ cout });
    for (const cin of [4, 15]) for (const only of [{ cl: 0 }, { gw: 0 }, { gx: 0 }]) add({ cin, ...only });
    for (const dtype of ['float64', 'bfloat16']) for (const cin of [4, 8, 16]) add({ cin, dtype });
    for (const threads of [2]) for (const cin of [4, 16]) add({ cin, threads });
    for (const hw of [58, 60, 63, 65, 80, 96, 224]) add({ hw });
  }
  return out;
}

async function sweep() {
  const suite = opt('suite', 'all');
  const reps = Number(opt('reps', 2));
  const iters = Number(opt('iters', DEFAULTS.iters));
  const via = opt('via', 'ops');
  const jobs = Number(opt('jobs', 1));
  // glibc >= 2.34 honours MALLOC_CHECK_ only with its debug malloc preloaded; that one also checks a guard byte past
  // every chunk on free, so an overflow of the heap buffer fails at once instead of some time later (or never).
  const env = { ...process.env, MALLOC_CHECK_: '3' };
  if (existsSync(MALLOC_DEBUG) && opt('malloc-debug', '1') !== '0') env.LD_PRELOAD = MALLOC_DEBUG;
  if (opt('fast-paths')) env.TSNAS_FAST_PATHS = opt('fast-paths');
  const list = cases(suite).map((c) => ({ ...c, iters, via }));
  const results = [];
  const one = (c) =>
    new Promise((resolve) => {
      let crashes = 0,
        err = 0,
        last = '';
      for (let r = 0; r < reps; r++) {
        const p = spawnSync(process.execPath, [self, '--case', JSON.stringify(c)], { encoding: 'utf8', env, timeout: 120_000 });
        if (p.status !== 0) {
          crashes++;
          // The signal, or the exit code and the error message (not the stack, not node's version line).
          const lines = (p.stderr ?? '').split('\n').filter((l) => l.trim() && !/^\s+at |^Node\.js v/.test(l));
          last = `${p.signal ?? `rc ${p.status}`} ${lines.slice(-2).join(' | ')}`.trim();
        } else {
          err = Math.max(err, JSON.parse(p.stdout.trim().split('\n').pop()).err);
        }
      }
      resolve({ ...c, crashes, reps, err, last });
    });
  // spawnSync blocks, so --jobs > 1 needs worker processes: keep it simple and run sequentially per shard.
  const shard = Number(opt('shard', 0));
  for (let i = 0; i < list.length; i++) {
    if (jobs > 1 && i % jobs !== shard) continue;
    const r = await one(list[i]);
    results.push(r);
    const tol = r.dtype === 'bfloat16' ? 2e-2 : 1e-4;
    const flag = r.crashes ? 'CRASH' : r.err > tol ? 'WRONG' : 'ok';
    const g = r.g === 'C' ? 'dw' : `g${r.g}`;
    console.log(
      `${flag.padEnd(5)} cin=${String(r.cin).padStart(2)} cout=${String(r.cout).padStart(2)} k=${r.k} s=${r.s} ${g} d=${r.d} ` +
        `hw=${String(r.hw).padStart(3)} n=${String(r.n).padStart(2)} ${(r.clx ?? r.cl) ? 'NHWC' : 'NCHW'}/${(r.clw ?? r.cl) ? 'NHWC' : 'NCHW'} gw=${r.gw} gx=${r.gx} ${r.dtype} t=${r.threads} ` +
        `crashes ${r.crashes}/${r.reps} err ${r.err.toExponential(1)} ${r.last}`,
    );
  }
  if (opt('json')) writeFileSync(opt('json'), JSON.stringify(results, null, 1));
}
