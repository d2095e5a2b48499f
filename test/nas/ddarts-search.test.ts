// D-DARTS / DARTOpti search (spec ddarts-dartopti §3, §4, §8, §9.2, §17): the σ relaxation, zero-one and ablation
// terms by hand; each cell's Adam stepping with exactly the gradient the spec prescribes (clean mode: its own loss;
// faithful mode: the §3.4 accumulation, checked over two iterations against gradients computed independently here);
// per-cell optimiser and schedule independence; the parse rules on hand-made weights; DARTOpti templates,
// pretraining and early stopping; exact resume through a torch checkpoint file.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { loadTorchCheckpoint, type PickleTree, saveTorchCheckpoint } from '../../src/io/index.js';
import { parseCell, parseNested } from '../../src/nas/genotype/derive-nested.js';
import { parseNestedGenotypeText } from '../../src/nas/genotype/nested-txt.js';
import { ablationTerms, type DDartsConfig, DDartsSearch } from '../../src/nas/search/ddarts.js';
import { zeroOneLoss } from '../../src/nas/search/fairdarts.js';
import type { Batch } from '../../src/nas/search/method.js';
import { field } from '../../src/nas/search/state.js';
import { functional as F } from '../../src/nn/index.js';
import { autograd, getRngState, manualSeed, noGrad, randint, randn, setRngState, type Tensor, tensor, tidy } from '../../src/tensor/index.js';

const dir = mkdtempSync(join(tmpdir(), 'tsnas-ddarts-'));
after(() => rmSync(dir, { recursive: true, force: true }));

type Matrix = number[][];
const silent = (): void => undefined;

function tiny(o: Partial<DDartsConfig> = {}): DDartsSearch {
  return new DDartsSearch({ channels: 2, layers: 3, numClasses: 3, inChannels: 1, gradClip: 1e9, log: silent, ...o });
}

function batch(n = 4, size = 8): Batch {
  return { x: randn([n, 1, size, size]), y: randint(0, 3, [n]) };
}

const arr = (t: Tensor): Matrix => t.toArray() as Matrix;
const add = (a: Matrix, b: Matrix, s = 1): Matrix => a.map((r, i) => r.map((x, j) => x + s * b[i]![j]!));
const scale = (a: Matrix, s: number): Matrix => a.map((r) => r.map((x) => s * x));

function assertClose(actual: Matrix, expected: Matrix, what: string, tol = 2e-5): void {
  actual.forEach((r, i) =>
    r.forEach((x, j) => {
      const e = expected[i]![j]!;
      assert.ok(Math.abs(x - e) <= tol * (1 + Math.abs(e)), `${what}[${i}][${j}]: ${x} vs ${e}`);
    }),
  );
}

/** d/dα of −w·mean((σ(α) − ½)²) over one α matrix, on the host: −w·2(σ − ½)σ(1 − σ)/N. */
function zeroOneGradByHand(alpha: Matrix, w: number): Matrix {
  const n = alpha.length * alpha[0]!.length;
  return alpha.map((r) =>
    r.map((a) => {
      const s = 1 / (1 + Math.exp(-a));
      return (-w * 2 * (s - 0.5) * s * (1 - s)) / n;
    }),
  );
}

/** ∂CE/∂(α…, params…) of the supernet with σ(α) weights, computed here (not by the method). */
function ceGrads(s: DDartsSearch, b: Batch, withParams: boolean): { alphas: Matrix[]; params: Tensor[] } {
  const alphas = s.arch.tensors();
  const params = s.net.parameters();
  return tidy(() => {
    const logits = s.net.forward(b.x, { weights: (i) => alphas[s.cellAlpha[i]!]!.sigmoid() });
    const g = autograd.grad(F.crossEntropy(logits, b.y), withParams ? [...alphas, ...params] : alphas, { allowUnused: true });
    return { alphas: g.slice(0, alphas.length).map((t) => arr(t!)), params: g.slice(alphas.length).map((t) => t!.keep()) };
  });
}

