// The DARTS search (spec §2, §3): first- and second-order α gradients of DartsSearch against an independent
// functional implementation of the search network written here from the spec (float64, exact autograd), the
// MixedOp fast paths against the plain weighted sum, and the supernet's structure (shared relaxed weights,
// reduction positions, channel bookkeeping, state_dict naming, alpha handling).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { autograd, cat, manualSeed, noGrad, ops, randint, randn, type Tensor, tidy, zeros } from '../../src/index.js';
import { setFastPaths, withFastPaths } from '../../src/nn/index.js';
import { DARTS_PRIMITIVES, FAIRDARTS_PRIMITIVES } from '../../src/nas/genotype/primitives.js';
import { reductionIndices } from '../../src/nas/cell-plan.js';
import { type DartsConfig, DartsSearch } from '../../src/nas/search/darts.js';
import { FairDartsSearch } from '../../src/nas/search/fairdarts.js';
import type { Batch } from '../../src/nas/search/method.js';
import { MixedOp } from '../../src/nas/search/mixed-op.js';
import { type ArchForward, Supernet } from '../../src/nas/search/supernet.js';

// --- an independent search network: spec §1.2 ops (affine = false, BN after pools), §2.1 macro structure, §2.2 cell

type Params = ReadonlyMap<string, Tensor>;

/**
 * Forward of the DARTS search network from named weights (any tensors: leaves or functions of other tensors,
 * so the virtual step can be differentiated through). BN always uses batch statistics (training mode, as in
 * every search step); when `running` is given, its running_mean / running_var / num_batches_tracked entries are
 * updated as PyTorch's training-mode BatchNorm does (momentum 0.1, unbiased variance).
 */
function referenceForward(
  p: Params,
  alphas: { normal: Tensor; reduce: Tensor },
  x: Tensor,
  o: {
    layers: number;
    primitives: readonly string[];
    steps?: number;
    multiplier?: number;
    relax?: (a: Tensor) => Tensor;
    running?: Map<string, Tensor>;
  },
): Tensor {
  const steps = o.steps ?? 4,
    multiplier = o.multiplier ?? 4;
  const relax = o.relax ?? ((a: Tensor) => a.softmax(-1));
  const w = (k: string): Tensor => {
    const t = p.get(k);
    if (!t) throw new Error(`reference: no weight '${k}'`);
    return t;
  };
  const bn = (prefix: string, h: Tensor): Tensor => {
    const r = o.running;
    if (r) noGrad(() => r.get(`${prefix}.num_batches_tracked`)!.add_(1));
    return ops.batchNorm(
      h,
      p.get(`${prefix}.weight`) ?? null,
      p.get(`${prefix}.bias`) ?? null,
      r?.get(`${prefix}.running_mean`) ?? null,
      r?.get(`${prefix}.running_var`) ?? null,
      true,
      0.1,
      1e-5,
      false,
    );
  };
  const conv = (k: string, h: Tensor, stride = 1, padding = 0, dilation = 1, groups = 1): Tensor =>
    ops.conv2d(h, w(k), null, stride, padding, dilation, groups);
  const rcb = (pre: string, h: Tensor): Tensor => bn(`${pre}.op.2`, conv(`${pre}.op.1.weight`, h.relu()));
  const factorizedReduce = (pre: string, h: Tensor): Tensor => {
    const r = h.relu();
    const shifted = r.slice(2, 1, null).slice(3, 1, null);
    return bn(`${pre}.bn`, cat([conv(`${pre}.conv_1.weight`, r, 2), conv(`${pre}.conv_2.weight`, shifted, 2)], 1));
  };
  const sepConv = (pre: string, h: Tensor, k: number, s: number): Tensor => {
    const c = h.shape[1]!,
      pad = (k - 1) / 2;
    let y = bn(`${pre}.op.3`, conv(`${pre}.op.2.weight`, conv(`${pre}.op.1.weight`, h.relu(), s, pad, 1, c)));
    y = bn(`${pre}.op.7`, conv(`${pre}.op.6.weight`, conv(`${pre}.op.5.weight`, y.relu(), 1, pad, 1, c)));
    return y;
  };
  const dilConv = (pre: string, h: Tensor, k: number, s: number): Tensor =>
    bn(`${pre}.op.3`, conv(`${pre}.op.2.weight`, conv(`${pre}.op.1.weight`, h.relu(), s, k - 1, 2, h.shape[1]!)));
  const op = (name: string, pre: string, h: Tensor, s: number): Tensor => {
    switch (name) {
      case 'none':
        return (s === 1 ? h : h.slice(2, 0, null, s).slice(3, 0, null, s)).mul(0);
      case 'max_pool_3x3':
        return bn(`${pre}.1`, ops.maxPool2d(h, 3, s, 1));
      case 'avg_pool_3x3':
        return bn(`${pre}.1`, ops.avgPool2d(h, 3, s, 1, false, false));
      case 'skip_connect':
        return s === 1 ? h : factorizedReduce(pre, h);
      case 'sep_conv_3x3':
        return sepConv(pre, h, 3, s);
      case 'sep_conv_5x5':
        return sepConv(pre, h, 5, s);
      case 'dil_conv_3x3':
        return dilConv(pre, h, 3, s);
      case 'dil_conv_5x5':
        return dilConv(pre, h, 5, s);
      default:
        throw new Error(`reference: op ${name}`);
    }
  };
  const reductions = [Math.floor(o.layers / 3), Math.floor((2 * o.layers) / 3)];
  const wNormal = relax(alphas.normal),
    wReduce = relax(alphas.reduce);
  let s0 = bn('stem.1', conv('stem.0.weight', x, 1, 1));
  let s1 = s0;
  for (let c = 0; c < o.layers; c++) {
    const reduction = reductions.includes(c),
      reductionPrev = reductions.includes(c - 1);
    const W = reduction ? wReduce : wNormal;
    const pre = `cells.${c}`;
    const states = [reductionPrev ? factorizedReduce(`${pre}.preprocess0`, s0) : rcb(`${pre}.preprocess0`, s0), rcb(`${pre}.preprocess1`, s1)];
    let e = 0;
    for (let i = 0; i < steps; i++) {
      let node: Tensor | undefined;
      for (let j = 0; j < i + 2; j++, e++) {
        const stride = reduction && j < 2 ? 2 : 1;
        for (let k = 0; k < o.primitives.length; k++) {
          const term = op(o.primitives[k]!, `${pre}._ops.${e}._ops.${k}`, states[j]!, stride).mul(W.select(0, e).select(0, k));
          node = node ? node.add(term) : term;
        }
      }
      states.push(node!);
    }
    [s0, s1] = [s1, cat(states.slice(-multiplier), 1)];
  }
  return ops.linear(s1.mean([2, 3]), w('classifier.weight'), w('classifier.bias'));
}

