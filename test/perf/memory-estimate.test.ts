// The search memory estimate (printed before a search) and the out-of-memory hint (the batch size to try).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fastPaths, withFastPaths } from '../../src/nn/index.js';
import { batchSizeThatFits, estimateSearchMemory, isOutOfMemory, outOfMemoryHint, searchMemoryLine } from '../../src/nas/search/memory-estimate.js';
import { Supernet } from '../../src/nas/search/supernet.js';
import { DARTOPTI_PRIMITIVES, DARTS_PRIMITIVES } from '../../src/nas/genotype/primitives.js';
import type { ActivationUnits } from '../../src/nas/ops/op-spec.js';
import { opNames, opSpec } from '../../src/nas/ops/registry.js';
import { pythonSkip, runPythonJson } from '../helpers/python.js';

const base = { channels: 16, layers: 8, batchSize: 32, inputSize: 32 };

test('the estimate scales with the batch, and the fast paths keep less than the straightforward form', () => {
  const a = estimateSearchMemory(base);
  const b = estimateSearchMemory({ ...base, batchSize: 64 });
  assert.ok(Math.abs(b.activationBytes / a.activationBytes - 2) < 1e-6);
  assert.equal(a.weightBytes, b.weightBytes);
  const plain = withFastPaths('plain', () => estimateSearchMemory(base));
  assert.ok(a.activationBytes < 0.7 * plain.activationBytes, 'fused / shared-ReLU form keeps less');
  // Measured on this code base (`npm run bench`, darts-1st-c16: peak RSS 2,058 MB minus the 207 MB of a process that
  // has only loaded libtorch): about 1.7 GiB for C16 L8 b32 32×32 with the default fast paths.
  assert.ok(a.activationBytes > 1.3 * 2 ** 30 && a.activationBytes < 2.2 * 2 ** 30, `estimate ${a.activationBytes}`);
  const kept = withFastPaths({ recomputeDepthwise: false, leanMaxPool: false }, () => estimateSearchMemory(base));
  assert.ok(kept.activationBytes > 1.2 * a.activationBytes, 'keeping depthwise outputs and pooling indices costs more');
  assert.ok(estimateSearchMemory({ ...base, unrolled: true }).weightBytes > a.weightBytes);
  assert.ok(estimateSearchMemory({ ...base, bytesPerElement: 2 }).activationBytes < a.activationBytes);
});

test("the parameter count is within 3% of the real supernet's", () => {
  const net = new Supernet({ channels: 16, numClasses: 10, layers: 8, primitives: DARTS_PRIMITIVES });
  const real = net.numParameters();
  const est = estimateSearchMemory(base).parameters;
  assert.ok(Math.abs(est - real) / real < 0.03, `estimated ${est} vs ${real}`);
  net.dispose();
});

test("the DARTS search space's figures are those the estimate gave before the ops were registered", () => {
  // activationBytes and parameters of `base` from the estimate's own op switches (commit 9d18fce), per fast-path set.
  const before: [Parameters<typeof withFastPaths>[0], number][] = [
    ['fast', 1788975514],
    ['plain', 4398042317],
    [{ recomputeDepthwise: false }, 2584844698],
    [{ leanMaxPool: false, subsampledDilatedConv: false }, 2008127898],
    [{ fusedWeightedSum: false }, 2763626906],
  ];
  for (const [paths, bytes] of before) {
    const e = withFastPaths(paths, () => estimateSearchMemory(base));
    assert.equal(e.activationBytes, bytes, JSON.stringify(paths));
    assert.equal(e.parameters, 1930618);
  }
});

test("the DARTOpti space: parameters within 3% of the real supernet's (its ops used to count 0)", () => {
  const net = new Supernet({ channels: 8, numClasses: 10, layers: 5, primitives: DARTOPTI_PRIMITIVES });
  const real = net.numParameters();
  const est = estimateSearchMemory({ channels: 8, layers: 5, batchSize: 8, inputSize: 32, primitives: DARTOPTI_PRIMITIVES }).parameters;
  assert.ok(Math.abs(est - real) / real < 0.03, `estimated ${est} vs ${real}`);
  net.dispose();
});

