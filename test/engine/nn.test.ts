// The Module system and core layers against torch.nn: state_dict naming and order, counts, default init,
// BatchNorm2d semantics, load_state_dict rules, dtype / memory-format moves and train/eval.
// test/reference/nn_reference.py prints PyTorch's side.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { manualSeed, memory, type NestedArray, nn, noGrad, randn, type Tensor, tensor, tidy, zeros } from '../../src/index.js';
import { pythonSkip, runPythonJson } from '../helpers/python.js';

interface BnCase {
  kw: { affine?: boolean; track_running_stats?: boolean; momentum?: number | null; eps?: number };
  xs: NestedArray[];
  train: NestedArray[];
  stats: Record<string, NestedArray>[];
  eval: NestedArray;
  eval_stats: Record<string, NestedArray>;
}
interface NnReference {
  torch: string;
  architecture: {
    keys: string[];
    shapes: number[][];
    dtypes: string[];
    parameters: string[];
    buffers: string[];
    modules: string[];
    num_parameters: number;
    num_trainable_in_heads: number;
  };
  batchnorm: Record<string, BnCase>;
  errors: { strict: string; non_strict: { missing: string[]; unexpected: string[] } };
}

const skip = pythonSkip();
// The reference runs once per file; every comparison test reads from it (and skips when PyTorch is missing).
const R = (skip ? null : runPythonJson<NnReference>('nn_reference.py')) as NnReference;
if (skip) console.log(`# skipping PyTorch comparisons: ${skip}`);

const flat = (v: unknown): number[] => (Array.isArray(v) ? v.flatMap(flat) : [v as number]);
function assertClose(actual: Tensor, expected: unknown, what: string, rtol = 1e-9, atol = 1e-12): void {
  const a = actual.dataNumbers();
  const e = flat(expected);
  assert.equal(a.length, e.length, `${what}: ${a.length} values vs ${e.length}`);
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i]! - e[i]!);
    if (!(d <= rtol * Math.abs(e[i]!) + atol)) assert.fail(`${what}[${i}]: got ${a[i]}, PyTorch ${e[i]} (|diff| ${d.toExponential(2)})`);
  }
}

/** The architecture of nn_reference.py's Net, registered in the same order. */
class Net extends nn.Module {
  readonly stem: nn.Sequential;
  readonly cells: nn.ModuleList;
  readonly heads: nn.ModuleDict;
  readonly bnPlain: nn.BatchNorm2d;
  readonly alpha: Tensor;
  readonly steps: Tensor;
  constructor() {
    super();
    this.stem = this.registerModule(
      'stem',
      new nn.Sequential(new nn.Conv2d(3, 8, 3, { padding: 1, bias: false }), new nn.BatchNorm2d(8), new nn.ReLU()),
    );
    this.cells = this.registerModule(
      'cells',
      new nn.ModuleList([
        new nn.Sequential(new nn.Conv2d(8, 8, 3, { padding: 1, groups: 2 }), new nn.BatchNorm2d(8, { affine: false })),
        new nn.Conv2d(8, 16, 1),
      ]),
    );
    this.heads = this.registerModule(
      'heads',
      new nn.ModuleDict<nn.Module>([
        ['cls', new nn.Linear(16, 10)],
        ['aux', new nn.Sequential(new nn.ReLU(), new nn.Linear(16, 4, { bias: false }))],
      ]),
    );
    this.bnPlain = this.registerModule('bn_plain', new nn.BatchNorm2d(4, { trackRunningStats: false }));
    this.alpha = this.registerParameter('alpha', zeros([2, 3]))!;
    this.steps = this.registerBuffer('steps', zeros([1]))!;
    this.registerBuffer('scratch', zeros([5]), false);
  }
}

// --- naming and counting ----------------------------------------------------------------------------------------

test('stateDict keys, order, shapes and dtypes match PyTorch for a nested model', { skip }, () => {
  const net = new Net();
  const sd = net.stateDict();
  assert.deepEqual([...sd.keys()], R.architecture.keys);
  assert.deepEqual(
    [...sd.values()].map((t) => [...t.shape]),
    R.architecture.shapes,
  );
  assert.deepEqual(
    [...sd.values()].map((t) => t.dtype),
    R.architecture.dtypes,
  );
  net.dispose();
});