/** Cross entropy written out: mean of −log softmax at the target. */
function crossEntropy(logits: Tensor, y: Tensor): Tensor {
  return logits.logSoftmax(1).gather(1, y.unsqueeze(1)).mean().neg();
}

// --- helpers -----------------------------------------------------------------------------------------------------

/** DartsSearch with its protected steps reachable from the tests. */
class Probe extends DartsSearch {
  unrolled(train: Batch, val: Batch): void {
    this.archOptimizer.zeroGrad();
    this.unrolledArchGradients(train, val);
  }
  weightStepOnly(train: Batch): void {
    this.weightStep(train);
  }
  forwardLogits(x: Tensor): Tensor {
    return this.logits(x);
  }
  arch4(training: boolean): ArchForward {
    return this.archForward(training);
  }
}

/** Converts a search to float64: network via Module.to, alphas in place (optimisers keep their references). */
function toFloat64(s: DartsSearch): void {
  s.net.to('float64');
  noGrad(() => {
    for (const a of s.arch.tensors()) {
      const d = tidy(() => a.to({ dtype: 'float64' }).detach().requiresGrad_(true));
      a.assignFrom(d);
      d.dispose();
    }
  });
}

function batch(n: number, size: number, classes: number): Batch {
  return { x: randn([n, 3, size, size], { dtype: 'float64' }).keep(), y: randint(0, classes, [n]).keep() };
}

function alphaMap(s: DartsSearch): { normal: Tensor; reduce: Tensor } {
  return { normal: s.arch.named.get('alphas_normal')!, reduce: s.arch.named.get('alphas_reduce')! };
}

function namedParams(net: { namedParameters(): [string, Tensor][] }): Map<string, Tensor> {
  return new Map(net.namedParameters());
}

/** The search's network as the DARTS supernet (S1). */
function supernet(s: DartsSearch): Supernet {
  assert.ok(s.net instanceof Supernet);
  return s.net;
}

function flat(ts: readonly Tensor[]): number[] {
  return ts.flatMap((t) => t.dataNumbers());
}
function norm(v: readonly number[]): number {
  return Math.sqrt(v.reduce((s, x) => s + x * x, 0));
}
function diffNorm(a: readonly number[], b: readonly number[]): number {
  assert.equal(a.length, b.length);
  return norm(a.map((x, i) => x - b[i]!));
}
function relErr(a: readonly number[], b: readonly number[]): number {
  return diffNorm(a, b) / norm(b);
}
function maxAbsDiff(a: Tensor, b: Tensor): number {
  assert.deepEqual([...a.shape], [...b.shape]);
  const x = a.dataNumbers(),
    y = b.dataNumbers();
  return x.reduce((m, v, i) => Math.max(m, Math.abs(v - y[i]!)), 0);
}

const TINY: Partial<DartsConfig> = { channels: 4, layers: 3, numClasses: 5 };
const REF = { layers: 3, primitives: DARTS_PRIMITIVES };

// --- (a) first order ---------------------------------------------------------------------------------------------

