// A DARTS conv block at training size, forward + backward: ReLU -> depthwise 3x3 -> 1x1 -> BatchNorm (training),
// C=64, batch 32, 32x32; and sep_conv_3x3 (two such blocks). Mirrors bench/engine/reference.py line for line.
import { ones, ops, randn, type Tensor, tidy, zeros } from '../../src/tensor/index.js';

const C = 64;
const B = 32;
const HW = 32;

interface BlockParams {
  dw: Tensor;
  pw: Tensor;
  w: Tensor;
  b: Tensor;
  rm: Tensor;
  rv: Tensor;
}

function blockParams(): BlockParams {
  return {
    dw: randn([C, 1, 3, 3]).mul(0.1).requiresGrad_(true).keep(),
    pw: randn([C, C, 1, 1]).mul(0.1).requiresGrad_(true).keep(),
    w: ones([C]).requiresGrad_(true).keep(),
    b: zeros([C]).requiresGrad_(true).keep(),
    rm: zeros([C]).keep(),
    rv: ones([C]).keep(),
  };
}

function block(x: Tensor, p: BlockParams): Tensor {
  let y = x.relu();
  y = ops.conv2d(y, p.dw, null, [1, 1], [1, 1], [1, 1], C);
  y = ops.conv2d(y, p.pw);
  return ops.batchNorm(y, p.w, p.b, p.rm, p.rv, true, 0.1, 1e-5, true);
}

export interface ConvBench {
  conv_block: () => void;
  sep_conv: () => void;
  warm: (name: 'conv_block' | 'sep_conv', k: number) => void;
}

export function convBenches(iters: number): ConvBench {
  const x = randn([B, C, HW, HW]).requiresGrad_(true).keep();
  const p1 = blockParams();
  const p2 = blockParams();
  const params = [p1, p2].flatMap((p) => [p.dw, p.pw, p.w, p.b]).concat([x]);
  const step = (blocks: BlockParams[]): void => {
    tidy(() => {
      let y = x;
      for (const p of blocks) y = block(y, p);
      y.sum().backward();
    });
    for (const t of params) t.grad = undefined;
  };
  return {
    conv_block: () => {
      for (let i = 0; i < iters; i++) step([p1]);
    },
    sep_conv: () => {
      for (let i = 0; i < iters; i++) step([p1, p2]);
    },
    warm: (name, k) => {
      for (let i = 0; i < k; i++) step(name === 'conv_block' ? [p1] : [p1, p2]);
    },
  };
}