test('named parameters, buffers, modules and parameter counts match PyTorch', { skip }, () => {
  const net = new Net();
  assert.deepEqual(
    net.namedParameters().map(([n]) => n),
    R.architecture.parameters,
  );
  assert.deepEqual(
    net.namedBuffers().map(([n]) => n),
    R.architecture.buffers,
  );
  assert.deepEqual(
    [...net.namedModules()].map(([n]) => n),
    R.architecture.modules,
  );
  assert.equal(net.numParameters(), R.architecture.num_parameters);
  assert.equal(
    net.numParameters((n) => n.startsWith('heads.')),
    R.architecture.num_trainable_in_heads,
  );
  assert.equal(net.parameters().length, R.architecture.parameters.length);
  assert.ok(net.parameters().every((p) => p.requiresGrad && p.isLeaf));
  net.dispose();
});

test('a prefix on stateDict and registration errors', () => {
  const net = new Net();
  assert.equal([...net.stateDict('model').keys()][0], 'model.alpha');
  assert.throws(() => net.registerParameter('a.b', zeros([1])), /invalid name 'a\.b'/);
  assert.throws(() => net.registerBuffer('stem', zeros([1])), /already registered as another kind/);
  assert.throws(() => net.child('nope'), /no submodule 'nope'/);
  assert.equal(net.heads.get('cls').constructor.name, 'Linear');
  net.dispose();
});

// --- default initialisation ------------------------------------------------------------------------------------

function stats(t: Tensor): { min: number; max: number; mean: number; std: number } {
  const v = t.dataNumbers();
  const mean = v.reduce((a, b) => a + b, 0) / v.length;
  const std = Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / v.length);
  return { min: Math.min(...v), max: Math.max(...v), mean, std };
}

test('default init: Conv2d / Linear weights and biases ~ U(±1/sqrt(fan_in)); BatchNorm weight 1, bias 0', () => {
  manualSeed(0);
  const layers: [string, nn.Conv2d | nn.Linear, number][] = [
    ['Conv2d(64,128,3)', new nn.Conv2d(64, 128, 3), 64 * 9],
    ['Conv2d(32,64,3,groups=4)', new nn.Conv2d(32, 64, 3, { groups: 4 }), 8 * 9],
    ['Linear(300,200)', new nn.Linear(300, 200), 300],
  ];
  for (const [name, m, fanIn] of layers) {
    const bound = 1 / Math.sqrt(fanIn);
    const w = stats(m.weight);
    assert.ok(w.min >= -bound && w.max <= bound, `${name} weight within ±${bound}`);
    assert.ok(w.min < -0.98 * bound && w.max > 0.98 * bound, `${name} weight fills the interval`);
    assert.ok(Math.abs(w.std - bound / Math.sqrt(3)) < 0.03 * bound, `${name} weight std ${w.std} vs ${bound / Math.sqrt(3)}`);
    // The sample mean of n uniform draws has std bound/sqrt(3n): allow 5 of those (a fixed seed keeps it repeatable).
    const meanTol = (5 * bound) / Math.sqrt(3 * m.weight.numel);
    assert.ok(Math.abs(w.mean) < meanTol, `${name} weight mean ${w.mean} (tolerance ${meanTol})`);
    const b = stats(m.bias!);
    assert.ok(b.min >= -bound && b.max <= bound, `${name} bias within ±${bound}`);
    m.dispose();
  }
  const bn = new nn.BatchNorm2d(6);
  assert.deepEqual(bn.weight!.toArray(), [1, 1, 1, 1, 1, 1]);
  assert.deepEqual(bn.bias!.toArray(), [0, 0, 0, 0, 0, 0]);
  assert.deepEqual(bn.runningMean!.toArray(), [0, 0, 0, 0, 0, 0]);
  assert.deepEqual(bn.runningVar!.toArray(), [1, 1, 1, 1, 1, 1]);
  assert.equal(bn.numBatchesTracked!.item(), 0);
  assert.equal(bn.numBatchesTracked!.dtype, 'int64');
  bn.dispose();
});

// --- BatchNorm2d ----------------------------------------------------------------------------------------------------