describe('DARTS first-order step (spec §3.2, §3.3, §3.5)', () => {
  test('the α gradient is ∇α CE on the validation batch; then Adam on α, then clipped SGD on w with the NEW α', () => {
    manualSeed(1);
    // gradClip small enough that clipping is active, so the step order and the clip are both observable
    const s = new Probe({ ...TINY, gradClip: 0.05 });
    toFloat64(s);
    const train = batch(6, 8, 5),
      val = batch(6, 8, 5);
    const params = s.net.parameters();
    const names = s.net.namedParameters().map(([n]) => n);
    const alphas = s.arch.tensors();
    const a0 = alphas.map((a) => a.detach().clone().keep());
    const w0 = params.map((p) => p.detach().clone().keep());

    // expected α gradient, from the reference network with the module's own weight tensors
    const gExpected = tidy(
      () => autograd.grad(crossEntropy(referenceForward(namedParams(supernet(s)), alphaMap(s), val.x, REF), val.y), alphas) as Tensor[],
    );

    // capture the gradient the architecture step hands to Adam
    let captured: Tensor[] = [];
    const adam = s.archOptimizer;
    const adamStep = adam.step.bind(adam) as () => void;
    (adam as { step: () => void }).step = () => {
      captured = alphas.map((a) => a.grad!.clone().keep());
      adamStep();
    };
    const result = s.step(train, val);
    assert.equal(captured.length, 2, 'the architecture optimiser stepped once');
    assert.ok(relErr(flat(captured), flat(gExpected)) < 1e-10, `α gradient rel. error ${relErr(flat(captured), flat(gExpected))}`);
    assert.ok(norm(flat(gExpected)) > 1e-6, 'a non-trivial gradient');

    // one float64 central difference on an alpha entry, through the module forward (BN batch statistics)
    const h = 1e-6;
    const loss = (): number => noGrad(() => tidy(() => crossEntropy(s.forwardLogits(val.x), val.y).item()));
    const fd = noGrad(() => {
      // evaluate at the pre-step point: weights and alphas back to w0, a0 temporarily
      const now = [...params, ...alphas].map((t) => t.clone());
      params.forEach((p, i) => p.copy_(w0[i]!));
      alphas.forEach((a, i) => a.copy_(a0[i]!));
      const cell = alphas[1]!; // alphas_reduce, row 3, column 5 (sep_conv_5x5)
      const idx = 3 * 8 + 5;
      const base = cell.dataNumbers()[idx]!;
      const set = (v: number): void => {
        tidy(() => cell.view([-1]).select(0, idx).fill_(v));
      };
      set(base + h);
      const lp = loss();
      set(base - h);
      const lm = loss();
      set(base);
      [...params, ...alphas].forEach((t, i) => t.copy_(now[i]!));
      return (lp - lm) / (2 * h);
    });
    const analytic = captured[1]!.dataNumbers()[3 * 8 + 5]!;
    assert.ok(Math.abs(fd - analytic) < 1e-7 + 1e-5 * Math.abs(fd), `finite difference ${fd} vs autograd ${analytic}`);

    // Adam's first step (betas (0.5, 0.999), coupled L2 1e-3, lr 3e-4): α1 = α0 − lr·g'/(|g'| + eps), g' = g + wd·α0
    const { archLr, archWeightDecay } = s.config;
    alphas.forEach((a, i) => {
      const g = captured[i]!.dataNumbers(),
        x0 = a0[i]!.dataNumbers(),
        x1 = a.dataNumbers();
      x1.forEach((v, j) => {
        const gp = g[j]! + archWeightDecay * x0[j]!;
        const want = x0[j]! - (archLr * gp) / (Math.abs(gp) + 1e-8);
        assert.ok(Math.abs(v - want) < 1e-12, `α[${i}][${j}]: ${v} vs ${want}`);
      });
    });

    // weight step with the updated α: w1 = w0 − lr·(clip(∇w CE_train(w0, α1)) + λ·w0) (first momentum step: buf = d)
    const leaves = w0.map((t) => t.clone().requiresGrad_(true));
    const a1 = { normal: alphas[0]!.detach(), reduce: alphas[1]!.detach() };
    const lossT = crossEntropy(referenceForward(new Map(names.map((n, i) => [n, leaves[i]!])), a1, train.x, REF), train.y);
    // (the step reports its loss in float32)
    assert.ok(Math.abs(result.loss - lossT.item()) < 1e-6 * lossT.item(), `reported training loss ${result.loss} vs ${lossT.item()}`);
    const gw = autograd.grad(lossT, leaves) as Tensor[];
    const total = norm(flat(gw));
    const coef = Math.min(1, 0.05 / (total + 1e-6));
    assert.ok(coef < 1, 'the clip is active');
    const { lr, weightDecay } = s.config;
    const want = gw.map((g, i) => w0[i]!.sub(g.mul(coef).add(w0[i]!, weightDecay), lr));
    const worst = Math.max(...params.map((p, i) => maxAbsDiff(p, want[i]!)));
    assert.ok(worst < 1e-12, `weights after the step differ by ${worst}`);
    // the weight gradient really is taken at α1, not α0 (the difference is far above the tolerance used)
    const gwOld = tidy(() => {
      const l = crossEntropy(
        referenceForward(new Map(names.map((n, i) => [n, leaves[i]!])), { normal: a0[0]!, reduce: a0[1]! }, train.x, REF),
        train.y,
      );
      return autograd.grad(l, leaves) as Tensor[];
    });
    const gNew = flat(gw);
    const updateShift = flat(gwOld).reduce((m, x, i) => Math.max(m, Math.abs(x - gNew[i]!)), 0) * coef * lr;
    assert.ok(updateShift > 100 * 1e-12, `α0 and α1 give distinguishable weight updates (${updateShift})`);
    s.dispose();
  });
});

