// Every fast path of src/nn/fast-paths.ts against the straightforward formulation it replaces, within 1e-5 (not
// timed: the bench measures speed). Each test builds the same weights twice, once with the fast path off and once
// on, runs the same inputs forward and backward, and compares outputs, input / α / weight gradients and the BN
// running statistics.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  BatchNorm2d,
  Conv2d,
  fastPaths,
  type FastPaths,
  functional as F,
  type Module,
  ReLU,
  runChain,
  Sequential,
  setFastPaths,
  withFastPaths,
} from '../../src/nn/index.js';
import { DARTS_PRIMITIVES } from '../../src/nas/genotype/primitives.js';
import { networkGenes } from '../../src/nas/eval/from-genotype.js';
import { NetworkCIFAR } from '../../src/nas/eval/networks.js';
import { DartsCell } from '../../src/nas/eval/cells.js';
import { type DartsCellGenes, genesForCell } from '../../src/nas/eval/genes.js';
import { DartsSearch } from '../../src/nas/search/darts.js';
import { FairDartsSearch } from '../../src/nas/search/fairdarts.js';
import { MixedOp } from '../../src/nas/search/mixed-op.js';
import { SearchCell } from '../../src/nas/search/search-cell.js';
import { Supernet } from '../../src/nas/search/supernet.js';
import { DilConv, FactorizedReduce, ReLUConvBN, SepConv } from '../../src/nas/ops/operations.js';
import { autograd, manualSeed, noGrad, randint, randn, type Tensor, tidy } from '../../src/tensor/index.js';
import { DARTS_V2 } from '../../bench/workloads.js';

const TOL = 1e-5;

/** max |a − b| / max(1, max|b|) over all elements: the comparison every test uses (relative to the scale). */
function maxRelDiff(a: Tensor, b: Tensor): number {
  return tidy(() => {
    assert.deepEqual([...a.shape], [...b.shape], 'shapes differ');
    const d = a
      .to({ dtype: 'float64' })
      .sub(b.to({ dtype: 'float64' }))
      .abs()
      .max()
      .item();
    const scale = Math.max(1, b.to({ dtype: 'float64' }).abs().max().item());
    return d / scale;
  });
}
function assertClose(a: Tensor | undefined, b: Tensor | undefined, what: string): void {
  assert.ok(a && b, `${what}: missing (${a ? 'fast' : 'fast missing'}, ${b ? 'plain' : 'plain missing'})`);
  const d = maxRelDiff(a, b);
  assert.ok(d <= TOL, `${what}: fast and plain differ by ${d.toExponential(2)} (> ${TOL})`);
}

/** Runs `fn` with every fast path off except `on`. */
function only<T>(on: Partial<FastPaths>, fn: () => T): T {
  return withFastPaths('plain', () => withFastPaths(on, fn));
}

/** Builds a module twice (plain and with `on`), the second a copy of the first's weights and buffers. */
function twin<M extends Module>(make: () => M, on: Partial<FastPaths>): { plain: M; fast: M } {
  const plain = only({}, make);
  const fast = only(on, make);
  fast.loadStateDict(plain.stateDict());
  return { plain, fast };
}

function compareModules(fast: Module, plain: Module, what: string): void {
  const fp = fast.namedParameters();
  const pp = new Map(plain.namedParameters());
  for (const [name, p] of fp) {
    const q = pp.get(name)!;
    const g = p.grad,
      h = q.grad;
    if (!g && !h) continue;
    assertClose(g, h, `${what}: grad of ${name}`);
    g?.dispose();
    h?.dispose();
  }
  const pb = new Map(plain.namedBuffers());
  for (const [name, b] of fast.namedBuffers()) {
    if (name.endsWith('num_batches_tracked')) assert.equal(b.item(), pb.get(name)!.item(), `${what}: ${name}`);
    else assertClose(b, pb.get(name), `${what}: buffer ${name}`);
  }
}

/** Leaf input with grad, the same values for both sides. */
function leaf(t: Tensor): [Tensor, Tensor] {
  return [t.detach().clone().requiresGrad_(true).keep(), t.detach().clone().requiresGrad_(true).keep()];
}

test('the switches default to on and setFastPaths / withFastPaths restore them', () => {
  assert.equal(fastPaths.channelsLast, process.env.TSNAS_FAST_PATHS !== '0');
  const prev = setFastPaths('plain');
  assert.equal(fastPaths.fusedWeightedSum, false);
  withFastPaths({ inplace: true }, () => assert.equal(fastPaths.inplace, true));
  assert.equal(fastPaths.inplace, false);
  setFastPaths(prev);
});