for (const name of ['default', 'affine_false', 'no_running_stats', 'cumulative', 'custom']) {
  test(`BatchNorm2d (${name}): train outputs, running statistics and eval output match PyTorch`, { skip }, () => {
    const c = R.batchnorm[name]!;
    const bn = new nn.BatchNorm2d(3, {
      affine: c.kw.affine,
      trackRunningStats: c.kw.track_running_stats,
      momentum: c.kw.momentum,
      eps: c.kw.eps,
    }).to('float64');
    if (bn.weight)
      noGrad(() =>
        tidy(() => {
          bn.weight!.copy_(tensor(c.stats[0]!.weight!, { dtype: 'float64' }));
          bn.bias!.copy_(tensor(c.stats[0]!.bias!, { dtype: 'float64' }));
        }),
      );
    const xs = c.xs.map((x) => tensor(x, { dtype: 'float64' }).keep());
    const live = memory().tensors;
    bn.train();
    for (let i = 0; i < 2; i++) {
      tidy(() => assertClose(bn.forward(xs[i]!), c.train[i], `train output ${i}`));
      const sd = bn.stateDict();
      assert.deepEqual([...sd.keys()], Object.keys(c.stats[i]!), 'state_dict keys');
      for (const [k, t] of sd) assertClose(t, c.stats[i]![k], `${k} after train batch ${i + 1}`);
    }
    bn.eval();
    tidy(() => assertClose(bn.forward(xs[2]!), c.eval, 'eval output'));
    for (const [k, t] of bn.stateDict()) assertClose(t, c.eval_stats[k], `${k} unchanged by eval`);
    assert.equal(memory().tensors, live, 'forward passes in tidy leave no tensors behind');
    bn.dispose();
    xs.forEach((x) => x.dispose());
  });
}

test('BatchNorm2d: num_batches_tracked counts training batches only; eval uses running statistics', () => {
  const bn = new nn.BatchNorm2d(2);
  const x = randn([4, 2, 3, 3]).mul(3).add(5).keep();
  bn.eval();
  tidy(() => {
    const y = bn.forward(x); // running stats 0 / 1: eval is (x - 0) / sqrt(1 + eps)
    assertClose(y, x.div(Math.sqrt(1 + 1e-5)).toArray(), 'eval with initial stats', 1e-6, 1e-6);
  });
  assert.equal(bn.numBatchesTracked!.item(), 0);
  bn.train();
  for (let i = 1; i <= 3; i++) {
    tidy(() => bn.forward(x));
    assert.equal(bn.numBatchesTracked!.item(), i);
  }
  noGrad(() => tidy(() => bn.forward(x)));
  assert.equal(bn.numBatchesTracked!.item(), 4, 'noGrad does not stop training-mode statistics');
  assert.throws(() => bn.forward(zeros([2, 3])), /expected a 4-d input/);
  bn.dispose();
  x.dispose();
});

// --- loadStateDict --------------------------------------------------------------------------------------------------

function small(): nn.Sequential {
  return new nn.Sequential(new nn.Linear(2, 3), new nn.BatchNorm2d(3));
}

test('loadStateDict strict errors name the missing, unexpected and mismatched keys (as PyTorch reports them)', { skip }, () => {
  const m = small();
  const before = [...m.stateDict().values()].map((t) => t.toArray());
  const bad = new Map(m.stateDict());
  bad.delete('0.bias');
  bad.set('extra.weight', zeros([1]));
  bad.set('0.weight', zeros([4, 2]));
  assert.throws(
    () => m.loadStateDict(bad),
    (e: Error) => {
      assert.match(e.message, /Error\(s\) in loading state_dict for Sequential/);
      assert.match(e.message, /missing key\(s\).*0\.bias/i);
      assert.match(e.message, /unexpected key\(s\).*extra\.weight/i);
      assert.match(e.message, /size mismatch.*0\.weight.*\[4, 2\].*\[3, 2\]/s);
      // PyTorch's message reports the same three facts:
      assert.match(R.errors.strict, /Missing key\(s\) in state_dict: "0\.bias"/);
      assert.match(R.errors.strict, /Unexpected key\(s\) in state_dict: "extra\.weight"/);
      assert.match(R.errors.strict, /size mismatch for 0\.weight/);
      return true;
    },
  );
  assert.deepEqual(
    [...m.stateDict().values()].map((t) => t.toArray()),
    before,
    'a failed load changes nothing',
  );

  const partial = new Map(m.stateDict());
  partial.delete('1.running_mean');
  partial.set('x', zeros([1]));
  const res = m.loadStateDict(partial, { strict: false });
  assert.deepEqual(res, { missingKeys: R.errors.non_strict.missing, unexpectedKeys: R.errors.non_strict.unexpected });
  const mismatch = new Map(m.stateDict());
  mismatch.set('1.weight', zeros([5]));
  assert.throws(() => m.loadStateDict(mismatch, { strict: false }), /size mismatch.*1\.weight/s, 'size mismatch fails even when not strict');
  m.dispose();
});

