// DropNAS (spec dropnas-evnas-nasbench201 §1.4, §1.5, §3): the op order and space variants, grouped operation
// dropout (probabilities, rejection sampling, statistics over many draws against the closed forms), the kept-op
// softmax, gradients of dropped ops (exactly zero, checked against finite differences for kept ones), the partial
// decay and the two optimiser steps of one batch recomputed by hand (SGD with momentum, Adam, α-adjust in float64),
// the faithful switch's reference behaviours, and pt.darts' raw-α derivation on a hand-built α.
// Every expected value is written down or computed here from the spec's formulas, never taken from the code.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Rng } from '../../src/data/rng.js';
import { functional as F } from '../../src/nn/index.js';
import { manualSeed, noGrad, randint, randn, type Tensor, tensor, tidy } from '../../src/tensor/index.js';
import { DROPNAS_PRIMITIVES } from '../../src/nas/genotype/primitives.js';
import {
  alphaAdjust,
  DROPNAS_VARIANT_PRIMITIVES,
  dropGroups,
  type DropMasks,
  DropNasSearch,
  type DropNasConfig,
  dropProbability,
  keptLogOdds,
  sampleGroup,
} from '../../src/nas/search/dropnas.js';
import type { Batch } from '../../src/nas/search/method.js';
import { searchMethod } from '../../src/nas/search/registry.js';
import type { Supernet } from '../../src/nas/search/supernet.js';

const OPS = 8;
const EDGES = 14;

function tiny(extra: Partial<DropNasConfig> = {}): DropNasSearch {
  manualSeed(7);
  return new DropNasSearch({ channels: 4, layers: 3, numClasses: 4, inChannels: 1, maskSeed: 11, ...extra });
}

function batch(seed = 3): Batch {
  manualSeed(seed);
  return { x: randn([8, 1, 8, 8]).keep(), y: randint(0, 4, [8]).keep() };
}

/** All ops kept, except `drops` = {edge: [op indices]} per cell type. */
function masksWith(normal: Record<number, number[]> = {}, reduce: Record<number, number[]> = {}, k = OPS): DropMasks {
  const cell = (drops: Record<number, number[]>): boolean[][] =>
    Array.from({ length: EDGES }, (_, e) => Array.from({ length: k }, (_, o) => !(drops[e] ?? []).includes(o)));
  return { normal: cell(normal), reduce: cell(reduce) };
}

const flat = (t: Tensor): number[] => noGrad(() => tidy(() => t.detach().flatten().toArray() as number[]));
const rows = (t: Tensor): number[][] => noGrad(() => t.detach().toArray() as number[][]);
const alphaOf = (s: DropNasSearch, type: 'normal' | 'reduce'): Tensor => s.arch.named.get(`alphas_${type}`)!;

function setAlpha(s: DropNasSearch, type: 'normal' | 'reduce', values: number[][]): void {
  noGrad(() =>
    tidy(() => {
      alphaOf(s, type).copy_(tensor(values));
    }),
  );
}

function close(actual: number, expected: number, tol: number, what: string): void {
  assert.ok(Math.abs(actual - expected) <= tol, `${what}: ${actual} vs ${expected} (tolerance ${tol})`);
}

/** Module-path prefixes of the ops a mask drops, for every cell of the given type (Supernet naming). */
function droppedPrefixes(net: Supernet, masks: DropMasks): string[] {
  const out: string[] = [];
  for (let i = 0; i < net.cells.length; i++) {
    const keep = net.cells.at(i).reduction ? masks.reduce : masks.normal;
    keep.forEach((row, e) =>
      row.forEach((f, k) => {
        if (!f) out.push(`cells.${i}._ops.${e}._ops.${k}.`);
      }),
    );
  }
  return out;
}

