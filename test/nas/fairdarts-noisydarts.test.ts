// FairDARTS' zero-one loss and derivation fallback, and NoisyDARTS' noise, against the spec's formulas
// (darts-fairdarts-noisydarts.md §11.2, §11.4, §12.2) computed by hand.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isBuildableGene } from '../../src/nas/genotype/derive-nested.js';
import { parseGenotypeAuto } from '../../src/nas/genotype/parse.js';
import { FairDartsSearch, zeroOneLoss } from '../../src/nas/search/fairdarts.js';
import { noiseDecay, NoisyDartsSearch, noisySkip, type NoiseConfig } from '../../src/nas/search/noisydarts.js';
import { full, manualSeed, noGrad, ones, randn, tensor, tidy } from '../../src/tensor/index.js';

test('zero-one loss: −mean((σ−½)²) over every entry, and its α gradient −(2/N)(σ−½)σ(1−σ)', () => {
  tidy(() => {
    // σ(ln 3) = 0.75, σ(0) = 0.5, σ(−ln 3) = 0.25: squared distances 1/16, 0, 1/16 → mean over 6 entries 1/24.
    const a = tensor([[Math.log(3), 0, -Math.log(3)]], { dtype: 'float64', requiresGrad: true });
    const b = tensor([[0, 0, Math.log(3)]], { dtype: 'float64', requiresGrad: true });
    const l2 = zeroOneLoss([a, b], 'l2');
    assert.ok(Math.abs(l2.item() - -(3 / 16) / 6) < 1e-15);
    l2.backward();
    const n = 6;
    const expected = (s: number): number => (-2 / n) * (s - 0.5) * s * (1 - s);
    const ga = a.grad!.toArray() as number[][];
    assert.ok(Math.abs(ga[0]![0]! - expected(0.75)) < 1e-15);
    assert.ok(Math.abs(ga[0]![1]! - expected(0.5)) < 1e-15);
    assert.ok(Math.abs(ga[0]![2]! - expected(0.25)) < 1e-15);
    // L1 variant: −mean|σ−½| = −(0.25 + 0 + 0.25 + 0 + 0 + 0.25)/6.
    assert.ok(Math.abs(zeroOneLoss([a, b], 'l1').item() - -0.75 / 6) < 1e-15);
  });
});

test('isBuildableGene: empty cells and nodes fed only by absent nodes are not buildable', () => {
  assert.equal(isBuildableGene([]), false);
  assert.equal(
    isBuildableGene([
      ['sep_conv_3x3', 2, 0],
      ['skip_connect', 4, 2],
    ]),
    true,
  );
  assert.equal(isBuildableGene([['sep_conv_3x3', 3, 2]]), false);
  assert.equal(
    isBuildableGene([
      ['sep_conv_3x3', 2, 0],
      ['skip_connect', 5, 3],
    ]),
    false,
  );
});

test('FairDARTS at σ = ½ everywhere: threshold parsing finds nothing, both cells fall back to top-2 DCO edges', () => {
  manualSeed(0);
  const m = new FairDartsSearch({ channels: 4, layers: 3, numClasses: 4, inChannels: 1 });
  try {
    const g = m.genotype();
    assert.equal(g.report?.parseFallbackCells, 2);
    const parsed = parseGenotypeAuto(g.text);
    assert.equal(parsed.kind, 'dco');
    if (parsed.kind !== 'dco') return;
    assert.equal(parsed.normal.length, 8);
    // Two edges into each of nodes 2..5, from distinct earlier nodes.
    for (const to of [2, 3, 4, 5]) {
      const froms: number[] = parsed.normal.filter(([, t]) => t === to).map(([, , f]) => f);
      assert.equal(froms.length, 2);
      assert.notEqual(froms[0], froms[1]);
      assert.ok(froms.every((f: number) => f < to));
    }
    // With zero α the ops tie; the first of the 7 columns (max_pool_3x3) wins, as Python's argmax.
    assert.ok(parsed.normal.every(([op]) => op === 'max_pool_3x3'));
  } finally {
    m.dispose();
  }
});

const base: NoiseConfig = { type: 'gaussian', mixture: 'additive', factor: 0.2, mean: 0, decay: false, enabled: true };

test('NoisyDARTS gaussian additive noise: mean μ, std λ·std(y0), and ∂y/∂y0 = 1 (the std carries no gradient)', () => {
  manualSeed(1);
  tidy(() => {
    const y0 = randn([64, 8, 16, 16], { dtype: 'float64' }).mul(3).add(1).requiresGrad_(true);
    const y = noisySkip(y0, { ...base, mean: 0.5 }, 1);
    const n = noGrad(() => y.sub(y0));
    const std0 = noGrad(() => y0.std().item());
    assert.ok(Math.abs(n.mean().item() - 0.5) < 0.01, `noise mean ${n.mean().item()}`);
    assert.ok(Math.abs(n.std().item() / (0.2 * std0) - 1) < 0.01, `noise std ${n.std().item()} vs ${0.2 * std0}`);
    y.sum().backward();
    const g = y0.grad!;
    assert.equal(g.sub(1).abs().max().item(), 0);
  });
});

test('NoisyDARTS uniform noise has variance λ, not scaled by the output; multiplicative noise scales by n·d', () => {
  manualSeed(2);
  tidy(() => {
    const y0 = full([200_000], 10, { dtype: 'float64' });
    const n = noisySkip(y0, { ...base, type: 'uniform', factor: 0.1 }, 1).sub(y0);
    assert.ok(Math.abs(n.var().item() - 0.1) < 0.002, `uniform variance ${n.var().item()}`);
    assert.ok(n.abs().max().item() <= Math.sqrt(3 * 0.1) + 1e-12);

    const x = ones([100_000], { dtype: 'float64' }).mul(2).requiresGrad_(true);
    const y = noisySkip(x, { ...base, mixture: 'multiplicative', mean: 1, factor: 0.2 }, 0.5);
    // y = x·n·d with n ~ N(1, 0.2²): mean 2·1·0.5, std 2·0.2·0.5; ∂y/∂x = n·d.
    assert.ok(Math.abs(y.mean().item() - 1) < 0.01);
    assert.ok(Math.abs(y.std().item() - 0.2) < 0.01);
    y.sum().backward();
    const ratio = noGrad(() => x.grad!.mul(2).sub(y).abs().max().item());
    assert.ok(ratio < 1e-12);
  });
});

test('noise decay follows 0.5(1 + cos(πt/50)) up to epoch 50, 0 after, 1 when off', () => {
  assert.equal(noiseDecay(0, true), 1);
  assert.ok(Math.abs(noiseDecay(25, true) - 0.5) < 1e-15);
  assert.equal(noiseDecay(50, true), 0);
  assert.equal(noiseDecay(51, true), 0);
  assert.equal(noiseDecay(30, false), 1);
});

test('NoisyDARTS adds noise only in training: the eval-mode forward is the noise-free network', () => {
  manualSeed(3);
  const m = new NoisyDartsSearch({ channels: 4, layers: 3, numClasses: 4, inChannels: 1, skipDropPath: 0.3 });
  try {
    tidy(() => {
      const x = randn([4, 1, 8, 8]);
      const a = m.inferLogits(x);
      const b = m.inferLogits(x);
      assert.ok(a.equal(b), 'two eval forwards must agree exactly (no noise, no drop path)');
    });
  } finally {
    m.dispose();
  }
});
