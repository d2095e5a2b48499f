import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  DARTS_PRIMITIVES,
  FAIRDARTS_PRIMITIVES,
  PT_DARTS_PRIMITIVES,
  deriveDartsCell,
  deriveDartsGenotype,
  deriveFairDartsCell,
  deriveFairDartsGenotype,
  deriveNb201Arch,
  formatNb201Arch,
  resolveFairDartsParseMethod,
  sigmoidMatrix,
  softmaxRows,
  validateGenotype,
} from '../../src/nas/genotype/index.js';

/** 14 edge rows (node 2 ← 0,1; node 3 ← 0..2; node 4 ← 0..3; node 5 ← 0..4) filled with `fill`. */
function matrix(primitives: readonly string[], fill: number): number[][] {
  return Array.from({ length: 14 }, () => primitives.map(() => fill));
}

/** Sets weights by op name on edge `row`. */
function set(m: number[][], primitives: readonly string[], row: number, values: Record<string, number>): void {
  for (const [op, value] of Object.entries(values)) m[row]![primitives.indexOf(op)] = value;
}

test("DARTS rule: top-2 inputs per node, argmax op, 'none' excluded, ties to the lower index", () => {
  const P = DARTS_PRIMITIVES;
  const w = matrix(P, 0.1);
  // node 2: 'none' is the strongest weight on edge 0 but never counts; edge 1 is stronger than edge 0.
  set(w, P, 0, { none: 0.9, sep_conv_3x3: 0.5 });
  set(w, P, 1, { skip_connect: 0.6 });
  // node 3: edges 0 and 1 tie at 0.4, so the stable sort keeps input 0 first.
  set(w, P, 2, { max_pool_3x3: 0.4 });
  set(w, P, 3, { avg_pool_3x3: 0.4 });
  set(w, P, 4, { dil_conv_5x5: 0.3 });
  // node 4: input 2 wins with a tie between two ops (the first column wins); input 3 is all 'none'.
  set(w, P, 5, { skip_connect: 0.2 });
  set(w, P, 7, { sep_conv_5x5: 0.7, dil_conv_3x3: 0.7 });
  set(w, P, 8, { none: 0.99 });
  // node 5: every weight equal → inputs 0 and 1, op = first non-'none' column.
  for (let row = 9; row < 14; row++) w[row] = P.map(() => 0.125);

  assert.deepEqual(deriveDartsCell(w), [
    ['skip_connect', 1],
    ['sep_conv_3x3', 0],
    ['max_pool_3x3', 0],
    ['avg_pool_3x3', 1],
    ['sep_conv_5x5', 2],
    ['skip_connect', 0],
    ['max_pool_3x3', 0],
    ['max_pool_3x3', 1],
  ]);

  const genotype = deriveDartsGenotype({ normal: w, reduce: matrix(P, 0) }, { multiplier: 3 });
  assert.equal(genotype.kind, 'darts');
  assert.deepEqual(genotype.normalConcat, [3, 4, 5]);
  assert.deepEqual(genotype.reduce.slice(0, 2), [
    ['max_pool_3x3', 0],
    ['max_pool_3x3', 1],
  ]);
  assert.deepEqual(validateGenotype(genotype), []);
});

test('raw-α (pt.darts) and softmax (quark0) ranking can pick different edges', () => {
  const P = PT_DARTS_PRIMITIVES; // 'none' last
  const alpha = matrix(P, 0);
  // node 3: input 0 has max 2 shared by two ops, input 1 has 1.5 alone, input 2 has 1.8 shared by three.
  set(alpha, P, 2, { max_pool_3x3: 2, avg_pool_3x3: 2 });
  set(alpha, P, 3, { skip_connect: 1.5 });
  set(alpha, P, 4, { sep_conv_3x3: 1.8, sep_conv_5x5: 1.8, dil_conv_3x3: 1.8 });
  // Raw maxima: 2 > 1.8 > 1.5. Softmax maxima: 0.390 (input 1) > 0.356 (input 0) > 0.261 (input 2).
  assert.deepEqual(deriveDartsCell(alpha, { primitives: P }).slice(2, 4), [
    ['max_pool_3x3', 0],
    ['sep_conv_3x3', 2],
  ]);
  assert.deepEqual(deriveDartsCell(softmaxRows(alpha), { primitives: P }).slice(2, 4), [
    ['skip_connect', 1],
    ['max_pool_3x3', 0],
  ]);
});