describe('DropNAS search space (spec §1.4, §3.2)', () => {
  test('PRIMITIVES order and the 1-skip / 3-skip variants', () => {
    const spec = ['sep_conv_3x3', 'sep_conv_5x5', 'dil_conv_3x3', 'dil_conv_5x5', 'max_pool_3x3', 'avg_pool_3x3', 'skip_connect', 'none'];
    assert.deepEqual(DROPNAS_VARIANT_PRIMITIVES.original, spec);
    assert.deepEqual([...DROPNAS_PRIMITIVES], spec);
    assert.deepEqual(DROPNAS_VARIANT_PRIMITIVES['1-skip'], ['sep_conv_3x3', 'sep_conv_5x5', 'dil_conv_3x3', 'dil_conv_5x5', 'skip_connect', 'none']);
    assert.deepEqual(DROPNAS_VARIANT_PRIMITIVES['3-skip'], [
      'sep_conv_3x3',
      'sep_conv_5x5',
      'dil_conv_3x3',
      'dil_conv_5x5',
      'skip_connect',
      'skip_connect',
      'skip_connect',
      'none',
    ]);
    assert.deepEqual(dropGroups(spec), [
      [0, 1, 2, 3],
      [4, 5, 6, 7],
    ]);
    assert.deepEqual(dropGroups(DROPNAS_VARIANT_PRIMITIVES['1-skip']), [
      [0, 1, 2, 3],
      [4, 5],
    ]);
    assert.deepEqual(dropGroups(DROPNAS_VARIANT_PRIMITIVES['3-skip']), [
      [0, 1, 2, 3],
      [4, 5, 6, 7],
    ]);
  });

  test('one-level method registered with its options, the whole training set and batch 96', () => {
    const info = searchMethod('dropnas');
    assert.equal(info.trainPortion, 1);
    assert.equal(info.batchSize, 96);
    const names = info.options.map((o) => o.name);
    for (const f of ['drop-rate', 'warmup-epochs', 'space-variant', 'faithful', 'derive-rule']) assert.ok(names.includes(f), f);
    const s = tiny();
    assert.equal(s.needsValidationBatch, false);
    assert.deepEqual(alphaOf(s, 'normal').shape, [EDGES, OPS]);
    s.dispose();
  });

  test('3-skip: the three skip_connect columns are separate ops (own FactorizedReduce weights in reductions)', () => {
    const s = tiny({ variant: '3-skip' });
    const net = s.net as Supernet;
    const reduceEdge = net.cells.at(1).edges.at(0); // reduction cell, from input 0: stride 2
    const [a, b, c] = [4, 5, 6].map((k) => reduceEdge.ops.at(k));
    assert.ok(a !== b && b !== c && a !== c);
    const keys = [...net.stateDict().keys()];
    for (const k of [4, 5, 6]) assert.ok(keys.includes(`cells.1._ops.0._ops.${k}.conv_1.weight`), `FactorizedReduce ${k}`);
    const w = [4, 5, 6].map((k) => net.namedParameters().find(([n]) => n === `cells.1._ops.0._ops.${k}.conv_1.weight`)![1]);
    assert.ok(w[0] !== w[1] && w[1] !== w[2]);
    assert.equal(net.cells.at(0).edges.at(0).ops.at(5).parameters().length, 0, 'stride-1 skip is an identity');
    // Only column 5 of the parameter-free group kept on every reduce edge: only its FactorizedReduce gets gradients.
    const drops: Record<number, number[]> = {};
    for (let e = 0; e < EDGES; e++) drops[e] = [4, 6, 7];
    tidy(() => {
      s.taskBackward(batch(), masksWith({}, drops));
    });
    const has = (p: Tensor): boolean => tidy(() => p.grad !== undefined);
    assert.deepEqual(w.map(has), [false, true, false]);
    s.dispose();
  });
});