/** ∂L_w/∂(α…, params…) with L_w = CE(train) + w·(−MSE(σ(all α), ½)), computed here. */
function weightLossGrads(s: DDartsSearch, b: Batch, w: number): { alphas: Matrix[]; params: Tensor[] } {
  const alphas = s.arch.tensors();
  const params = s.net.parameters();
  return tidy(() => {
    const logits = s.net.forward(b.x, { weights: (i) => alphas[s.cellAlpha[i]!]!.sigmoid() });
    const loss = F.crossEntropy(logits, b.y).add(zeroOneLoss(alphas, 'l2').mul(w));
    const g = autograd.grad(loss, [...alphas, ...params], { allowUnused: true });
    return { alphas: g.slice(0, alphas.length).map((t) => arr(t!)), params: g.slice(alphas.length).map((t) => t!.keep()) };
  });
}

function randomizeAlphas(s: DDartsSearch): void {
  noGrad(() => s.arch.tensors().forEach((a) => a.copy_(randn([...a.shape]).mul(0.7))));
}

test('σ relaxation, zero-one loss and ablation term by hand', () => {
  const s = tiny();
  noGrad(() =>
    s.arch
      .tensors()[1]!
      .select(0, 3)
      .copy_(tensor([0, Math.log(3), -Math.log(3), 0, 0, 0, 0])),
  );
  const w = s.archWeights();
  assert.deepEqual(Object.keys(w), ['alphas_cell0', 'alphas_cell1', 'alphas_cell2']);
  assert.equal(w.alphas_cell1![3]![0], 0.5);
  assert.ok(Math.abs(w.alphas_cell1![3]![1]! - 0.75) < 1e-7);
  assert.ok(Math.abs(w.alphas_cell1![3]![2]! - 0.25) < 1e-7);
  assert.equal(w.alphas_cell0![0]!.length, 7); // D-DARTS searches the 7 FairDARTS ops
  assert.equal(w.alphas_cell0!.length, 14);
  // −mean((σ − ½)²) over {0.5, 0.75}: −(0 + 1/16)/2; l1: −(0 + 1/4)/2.
  const a = tensor([[0, Math.log(3)]]);
  assert.ok(Math.abs(zeroOneLoss([a], 'l2').item() + 1 / 32) < 1e-7);
  assert.ok(Math.abs(zeroOneLoss([a], 'l1').item() + 1 / 8) < 1e-7);
  // ℓ3_c = −(mc_c − m)/m: mc = [1, 3] → m = 2 → [0.5, −0.5]; m = 0 → 0.
  assert.deepEqual(ablationTerms([1, 3]), [0.5, -0.5]);
  assert.deepEqual(ablationTerms([2, -2]), [0, 0]);
  s.dispose();
});

test('clean mode: each cell steps its own Adam with ∂CE_val/∂α_c + the zero-one gradient of its own α only', () => {
  manualSeed(3);
  const s = tiny();
  randomizeAlphas(s);
  const alphas = s.arch.tensors();
  const [train, val] = [batch(), batch()];
  s.startEpoch(0, 2);
  s.net.train();
  const g = ceGrads(s, val, false).alphas;
  const before = alphas.map(arr);
  const expected = before.map((a, k) => add(g[k]!, zeroOneGradByHand(a, 9)));
  const captured: Matrix[] = [];
  s.cellOptimizers.forEach((o, k) => {
    const orig = o.step.bind(o);
    o.step = () => {
      captured[k] = arr(alphas[k]!.grad!);
      orig();
    };
  });
  s.step(train, val);
  assert.equal(captured.length, 3);
  captured.forEach((c, k) => assertClose(c, expected[k]!, `cell ${k} gradient`));
  // Adam's first step by hand (coupled L2): g' = g + 1e-3·α; m̂ = g', v̂ = g'² → α − lr·g'/(|g'| + 1e-8), lr = 3e-3.
  alphas.forEach((a, k) => {
    const hand = before[k]!.map((r, i) =>
      r.map((x, j) => {
        const gp = captured[k]![i]![j]! + 1e-3 * x;
        return x - (3e-3 * gp) / (Math.abs(gp) + 1e-8);
      }),
    );
    assertClose(arr(a), hand, `α_${k} after its Adam step`, 1e-5);
    assert.equal(a.grad, undefined, 'α gradients are cleared after each cell step');
  });
  s.dispose();
});

