// DARTOpti baselines and the architecture distance metric (spec ddarts-dartopti §8.1-8.2, §9, Appendices A-B):
// the α encoding by hand, the weighted Hamming / Hausdorff pieces on tiny cases, M(ResNet18, ResNet50) = 0.08363
// (distances.csv: 0.084) derived by hand from op_stats.json, and the values the spec gives for the committed files.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  baselineAlphas,
  baselineAsNested,
  baselineSteps,
  dartoptiBaseline,
  edgeRow,
  edgeRows,
  encodeCell,
  templateOwners,
} from '../../src/nas/ddarts/baselines.js';
import {
  architectureDistance,
  baselineMetricCells,
  cellDistance,
  directedHausdorff,
  metricHasSettled,
  nestedMetricCells,
  OP_STATS,
  opWeights,
  weightedHamming,
} from '../../src/nas/ddarts/metric.js';
import { DARTOPTI_PRIMITIVES, zooGenotypeOfKind } from '../../src/nas/genotype/index.js';

test('baselines of Appendix A: steps, cells, templates, reductions', () => {
  const r18 = dartoptiBaseline('resnet18'),
    r50 = dartoptiBaseline('ResNet50'),
    x = dartoptiBaseline('xception');
  assert.deepEqual([baselineSteps(r18), r18.seq.length, r18.genes.length, [...r18.reductions]], [4, 4, 1, [1, 2, 3]]);
  assert.deepEqual([baselineSteps(r50), r50.seq.length, r50.genes.length, [...r50.reductions]], [6, 4, 3, [1, 2, 3]]);
  assert.deepEqual([baselineSteps(x), x.seq.length, x.genes.length, [...x.reductions]], [4, 13, 3, [1, 2, 11, 12]]);
  assert.deepEqual(templateOwners(x.seq), [0, 3, 12]);
  assert.deepEqual(templateOwners(r50.seq), [0, 1, 2]);
  assert.equal(edgeRows(4), 14);
  assert.equal(edgeRows(6), 27);
  assert.equal(r50.genes[2]!.length, 12);
  assert.deepEqual(baselineAsNested(r50).genes[3], r50.genes[0]);
  assert.throws(() => dartoptiBaseline('vgg16'), /available: ResNet18, ResNet50, Xception, InceptionV4/);
});

test('α initialisation (§8.2): 10 on the baseline ops at row Σ_{m<to−2}(m+2) + from, 0 elsewhere', () => {
  // residual_layer_simple, rows by hand: (to 2, from 0) → 0; (3, 2) → 2 + 2 = 4; (3, 0) → 2; (4, 3) → 2 + 3 + 3 = 8;
  // (5, 4) → 2 + 3 + 4 + 4 = 13; (5, 3) → 12. Columns: simple_conv_3x3 = 6, skip_connect = 4.
  const [a] = baselineAlphas(dartoptiBaseline('ResNet18'));
  const expected = new Map([
    ['0,6', 10],
    ['4,6', 10],
    ['2,4', 10],
    ['8,6', 10],
    ['13,6', 10],
    ['12,4', 10],
  ]);
  assert.equal(a!.length, 14);
  a!.forEach((row, r) => row.forEach((v, k) => assert.equal(v, expected.get(`${r},${k}`) ?? 0, `[${r}][${k}]`)));
  assert.equal(edgeRow(5, 3), 12);
  assert.equal(edgeRow(7, 6), 26);
  assert.equal(DARTOPTI_PRIMITIVES.indexOf('simple_conv_3x3'), 6);
  assert.equal(DARTOPTI_PRIMITIVES.indexOf('bottleneck_1x3x1'), 11);
});

test('weighted Hamming and Hausdorff on tiny cases', () => {
  const w = [1, 2, 3];
  assert.equal(weightedHamming([10, 0, 0], [10, 0, 0], w), 0);
  assert.equal(weightedHamming([10, 0, 0], [0, 0, 10], w), (1 + 3) / 6);
  const d = (u: readonly number[], v: readonly number[]): number => weightedHamming(u, v, w);
  const A = [
    [0, 0, 0],
    [10, 0, 0],
  ];
  const B = [
    [0, 0, 0],
    [0, 10, 10],
  ];
  // h(A→B): row [10,0,0] is closest to [0,0,0] (1/6); h(B→A): [0,10,10] is closest to [0,0,0] (5/6).
  assert.equal(directedHausdorff(A, B, d), 1 / 6);
  assert.equal(directedHausdorff(B, A, d), 5 / 6);
  assert.equal(cellDistance(A, B, w), 5 / 6);
  assert.equal(cellDistance(B, A, w), 5 / 6);
});

test('M(ResNet18, ResNet50) = w_bottleneck / Σw = 0.08363 (distances.csv 0.084)', () => {
  // By hand (§9.1): both cells have all-zero rows. ResNet18's rows hold one op each: simple_conv_3x3 (nearest: a
  // zero row, w_s3) or skip_connect (nearest: zero row, w_skip). ResNet50 template 0's rows hold {bottleneck, skip}:
  // nearest is a ResNet18 skip row (w_bottleneck). H = max(w_s3, w_skip, w_bottleneck)/Σw = w_bottleneck/Σw; one pair.
  const sum = Object.values(OP_STATS).reduce((s, x) => s + x, 0);
  const byHand = OP_STATS.bottleneck_1x3x1 / sum;
  const m = architectureDistance(baselineMetricCells(dartoptiBaseline('ResNet18')), baselineMetricCells(dartoptiBaseline('ResNet50')));
  assert.ok(Math.abs(m - byHand) < 1e-12, `${m} vs ${byHand}`);
  assert.equal(m.toFixed(5), '0.08363');
  assert.equal(m.toFixed(3), '0.084');
  assert.equal(opWeights().length, 12);
});

test('distances to the committed DARTOpti files: the values §9.1 reports (edge files 0.168, sparse files 0.084)', () => {
  const r18 = baselineMetricCells(dartoptiBaseline('ResNet18'));
  const d = (name: string): number => architectureDistance(r18, nestedMetricCells(zooGenotypeOfKind(name, 'nested')));
  assert.equal(d('ResNet18_cifar10_threshold_edge_0.85').toFixed(3), '0.168');
  assert.equal(d('ResNet18_cifar10_threshold_sparse_0.85').toFixed(3), '0.084');
  // distances.csv (ResNet18 vs ResNet18C10: 0.169) was made from other genotype versions (§9.1): close, not equal.
  assert.ok(Math.abs(d('ResNet18_cifar10_threshold_edge_0.85') - 0.169) < 0.002);
  // Metric axioms on real genotypes: identity and symmetry.
  const g = nestedMetricCells(zooGenotypeOfKind('ResNet50_cifar100_threshold_edge_0.85', 'nested'));
  assert.equal(architectureDistance(g, g), 0);
  assert.equal(architectureDistance(r18, g), architectureDistance(g, r18));
  assert.throws(() => encodeCell([['sep_conv_7x7', 2, 0]], 4), /not in the primitive list/);
});

test('the early-stopping rule (§9.2): 4 earlier values, each within 0.001', () => {
  assert.equal(metricHasSettled([0.1, 0.1, 0.1], 0.1), false);
  assert.equal(metricHasSettled([0.5, 0.1, 0.1, 0.1, 0.1], 0.1005), true);
  assert.equal(metricHasSettled([0.1, 0.1, 0.1, 0.1], 0.1015), false);
  assert.equal(metricHasSettled([0.1, 0.1, 0.1, 0.2, 0.1], 0.1), false);
});