describe('grouped operation dropout (spec §3.3)', () => {
  test("per-op drop probability p = r^(1/|group|), the released code's r^(1/4) with faithful", () => {
    close(dropProbability(3e-5, 4), 0.074008, 1e-6, 'r = 3e-5');
    close(dropProbability(1e-5, 4), 0.056234, 1e-6, 'r = 1e-5');
    close(dropProbability(1e-4, 4), 0.1, 1e-12, 'r = 1e-4');
    assert.equal(dropProbability(0, 4), 0);
    close(dropProbability(3e-5, 2), Math.sqrt(3e-5), 1e-12, '1-skip parameter-free group');
    close(dropProbability(3e-5, 2, true), 0.074008, 1e-6, '1-skip, released code');
    const s = tiny({ variant: '1-skip' });
    const [pp, pnp] = s.dropProbabilities();
    close(pp, 0.074008, 1e-6, '1-skip p');
    close(pnp, 0.0054772, 1e-7, '1-skip np');
    s.dispose();
    const f = tiny({ variant: '1-skip', faithful: true });
    assert.deepEqual(
      f.dropProbabilities().map((p) => p.toFixed(6)),
      ['0.074008', '0.074008'],
    );
    f.dispose();
    const g = tiny({ dropRate: 1e-4, dropRateNonParam: 1e-5 });
    close(g.dropProbabilities()[0], 0.1, 1e-12, 'r_p');
    close(g.dropProbabilities()[1], 0.056234, 1e-6, 'r_np');
    g.dispose();
  });

  test('keep rate over many draws is (1 − p)/(1 − p⁴) and no group is ever wholly dropped', () => {
    const rng = new Rng(5);
    for (const [r, n, tol] of [
      [3e-5, 200_000, 0.003],
      [0.2, 100_000, 0.006],
    ] as const) {
      const p = r ** 0.25;
      let kept = 0,
        empty = 0;
      const byCount = [0, 0, 0, 0, 0];
      for (let i = 0; i < n; i++) {
        const g = sampleGroup(rng, 4, p);
        const c = g.filter((f) => f).length;
        kept += c;
        byCount[c]!++;
        if (c === 0) empty++;
      }
      assert.equal(empty, 0, `r = ${r}: a group was wholly dropped`);
      close(kept / (4 * n), (1 - p) / (1 - p ** 4), tol, `keep rate at r = ${r}`);
      // Rejection sampling: the number kept is Binomial(4, 1 − p) conditioned on ≥ 1.
      const binom = [1, 4, 6, 4, 1];
      for (let j = 1; j <= 4; j++) close(byCount[j]! / n, (binom[j]! * (1 - p) ** j * p ** (4 - j)) / (1 - r), tol, `P(${j} kept), r = ${r}`);
    }
    close((1 - 0.074008) / (1 - 0.074008 ** 4), 0.926, 5e-4, "the spec's 0.926");
  });

  test('masks of a search: ≥ 1 op per group, keep rate 0.926 and P(edge has a drop) = 0.459 at r = 3e-5', () => {
    const s = tiny();
    const steps = 10_000;
    let keptOps = 0,
      edges = 0,
      edgesWithDrop = 0;
    for (let i = 0; i < steps; i++) {
      const m = s.sampleMasks();
      for (const cell of [m.normal, m.reduce]) {
        assert.equal(cell.length, EDGES);
        for (const row of cell) {
          assert.ok(row.slice(0, 4).some((f) => f) && row.slice(4).some((f) => f), 'a group lost all its ops');
          const c = row.filter((f) => f).length;
          keptOps += c;
          edges++;
          if (c < OPS) edgesWithDrop++;
        }
      }
    }
    const p = 3e-5 ** 0.25;
    close(keptOps / (edges * OPS), (1 - p) / (1 - p ** 4), 0.002, 'keep rate');
    close(edgesWithDrop / edges, 0.459, 0.006, 'edges with a dropped op');
    s.dispose();
  });

  test('warm-up: r = 0 (nothing dropped) before warmupEpochs, then r', () => {
    const s = tiny({ warmupEpochs: 2, dropRate: 0.3 });
    s.startEpoch(1, 4);
    assert.deepEqual(s.dropRates(), [0, 0]);
    for (let i = 0; i < 50; i++) assert.ok([...s.sampleMasks().normal, ...s.sampleMasks().reduce].every((r) => r.every((f) => f)));
    s.startEpoch(2, 4);
    assert.deepEqual(s.dropRates(), [0.3, 0.3]);
    s.dispose();
  });

  test('the mask RNG state is part of stateDict(): a restored search draws the same masks', () => {
    const a = tiny({ dropRate: 0.2 });
    for (let i = 0; i < 5; i++) a.sampleMasks();
    const state = a.stateDict();
    const next = [a.sampleMasks(), a.sampleMasks(), a.sampleMasks()];
    const b = tiny({ dropRate: 0.2, maskSeed: 999 });
    assert.notDeepEqual(b.sampleMasks(), next[0]);
    b.loadStateDict(state);
    assert.deepEqual([b.sampleMasks(), b.sampleMasks(), b.sampleMasks()], next);
    a.dispose();
    b.dispose();
  });
});