test('FairDARTS threshold_sparse keeps the top-2 inputs only when their best σ reaches 0.85', () => {
  const P = FAIRDARTS_PRIMITIVES;
  const w = matrix(P, 0.1);
  set(w, P, 0, { sep_conv_3x3: 0.9 });
  set(w, P, 1, { skip_connect: 0.86, dil_conv_5x5: 0.95 });
  // node 3: the two strongest inputs are below the threshold, so node 3 gets no edge at all.
  set(w, P, 2, { max_pool_3x3: 0.84 });
  set(w, P, 3, { avg_pool_3x3: 0.5 });
  set(w, P, 4, { sep_conv_5x5: 0.6 });
  // node 4: three inputs tie at exactly the threshold; inputs 0 and 2 come first, σ = T is kept.
  set(w, P, 5, { avg_pool_3x3: 0.85 });
  set(w, P, 7, { sep_conv_5x5: 0.85 });
  set(w, P, 8, { max_pool_3x3: 0.85, dil_conv_3x3: 0.85 });
  // node 5: saturated sigmoids everywhere.
  for (let row = 9; row < 14; row++) w[row] = P.map(() => 1);

  const expected = [
    ['dil_conv_5x5', 2, 1],
    ['sep_conv_3x3', 2, 0],
    ['avg_pool_3x3', 4, 0],
    ['sep_conv_5x5', 4, 2],
    ['max_pool_3x3', 5, 0],
    ['max_pool_3x3', 5, 1],
  ];
  assert.deepEqual(deriveFairDartsCell(w, 'threshold_sparse'), expected);
  const genotype = deriveFairDartsGenotype({ normal: w, reduce: w }, 'threshold_sparse');
  assert.equal(genotype.kind, 'dco');
  assert.deepEqual(genotype.normalConcat, [2, 3, 4, 5]);
  assert.deepEqual(validateGenotype(genotype), []);
  // A lower threshold lets node 3's best input through.
  assert.deepEqual(deriveFairDartsCell(w, 'threshold_sparse', { threshold: 0.8 }).slice(2, 3), [['max_pool_3x3', 3, 0]]);
});

test('FairDARTS threshold_edge takes the two largest ops of every input, second-largest first', () => {
  const P = FAIRDARTS_PRIMITIVES;
  const w = matrix(P, 0.1);
  set(w, P, 0, { sep_conv_3x3: 0.9, dil_conv_3x3: 0.95 });
  set(w, P, 1, { skip_connect: 0.86 }); // the runner-up (0.1) is below the threshold
  w[2] = P.map(() => 0.9); // all equal: the stable ascending sort puts the last two columns on top
  set(w, P, 3, { max_pool_3x3: 0.99, avg_pool_3x3: 0.99 });

  assert.deepEqual(deriveFairDartsCell(w, 'threshold_edge'), [
    ['sep_conv_3x3', 2, 0],
    ['dil_conv_3x3', 2, 0],
    ['skip_connect', 2, 1],
    ['dil_conv_3x3', 3, 0],
    ['dil_conv_5x5', 3, 0],
    ['max_pool_3x3', 3, 1],
    ['avg_pool_3x3', 3, 1],
  ]);
});

test("FairDARTS 'darts' method excludes no op, and method names resolve like FairDARTS' dispatch", () => {
  const w = matrix(DARTS_PRIMITIVES, 0.1);
  set(w, DARTS_PRIMITIVES, 0, { none: 0.9 });
  const options = { primitives: DARTS_PRIMITIVES };
  assert.deepEqual(deriveFairDartsCell(w, 'darts', options)[0], ['none', 0]);
  assert.deepEqual(deriveDartsCell(w, options)[0], ['max_pool_3x3', 0]);
  assert.equal(
    deriveFairDartsGenotype({ normal: sigmoidMatrix(matrix(FAIRDARTS_PRIMITIVES, 0)), reduce: matrix(FAIRDARTS_PRIMITIVES, 0) }, 'darts').kind,
    'darts',
  );

  assert.equal(resolveFairDartsParseMethod('threshold_sparse'), 'threshold_sparse');
  assert.equal(resolveFairDartsParseMethod('my_threshold_edge_run'), 'threshold_edge');
  assert.throws(() => deriveFairDartsCell(w, 'threshold', options), /not a search-time method/);
  assert.throws(() => resolveFairDartsParseMethod('sparse'), /unknown FairDARTS parse method/);
});

test('weight shapes are checked', () => {
  assert.throws(() => deriveDartsCell(matrix(DARTS_PRIMITIVES, 0).slice(1)), /expected 14 weight rows/);
  assert.throws(() => deriveDartsCell(matrix(FAIRDARTS_PRIMITIVES, 0)), /row 0 has 7 columns; expected 8/);
  assert.throws(() => deriveDartsCell([[NaN]], { primitives: ['a'], steps: 1 }), /expected 2 weight rows/);
  const nan = matrix(DARTS_PRIMITIVES, 0);
  nan[3]![2] = NaN;
  assert.throws(() => deriveDartsCell(nan), /weight \[3\]\[2\] is not a number/);
  assert.deepEqual(sigmoidMatrix([[0]]), [[0.5]]);
});

test('NB201 derivation takes the argmax over all ops, none included', () => {
  const rows = Array.from({ length: 6 }, () => [0, 0, 0, 0.5, 0]); // nor_conv_3x3 everywhere
  rows[0] = [0.9, 0, 0, 0, 0]; // none wins edge 1←0
  rows[5] = [0, 0.3, 0.3, 0, 0]; // tie: skip_connect (first column) wins edge 3←2
  assert.equal(formatNb201Arch(deriveNb201Arch(rows)), '|none~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|nor_conv_3x3~0|nor_conv_3x3~1|skip_connect~2|');
});