// --- (b) second order -------------------------------------------------------------------------------------------

const NO_MAX_POOL = ['none', 'avg_pool_3x3', 'skip_connect', 'sep_conv_3x3', 'sep_conv_5x5', 'dil_conv_3x3', 'dil_conv_5x5'];

interface Unrolled {
  s: Probe;
  train: Batch;
  val: Batch;
  names: string[];
  W: Tensor[];
  W0: Tensor[];
  alphas: Tensor[];
  bufs: Tensor[];
  running0: Map<string, Tensor>;
  eta: number;
  lambda: number;
  mu: number;
  ref(ws: readonly Tensor[], x: Tensor, running?: Map<string, Tensor>): Tensor;
}

/** A tiny float64 search, one weight step taken (so SGD momentum buffers exist), and two fresh batches. */
function unrolledSetup(seed: number, primitives: readonly string[]): Unrolled {
  manualSeed(seed);
  const eta = 0.5,
    lambda = 0.01,
    mu = 0.9;
  const s = new Probe({ ...TINY, primitives, lr: eta, weightDecay: lambda, momentum: mu, unrolled: true });
  toFloat64(s);
  for (const p of s.net.parameters()) assert.equal(p.dtype, 'float64');
  for (const a of s.arch.tensors()) assert.ok(a.dtype === 'float64' && a.requiresGrad && a.isLeaf);
  s.weightStepOnly(batch(6, 8, 5));
  const named = s.net.namedParameters();
  const names = named.map(([n]) => n);
  const W = named.map(([, p]) => p);
  const bufs = W.map((p) => s.weightOptimizer.stateOf(p)?.momentumBuffer as Tensor);
  assert.ok(
    bufs.every((b) => b && b.dtype === 'float64'),
    'momentum buffers exist',
  );
  return {
    s,
    train: batch(6, 8, 5),
    val: batch(6, 8, 5),
    names,
    W,
    alphas: s.arch.tensors(),
    bufs,
    eta,
    lambda,
    mu,
    W0: W.map((p) => p.detach().clone().keep()),
    running0: new Map(s.net.namedBuffers().map(([n, b]) => [n, b.clone().keep()])),
    ref: (ws, x, running) => referenceForward(new Map(names.map((n, i) => [n, ws[i]!])), alphaMap(s), x, { layers: 3, primitives, running }),
  };
}

/**
 * The exact unrolled gradient, differentiating through the virtual step w' = w − η(∇w L_train + λw + μ·buf)
 * (create_graph), and the pieces of DARTS' approximation: dα = ∂α L_val(w', α) and v = ∇w' L_val(w', α).
 */
function exactUnrolled(
  u: Unrolled,
  o: { buf?: boolean; decay?: boolean; total?: boolean } = {},
): { total: number[]; partial: number[]; v: Tensor[] } {
  return tidy(() => {
    const withTotal = o.total !== false;
    const g = autograd.grad(crossEntropy(u.ref(u.W, u.train.x), u.train.y), u.W, { createGraph: withTotal }) as Tensor[];
    const Wv = u.W.map((w, i) => {
      let d = g[i]!;
      if (o.decay !== false) d = d.add(w, u.lambda);
      if (o.buf !== false) d = d.add(u.bufs[i]!, u.mu);
      return w.sub(d, u.eta);
    });
    const total = withTotal ? flat(autograd.grad(crossEntropy(u.ref(Wv, u.val.x), u.val.y), u.alphas) as Tensor[]) : [];
    const leaves = Wv.map((t) => t.detach().requiresGrad_(true));
    const gv = autograd.grad(crossEntropy(u.ref(leaves, u.val.x), u.val.y), [...u.alphas, ...leaves]) as Tensor[];
    return { total, partial: flat(gv.slice(0, u.alphas.length)), v: gv.slice(u.alphas.length).map((t) => t.keep()) };
  });
}

