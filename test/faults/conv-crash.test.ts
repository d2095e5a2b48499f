// oneDNN 2.6.3's jit_1x1 backward-weights kernel (Debian libtorch 1.13.1) overflows the heap for a 1×1 convolution with
// stride > 1 on channels_last float32 data with < 16 input channels (`corrupted size vs. prev_size`; `tsnas train
// --dataset imagenet --init-channels 4` died in FactorizedReduce). nn.Conv2d routes that region to NCHW
// (conv2dPlainLayout in src/nn/conv.ts); the region was mapped with scripts/conv-sweep.mjs. Every case runs in its own
// child process with glibc's checking malloc, where the overflow aborts on the first backward, so a crash fails the
// case instead of the runner.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { assertSucceeds, tsnas } from './harness.js';
import type { ConvCase } from './conv-crash-worker.js';

const worker = fileURLToPath(new URL('./conv-crash-worker.js', import.meta.url));
// glibc >= 2.34 checks MALLOC_CHECK_ only with its debug malloc preloaded; that one also checks a guard byte past
// each chunk on free, so the overflow fails deterministically (without it, 5 runs in 6 crashed).
const MALLOC_DEBUG = '/lib/x86_64-linux-gnu/libc_malloc_debug.so.0';
const checkingMalloc: Record<string, string> = existsSync(MALLOC_DEBUG) ? { MALLOC_CHECK_: '3', LD_PRELOAD: MALLOC_DEBUG } : { MALLOC_CHECK_: '3' };

const base: ConvCase = { cin: 4, cout: 2, k: 1, stride: 2, n: 2, hw: 56, xNhwc: true, wNhwc: true, gradW: true, gradX: true };

// Crashed (SIGSEGV, SIGBUS or a glibc abort) before the fix, on every run.
const crashRegion: [string, Partial<ConvCase>][] = [
  ['the reported repro: Conv2d(4, 2, 1, stride 2) on [4, 4, 56, 56]', { n: 4 }],
  ['1 input channel', { cin: 1 }],
  ['15 input channels, 16 outputs (the block edges)', { cin: 15, cout: 16 }],
  ['8 → 32 channels, batch 1, 112 px', { cin: 8, cout: 32, n: 1, hw: 112 }],
  ['stride 3', { stride: 3, hw: 84 }],
  ['a channels_last weight on a contiguous input', { xNhwc: false }],
  ['a channels_last input with a contiguous weight', { wNhwc: false }],
  ['the weight gradient alone', { gradX: false }],
  ["FactorizedReduce's shifted view of a channels_last input", { shifted: true }],
];
// Next to the region: never crashed; they must keep passing (most do not take the NCHW route at all).
const boundary: [string, Partial<ConvCase>][] = [
  ['16 input channels (a full block)', { cin: 16 }],
  ["an odd size (oneDNN's generic kernel)", { hw: 55 }],
  ['no weight gradient', { gradW: false }],
  ['contiguous input and weight', { xNhwc: false, wNhwc: false }],
  ['a 3×3 stride-2 convolution', { k: 3, cout: 4 }],
];

function runCase(name: string, overrides: Partial<ConvCase>): void {
  const c: ConvCase = { ...base, ...overrides };
  const r = spawnSync(process.execPath, [worker, JSON.stringify(c)], {
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, TSNAS_THREADS: '1', ...checkingMalloc },
  });
  const context = `${name} ${JSON.stringify(c)}: status ${r.status} signal ${r.signal}\nstderr: ${(r.stderr ?? '').slice(-2000)}`;
  assert.equal(r.signal, null, `killed by ${r.signal}: ${context}`);
  assert.equal(r.status, 0, context);
  const out = JSON.parse(r.stdout.trim().split('\n').pop()!) as { err: number; nhwcOut: boolean };
  assert.ok(out.err < 1e-4, `gradients differ from the contiguous float64 computation by ${out.err}: ${context}`);
  // The output keeps the layout the caller's data has (channels_last in, channels_last out), as aten would give it.
  if (c.cin > 1 && (c.xNhwc || c.wNhwc)) assert.ok(out.nhwcOut, `the output is not channels_last: ${context}`);
}

for (const [name, o] of crashRegion)
  test(`Conv2d 1×1 strided, channels_last, < 16 channels: ${name} — no crash, right gradients`, () => runCase(name, o));
for (const [name, o] of boundary) test(`Conv2d next to the oneDNN crash region: ${name}`, () => runCase(name, o));

test('tsnas train --dataset imagenet --init-channels 4 (FactorizedReduce on 56 px, 4 channels) completes', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'tsnas-conv-crash-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const sharp = (await import('sharp')).default;
  // 8 small valid JPEGs: train/ and val/, two classes each (RandomResizedCrop / Resize+CenterCrop bring them to 224).
  let k = 0;
  for (const split of ['train', 'val']) {
    for (const cls of ['n01440764', 'n01443537']) {
      for (let i = 0; i < 2; i++, k++) {
        mkdirSync(join(dir, 'data', split, cls), { recursive: true });
        await sharp({ create: { width: 40, height: 32, channels: 3, background: { r: 30 * k, g: 255 - 30 * k, b: 100 } } })
          .jpeg({ quality: 90 })
          .toFile(join(dir, 'data', split, cls, `img${i}.JPEG`));
      }
    }
  }
  const r = tsnas(
    [
      'train',
      '--arch',
      'DARTS_V2',
      '--dataset',
      'imagenet',
      '--data',
      join(dir, 'data'),
      '--epochs',
      '1',
      '--init-channels',
      '4',
      '--layers',
      '3',
      '--threads',
      '1',
      '--batch-size',
      '4',
      '--workers',
      '0',
      '--out',
      join(dir, 'run'),
    ],
    { env: checkingMalloc, timeoutMs: 120_000 },
  );
  assertSucceeds(r);
  assert.equal(r.signal, null);
  assert.match(r.stdout, /training finished/);
});