test('BatchNorm2d.forwardScaled(z, w) = BN(z)·w: output, z / w gradients and running statistics (train and eval)', () => {
  manualSeed(1);
  for (const training of [true, false]) {
    const bnA = new BatchNorm2d(6, { affine: false });
    const bnB = new BatchNorm2d(6, { affine: false });
    tidy(() => {
      bnA.train(training);
      bnB.train(training);
      const [za, zb] = leaf(randn([4, 6, 5, 5]).mul(3).add(1));
      const [wa, wb] = leaf(randn([]));
      const ya = bnA.forwardScaled(za, wa);
      const yb = bnB.forward(zb).mul(wb);
      assertClose(ya, yb, `output (training ${training})`);
      const g = randn([4, 6, 5, 5]);
      ya.backward(g);
      yb.backward(g);
      assertClose(za.grad, zb.grad, 'z grad');
      assertClose(wa.grad, wb.grad, 'w grad');
      compareModules(bnA, bnB, 'bn');
      for (const t of [za, zb, wa, wb]) t.dispose();
    });
  }
});

test('strided dilated convolution as the undilated convolution of the subsampled input (dil_conv, stride 2)', () => {
  manualSeed(14);
  for (const [k, size] of [
    [3, 8],
    [5, 9],
    [3, 7],
  ] as const) {
    const { plain, fast } = twin(() => new DilConv(6, 6, k, 2, k - 1, 2, false), {});
    assert.ok((fast.op.layers[1] as Conv2d).subsamplable);
    tidy(() => {
      const [xa, xb] = leaf(randn([3, 6, size, size]));
      const ya = only({ subsampledDilatedConv: true, channelsLast: true }, () => fast.forward(xa.contiguous('channels_last')));
      const yb = only({}, () => plain.forward(xb));
      assertClose(ya, yb, `output (k ${k}, ${size}×${size})`);
      const g = randn([...yb.shape]);
      ya.backward(g);
      yb.backward(g);
      assertClose(xa.grad, xb.grad, 'x grad');
      compareModules(fast, plain, 'dil conv');
      xa.dispose();
      xb.dispose();
    });
  }
});

describe('shared ReLU vs one ReLU per op', () => {
  const makers: [string, () => Module & { forward(x: Tensor): Tensor; forwardPreActivated(r: Tensor): Tensor }][] = [
    ['sep_conv_3x3', () => new SepConv(6, 6, 3, 1, 1, false)],
    ['sep_conv_5x5 stride 2', () => new SepConv(6, 6, 5, 2, 2, false)],
    ['dil_conv_3x3', () => new DilConv(6, 6, 3, 1, 2, 2, false)],
    ['ReLUConvBN', () => new ReLUConvBN(6, 4, 1, 1, 0, true)],
    ['FactorizedReduce', () => new FactorizedReduce(6, 6, false)],
  ];
  for (const [name, make] of makers) {
    test(`${name}: forwardPreActivated(relu(x)) = forward(x), with gradients`, () => {
      manualSeed(2);
      const { plain, fast } = twin(make, {});
      tidy(() => {
        const [xa, xb] = leaf(randn([3, 6, 8, 8]));
        const ya = fast.forwardPreActivated(xa.relu());
        const yb = plain.forward(xb);
        assertClose(ya, yb, 'output');
        const g = randn([...yb.shape]);
        ya.backward(g);
        yb.backward(g);
        assertClose(xa.grad, xb.grad, 'input grad');
        compareModules(fast, plain, name);
        xa.dispose();
        xb.dispose();
      });
    });
  }

  test('MixedOp: sharedRelu on vs off (plain weighted sum)', () => {
    manualSeed(3);
    const { plain, fast } = twin(() => new MixedOp(DARTS_PRIMITIVES, 6, 1), {});
    tidy(() => {
      const [xa, xb] = leaf(randn([3, 6, 8, 8]));
      const [wa, wb] = leaf(randn([8]).softmax(0));
      const ya = only({ sharedRelu: true }, () => fast.forward(xa, wa));
      const yb = only({}, () => plain.forward(xb, wb));
      assertClose(ya, yb, 'output');
      const g = randn([...yb.shape]);
      ya.backward(g);
      yb.backward(g);
      assertClose(xa.grad, xb.grad, 'x grad');
      assertClose(wa.grad, wb.grad, 'weights grad');
      compareModules(fast, plain, 'mixed op');
      for (const t of [xa, xb, wa, wb]) t.dispose();
    });
  });
});