test('per-cell optimisers are independent: one α each, own state, own cosine schedule', () => {
  const s = tiny();
  const alphas = s.arch.tensors();
  assert.equal(s.cellOptimizers.length, 3);
  s.cellOptimizers.forEach((o, k) => {
    assert.equal(o.paramGroups.length, 1);
    assert.equal(o.paramGroups[0]!.params.length, 1);
    assert.equal(o.paramGroups[0]!.params[0], alphas[k]);
    assert.deepEqual(o.paramGroups[0]!.betas, [0.9, 0.999]);
    assert.equal(o.paramGroups[0]!.weightDecay, 1e-3);
  });
  // Stepping cell 1's optimiser moves α_1 only.
  noGrad(() =>
    alphas.forEach((a) => {
      a.grad = a.detach().add(1);
    }),
  );
  const before = alphas.map(arr);
  s.cellOptimizers[1]!.step();
  assert.deepEqual(arr(alphas[0]!), before[0]);
  assert.notDeepEqual(arr(alphas[1]!), before[1]);
  assert.deepEqual(arr(alphas[2]!), before[2]);
  assert.equal(s.cellOptimizers[0]!.stateDict().state.size, 0);
  assert.equal(s.cellOptimizers[1]!.stateDict().state.size, 1);
  // Cosine per cell: 1e-3 + (3e-3 − 1e-3)(1 + cos(π e / T))/2; e = 1, T = 2 → 2e-3. Weights: 0.001 + 0.004·(1 + cos(π/2))/2.
  s.startEpoch(1, 2);
  for (const o of s.cellOptimizers) assert.ok(Math.abs(o.paramGroups[0]!.lr - 2e-3) < 1e-15);
  assert.ok(Math.abs(s.learningRate() - 0.003) < 1e-15);
  s.dispose();
});

test('faithful mode: the §3.4 accumulation of α and weight gradients, over two iterations', () => {
  manualSeed(4);
  const s = tiny({ faithful: true, ablationWeight: 0 });
  randomizeAlphas(s);
  const alphas = s.arch.tensors();
  const params = s.net.parameters();
  const L = 3;
  s.startEpoch(0, 2);
  s.net.train();
  let leftover: Matrix[] = alphas.map((a) => scale(arr(a), 0));
  for (let it = 0; it < 2; it++) {
    const [train, val] = [batch(), batch()];
    const gVal = ceGrads(s, val, true);
    const before = alphas.map(arr);
    const captured: Matrix[] = [];
    s.cellOptimizers.forEach((o, k) => {
      const orig = Object.getPrototypeOf(o).step.bind(o) as () => void;
      o.step = () => {
        captured[k] = arr(alphas[k]!.grad!);
        orig();
      };
    });
    let t: { alphas: Matrix[]; params: Tensor[] } | undefined;
    let weightGrads: Matrix[] = [];
    const sgd = s.weightOptimizer;
    const origSgd = Object.getPrototypeOf(sgd).step.bind(sgd) as () => void;
    sgd.step = () => {
      weightGrads = params.map((p) => [p.grad!.flatten().toArray() as number[]]);
      t = weightLossGrads(s, train, 9); // α already stepped, weights not yet: what the weight loss saw
      origSgd();
    };
    s.step(train, val);
    // Cell k steps with: what the previous iteration left + (k + 1) copies of its CE part + its own zero-one gradient.
    captured.forEach((c, k) => {
      const expected = add(add(leftover[k]!, scale(gVal.alphas[k]!, k + 1)), zeroOneGradByHand(before[k]!, 9));
      assertClose(c, expected, `iteration ${it}, cell ${k} gradient`, 5e-5);
    });
    // SGD used L × ∇w CE(val) + ∇w L_w(train).
    params.forEach((_, j) => {
      const exp = tidy(() => gVal.params[j]!.mul(L).add(t!.params[j]!).flatten().toArray() as number[]);
      assertClose(weightGrads[j]!, [exp], `iteration ${it}, weight ${j} gradient`, 5e-5);
    });
    // Left for the next iteration: (L − 1 − j) CE parts of the later cells + ∇α L_w.
    leftover = alphas.map((a, j) => {
      const exp = add(scale(gVal.alphas[j]!, L - 1 - j), t!.alphas[j]!);
      assertClose(arr(a.grad!), exp, `iteration ${it}, α_${j} gradient left over`, 5e-5);
      return exp;
    });
    for (const p of [...gVal.params, ...t!.params]) p.dispose();
    // Weight gradients are zeroed after the SGD step (the next architecture step adds to them).
    assert.ok(params.every((p) => p.grad === undefined || tidy(() => p.grad!.abs().sum().item()) === 0));
  }
  s.dispose();
});

