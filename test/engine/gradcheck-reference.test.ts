// Forward values of the gradient-checked ops against PyTorch on the same inputs (test/reference/gradcheck_reference.py).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type DType, ops, setNumThreads, type Tensor, tensor, tidy } from '../../src/tensor/index.js';
import { pythonSkip, runPythonJson } from '../helpers/python.js';

interface Enc {
  shape: number[];
  dtype: string;
  data: number[];
}
interface Case {
  name: string;
  op: string;
  args: Record<string, number | boolean>;
  inputs: Record<string, Enc>;
  outputs: Record<string, Enc>;
}

setNumThreads(1);
const skip = pythonSkip();
const ref = skip ? { cases: [] as Case[] } : runPythonJson<{ cases: Case[] }>('gradcheck_reference.py');

function dec(e: Enc): Tensor {
  const dtype = e.dtype as DType;
  return tensor(Float64Array.from(e.data), { shape: e.shape, dtype });
}

function run(c: Case, x: Record<string, Tensor>): Record<string, Tensor> {
  const a = c.args;
  const n = (k: string): number => a[k] as number;
  switch (c.op) {
    case 'conv2d':
      return { y: ops.conv2d(x.x!, x.w!, x.b ?? null, n('stride'), n('padding'), n('dilation'), n('groups')) };
    case 'max_pool2d':
      return { y: ops.maxPool2d(x.x!, n('kernel'), n('stride'), n('padding')) };
    case 'avg_pool2d':
      return { y: ops.avgPool2d(x.x!, n('kernel'), n('stride'), n('padding'), false, a.count_include_pad as boolean) };
    case 'adaptive_avg_pool2d':
      return { y: ops.adaptiveAvgPool2d(x.x!, [n('size'), n('size')]) };
    case 'batch_norm': {
      const y = ops.batchNorm(x.x!, x.w!, x.b!, x.rm!, x.rv!, a.training as boolean, n('momentum'), n('eps'), false);
      return { y, rm: x.rm!, rv: x.rv! };
    }
    case 'cross_entropy':
      return { y: ops.crossEntropyLoss(x.x!, x.target!, null, 1, -100, n('label_smoothing')) };
    case 'log_softmax':
      return { y: ops.logSoftmax(x.x!, n('dim')) };
    case 'linear':
      return { y: ops.linear(x.x!, x.w!, x.b!) };
    default:
      throw new Error(`unknown op ${c.op}`);
  }
}

describe('forward values match PyTorch', { skip }, () => {
  for (const c of ref.cases) {
    test(c.name, () => {
      tidy(() => {
        const inputs = Object.fromEntries(Object.entries(c.inputs).map(([k, v]) => [k, dec(v)]));
        const out = run(c, inputs);
        const f32 = c.name.endsWith('float32');
        const tol = f32 ? 2e-6 : 1e-12;
        for (const [k, want] of Object.entries(c.outputs)) {
          const got = out[k]!;
          assert.deepEqual([...got.shape], want.shape, `${k}: shape`);
          const g = got.dataNumbers();
          let worst = 0;
          want.data.forEach((w, i) => {
            worst = Math.max(worst, Math.abs(g[i]! - w) / (1 + Math.abs(w)));
          });
          assert.ok(worst <= tol, `${c.name} ${k}: max relative difference ${worst} > ${tol}`);
        }
      });
    });
  }
});