/** DARTS' approximation (paper eq. 7, 8), computed with the reference network: dα − η·(g⁺ − g⁻) / 2R, R = 0.01/‖v‖. */
function finiteDifference(u: Unrolled, ex: { partial: number[]; v: Tensor[] }): number[] {
  const R = 0.01 / norm(flat(ex.v));
  const at = (sign: number): number[] =>
    tidy(() =>
      flat(
        autograd.grad(
          crossEntropy(
            u.ref(
              u.W0.map((w, i) => w.add(ex.v[i]!, sign * R)),
              u.train.x,
            ),
            u.train.y,
          ),
          u.alphas,
        ) as Tensor[],
      ),
    );
  const gp = at(1),
    gm = at(-1);
  return ex.partial.map((d, i) => d - (u.eta * (gp[i]! - gm[i]!)) / (2 * R));
}

describe('DARTS second-order α gradient (spec §3.4)', () => {
  test('DARTS primitives: dα − η·(∇α L_train(w + Rv) − ∇α L_train(w − Rv))/2R with the virtual step (λ, μ·buf); weights restored; BN statistics as the reference', () => {
    const u = unrolledSetup(2, DARTS_PRIMITIVES);
    const ex = exactUnrolled(u, { total: false });
    const want = finiteDifference(u, ex);
    u.s.unrolled(u.train, u.val);
    const got = flat(u.alphas.map((a) => a.grad!));
    const err = relErr(got, want);
    assert.ok(err < 1e-9, `α gradient vs the independent implementation: rel. error ${err}`);
    // every term of the virtual step is there: dropping μ·buf or λw changes the result far beyond that error
    const noBuf = finiteDifference(u, exactUnrolled(u, { buf: false, total: false }));
    const noDecay = finiteDifference(u, exactUnrolled(u, { decay: false, total: false }));
    assert.ok(relErr(noBuf, want) > 1e3 * err + 1e-6, `μ·buf term (effect ${relErr(noBuf, want)})`);
    assert.ok(relErr(noDecay, want) > 1e3 * err + 1e-7, `λw term (effect ${relErr(noDecay, want)})`);
    // and the second-order part is not negligible
    assert.ok(relErr(ex.partial, want) > 0.05, 'second-order term');

    // weights exactly restored
    u.W.forEach((p, i) => assert.equal(maxAbsDiff(p, u.W0[i]!), 0, `${u.names[i]} restored exactly`));

    // BN running statistics: the reference discards the virtual model's and keeps those of the passes on the real
    // model: ∇w L_train at w, then ∇α L_train at w + R·v and at w − R·v
    const expected = (includeVirtual: boolean): Map<string, Tensor> =>
      noGrad(() => {
        const run = new Map([...u.running0].map(([n, b]) => [n, b.clone()]));
        u.ref(u.W0, u.train.x, run);
        if (includeVirtual) u.ref(u.W0, u.val.x, run); // what a leaked pass on the virtual model would add
        const R = 0.01 / norm(flat(ex.v));
        u.ref(
          u.W0.map((w, i) => w.add(ex.v[i]!, R)),
          u.train.x,
          run,
        );
        u.ref(
          u.W0.map((w, i) => w.add(ex.v[i]!, -R)),
          u.train.x,
          run,
        );
        return run;
      });
    const right = expected(false),
      wrong = expected(true);
    let worst = 0,
      separation = 0;
    for (const [n, b] of u.s.net.namedBuffers()) {
      if (n.endsWith('num_batches_tracked')) {
        assert.equal(b.item(), u.running0.get(n)!.item() + 3, `${n}: three passes on the real model`);
        continue;
      }
      worst = Math.max(worst, maxAbsDiff(b, right.get(n)!));
      separation = Math.max(separation, maxAbsDiff(b, wrong.get(n)!));
    }
    assert.ok(worst < 1e-9, `BN running statistics differ by ${worst}`);
    assert.ok(separation > 1e-4, 'the check distinguishes a leaked virtual-model pass');
    u.s.dispose();
  });

  test('smooth network: the finite-difference gradient agrees with the EXACT unrolled gradient (create_graph)', () => {
    // The finite-difference Hessian-vector product (perturbation of norm 0.01) converges to the derivative only
    // where ∇α L_train is smooth in w. In a network this small, ReLU and max-pool kinks crossed by the ±R·v
    // perturbation dominate the difference quotient (it is then off by several times its size, for the reference
    // algorithm as for ours), so this comparison replaces ReLU by the smooth SiLU (x·σ(x)) for every op, on both
    // sides, and searches over the DARTS primitives without max_pool_3x3. Everything else is the code under test.
    // (relu_ too: the in-place fast path uses it; every caller takes its return value)
    const proto = Object.getPrototypeOf(u0()) as { relu: (this: Tensor) => Tensor; relu_: (this: Tensor) => Tensor };
    const { relu, relu_ } = proto;
    proto.relu = function (this: Tensor): Tensor {
      return this.mul(this.sigmoid());
    };
    proto.relu_ = proto.relu;
    try {
      const u = unrolledSetup(3, NO_MAX_POOL);
      const ex = exactUnrolled(u);
      u.s.unrolled(u.train, u.val);
      const got = flat(u.alphas.map((a) => a.grad!));
      const hvExact = ex.partial.map((d, i) => (d - ex.total[i]!) / u.eta);
      const hvGot = ex.partial.map((d, i) => (d - got[i]!) / u.eta);
      assert.ok(
        norm(hvExact) * u.eta > 0.2 * norm(ex.partial),
        `the second-order term (${norm(hvExact) * u.eta}) is significant next to dα (${norm(ex.partial)})`,
      );
      // a central difference over a perturbation of norm 0.01 is accurate to O(1e-3) relative (its truncation error)
      const hvErr = relErr(hvGot, hvExact);
      assert.ok(hvErr < 3e-3, `Hessian-vector product: rel. error ${hvErr}`);
      const totalErr = relErr(got, ex.total);
      assert.ok(totalErr < 3e-3, `α gradient: rel. error ${totalErr}`);
      // the first-order gradient alone is far from it
      assert.ok(relErr(ex.partial, ex.total) > 100 * totalErr);
      u.W.forEach((p, i) => assert.equal(maxAbsDiff(p, u.W0[i]!), 0, `${u.names[i]} restored exactly`));
      u.s.dispose();
    } finally {
      proto.relu = relu;
      proto.relu_ = relu_;
    }
  });
});