test('marginal contributions: one per cell; clean mode restores BN statistics, faithful mode keeps the updates', () => {
  for (const faithful of [false, true]) {
    manualSeed(5);
    const s = tiny({ faithful });
    const val = batch();
    const buffers = s.net.buffers().map(arr1);
    const mc = s.marginalContributions(val);
    assert.equal(mc.length, 3);
    assert.ok(mc.every(Number.isFinite));
    const after_ = s.net.buffers().map(arr1);
    assert.equal(
      buffers.every((b, i) => b.every((x, j) => x === after_[i]![j])),
      !faithful,
      `faithful ${faithful}`,
    );
    s.dispose();
  }
});
const arr1 = (t: Tensor): number[] => t.flatten().toArray() as number[];

test("marginal contributions: the clean mode, whose ablation forwards start at their cell, gives the full forwards' values", () => {
  // Faithful mode runs L + 1 whole forwards; BN in training mode normalises with batch statistics, so the running
  // statistics it updates in between change no logit, and both modes must agree. 12 px: DARTOpti's three
  // reductions need the padded input.
  for (const space of [{}, { space: 'dartopti', baseline: 'resnet50', channels: 2 }] as Partial<DDartsConfig>[]) {
    manualSeed(11);
    const val = batch(4, 12);
    const mc = [false, true].map((faithful) => {
      manualSeed(12);
      const s = tiny({ faithful, ...space });
      manualSeed(13);
      const v = s.marginalContributions(val);
      s.dispose();
      return v;
    });
    assert.equal(mc[0]!.length, 3);
    mc[0]!.forEach((x, i) =>
      assert.ok(Math.abs(x - mc[1]![i]!) <= 1e-5 * (1 + Math.abs(x)), `${space.space ?? 'darts'} cell ${i}: ${x} vs ${mc[1]![i]}`),
    );
  }
});