describe('kept-op softmax and gradients (spec §3.4)', () => {
  const alpha = [
    [0.3, -1.2, 0.5, 2.0, 0.1, -0.4, 1.1, 0.7],
    [-0.5, 0.25, 1.5, -2.0, 0.0, 0.9, -0.3, 0.45],
  ];
  const keep = [
    [true, false, true, true, false, true, true, true],
    [false, true, false, false, true, false, true, false],
  ];

  test('weights over survivors are exp(α)/Σ_kept exp(α), sum to 1, and are 0 for dropped ops', () => {
    const w = tidy(() =>
      rows(
        DropNasSearch.maskedSoftmax(
          tensor(alpha),
          tensor(
            keep.map((r) => r.map((f) => !f)),
            { dtype: 'bool' },
          ),
        ),
      ),
    );
    alpha.forEach((row, e) => {
      const denom = row.reduce((s, a, k) => s + (keep[e]![k] ? Math.exp(a) : 0), 0);
      row.forEach((a, k) => {
        if (keep[e]![k]) close(w[e]![k]!, Math.exp(a) / denom, 1e-7, `w[${e}][${k}]`);
        else assert.equal(w[e]![k], 0);
      });
      close(
        w[e]!.reduce((s, v) => s + v, 0),
        1,
        1e-6,
        `row ${e} sum`,
      );
    });
  });

  test('the training forward uses one mask per cell type for all its cells', () => {
    const s = tiny();
    const m = masksWith({ 2: [0, 5] }, { 3: [1, 2, 7] });
    tidy(() => {
      const af = s.maskedArchForward(m);
      assert.equal(af.weights(1, true), af.weights(2, true), 'both reduction cells share the weights');
      assert.deepEqual(af.active!(0, false, 2), [1, 2, 3, 4, 6, 7]);
      assert.deepEqual(af.active!(1, true, 3), [0, 3, 4, 5, 6]);
      assert.deepEqual(af.active!(2, true, 3), [0, 3, 4, 5, 6]);
      const w = rows(af.weights(0, false));
      assert.equal(w[2]![0], 0);
      assert.equal(w[2]![5], 0);
    });
    s.dispose();
  });

  test('dropped ops: exactly zero α gradient, no weight gradient in any cell of the type; kept α match finite differences', () => {
    const s = tiny();
    const net = s.net as Supernet;
    // normal: edge 0 drops sep_conv_3x3 + max_pool, edge 5 drops dil_conv_5x5, skip, none;
    // reduce: edge 0 drops skip_connect (a FactorizedReduce: has weights), edge 1 drops sep_conv_5x5 + avg_pool.
    const m = masksWith({ 0: [0, 4], 5: [3, 6, 7] }, { 0: [6], 1: [1, 5] });
    const b = batch();
    tidy(() => {
      s.taskBackward(b, m);
    });
    for (const type of ['normal', 'reduce'] as const) {
      const g = rows(tidy(() => alphaOf(s, type).grad!.clone()));
      const keep = m[type];
      g.forEach((row, e) =>
        row.forEach((v, k) => {
          if (keep[e]![k]) assert.notEqual(v, 0, `${type} kept α[${e}][${k}] has a gradient`);
          else assert.ok(Object.is(v, 0), `${type} dropped α[${e}][${k}] gradient ${v}`);
        }),
      );
    }
    const dropped = droppedPrefixes(net, m);
    assert.ok(dropped.some((p) => p.startsWith('cells.1.')) && dropped.some((p) => p.startsWith('cells.2.')));
    let droppedTensors = 0;
    tidy(() => {
      for (const [name, p] of net.namedParameters()) {
        const isDropped = dropped.some((pre) => name.startsWith(pre));
        if (isDropped) droppedTensors++;
        assert.equal(p.grad === undefined, isDropped, `${name}: gradient ${isDropped ? 'on a dropped op' : 'missing'}`);
      }
    });
    // Non-affine BN in search: a sep conv has 4 conv weights, a dil conv 2, a FactorizedReduce 2, pools none.
    // Normal cell 0: sep_conv_3x3 (4) + dil_conv_5x5 (2); reduce cells 1 and 2: FactorizedReduce (2) + sep_conv_5x5 (4).
    assert.equal(droppedTensors, 6 + 2 * 6);

    // Central differences of the masked loss (float32 network; BN in training mode uses batch statistics).
    const gN = rows(tidy(() => alphaOf(s, 'normal').grad!.clone()));
    const gR = rows(tidy(() => alphaOf(s, 'reduce').grad!.clone()));
    const lossAt = (): number => noGrad(() => tidy(() => F.crossEntropy(s.net.forward(b.x, s.maskedArchForward(m)), b.y).item()));
    const eps = 5e-3;
    const fd = (type: 'normal' | 'reduce', e: number, k: number): number => {
      const a = alphaOf(s, type);
      const base = rows(a);
      const at = (d: number): number => {
        const v = base.map((r) => [...r]);
        v[e]![k]! += d;
        setAlpha(s, type, v);
        return lossAt();
      };
      const r = (at(eps) - at(-eps)) / (2 * eps);
      setAlpha(s, type, base);
      return r;
    };
    for (const [type, e, k, g] of [
      ['normal', 0, 1, gN],
      ['normal', 5, 0, gN],
      ['normal', 0, 7, gN],
      ['reduce', 1, 0, gR],
      ['reduce', 0, 6 - 1, gR],
    ] as const) {
      const est = fd(type, e, k);
      close(g[e]![k]!, est, 3e-4 + 0.05 * Math.abs(est), `∂L/∂α_${type}[${e}][${k}]`);
    }
    assert.equal(fd('normal', 0, 0), 0, 'a dropped α does not enter the loss at all');
    assert.equal(fd('reduce', 1, 5), 0, 'a dropped α does not enter the loss at all');
    s.dispose();
  });
});