test("the D-DARTS ops' activation units follow their layer chains", () => {
  const fast = { ...fastPaths };
  const unfused = { ...fast, fusedWeightedSum: false };
  // simple_conv: its conv output (the BN's input).
  assert.deepEqual(opSpec('simple_conv_3x3').activationUnits(2, fast), { out: 1, relu: true });
  // conv_3x1_1x3: the 1×3 output (H_out × W_in: `stride` units) and the 3×1 output.
  assert.deepEqual(opSpec('conv_3x1_1x3').activationUnits(1, fast), { out: 2, relu: true });
  assert.deepEqual(opSpec('conv_3x1_1x3').activationUnits(2, fast), { out: 3, relu: true });
  // bottleneck: two C maps before the strided conv (4 units each at stride 2), two C maps after, two 4C maps, one C map.
  assert.deepEqual(opSpec('bottleneck_1x3x1').activationUnits(1, fast), { out: 13, relu: true });
  assert.deepEqual(opSpec('bottleneck_1x3x1').activationUnits(2, fast), { out: 19, relu: true });
  assert.deepEqual(opSpec('bottleneck_1x3x1').activationUnits(1, unfused), { out: 14, relu: true });
});

test("every op's activation units are what PyTorch's autograd saves for the reference op (fast paths off)", { skip: pythonSkip() }, () => {
  const measured = runPythonJson<Record<string, ActivationUnits>>('op_memory.py', ['units'], {
    input: JSON.stringify({ C: 4, size: 8, ops: opNames(), strides: [1, 2] }),
  });
  // The reference keeps each op's output itself; fusedWeightedSum only decides whether w·op(x) keeps another copy.
  const paths = withFastPaths('plain', () => ({ ...fastPaths, fusedWeightedSum: true }));
  for (const name of opNames()) {
    for (const stride of [1, 2])
      assert.deepEqual(opSpec(name).activationUnits(stride, paths), measured[`${name} ${stride}`], `${name} stride ${stride}`);
  }
});

test('an unknown op in the estimate is an error, not 0', () => {
  assert.throws(
    () => estimateSearchMemory({ ...base, primitives: [...DARTS_PRIMITIVES, 'sep_conv_9x9'] }),
    /unknown operation 'sep_conv_9x9'.*\(known: none, /,
  );
});

test('batchSizeThatFits inverts the estimate', () => {
  const e = estimateSearchMemory(base);
  const fits = batchSizeThatFits(base, e.totalBytes);
  assert.ok(fits >= 24 && fits <= 32, `fits ${fits}`);
  assert.equal(fits % 8, 0);
  assert.equal(batchSizeThatFits(base, 1), 1);
});

test("the runner's line, and no line for spaces the estimate does not model", () => {
  const line = searchMemoryLine({ name: 'darts', config: { channels: 16, layers: 8, space: 'darts' } }, 64, 32);
  assert.match(line!, /^estimated memory: [\d.]+ GiB of activations for batch 64 \([\d.]+ MiB per image\)/);
  assert.equal(searchMemoryLine({ name: 'x', config: { channels: 16, layers: 8, space: 'nb201' } }, 64, 32), undefined);
});

test('out of memory: the error names a batch size to try', () => {
  const method = { name: 'darts', config: { channels: 16, layers: 8, space: 'darts' } };
  const cuda = new Error(
    'CUDA out of memory. Tried to allocate 20.00 MiB (GPU 0; 7.79 GiB total capacity; 7.50 GiB already allocated; ' +
      '3.19 MiB free; 7.60 GiB reserved in total by PyTorch)',
  );
  const hinted = outOfMemoryHint(cuda, method, 64, 32) as Error;
  const m = /try --batch-size (\d+)/.exec(hinted.message);
  assert.ok(m, hinted.message);
  const n = Number(m[1]);
  assert.ok(n < 64 && n >= 8, `suggested ${n}`);
  assert.ok(estimateSearchMemory({ ...base, batchSize: n }).totalBytes < 7.79 * 2 ** 30);
  const cpu = new Error("DefaultCPUAllocator: can't allocate memory: you tried to allocate 123456789 bytes. Error code 12 (Cannot allocate memory)");
  assert.ok(isOutOfMemory(cpu));
  assert.match((outOfMemoryHint(cpu, method, 64, 32, 4 * 2 ** 30) as Error).message, /try --batch-size \d+/);
  const other = new Error('shape mismatch');
  assert.equal(outOfMemoryHint(other, method, 64, 32), other);
});