test('parse rules of §4 on hand-made weights (steps 2, ops a, b, c) and the fallback for unbuildable genes', () => {
  const W: Matrix = [
    [0.9, 0.87, 0.95], // 2 ← 0
    [0.2, 0.99, 0.3], // 2 ← 1
    [0.5, 0.5, 0.5], // 3 ← 0
    [0.86, 0.1, 0.1], // 3 ← 1
    [0.9, 0.9, 0.2], // 3 ← 2
  ];
  const o = { primitives: ['a', 'b', 'c'], steps: 2, threshold: 0.85 };
  // sparse: node 2 edges by max (0.99 > 0.95): (b, 2, 1), (c, 2, 0); node 3: 0.9 (tie a/b → a) then 0.86.
  assert.deepEqual(parseCell(W, 'threshold_sparse', o), [
    ['b', 2, 1],
    ['c', 2, 0],
    ['a', 3, 2],
    ['a', 3, 1],
  ]);
  // edge: every input ascending, its top two ops as [second, best] (stable ascending sort), each ≥ 0.85.
  assert.deepEqual(parseCell(W, 'threshold_edge', o), [
    ['a', 2, 0],
    ['c', 2, 0],
    ['b', 2, 1],
    ['a', 3, 1],
    ['a', 3, 2],
    ['b', 3, 2],
  ]);
  // complete: every op ≥ 0.85, op order.
  assert.deepEqual(parseCell(W, 'threshold_complete', o), [
    ['a', 2, 0],
    ['b', 2, 0],
    ['c', 2, 0],
    ['b', 2, 1],
    ['a', 3, 1],
    ['a', 3, 2],
    ['b', 3, 2],
  ]);
  // σ = ½ everywhere (a fresh search): nothing passes; node 3 reading only an empty node 2 cannot be computed.
  const flat: Matrix = W.map((r) => r.map(() => 0.5));
  const dead: Matrix = flat.map((r, i) => (i === 4 ? [0.9, 0.5, 0.5] : r));
  const p = parseNested([W, flat, dead], 'threshold_sparse', { ...o, reductions: [1] });
  assert.deepEqual(p.fallbackCells, [1, 2]);
  assert.deepEqual(p.genotype.genes[1], [
    ['a', 2, 0],
    ['a', 2, 1],
    ['a', 3, 0],
    ['a', 3, 1],
  ]); // top-2 inputs × argmax, no threshold
  assert.deepEqual(p.genotype.genes[2], [
    ['a', 2, 0],
    ['a', 2, 1],
    ['a', 3, 2],
    ['a', 3, 0],
  ]);
  assert.deepEqual(p.genotype.reductions, [1]);
  assert.deepEqual(parseNested([W], 'threshold_sparse', { ...o, reductions: [], fallback: false }).fallbackCells, []);
  assert.deepEqual(parseNested([flat], 'threshold_sparse', { ...o, reductions: [], fallback: false }).genotype.genes, [[]]);
});

test('DARTOpti: one α per template, σ(10) on the baseline ops, shared by positions, pretraining, α schedule over search epochs', () => {
  manualSeed(6);
  const s = new DDartsSearch({ space: 'dartopti', baseline: 'resnet50', channels: 2, numClasses: 3, inChannels: 1, pretrainEpochs: 1, log: silent });
  assert.equal(s.arch.tensors().length, 3);
  assert.deepEqual(
    s.arch.tensors().map((a) => a.shape),
    [
      [27, 12],
      [27, 12],
      [27, 12],
    ],
  );
  assert.deepEqual([s.layers, s.steps, [...s.cellAlpha], [...s.ownerCell], [...s.reductions]], [4, 6, [0, 1, 2, 0], [0, 1, 2], [1, 2, 3]]);
  const w = s.archWeights();
  assert.deepEqual(w.alphas_cell3, w.alphas_cell0);
  // (bottleneck_1x3x1, 2, 0) → row 0, column 11: σ(10) = 1/(1 + e^−10).
  assert.ok(Math.abs(w.alphas_cell0![0]![11]! - 1 / (1 + Math.exp(-10))) < 1e-6);
  assert.equal(w.alphas_cell0![1]![11], 0.5);
  // At initialisation the sparse parse of template 0 keeps one op per baseline edge (skip_connect: lower column on
  // the σ tie with bottleneck), and nodes 5-7 get nothing; concat = range(4, 8) for 6 steps.
  const g = s.genotype().value as { genes: unknown[]; concat: number[]; reductions: number[] };
  assert.deepEqual(g.genes[0], [
    ['skip_connect', 2, 0],
    ['skip_connect', 3, 2],
    ['skip_connect', 4, 3],
  ]);
  assert.deepEqual(
    [g.concat, g.reductions],
    [
      [4, 5, 6, 7],
      [1, 2, 3],
    ],
  );
  // Pretraining epoch: weights move, α does not; then α steps with lr cosine(e = 1, T = total − P = 2) = 2e-3.
  const [train, val] = [batch(), batch()];
  const a0 = s.arch.tensors().map(arr);
  const w0 = arr1(s.net.parameters()[0]!);
  s.startEpoch(0, 3);
  s.step(train, val);
  assert.deepEqual(s.arch.tensors().map(arr), a0);
  assert.notDeepEqual(arr1(s.net.parameters()[0]!), w0);
  assert.ok(s.cellOptimizers.every((o) => o.stateDict().state.size === 0));
  s.startEpoch(1, 3);
  assert.ok(Math.abs(s.archLearningRate() - 2e-3) < 1e-15);
  s.step(train, val);
  assert.ok(s.arch.tensors().every((a, k) => JSON.stringify(arr(a)) !== JSON.stringify(a0[k])));
  assert.throws(() => s.startEpoch(0, 1), /leaves no search epoch/);
  s.dispose();
  assert.throws(() => tiny({ space: 'dartopti' }), /needs --baseline/);
  assert.throws(() => tiny({ baseline: 'resnet18' }), /needs --space dartopti/);
});

