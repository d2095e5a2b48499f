// Autograd vs central finite differences in float64 for the ops DARTS cells are made of.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { manualSeed, ops, randn, setNumThreads, type Tensor, tensor } from '../../src/tensor/index.js';
import { gradcheck } from '../helpers/gradcheck.js';

// Tiny float64 ops: one thread is fastest, and immune to a busy machine's stalled OpenMP wake-ups.
setNumThreads(1);

const f64 = (shape: number[]): Tensor => randn(shape, { dtype: 'float64' });

function check(name: string, fn: (...xs: Tensor[]) => Tensor, make: () => Tensor[]): void {
  test(`gradcheck: ${name}`, () => {
    manualSeed(1234);
    const inputs = make();
    const r = gradcheck(fn, inputs);
    assert.ok(r.checked > 0);
    assert.ok(r.maxAbsError < 1e-5, `max error ${r.maxAbsError}`);
    for (const t of inputs) t.dispose();
  });
}

check(
  'conv2d, stride 2, padding 1, bias',
  (x, w, b) => ops.conv2d(x, w, b, [2, 2], [1, 1], [1, 1], 1),
  () => [f64([2, 3, 7, 7]), f64([4, 3, 3, 3]), f64([4])],
);
check(
  'conv2d, dilation 2, padding 2 (dil_conv)',
  (x, w) => ops.conv2d(x, w, null, [1, 1], [2, 2], [2, 2], 1),
  () => [f64([1, 2, 7, 7]), f64([3, 2, 3, 3])],
);
check(
  'conv2d, stride 2 given as a bare int',
  (x, w) => ops.conv2d(x, w, null, 2, 1, 1, 1),
  () => [f64([1, 2, 6, 6]), f64([2, 2, 3, 3])],
);
check(
  'conv2d, groups 2',
  (x, w) => ops.conv2d(x, w, null, [1, 1], [1, 1], [1, 1], 2),
  () => [f64([1, 4, 5, 5]), f64([6, 2, 3, 3])],
);
check(
  'conv2d, depthwise (groups = C), 5x5 dilated',
  (x, w) => ops.conv2d(x, w, null, [1, 1], [4, 4], [2, 2], 3),
  () => [f64([2, 3, 6, 6]), f64([3, 1, 5, 5])],
);
check(
  'max_pool2d 3x3, stride 2, padding 1',
  (x) => ops.maxPool2d(x, [3, 3], [2, 2], [1, 1]),
  () => [f64([2, 3, 7, 7])],
);
check(
  'avg_pool2d 3x3, stride 1, padding 1, count_include_pad=false',
  (x) => ops.avgPool2d(x, [3, 3], [1, 1], [1, 1], false, false),
  () => [f64([2, 3, 5, 5])],
);
check(
  'avg_pool2d 3x3, stride 2, padding 1, count_include_pad=true',
  (x) => ops.avgPool2d(x, [3, 3], [2, 2], [1, 1], false, true),
  () => [f64([2, 3, 6, 6])],
);
check(
  'adaptive_avg_pool2d to 1x1',
  (x) => ops.adaptiveAvgPool2d(x, [1, 1]),
  () => [f64([2, 3, 5, 5])],
);
check(
  'adaptive_avg_pool2d 7x7 -> 3x3 (overlapping bins)',
  (x) => ops.adaptiveAvgPool2d(x, [3, 3]),
  () => [f64([1, 2, 7, 7])],
);
check(
  'batch_norm, training mode: input, weight, bias',
  (x, w, b) => ops.batchNorm(x, w, b, null, null, true, 0.1, 1e-5, false),
  () => [f64([4, 3, 3, 3]), f64([3]), f64([3])],
);
check(
  'batch_norm, training mode with running stats, affine=false',
  (x) => {
    const rm = tensor([0, 0, 0], { dtype: 'float64' });
    const rv = tensor([1, 1, 1], { dtype: 'float64' });
    return ops.batchNorm(x, null, null, rm, rv, true, 0.1, 1e-5, false);
  },
  () => [f64([3, 3, 2, 2])],
);
check(
  'cross_entropy, mean',
  (x) => ops.crossEntropyLoss(x, tensor([1, 0, 4], { dtype: 'int64' })),
  () => [f64([3, 5])],
);
check(
  'cross_entropy, label smoothing 0.1',
  (x) => ops.crossEntropyLoss(x, tensor([1, 0, 4, 2], { dtype: 'int64' }), null, 1, -100, 0.1),
  () => [f64([4, 5])],
);
check(
  'log_softmax, dim 1',
  (x) => ops.logSoftmax(x, 1),
  () => [f64([3, 4, 2])],
);
check(
  'softmax (architecture weights), dim -1',
  (x) => ops.softmax(x, -1),
  () => [f64([14, 8])],
);
check(
  'linear with bias',
  (x, w, b) => ops.linear(x, w, b),
  () => [f64([3, 5]), f64([4, 5]), f64([4])],
);
check(
  'relu -> depthwise 3x3 -> 1x1 -> batch_norm (a sep_conv half)',
  (x, dw, pw) =>
    ops.batchNorm(ops.conv2d(ops.conv2d(x.relu(), dw, null, [1, 1], [1, 1], [1, 1], 2), pw), null, null, null, null, true, 0.1, 1e-5, false),
  () => [f64([2, 2, 5, 5]), f64([2, 1, 3, 3]), f64([3, 2, 1, 1])],
);

test('gradcheck catches a wrong gradient', () => {
  manualSeed(1);
  const x = f64([4]);
  // x * stop_gradient(x): autograd sees d/dx = x, the true derivative is 2x
  assert.throws(() => gradcheck((a) => a.mul(a.detach()), [x]), /gradcheck: input 0 .* element \d/);
  x.dispose();
});