describe('partial decay (spec §3.5)', () => {
  test('phase-B gradients: 2λ·w on the executed tensors only, 2λ_α·α on kept α entries; L2 by hand', () => {
    const s = tiny({ weightDecay: 3e-4, archWeightDecay: 1e-3 });
    const net = s.net as Supernet;
    const m = masksWith({ 1: [2, 5], 9: [0, 1, 2, 6] }, { 0: [3, 6], 4: [7] });
    tidy(() => {
      s.taskBackward(batch(), m);
      const active = s.activeParameters(net.parameters());
      const dropped = droppedPrefixes(net, m);
      const expected = net
        .namedParameters()
        .filter(([n]) => !dropped.some((pre) => n.startsWith(pre)))
        .map(([, p]) => p);
      assert.equal(active.length, expected.length);
      assert.ok(active.every((p, i) => p === expected[i]));
      const alphaActive = (['normal', 'reduce'] as const).map((t) => tensor(m[t].map((r) => r.map((f) => (f ? 1 : 0)))));
      const l2 = s.decayGradients(active, alphaActive).item();
      let want = 0;
      for (const [name, p] of net.namedParameters()) {
        const isActive = active.includes(p);
        if (!isActive) {
          assert.equal(p.grad, undefined, `${name} decayed although dropped`);
          continue;
        }
        const w = flat(p),
          g = flat(p.grad!);
        w.forEach((v, i) => close(g[i]!, 2 * 3e-4 * v, 1e-9 + 1e-6 * Math.abs(v) * 6e-4, `${name}[${i}]`));
        want += 3e-4 * w.reduce((acc, v) => acc + v * v, 0);
      }
      for (const t of ['normal', 'reduce'] as const) {
        const a = rows(alphaOf(s, t)),
          g = rows(alphaOf(s, t).grad!);
        a.forEach((row, e) =>
          row.forEach((v, k) => {
            if (m[t][e]![k]) {
              close(g[e]![k]!, 2e-3 * v, 1e-13 + 1e-6 * Math.abs(2e-3 * v), `α_${t} grad`);
              want += 1e-3 * v * v;
            } else assert.ok(g[e]![k] === 0, 'no decay on a dropped α (±0)');
          }),
        );
      }
      close(l2, want, 1e-5 * want, 'L2');
    });
    s.dispose();
  });

  test('active weights: "has a gradient" (fixed) vs the reference\'s "first gradient element ≠ 0" (faithful)', () => {
    for (const faithful of [false, true]) {
      const s = tiny({ faithful });
      const net = s.net as Supernet;
      tidy(() => {
        s.taskBackward(batch(), masksWith({ 3: [0] }));
        const [name, p] = net.namedParameters().find(([n]) => n === 'cells.0._ops.0._ops.1.op.1.weight')!;
        // An executed tensor whose first gradient element happens to be exactly 0.
        const g = flat(p.grad!);
        g[0] = 0;
        p.grad = tensor(g).view(p.shape);
        const active = s.activeParameters(net.parameters());
        assert.equal(active.includes(p), !faithful, `${name} with faithful=${faithful}`);
        const dropped = net.namedParameters().find(([n]) => n === 'cells.0._ops.3._ops.0.op.1.weight')![1];
        assert.equal(active.includes(dropped), false);
      });
      s.dispose();
    }
  });
});

/** Adam (PyTorch 1.13, no weight decay, no amsgrad) on plain numbers. */
function adam(x: number[], g: number[], st: { m: number[]; v: number[]; t: number }, lr: number, b1: number, b2: number): number[] {
  st.t++;
  return x.map((xi, i) => {
    st.m[i] = b1 * st.m[i]! + (1 - b1) * g[i]!;
    st.v[i] = b2 * st.v[i]! + (1 - b2) * g[i]! * g[i]!;
    const mh = st.m[i]! / (1 - b1 ** st.t);
    const denom = Math.sqrt(st.v[i]!) / Math.sqrt(1 - b2 ** st.t) + 1e-8;
    return xi - (lr * mh) / denom;
  });
}

const softmax = (row: number[]): number[] => {
  const e = row.map(Math.exp);
  const z = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / z);
};

