import assert from 'node:assert/strict';
import { test } from 'node:test';
import { memory, ops, randn, tensor, tidy, zeros } from '../../src/index.js';

test('arithmetic, broadcasting and reductions match hand-computed values', () => {
  const a = tensor([
    [1, 2],
    [3, 4],
  ]);
  const b = tensor([10, 20]);
  assert.deepEqual(a.add(b).toArray(), [
    [11, 22],
    [13, 24],
  ]);
  assert.deepEqual(a.mul(2).sub(1).toArray(), [
    [1, 3],
    [5, 7],
  ]);
  assert.equal(a.sum().item(), 10);
  assert.deepEqual(a.mean(1).toArray(), [1.5, 3.5]);
  assert.deepEqual(a.matmul(a).toArray(), [
    [7, 10],
    [15, 22],
  ]);
});

test('autograd: d/dx sum(x^2 * 3) = 6x', () => {
  const x = tensor([1, -2, 0.5], { requiresGrad: true });
  x.pow(2).mul(3).sum().backward();
  assert.deepEqual(x.grad!.toArray(), [6, -12, 3]);
});

test('shape mismatch becomes an Error naming the op, shapes, dtypes and devices', () => {
  assert.throws(() => randn([2, 3]).add(randn([4])), /add: .*size of tensor.*\n.*float32\[2, 3\] cpu.*float32\[4\] cpu/s);
  assert.throws(() => ops.conv2d(randn([1, 3, 8, 8]), randn([4, 2, 3, 3])), /conv2d: .*float32\[1, 3, 8, 8\]/s);
});

test('a disposed tensor is an Error, never a crash', () => {
  const t = zeros([3]);
  t.dispose();
  assert.throws(() => t.add(1), /disposed/);
  assert.throws(() => t.item(), /disposed/);
});

test('tidy frees everything but its result', () => {
  const before = memory().tensors;
  const r = tidy(() => {
    const x = randn([8, 8]);
    return x.matmul(x).relu().sum();
  });
  assert.equal(memory().tensors, before + 1);
  r.dispose();
  assert.equal(memory().tensors, before);
});