test('DARTOpti metric: 0 against itself at initialisation, early stop after 4 unchanged values, off with archMetric false', async () => {
  for (const archMetric of [true, false]) {
    const lines: string[] = [];
    const s = new DDartsSearch({
      space: 'dartopti',
      baseline: 'resnet18',
      channels: 2,
      numClasses: 3,
      inChannels: 1,
      pretrainEpochs: 0,
      archMetric,
      log: (l) => lines.push(l),
    });
    // α = 10 on the baseline ops and 0 elsewhere: the threshold_edge parse is the baseline itself.
    assert.equal(s.archDistance(), 0);
    const ctx = (epoch: number) => ({ epoch, totalEpochs: 12, accuracy: async () => 0 });
    for (let e = 0; e < 12; e++) {
      s.startEpoch(e, 12);
      await s.afterEpoch(ctx(e));
      if (archMetric && e === 5) assert.equal(s.epochReport().archDistance, 0);
      // Computed from epoch P + 5 = 5; values at 5, 6, 7, 8 fill the history; epoch 9 finds them unchanged.
      assert.equal(s.stoppedEarly, archMetric && e >= 9, `epoch ${e}`);
    }
    assert.equal(lines.filter((l) => l.startsWith('architectural distance metric')).length, archMetric ? 5 : 0);
    if (archMetric) {
      assert.ok(lines.some((l) => l.startsWith('Architectural metric has not changed for the last 4 epochs')));
      const before = arr1(s.net.parameters()[0]!);
      s.step(batch(), batch());
      assert.deepEqual(arr1(s.net.parameters()[0]!), before, 'a stopped search changes nothing');
    }
    s.dispose();
  }
});

test('resume is exact: a faithful search saved to a torch file after one step continues as if uninterrupted', () => {
  manualSeed(7);
  const steps = [0, 1, 2].map(() => [batch(), batch()] as const);
  manualSeed(8);
  const a = tiny({ faithful: true });
  manualSeed(8);
  const b = tiny({ faithful: true });
  const rng0 = getRngState();
  setRngState(rng0);
  a.startEpoch(0, 2);
  for (const [t, v] of steps) a.step(t, v);

  setRngState(rng0);
  b.startEpoch(0, 2);
  b.step(steps[0]![0], steps[0]![1]);
  const file = join(dir, 'ddarts.pt');
  saveTorchCheckpoint(
    file,
    new Map<PickleTree, PickleTree>([
      ['method', b.stateDict()],
      ['rng', getRngState()],
    ]),
  );
  b.dispose();

  manualSeed(99);
  const c = tiny({ faithful: true });
  const ck = loadTorchCheckpoint(file);
  c.loadStateDict(field(ck, 'method', 'checkpoint'));
  setRngState(field(ck, 'rng', 'checkpoint') as Tensor);
  c.startEpoch(0, 2);
  for (const [t, v] of steps.slice(1)) c.step(t, v);
  assert.deepEqual(c.arch.tensors().map(arr), a.arch.tensors().map(arr));
  assert.deepEqual(
    c.arch.tensors().map((x) => arr(x.grad!)),
    a.arch.tensors().map((x) => arr(x.grad!)),
  );
  assert.deepEqual(c.net.parameters().map(arr1), a.net.parameters().map(arr1));
  assert.deepEqual(c.net.buffers().map(arr1), a.net.buffers().map(arr1));
  a.dispose();
  c.dispose();
});