describe('one DropNAS step by hand (spec §3.5, §3.6)', () => {
  test('two SGD steps with momentum, two Adam steps, frozen dropped α, α-adjust; loss = CE + L2', () => {
    const lr = 0.05,
      lam = 0.01,
      lamA = 0.01,
      clip = 3;
    const s = tiny({ lr, lrMin: lr, weightDecay: lam, archWeightDecay: lamA, gradClip: clip });
    s.startEpoch(0, 1);
    const net = s.net as Supernet;
    const m = masksWith({ 0: [0, 4], 5: [3, 6, 7], 13: [2] }, { 0: [6], 1: [1, 5], 12: [0, 1, 2, 5, 7] });
    // Start from larger α so the α-adjust shift is far from rounding.
    manualSeed(1);
    for (const t of ['normal', 'reduce'] as const) setAlpha(s, t, rows(tidy(() => randn([EDGES, OPS]).mul(0.5))));
    const b = batch();
    const named = net.namedParameters();
    const w0 = named.map(([, p]) => flat(p));
    const a0 = { normal: rows(alphaOf(s, 'normal')), reduce: rows(alphaOf(s, 'reduce')) };
    // The phase-A gradients (checked against finite differences above), to drive the hand computation.
    const { gW, gA, ce } = tidy(() => {
      const { loss } = s.taskBackward(b, m);
      return {
        gW: named.map(([, p]) => (p.grad ? flat(p.grad) : undefined)),
        gA: { normal: rows(alphaOf(s, 'normal').grad!), reduce: rows(alphaOf(s, 'reduce').grad!) },
        ce: loss.item(),
      };
    });
    const result = s.stepWithMasks(b, m);

    // Weights: clip ‖g‖ to 3, w' = w − lr·g (buffer = g), then g_B = 2λw', clip, buffer = 0.9·g + g_B, w'' = w' − lr·buffer.
    const norm = Math.sqrt(gW.reduce((acc, g) => acc + (g ?? []).reduce((x, v) => x + v * v, 0), 0));
    const coef = Math.min(1, clip / (norm + 1e-6));
    const wMid = w0.map((w, i) => (gW[i] ? w.map((v, j) => v - lr * coef * gW[i]![j]!) : w));
    const normB = Math.sqrt(wMid.reduce((acc, w, i) => acc + (gW[i] ? w.reduce((x, v) => x + (2 * lam * v) ** 2, 0) : 0), 0));
    const coefB = Math.min(1, clip / (normB + 1e-6));
    let l2 = 0;
    named.forEach(([name, p], i) => {
      const now = flat(p);
      if (!gW[i]) {
        assert.deepEqual(now, w0[i], `${name}: a dropped op's weights moved`);
        return;
      }
      l2 += lam * wMid[i]!.reduce((x, v) => x + v * v, 0);
      now.forEach((v, j) => {
        const buf = 0.9 * coef * gW[i]![j]! + coefB * 2 * lam * wMid[i]![j]!;
        close(v, wMid[i]![j]! - lr * buf, 2e-6, `${name}[${j}]`);
      });
    });

    // α: Adam (lr 3e-4, betas 0.5/0.999) on g_A, then on 2λ_α·α ⊙ kept; dropped entries restored; α-adjust.
    for (const t of ['normal', 'reduce'] as const) {
      const keep = m[t];
      const st = { m: new Array<number>(EDGES * OPS).fill(0), v: new Array<number>(EDGES * OPS).fill(0), t: 0 };
      const x0 = a0[t].flat();
      let x = adam(x0, gA[t].flat(), st, 3e-4, 0.5, 0.999);
      x = x.map((v, i) => (keep[Math.floor(i / OPS)]![i % OPS] ? v : x0[i]!));
      l2 += x.reduce((acc, v, i) => acc + (keep[Math.floor(i / OPS)]![i % OPS] ? lamA * v * v : 0), 0);
      x = adam(
        x,
        x.map((v, i) => (keep[Math.floor(i / OPS)]![i % OPS] ? 2 * lamA * v : 0)),
        st,
        3e-4,
        0.5,
        0.999,
      );
      x = x.map((v, i) => (keep[Math.floor(i / OPS)]![i % OPS] ? v : x0[i]!));
      const now = rows(alphaOf(s, t));
      for (let e = 0; e < EDGES; e++) {
        const old = a0[t][e]!;
        const row = x.slice(e * OPS, (e + 1) * OPS);
        const kept = (k: number): boolean => keep[e]![k]!;
        let expected = row;
        if (keep[e]!.some((f) => !f)) {
          const ratio = old.reduce((acc, v, k) => acc + (kept(k) ? Math.exp(v) : 0), 0) / old.reduce((acc, v) => acc + Math.exp(v), 0);
          const sk = row.reduce((acc, v, k) => acc + (kept(k) ? Math.exp(v) : 0), 0);
          const sd = row.reduce((acc, v, k) => acc + (kept(k) ? 0 : Math.exp(v)), 0);
          const shift = Math.log((ratio / (1 - ratio)) * (sd / sk));
          expected = row.map((v, k) => (kept(k) ? v + shift : v));
          // The invariant: dropped ops keep their probability, the kept ops their total mass.
          const pNow = softmax(now[e]!),
            pOld = softmax(old);
          for (let k = 0; k < OPS; k++)
            if (!kept(k)) {
              assert.equal(now[e]![k], old[k], `dropped α_${t}[${e}][${k}] moved`);
              close(pNow[k]!, pOld[k]!, 1e-6, 'p');
            }
          close(
            pNow.reduce((acc, v, k) => acc + (kept(k) ? v : 0), 0),
            ratio,
            1e-6,
            `kept mass of ${t} edge ${e}`,
          );
        }
        expected.forEach((v, k) => close(now[e]![k]!, v, 1e-6, `α_${t}[${e}][${k}]`));
      }
    }
    close(result.loss, ce + l2, 1e-5 * (ce + l2), 'logged loss L1 + L2');
    s.dispose();
  });

  test('faithful: dropped weights drift by momentum and dropped α by Adam; fixed: both stay put', () => {
    const lr = 0.05;
    for (const faithful of [false, true]) {
      const s = tiny({ lr, lrMin: lr, faithful });
      s.startEpoch(0, 1);
      const net = s.net as Supernet;
      const b = batch();
      s.stepWithMasks(b, masksWith()); // everything kept: momentum buffers and Adam moments everywhere
      const p = net.namedParameters().find(([n]) => n === 'cells.0._ops.2._ops.1.op.2.weight')![1];
      const w1 = flat(p);
      const buf1 = flat(s.weightOptimizer.stateOf(p)!.momentumBuffer!);
      const a1 = rows(alphaOf(s, 'normal'));
      s.stepWithMasks(b, masksWith({ 2: [1, 6] }));
      const w2 = flat(p);
      const a2 = rows(alphaOf(s, 'normal'));
      if (faithful) {
        // zero_grad() keeps zero gradients: buffer·0.9 in phase A, ·0.9 again in phase B.
        w2.forEach((v, j) => close(v, w1[j]! - lr * 0.9 * buf1[j]! - lr * 0.81 * buf1[j]!, 2e-7, 'momentum drift'));
        assert.notEqual(a2[2]![1], a1[2]![1]);
        assert.notEqual(a2[2]![6], a1[2]![6]);
      } else {
        assert.deepEqual(w2, w1);
        assert.equal(a2[2]![1], a1[2]![1]);
        assert.equal(a2[2]![6], a1[2]![6]);
      }
      s.dispose();
    }
  });

  test("warm-up: α untouched (fixed); the reference's decay-only Adam step moves it (faithful)", () => {
    for (const faithful of [false, true]) {
      const s = tiny({ warmupEpochs: 1, faithful });
      s.startEpoch(0, 2);
      const before = rows(alphaOf(s, 'reduce'));
      s.step(batch());
      const after = rows(alphaOf(s, 'reduce'));
      if (faithful) assert.notDeepEqual(after, before);
      else assert.deepEqual(after, before);
      s.dispose();
    }
  });

  test('α-adjust restores the kept mass, leaves dropped α and edges without drops alone', () => {
    const old = [
      [0.3, -1.2, 0.5, 2.0, 0.1, -0.4, 1.1, 0.7],
      [-0.5, 0.25, 1.5, -2.0, 0.0, 0.9, -0.3, 0.45],
    ];
    const keep = [
      [true, false, true, true, true, false, true, true],
      [true, true, true, true, true, true, true, true],
    ];
    const updated = old.map((r, e) => r.map((v, k) => (keep[e]![k] ? v + 0.37 * Math.sin(3 * k + e) : v)));
    tidy(() => {
      const dropped = tensor(
        keep.map((r) => r.map((f) => !f)),
        { dtype: 'bool' },
      );
      const any = tensor(
        keep.map((r) => r.some((f) => !f)),
        { dtype: 'bool' },
      );
      const odds = keptLogOdds(tensor(old), dropped);
      const a = tensor(updated);
      alphaAdjust(a, dropped, any, odds);
      const out = rows(a);
      const ratio = old[0]!.reduce((s, v, k) => s + (keep[0]![k] ? Math.exp(v) : 0), 0) / old[0]!.reduce((s, v) => s + Math.exp(v), 0);
      const sk = updated[0]!.reduce((s, v, k) => s + (keep[0]![k] ? Math.exp(v) : 0), 0);
      const sd = updated[0]!.reduce((s, v, k) => s + (keep[0]![k] ? 0 : Math.exp(v)), 0);
      const shift = Math.log((ratio / (1 - ratio)) * (sd / sk));
      out[0]!.forEach((v, k) => close(v, keep[0]![k] ? updated[0]![k]! + shift : updated[0]![k]!, 2e-6, `α[0][${k}]`));
      assert.equal(out[0]![1], Math.fround(old[0]![1]!));
      assert.equal(out[0]![5], Math.fround(old[0]![5]!));
      const p = softmax(out[0]!),
        pOld = softmax(old[0]!);
      close(
        p.reduce((s, v, k) => s + (keep[0]![k] ? v : 0), 0),
        ratio,
        1e-6,
        'kept mass',
      );
      close(p[1]!, pOld[1]!, 1e-6, 'dropped probability');
      assert.deepEqual(out[1], updated[1]!.map(Math.fround), 'an edge without drops is not adjusted');
    });
  });
});