describe('fused weighted sum vs Σ w_k·op_k(x)', () => {
  for (const [stride, primitives, active] of [
    [1, DARTS_PRIMITIVES, undefined],
    [2, DARTS_PRIMITIVES, undefined],
    [1, DARTS_PRIMITIVES, [0, 2, 3, 5, 7]],
    [2, DARTS_PRIMITIVES, [3]],
  ] as const) {
    test(`MixedOp stride ${stride}${active ? ` active ${active.join(',')}` : ''}: output, x / w / weight gradients, BN statistics`, () => {
      manualSeed(4);
      const { plain, fast } = twin(() => new MixedOp(primitives, 6, stride), {});
      tidy(() => {
        const [xa, xb] = leaf(randn([3, 6, 8, 8]));
        const [wa, wb] = leaf(randn([primitives.length]).softmax(0));
        const on: Partial<FastPaths> = { fusedWeightedSum: true, sharedRelu: true, inplace: true };
        const ya = only(on, () => fast.forward(xa, wa, active));
        // The straightforward form, term by term: Σ_k w_k · op_k(x) with every op's own ReLU.
        const yb = only({}, () => {
          let out: Tensor | undefined;
          for (const k of active ?? primitives.map((_, i) => i)) {
            if (primitives[k] === 'none') continue;
            const t = plain.ops.at(k).forward(xb).mul(wb.select(0, k));
            out = out ? out.add(t) : t;
          }
          return out!;
        });
        assertClose(ya, yb, 'output');
        const g = randn([...yb.shape]);
        ya.backward(g);
        yb.backward(g);
        assertClose(xa.grad, xb.grad, 'x grad');
        assertClose(wa.grad, wb.grad, 'w grad');
        compareModules(fast, plain, 'mixed op');
        for (const t of [xa, xb, wa, wb]) t.dispose();
      });
    });
  }

  test('MixedOp in eval mode (running statistics) and with an edge hook on the skip branch', () => {
    manualSeed(5);
    const { plain, fast } = twin(() => new MixedOp(DARTS_PRIMITIVES, 6, 1), {});
    const hooks = { skip: (y: Tensor) => y.mul(1.5).add(0.25) };
    tidy(() => {
      const x = randn([3, 6, 8, 8]);
      const w = randn([8]).softmax(0);
      fast.train();
      plain.train();
      // a training forward first so the running statistics are not the initial ones
      only({ fusedWeightedSum: true, sharedRelu: true, inplace: true }, () => fast.forward(x, w, undefined, hooks));
      only({}, () => plain.forward(x, w, undefined, hooks));
      fast.eval();
      plain.eval();
      const ya = noGrad(() => only({ fusedWeightedSum: true, sharedRelu: true, inplace: true }, () => fast.forward(x, w, undefined, hooks)));
      const yb = noGrad(() => only({}, () => plain.forward(x, w, undefined, hooks)));
      assertClose(ya, yb, 'eval output');
      compareModules(fast, plain, 'mixed op');
    });
  });
});