test("loadStateDict strips a 'module.' prefix, tolerates a missing num_batches_tracked, converts dtype", () => {
  const src = small();
  noGrad(() => src.parameters().forEach((p, i) => p.fill_(i + 0.5)));
  noGrad(() =>
    src.buffers().forEach((b) => {
      if (b.isFloatingPoint) b.fill_(2);
    }),
  );
  const ckpt = tidy(() => {
    const m = new Map<string, Tensor>();
    for (const [k, v] of src.stateDict()) {
      if (k.endsWith('num_batches_tracked')) continue;
      m.set(`module.${k}`, v.to('float64'));
    }
    return m;
  });
  const dst = small();
  noGrad(() => (dst.at(1) as nn.BatchNorm2d).numBatchesTracked!.fill_(7));
  const res = dst.loadStateDict(ckpt);
  assert.deepEqual(res, { missingKeys: [], unexpectedKeys: [] });
  for (const [k, v] of dst.stateDict()) {
    if (k.endsWith('num_batches_tracked')) assert.equal(v.item(), 7, 'left as it was');
    else assert.deepEqual(v.toArray(), src.stateDict().get(k)!.toArray(), k);
    assert.equal(v.dtype, k.endsWith('num_batches_tracked') ? 'int64' : 'float32', `${k} keeps the model's dtype`);
  }
  for (const t of ckpt.values()) t.dispose();
  src.dispose();
  dst.dispose();
});

// --- moves and modes ----------------------------------------------------------------------------------------------------

test("Module.to('float64') and to('channels_last') keep every reference valid and leak nothing", () => {
  const model = new nn.Sequential(
    new nn.Conv2d(2, 4, 3, { padding: 1 }),
    new nn.BatchNorm2d(4),
    new nn.ReLU(),
    new nn.AdaptiveAvgPool2d(1),
    new nn.Flatten(),
    new nn.Linear(4, 3),
  );
  const conv = model.at(0) as nn.Conv2d;
  const bn = model.at(1) as nn.BatchNorm2d;
  const w = conv.weight;
  const params = model.parameters();
  const values = params.map((p) => p.dataNumbers());
  const live = memory().tensors;
  const lin = model.at(5) as nn.Linear;
  lin.bias!.requiresGrad_(false); // frozen

  model.to('float64');
  assert.equal(lin.bias!.requiresGrad, false, 'a frozen parameter stays frozen');
  lin.bias!.requiresGrad_(true);
  assert.equal(memory().tensors, live, 'to(float64) replaces tensors behind the same handles');
  assert.equal(conv.weight, w);
  assert.deepEqual(model.parameters(), params);
  params.forEach((p, i) => {
    assert.equal(p.dtype, 'float64');
    assert.ok(p.requiresGrad && p.isLeaf, 'still a trainable leaf');
    assert.deepEqual(p.dataNumbers(), values[i], 'values preserved');
  });
  assert.equal(bn.runningMean!.dtype, 'float64');
  assert.equal(bn.numBatchesTracked!.dtype, 'int64', 'integer buffers keep their dtype');

  model.to('channels_last');
  assert.equal(memory().tensors, live);
  assert.ok(w.isContiguous('channels_last') && !w.isContiguous(), 'the 4-d weight is channels_last');
  assert.ok(bn.weight!.isContiguous(), '1-d tensors are untouched');

  const x = randn([2, 2, 5, 5], { dtype: 'float64' }).keep();
  tidy(() => model.forward(x).sum().backward());
  assert.ok(
    tidy(() => w.grad !== undefined),
    'gradients reach the moved parameter',
  );
  assert.deepEqual(
    tidy(() => [...w.grad!.shape]),
    [4, 2, 3, 3],
  );
  model.zeroGrad();
  assert.equal(w.grad, undefined);
  model.dispose();
  x.dispose();
});

test('train() / eval() recurse through every submodule; a subtree can be switched alone', () => {
  const net = new Net();
  assert.ok(net.modules().every((m) => m.training));
  net.eval();
  assert.ok(net.modules().every((m) => !m.training));
  net.train();
  assert.ok(net.modules().every((m) => m.training));
  net.heads.train(false);
  for (const [name, m] of net.namedModules()) assert.equal(m.training, !name.startsWith('heads'), name);
  net.train(true);

  const drop = new nn.Sequential(new nn.Dropout(0.5));
  const x = tensor([[1, 2, 3, 4, 5, 6, 7, 8]]).keep();
  drop.eval();
  tidy(() => assert.deepEqual(drop.forward(x).toArray(), x.toArray(), 'dropout is the identity in eval'));
  drop.train();
  tidy(() => {
    const y = drop.forward(x).dataNumbers();
    assert.ok(
      y.every((v, i) => v === 0 || Math.abs(v - 2 * (i + 1)) < 1e-6),
      'train: zero or scaled by 1/(1-p)',
    );
  });
  net.dispose();
  x.dispose();
});