test('both parses of the reference (§3.5) on known α: threshold_sparse and threshold_edge beside the run’s own parse', () => {
  // σ(α) by (row, op) over the 14 edges of a 4-node cell, every other entry σ = 0.1; ops are the FairDARTS list
  // (0 max_pool_3x3, 1 avg_pool_3x3, 2 skip_connect, 3 sep_conv_3x3, 4 sep_conv_5x5, 5 dil_conv_3x3, 6 dil_conv_5x5).
  // Rows of node 2: 0-1 (from 0, 1); node 3: 2-4; node 4: 5-8; node 5: 9-13.
  const high: [number, number, number][] = [
    [0, 3, 0.95],
    [0, 4, 0.9],
    [1, 2, 0.88],
    [2, 5, 0.5],
    [3, 6, 0.99],
    [4, 0, 0.87],
    [4, 1, 0.86],
    [5, 2, 0.86],
    [6, 4, 0.8],
    [8, 3, 0.9],
    [10, 1, 0.93],
    [13, 6, 0.92],
    [13, 5, 0.91],
  ];
  const logit = (p: number): number => Math.log(p / (1 - p));
  const alpha = Array.from({ length: 14 }, () => Array<number>(7).fill(logit(0.1)));
  for (const [row, op, p] of high) alpha[row]![op] = logit(p);
  // threshold_sparse: per node the 2 edges with the largest max σ (strongest first), their argmax op if σ ≥ 0.85.
  const sparse = [
    ['sep_conv_3x3', 2, 0],
    ['skip_connect', 2, 1],
    ['dil_conv_5x5', 3, 1],
    ['max_pool_3x3', 3, 2],
    ['sep_conv_3x3', 4, 3],
    ['skip_connect', 4, 0],
    ['avg_pool_3x3', 5, 1],
    ['dil_conv_5x5', 5, 4],
  ];
  // threshold_edge: every edge in ascending order, its top-2 ops (second best first), each if σ ≥ 0.85.
  const edge = [
    ['sep_conv_5x5', 2, 0],
    ['sep_conv_3x3', 2, 0],
    ['skip_connect', 2, 1],
    ['dil_conv_5x5', 3, 1],
    ['avg_pool_3x3', 3, 2],
    ['max_pool_3x3', 3, 2],
    ['skip_connect', 4, 0],
    ['sep_conv_3x3', 4, 3],
    ['avg_pool_3x3', 5, 1],
    ['dil_conv_3x3', 5, 4],
    ['dil_conv_5x5', 5, 4],
  ];
  for (const parseMethod of ['threshold_sparse', 'threshold_complete'] as const) {
    const s = tiny({ parseMethod });
    noGrad(() => s.arch.tensors().forEach((a) => a.copy_(tensor(alpha))));
    const g = s.genotype();
    const genes = (json: unknown): unknown => (json as { genes: unknown[] }).genes;
    assert.deepEqual(genes(g.parses!.threshold_sparse!.json), [sparse, sparse, sparse], `${parseMethod}: sparse`);
    assert.deepEqual(genes(g.parses!.threshold_edge!.json), [edge, edge, edge], `${parseMethod}: edge`);
    // The .txt files hold the same genes (the reference's file format).
    for (const [name, want] of [
      ['threshold_sparse', sparse],
      ['threshold_edge', edge],
    ] as const)
      assert.deepEqual(parseNestedGenotypeText(g.parses![name]!.text).genotype.genes, [want, want, want], `${parseMethod}: ${name}.txt`);
    // The run's genotype stays the one --parse-method names.
    if (parseMethod === 'threshold_sparse') assert.deepEqual(genes(g.json), [sparse, sparse, sparse]);
    else assert.notDeepEqual(genes(g.json), [sparse, sparse, sparse]);
    s.dispose();
  }
});