describe('in-place variants', () => {
  test('runChain: ReLU in place after a BN / conv (SepConv forward and backward)', () => {
    manualSeed(6);
    const { plain, fast } = twin(() => new SepConv(6, 6, 3, 1, 1, true), {});
    tidy(() => {
      const [xa, xb] = leaf(randn([3, 6, 8, 8]));
      const ya = only({ inplace: true }, () => fast.forward(xa));
      const yb = only({}, () => plain.forward(xb));
      assertClose(ya, yb, 'output');
      const g = randn([...yb.shape]);
      ya.backward(g);
      yb.backward(g);
      assertClose(xa.grad, xb.grad, 'x grad');
      compareModules(fast, plain, 'sep conv');
      xa.dispose();
      xb.dispose();
    });
  });

  test('SearchCell: node sums accumulated in place (all fast paths on vs plain), with α gradients', () => {
    manualSeed(7);
    const make = (): SearchCell => new SearchCell(DARTS_PRIMITIVES, 4, 4, 12, 12, 6, false, false);
    const { plain, fast } = twin(make, {});
    tidy(() => {
      const [s0a, s0b] = leaf(randn([3, 12, 8, 8]));
      const [s1a, s1b] = leaf(randn([3, 12, 8, 8]));
      const [wa, wb] = leaf(randn([14, 8]).softmax(-1));
      const ya = only({ fusedWeightedSum: true, sharedRelu: true, inplace: true }, () => fast.forward(s0a, s1a, { weights: wa }));
      const yb = only({}, () => plain.forward(s0b, s1b, { weights: wb }));
      assertClose(ya, yb, 'output');
      const g = randn([...yb.shape]);
      ya.backward(g);
      yb.backward(g);
      assertClose(s0a.grad, s0b.grad, 's0 grad');
      assertClose(s1a.grad, s1b.grad, 's1 grad');
      assertClose(wa.grad, wb.grad, 'α weights grad');
      compareModules(fast, plain, 'search cell');
      for (const t of [s0a, s0b, s1a, s1b, wa, wb]) t.dispose();
    });
  });

  test('DartsCell (evaluation): h1 + h2 in place, with drop path off, training forward and backward', () => {
    manualSeed(8);
    const genes = networkGenes(DARTS_V2);
    for (const reduction of [false, true]) {
      const cell = genesForCell(genes, 0, reduction);
      const { plain, fast } = twin(() => new DartsCell(cell as DartsCellGenes, 12, 12, 6, reduction, false), {});
      tidy(() => {
        const [s0a, s0b] = leaf(randn([3, 12, 8, 8]));
        const [s1a, s1b] = leaf(randn([3, 12, 8, 8]));
        const ya = only({ inplace: true }, () => fast.forward(s0a, s1a, 0));
        const yb = only({}, () => plain.forward(s0b, s1b, 0));
        assertClose(ya, yb, 'output');
        const g = randn([...yb.shape]);
        ya.backward(g);
        yb.backward(g);
        assertClose(s0a.grad, s0b.grad, 's0 grad');
        assertClose(s1a.grad, s1b.grad, 's1 grad');
        compareModules(fast, plain, `darts cell (reduction ${reduction})`);
        for (const t of [s0a, s0b, s1a, s1b]) t.dispose();
      });
    }
  });
});

describe('channels_last vs contiguous', () => {
  test('Supernet forward + backward: logits, α and weight gradients, BN statistics', () => {
    manualSeed(9);
    const make = (): Supernet => new Supernet({ channels: 4, numClasses: 5, layers: 3, primitives: DARTS_PRIMITIVES, inChannels: 3 });
    const { plain, fast } = twin(make, { channelsLast: true });
    assert.equal(fast.memoryFormat, 'channels_last');
    assert.equal(plain.memoryFormat, 'contiguous');
    assert.ok((fast.stem.at(0) as Conv2d).weight.isContiguous('channels_last'));
    tidy(() => {
      const x = randn([4, 3, 12, 12]);
      const [na, nb] = leaf(randn([14, 8]).mul(1e-1));
      const [ra, rb] = leaf(randn([14, 8]).mul(1e-1));
      const arch = (n: Tensor, r: Tensor) => ({ weights: (_c: number, red: boolean) => (red ? r : n).softmax(-1) });
      const ya = only({ channelsLast: true }, () => fast.forward(x, arch(na, ra)));
      const yb = only({}, () => plain.forward(x, arch(nb, rb)));
      assertClose(ya, yb, 'logits');
      const y = randint(0, 5, [4], { dtype: 'int64' });
      F.crossEntropy(ya, y).backward();
      F.crossEntropy(yb, y).backward();
      assertClose(na.grad, nb.grad, 'alphas_normal grad');
      assertClose(ra.grad, rb.grad, 'alphas_reduce grad');
      compareModules(fast, plain, 'supernet');
      for (const t of [na, nb, ra, rb]) t.dispose();
    });
  });

  test('NetworkCIFAR (DARTS_V2) training forward + backward with the auxiliary head', () => {
    manualSeed(10);
    const make = (): NetworkCIFAR => new NetworkCIFAR({ channels: 4, numClasses: 5, layers: 3, auxiliary: true, genes: networkGenes(DARTS_V2) });
    const { plain, fast } = twin(make, { channelsLast: true });
    assert.equal(fast.memoryFormat, 'channels_last');
    tidy(() => {
      const x = randn([4, 3, 24, 24]);
      const a = only({ channelsLast: true }, () => fast.forward(x));
      const b = only({}, () => plain.forward(x));
      assertClose(a.logits, b.logits, 'logits');
      assertClose(a.logitsAux, b.logitsAux, 'aux logits');
      const y = randint(0, 5, [4], { dtype: 'int64' });
      const loss = (o: { logits: Tensor; logitsAux?: Tensor }): Tensor => F.crossEntropy(o.logits, y).add(F.crossEntropy(o.logitsAux!, y).mul(0.4));
      loss(a).backward();
      loss(b).backward();
      compareModules(fast, plain, 'network');
    });
  });
});