/** Any tensor (for its prototype). */
function u0(): Tensor {
  return tidy(() => zeros([1]).keep());
}

// --- (c) MixedOp ---------------------------------------------------------------------------------------------------

const MODES: [string, () => void][] = [
  ['default fast paths (fused BN weighting, shared ReLU, in place)', () => setFastPaths('fast')],
  [
    'shared ReLU only',
    () => {
      setFastPaths('plain');
      setFastPaths({ sharedRelu: true });
    },
  ],
  ['plain', () => setFastPaths('plain')],
];

describe("MixedOp fast paths (shared ReLU, skipped 'none', fused weighting) equal the plain weighted sum (spec §2.2)", () => {
  for (const [label, primitives, relax] of [
    ['DARTS, softmax', DARTS_PRIMITIVES, (a: Tensor) => a.softmax(-1)],
    ['FairDARTS, sigmoid', FAIRDARTS_PRIMITIVES, (a: Tensor) => a.sigmoid()],
  ] as const) {
    for (const stride of [1, 2]) {
      test(`${label}, stride ${stride}: output and gradients (input and weights), in every fast-path mode`, () => {
        manualSeed(3 + stride);
        const saved = setFastPaths('fast');
        try {
          tidy(() => {
            const m = new MixedOp(primitives, 6, stride);
            const x = randn([3, 6, 8, 8]).requiresGrad_(true);
            const alpha = randn([primitives.length]).requiresGrad_(true);
            const r = randn([3, 6, 8 / stride, 8 / stride]);
            // the reference: Σ_k w_k·op_k(x) over every op, the Zero op included, with every fast path off
            setFastPaths('plain');
            let plain: Tensor | undefined;
            primitives.forEach((_, k) => {
              const t = m.ops.at(k).forward(x).mul(relax(alpha).select(0, k));
              plain = plain ? plain.add(t) : t;
            });
            const [gxP, gaP] = autograd.grad(plain!.mul(r).sum(), [x, alpha]) as Tensor[];
            const tolA = 1e-4 * Math.max(1, gaP!.abs().max().item());
            for (const [mode, set] of MODES) {
              set();
              const out = m.forward(x, relax(alpha));
              assert.ok(maxAbsDiff(out, plain!) < 1e-5, `${mode}: outputs differ by ${maxAbsDiff(out, plain!)}`);
              const [gx, ga] = autograd.grad(out.mul(r).sum(), [x, alpha]) as Tensor[];
              assert.ok(maxAbsDiff(gx!, gxP!) < 1e-5, `${mode}: gradient w.r.t. the input`);
              assert.ok(maxAbsDiff(ga!, gaP!) < tolA, `${mode}: gradient w.r.t. alpha`);
              // a subset of ops (DropNAS-style `active`) sums exactly those ops
              const active = primitives.length === 8 ? [0, 2, 4, 7] : [1, 3, 6];
              const w = relax(alpha).detach();
              const sub = m.forward(x, w, active);
              const want = withFastPaths('plain', () => active.map((k) => m.ops.at(k).forward(x).mul(w.select(0, k))).reduce((a, b) => a.add(b)));
              assert.ok(maxAbsDiff(sub, want) < 1e-5, `${mode}: active subset`);
              if (primitives[0] === 'none') {
                const z = m.forward(x, w, [0]);
                assert.deepEqual([...z.shape], [3, 6, 8 / stride, 8 / stride]);
                assert.equal(z.abs().sum().item(), 0, "only 'none' active gives zeros of the output shape");
              }
            }
            m.dispose();
          });
        } finally {
          setFastPaths(saved);
        }
      });
    }
  }
});

