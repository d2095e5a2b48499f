// Custom autograd functions (native/src/functions.cc) against hand-derived values: the same math as the aten op
// they stand for, with the gradient layout they promise.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { autograd, cat, catDenseGrad, convPairRecompute, maxPool2dLean, noGrad, ops, randn, tensor, tidy } from '../../src/tensor/index.js';

test("catDenseGrad: values of cat; d/dx_i sum(y·g) is the slice of g, dense in x_i's own memory format", () => {
  tidy(() => {
    const a = randn([2, 3, 4, 5]).contiguous('channels_last').requiresGrad_();
    const b = randn([2, 2, 4, 5]).requiresGrad_(); // contiguous
    const c = randn([2, 1, 4, 5]).contiguous('channels_last').requiresGrad_();
    const y = catDenseGrad([a, b, c], 1);
    assert.equal(
      y
        .sub(noGrad(() => cat([a, b, c], 1)))
        .abs()
        .max()
        .item(),
      0,
    );
    const g = randn([2, 6, 4, 5]);
    const [ga, gb, gc] = autograd.grad(y.mul(g).sum(), [a, b, c]);
    // d/da Σ y·g = g[:, 0:3], d/db = g[:, 3:5], d/dc = g[:, 5:6]: exact, no arithmetic on the way.
    assert.equal(
      ga!
        .sub(g.slice(1, 0, 3))
        .abs()
        .max()
        .item(),
      0,
    );
    assert.equal(
      gb!
        .sub(g.slice(1, 3, 5))
        .abs()
        .max()
        .item(),
      0,
    );
    assert.equal(
      gc!
        .sub(g.slice(1, 5, 6))
        .abs()
        .max()
        .item(),
      0,
    );
    assert.ok(ga!.isContiguous('channels_last'), `a's gradient is dense channels_last (strides ${ga!.stride()})`);
    assert.ok(gb!.isContiguous(), `b's gradient is dense contiguous (strides ${gb!.stride()})`);
    // aten's cat hands out a strided view for the same input: the layout difference is real.
    const [va] = autograd.grad(cat([a, b, c], 1).mul(g).sum(), [a]);
    assert.equal(va!.sub(ga!).abs().max().item(), 0);
  });
});

test('catDenseGrad: other dims, inputs without grad, no-grad mode, and a second derivative', () => {
  tidy(() => {
    const a = tensor([
      [1, 2],
      [3, 4],
    ]).requiresGrad_();
    const b = tensor([[5, 6]]);
    const y = catDenseGrad([a, b], 0);
    assert.deepEqual(y.toArray(), [
      [1, 2],
      [3, 4],
      [5, 6],
    ]);
    const [ga] = autograd.grad(
      y
        .mul(
          tensor([
            [1, 10],
            [100, 1000],
            [7, 7],
          ]),
        )
        .sum(),
      [a],
    );
    assert.deepEqual(ga!.toArray(), [
      [1, 10],
      [100, 1000],
    ]);
    const n = noGrad(() => catDenseGrad([a, b], -2));
    assert.equal(n.requiresGrad, false);
    assert.deepEqual(n.toArray(), [
      [1, 2],
      [3, 4],
      [5, 6],
    ]);
    // l = Σ y³ over a's rows: dl/da = 3a², d²/da² Σ(dl/da) = 6a.
    const l = catDenseGrad([a, b], 0).pow(3).sum();
    const [d1] = autograd.grad(l, [a], { createGraph: true });
    assert.deepEqual(d1!.toArray(), [
      [3, 12],
      [27, 48],
    ]);
    const [d2] = autograd.grad(d1!.sum(), [a]);
    assert.deepEqual(d2!.toArray(), [
      [6, 12],
      [18, 24],
    ]);
  });
});

test('catDenseGrad: a shape mismatch is an Error naming the op and the sizes', () => {
  tidy(() => {
    assert.throws(() => catDenseGrad([randn([2, 3, 4, 4]), randn([2, 3, 5, 4])], 1), /catDenseGrad: .*[Ss]izes/);
    assert.throws(() => catDenseGrad([], 1), /catDenseGrad: expected a non-empty list/);
  });
});