for (const on of [
  { channelsLast: true, denseCatGrad: true },
  { channelsLast: true, leanMaxPool: true },
  { channelsLast: true, recomputeDepthwise: true },
  { recomputeDepthwise: true },
] as Partial<FastPaths>[])
  test(`${Object.keys(on).join(' + ')} vs plain: NetworkCIFAR and Supernet, forward + backward`, () => {
    manualSeed(12);
    const net = twin(() => new NetworkCIFAR({ channels: 4, numClasses: 5, layers: 3, auxiliary: true, genes: networkGenes(DARTS_V2) }), on);
    const sup = twin(() => new Supernet({ channels: 4, numClasses: 5, layers: 3, primitives: DARTS_PRIMITIVES, inChannels: 3 }), on);
    tidy(() => {
      const x = randn([4, 3, 12, 12]);
      const y = randint(0, 5, [4], { dtype: 'int64' });
      const a = only(on, () => net.fast.forward(x));
      const b = only({}, () => net.plain.forward(x));
      assertClose(a.logits, b.logits, 'logits');
      const loss = (o: { logits: Tensor; logitsAux?: Tensor }): Tensor => F.crossEntropy(o.logits, y).add(F.crossEntropy(o.logitsAux!, y).mul(0.4));
      loss(a).backward();
      loss(b).backward();
      compareModules(net.fast, net.plain, 'network');
      const [na, nb] = leaf(randn([14, 8]).mul(1e-1));
      const [ra, rb] = leaf(randn([14, 8]).mul(1e-1));
      const arch = (n: Tensor, r: Tensor) => ({ weights: (_c: number, red: boolean) => (red ? r : n).softmax(-1) });
      const sa = only(on, () => sup.fast.forward(x, arch(na, ra)));
      const sb = only({}, () => sup.plain.forward(x, arch(nb, rb)));
      assertClose(sa, sb, 'supernet logits');
      F.crossEntropy(sa, y).backward();
      F.crossEntropy(sb, y).backward();
      assertClose(na.grad, nb.grad, 'alphas_normal grad');
      assertClose(ra.grad, rb.grad, 'alphas_reduce grad');
      compareModules(sup.fast, sup.plain, 'supernet');
      for (const t of [na, nb, ra, rb]) t.dispose();
    });
  });

test('inference: every BN folded into its convolution (eval mode, no grad) vs BN after the convolution', () => {
  manualSeed(11);
  const make = (): NetworkCIFAR => new NetworkCIFAR({ channels: 4, numClasses: 5, layers: 3, auxiliary: false, genes: networkGenes(DARTS_V2) });
  const { plain, fast } = twin(make, { channelsLast: true });
  tidy(() => {
    // Training forwards first, so the running statistics are far from (0, 1).
    for (let i = 0; i < 3; i++) {
      const x = randn([4, 3, 16, 16]).mul(2).add(0.5);
      noGrad(() => {
        fast.forward(x);
        plain.forward(x);
      });
    }
    fast.eval();
    plain.eval();
    const x = randn([4, 3, 16, 16]);
    const a = noGrad(() => only({ channelsLast: true, foldBatchNorm: true, inplace: true }, () => fast.forward(x)));
    const b = noGrad(() => only({}, () => plain.forward(x)));
    assertClose(a.logits, b.logits, 'eval logits');
  });
  // Folding happens exactly where a Conv2d is followed by an eval-mode BN.
  const seq = new Sequential(new ReLU(), new Conv2d(3, 4, 3, { padding: 1 }), new BatchNorm2d(4), new ReLU());
  tidy(() => {
    noGrad(() => seq.forward(randn([2, 3, 5, 5])));
    seq.eval();
    const x = randn([2, 3, 5, 5]);
    const folded = noGrad(() => only({ foldBatchNorm: true, inplace: true }, () => runChain(seq.layers, x, 0, 4)));
    const plainOut = noGrad(() => only({}, () => seq.forward(x)));
    assertClose(folded, plainOut, 'conv+BN folded');
  });
});