// --- (d) supernet structure ---------------------------------------------------------------------------------------

describe('search network structure (spec §2.1–§2.4)', () => {
  test('reductions at ⌊L/3⌋ and ⌊2L/3⌋', () => {
    assert.deepEqual(reductionIndices(8), [2, 5]);
    assert.deepEqual(reductionIndices(20), [6, 13]);
    assert.deepEqual(reductionIndices(14), [4, 9]);
    assert.deepEqual(reductionIndices(3), [1, 2]);
    assert.deepEqual(reductionIndices(5), [1, 3]);
  });

  test('C = 16, L = 8: channel table, cell output shapes, relaxed weights shared per cell type', () => {
    manualSeed(5);
    const s = new Probe({ channels: 16, layers: 8, numClasses: 10 });
    const net = supernet(s);
    assert.deepEqual(
      net.cells.map((c) => c.reduction),
      [false, false, true, false, false, true, false, false],
    );
    // §2.1 table: C_curr, s0 in, s1 in, preprocess0 kind, out channels, H×W for a 16×16 input (table: 32×32 input)
    const table: [number, number, number, 'RCB' | 'FR', number, number][] = [
      [16, 48, 48, 'RCB', 64, 16],
      [16, 48, 64, 'RCB', 64, 16],
      [32, 64, 64, 'RCB', 128, 8],
      [32, 64, 128, 'FR', 128, 8],
      [32, 128, 128, 'RCB', 128, 8],
      [64, 128, 128, 'RCB', 256, 4],
      [64, 128, 256, 'FR', 256, 4],
      [64, 256, 256, 'RCB', 256, 4],
    ];
    const sd = net.stateDict();
    const shape = (k: string): number[] => {
      const t = sd.get(k);
      assert.ok(t, `missing key ${k}`);
      return [...t.shape];
    };
    table.forEach(([c, in0, in1, kind, ,], i) => {
      if (kind === 'RCB') assert.deepEqual(shape(`cells.${i}.preprocess0.op.1.weight`), [c, in0, 1, 1], `cell ${i} preprocess0`);
      else {
        assert.deepEqual(shape(`cells.${i}.preprocess0.conv_1.weight`), [c / 2, in0, 1, 1], `cell ${i} preprocess0 (FactorizedReduce)`);
        assert.deepEqual(shape(`cells.${i}.preprocess0.conv_2.weight`), [c / 2, in0, 1, 1]);
      }
      assert.deepEqual(shape(`cells.${i}.preprocess1.op.1.weight`), [c, in1, 1, 1], `cell ${i} preprocess1`);
      assert.deepEqual(shape(`cells.${i}._ops.0._ops.4.op.1.weight`), [c, 1, 3, 3], `cell ${i} edge 0 sep_conv_3x3`);
    });
    assert.deepEqual(shape('stem.0.weight'), [48, 3, 3, 3]);
    assert.deepEqual(shape('classifier.weight'), [10, 256]);

    // relaxed weights: one tensor per cell type, shared by every cell of that type; cell outputs via the cells
    // themselves, and the full forward once, recording the weights it asks for
    noGrad(() =>
      tidy(() => {
        const arch = s.arch4(true);
        const seen: [number, boolean, Tensor][] = [];
        const spy: ArchForward = {
          weights: (i, red) => {
            const w = arch.weights(i, red);
            seen.push([i, red, w]);
            return w;
          },
        };
        net.eval();
        const x = randn([1, 3, 16, 16]);
        let s0 = net.stem.forward(x),
          s1 = s0;
        table.forEach(([, , , , out, hw], i) => {
          const cell = net.cells.at(i);
          const y = cell.forward(s0, s1, { weights: arch.weights(i, cell.reduction) });
          assert.deepEqual([...y.shape], [1, out, hw, hw], `cell ${i} output`);
          [s0, s1] = [s1, y];
        });
        const logits = net.forward(x, spy);
        assert.deepEqual([...logits.shape], [1, 10]);
        net.train();
        assert.deepEqual(
          seen.map(([i, red]) => [i, red]),
          net.cells.map((c, i) => [i, c.reduction]),
        );
        const normalW = seen.filter(([, red]) => !red).map(([, , w]) => w);
        const reduceW = seen.filter(([, red]) => red).map(([, , w]) => w);
        assert.ok(normalW.every((w) => w === normalW[0]) && reduceW.every((w) => w === reduceW[0]), 'one relaxed tensor per cell type');
        assert.notEqual(normalW[0], reduceW[0]);
        assert.ok(maxAbsDiff(normalW[0]!, s.arch.named.get('alphas_normal')!.softmax(-1)) < 1e-7);
        assert.ok(maxAbsDiff(reduceW[0]!, s.arch.named.get('alphas_reduce')!.softmax(-1)) < 1e-7);
        const sums = normalW[0]!.sum(1).dataNumbers();
        assert.ok(
          sums.every((v) => Math.abs(v - 1) < 1e-6),
          'softmax over the ops of each edge',
        );
      }),
    );
    s.dispose();
  });

  test('state_dict naming (§2.4) and affine-free BNs (§1.3)', () => {
    const s = new DartsSearch({ channels: 16, layers: 8, numClasses: 10 });
    const sd = s.net.stateDict();
    const has = (k: string, shape?: number[]): void => {
      const t = sd.get(k);
      assert.ok(t, `missing key ${k}`);
      if (shape) assert.deepEqual([...t.shape], shape, k);
    };
    has('stem.0.weight', [48, 3, 3, 3]);
    has('stem.1.weight', [48]); // the stem BN is affine
    has('stem.1.num_batches_tracked', []);
    has('cells.0.preprocess0.op.1.weight', [16, 48, 1, 1]);
    has('cells.0.preprocess0.op.2.running_mean', [16]);
    has('cells.3.preprocess0.conv_1.weight', [16, 64, 1, 1]);
    has('cells.3.preprocess0.bn.running_var', [32]);
    has('cells.0._ops.0._ops.1.1.running_mean', [16]); // BN after max_pool_3x3 (index 1 of the pool sequence)
    has('cells.0._ops.0._ops.2.1.num_batches_tracked', []); // BN after avg_pool_3x3
    has('cells.0._ops.13._ops.4.op.5.weight', [16, 1, 3, 3]); // sep_conv_3x3 second block
    has('cells.0._ops.0._ops.5.op.1.weight', [16, 1, 5, 5]);
    has('cells.0._ops.0._ops.6.op.1.weight', [16, 1, 3, 3]); // dil_conv_3x3
    has('cells.0._ops.0._ops.7.op.3.running_mean', [16]);
    has('cells.2._ops.0._ops.3.conv_1.weight', [16, 32, 1, 1]); // reduction cell, edge 2←0: stride-2 skip
    has('cells.2._ops.2._ops.3.conv_2.weight', [16, 32, 1, 1]); // edge 3←0
    has('classifier.weight', [10, 256]);
    has('classifier.bias', [10]);
    const keys = [...sd.keys()];
    // stride-1 skips, 'none' and the pools themselves have no keys; affine = false means no BN weight/bias
    assert.ok(!keys.some((k) => k.startsWith('cells.2._ops.4._ops.3.')), 'edge 3←2 of a reduction cell is an identity');
    assert.ok(!keys.some((k) => /\._ops\.\d+\._ops\.0\./.test(k)), "'none' has no keys");
    assert.ok(!keys.some((k) => k.startsWith('cells.') && /\.(weight|bias)$/.test(k) && sd.get(k)!.ndim === 1), 'no affine BN inside the cells');
    assert.ok(!keys.some((k) => k.includes('alpha')));
    assert.equal(keys.length, 4186);
    s.dispose();
  });

  test('architecture parameters: [14, |ops|] leaves outside parameters(), the SGD optimiser and the state_dict', () => {
    manualSeed(6);
    const d = new DartsSearch({ channels: 4, layers: 3 });
    const params = new Set(d.net.parameters());
    const sgd = new Set(d.weightOptimizer.parameters());
    for (const [name, a] of d.arch.named) {
      assert.deepEqual([...a.shape], [14, 8], name);
      assert.ok(a.requiresGrad && a.isLeaf, `${name} is a leaf that requires grad`);
      assert.ok(!params.has(a) && !sgd.has(a), `${name} is not a weight`);
      const v = a.dataNumbers();
      const std = Math.sqrt(v.reduce((s2, x) => s2 + x * x, 0) / v.length);
      assert.ok(std > 0.5e-3 && std < 1.6e-3, `${name}: 1e-3·N(0, 1) initialisation (sample std ${std})`);
    }
    assert.deepEqual([...d.arch.named.keys()], ['alphas_normal', 'alphas_reduce']);
    assert.deepEqual(new Set(d.archOptimizer.parameters()), new Set(d.arch.tensors()));
    d.dispose();
    const f = new FairDartsSearch({ channels: 4, layers: 3 });
    for (const [name, a] of f.arch.named) {
      assert.deepEqual([...a.shape], [14, 7], name);
      assert.equal(a.abs().sum().item(), 0, `${name}: FairDARTS initialises to zeros`);
    }
    f.dispose();
  });

  test('the reference forward and the module forward agree (float64, train mode), so (a) and (b) compare like with like', () => {
    manualSeed(7);
    const s = new Probe(TINY);
    toFloat64(s);
    tidy(() => {
      const x = randn([4, 3, 8, 8], { dtype: 'float64' });
      const mine = s.forwardLogits(x);
      const theirs = referenceForward(namedParams(supernet(s)), alphaMap(s), x, REF);
      assert.ok(maxAbsDiff(mine, theirs) < 1e-12, `logits differ by ${maxAbsDiff(mine, theirs)}`);
      assert.ok(mine.abs().max().item() > 1e-3);
    });
    s.dispose();
  });
});