describe('derivation (spec §1.5: pt.darts parse on raw α)', () => {
  // Node 0 = edges 0-1, node 1 = edges 2-4, node 2 = edges 5-8, node 3 = edges 9-13; columns in DropNAS order.
  const normal = Array.from({ length: EDGES }, () => new Array<number>(OPS).fill(0));
  normal[0]![0] = 2.0;
  normal[0]![7] = 5.0; //        sep_conv_3x3 (none is never chosen), raw 2.0
  normal[1]!.fill(2.4);
  normal[1]![1] = 2.5; //       sep_conv_5x5, raw 2.5, softmax 1/(1+7e^-0.1) = 0.136
  normal[2]![2] = 2.0; //                              dil_conv_3x3 raw 2.0, softmax e²/(e²+7) = 0.514
  normal[3]!.fill(2.4);
  normal[3]![1] = 2.5; //       sep_conv_5x5 raw 2.5, softmax 0.136
  normal[4]![4] = 1.5; //                              max_pool_3x3 raw 1.5, softmax e^1.5/(e^1.5+7) = 0.390
  normal[5]![6] = 0.9;
  normal[6]![3] = 0.3;
  normal[7]![5] = 0.7;
  normal[8]![0] = 0.2;
  normal[9]![1] = 0.1;
  normal[10]![2] = 0.8;
  normal[11]![4] = 0.4;
  normal[12]![5] = 0.6;
  normal[13]![3] = 0.95;
  const reduce = normal.map((r) => [...r]);

  test('raw α: edges ranked by their largest raw logit (none excluded)', () => {
    const s = tiny();
    setAlpha(s, 'normal', normal);
    setAlpha(s, 'reduce', reduce);
    const g = s.genotype();
    assert.equal(
      g.text,
      "Genotype(normal=[('sep_conv_5x5', 1), ('sep_conv_3x3', 0), ('sep_conv_5x5', 1), ('dil_conv_3x3', 0), " +
        "('skip_connect', 0), ('avg_pool_3x3', 2), ('dil_conv_5x5', 4), ('dil_conv_3x3', 1)], normal_concat=[2, 3, 4, 5], " +
        "reduce=[('sep_conv_5x5', 1), ('sep_conv_3x3', 0), ('sep_conv_5x5', 1), ('dil_conv_3x3', 0), ('skip_connect', 0), " +
        "('avg_pool_3x3', 2), ('dil_conv_5x5', 4), ('dil_conv_3x3', 1)], reduce_concat=[2, 3, 4, 5])",
    );
    s.dispose();
  });

  test('derive softmax: the same rule on softmax(α) picks other edges (pt.darts issue #38)', () => {
    const s = tiny({ derive: 'softmax' });
    setAlpha(s, 'normal', normal);
    setAlpha(s, 'reduce', reduce);
    const g = s.genotype().value as { normal: [string, number][] };
    // Node 0: softmax max of edge 0 = e²/(e²+e⁵+6) = 0.044 < edge 1's 0.136, so edge 1 first as with raw α.
    // Node 1: edge 2 (0.514) and edge 4 (0.390) instead of raw α's edges 3 and 2.
    assert.deepEqual(g.normal.slice(0, 4), [
      ['sep_conv_5x5', 1],
      ['sep_conv_3x3', 0],
      ['dil_conv_3x3', 0],
      ['max_pool_3x3', 2],
    ]);
    s.dispose();
  });
});