describe('search steps: all fast paths vs plain', () => {
  const cases: [string, () => DartsSearch][] = [
    ['DARTS first order', () => new DartsSearch({ channels: 4, layers: 3, numClasses: 5, inChannels: 3 })],
    ['DARTS second order', () => new DartsSearch({ channels: 4, layers: 3, numClasses: 5, inChannels: 3, unrolled: true })],
    ['FairDARTS', () => new FairDartsSearch({ channels: 4, layers: 3, numClasses: 5, inChannels: 3 })],
  ];
  for (const [name, make] of cases) {
    test(`${name}: two steps give the same loss, α and weights`, () => {
      manualSeed(12);
      const plain = only({}, make);
      const fast = withFastPaths('fast', make);
      fast.net.loadStateDict(plain.net.stateDict());
      fast.arch.load(plain.arch.named);
      const batch = (): { x: Tensor; y: Tensor } => ({ x: randn([6, 3, 12, 12]).keep(), y: randint(0, 5, [6], { dtype: 'int64' }).keep() });
      const t1 = batch(),
        v1 = batch(),
        t2 = batch(),
        v2 = batch();
      const ra = [withFastPaths('fast', () => fast.step(t1, v1)), withFastPaths('fast', () => fast.step(t2, v2))];
      const rb = [only({}, () => plain.step(t1, v1)), only({}, () => plain.step(t2, v2))];
      for (let i = 0; i < 2; i++) {
        assert.ok(
          Math.abs(ra[i]!.loss - rb[i]!.loss) <= TOL * Math.max(1, Math.abs(rb[i]!.loss)),
          `step ${i + 1} loss ${ra[i]!.loss} vs ${rb[i]!.loss}`,
        );
        assert.equal(ra[i]!.accuracy, rb[i]!.accuracy, `step ${i + 1} accuracy`);
      }
      for (const [k, a] of fast.arch.named) assertClose(a, plain.arch.named.get(k), k);
      const pp = new Map(plain.net.namedParameters());
      for (const [k, p] of fast.net.namedParameters()) assertClose(p, pp.get(k), k);
      const pb = new Map(plain.net.namedBuffers());
      // num_batches_tracked: batched into one multi-tensor add per forward on the fast side (batchNormCounters)
      for (const [k, b] of fast.net.namedBuffers()) {
        if (k.endsWith('num_batches_tracked')) assert.equal(b.item(), pb.get(k)!.item(), k);
        else assertClose(b, pb.get(k), k);
      }
      // The lazy step gives the same numbers as the eager one.
      const lazy = withFastPaths('fast', () => fast.stepLazy(t1, v1));
      const eager = only({}, () => plain.step(t1, v1));
      assert.ok(Math.abs(lazy.loss() - eager.loss) <= TOL * Math.max(1, Math.abs(eager.loss)), 'lazy step loss');
      for (const t of [t1, v1, t2, v2]) {
        t.x.dispose();
        t.y.dispose();
      }
      fast.dispose();
      plain.dispose();
    });
  }

  test('targeted backward: the architecture step leaves no weight gradients and the same α gradients', () => {
    manualSeed(13);
    const s = withFastPaths('fast', () => new DartsSearch({ channels: 4, layers: 3, numClasses: 5, inChannels: 3 }));
    const x = randn([4, 3, 12, 12]).keep();
    const y = randint(0, 5, [4], { dtype: 'int64' }).keep();
    const logits = (): Tensor => s.net.forward(x, { weights: (_c, red) => s.arch.forCell(0, red).softmax(-1) });
    const full = tidy(() =>
      autograd
        .grad(
          logits()
            .logSoftmax(1)
            .gather(1, y.view([-1, 1]))
            .mean(),
          s.arch.tensors(),
        )
        .map((g) => g!.keep()),
    );
    tidy(() =>
      logits()
        .logSoftmax(1)
        .gather(1, y.view([-1, 1]))
        .mean()
        .backward(undefined, { inputs: s.arch.tensors() }),
    );
    s.arch.tensors().forEach((a, i) => assertClose(a.grad, full[i], `α ${i}`));
    assert.ok(
      s.net.parameters().every((p) => p.grad === undefined),
      'no weight gradient',
    );
    for (const t of [x, y, ...full]) t.dispose();
    s.dispose();
  });
});