test('maxPool2dLean: 2x2 / stride 2 by hand, then 3x3 / stride 1 / pad 1 and ties against aten, with a second derivative', () => {
  tidy(() => {
    const x = tensor([
      [
        [
          [1, 5, 2, 0],
          [3, 4, 8, 1],
          [0, 2, 6, 7],
          [9, 1, 3, 2],
        ],
      ],
    ]).requiresGrad_();
    const y = maxPool2dLean(x, 2, 2, 0, 1, false);
    assert.deepEqual(y.toArray(), [
      [
        [
          [5, 8],
          [9, 7],
        ],
      ],
    ]);
    const [g] = autograd.grad(
      y
        .mul(
          tensor([
            [
              [
                [10, 20],
                [30, 40],
              ],
            ],
          ]),
        )
        .sum(),
      [x],
    );
    // Each window's gradient lands on its maximum: 5 at (0,1), 8 at (1,2), 9 at (3,0), 7 at (2,3).
    assert.deepEqual(g!.toArray(), [
      [
        [
          [0, 10, 0, 0],
          [0, 0, 20, 0],
          [0, 0, 0, 40],
          [30, 0, 0, 0],
        ],
      ],
    ]);
    // Ties (a constant patch) and channels_last input: the same gradient as aten's max_pool2d, which keeps indices.
    const z = randn([2, 3, 6, 6]);
    const zt = z.clone();
    noGrad(() => zt.slice(2, 0, 3).fill_(0.5));
    const a = zt.contiguous('channels_last').requiresGrad_();
    const w = randn([2, 3, 6, 6]);
    const lean = maxPool2dLean(a, 3, 1, 1, 1, false);
    const ref = ops.maxPool2d(a, 3, 1, 1, 1, false);
    assert.equal(lean.sub(ref).abs().max().item(), 0);
    const [gl] = autograd.grad(lean.mul(w).sum(), [a]);
    const [gr] = autograd.grad(ref.mul(w).sum(), [a]);
    assert.equal(gl!.sub(gr!).abs().max().item(), 0);
    // d/dg of <maxpool backward(g), v> is maxpool-forward-gather of v: the double backward aten defines.
    const [d1] = autograd.grad(maxPool2dLean(x, 2, 2, 0, 1, false).pow(2).sum(), [x], { createGraph: true });
    assert.deepEqual(d1!.toArray(), [
      [
        [
          [0, 10, 0, 0],
          [0, 0, 16, 0],
          [0, 0, 0, 14],
          [18, 0, 0, 0],
        ],
      ],
    ]);
    const [d2] = autograd.grad(d1!.sum(), [x]);
    assert.deepEqual(d2!.toArray(), [
      [
        [
          [0, 2, 0, 0],
          [0, 0, 2, 0],
          [0, 0, 0, 2],
          [2, 0, 0, 0],
        ],
      ],
    ]);
    assert.throws(() => maxPool2dLean(tensor([1, 2, 3]).requiresGrad_(), 2), /maxPool2dLean\(float32\[3\]/);
  });
});

test('convPairRecompute: depthwise (stride, dilation) then 1x1 = the two aten convolutions, values and every gradient', () => {
  tidy(() => {
    for (const [stride, padding, dilation, k] of [
      [1, 1, 1, 3],
      [2, 2, 1, 5],
      [1, 4, 2, 5],
    ] as const) {
      const x = randn([2, 4, 9, 9]).contiguous('channels_last').requiresGrad_();
      const w1 = randn([4, 1, k, k]).requiresGrad_();
      const w2 = randn([6, 4, 1, 1]).requiresGrad_();
      const o = {
        stride: [stride, stride] as [number, number],
        padding: [padding, padding] as [number, number],
        dilation: [dilation, dilation] as [number, number],
        groups: 4,
      };
      const y = convPairRecompute(x, w1, o, w2);
      const ref = ops.conv2d(ops.conv2d(x, w1, null, stride, padding, dilation, 4), w2, null, 1, 0, 1, 1);
      const what = `k${k} s${stride} d${dilation}`;
      assert.ok(y.sub(ref).abs().max().item() < 1e-5, what);
      const g = randn(y.shape);
      const mine = autograd.grad(y.mul(g).sum(), [x, w1, w2]);
      const theirs = autograd.grad(ref.mul(g).sum(), [x, w1, w2]);
      for (let i = 0; i < 3; i++) assert.ok(mine[i]!.sub(theirs[i]!).abs().max().item() < 1e-4, `${what}: gradient ${i}`);
      // Only x's gradient asked for (a backward towards one input): the same value.
      const [gx] = autograd.grad(convPairRecompute(x, w1, o, w2).mul(g).sum(), [x]);
      assert.ok(gx!.sub(theirs[0]!).abs().max().item() < 1e-4, `${what}: x alone`);
    }
    assert.throws(
      () =>
        convPairRecompute(
          randn([1, 2, 4, 4]),
          randn([2, 1, 3, 3]),
          { stride: [1, 1], padding: [1, 1], dilation: [1, 1], groups: 2 },
          randn([2, 2, 3, 3]),
        ),
      /convPairRecompute\(.*\): the second weight must be 1x1/,
    );
  });
});
