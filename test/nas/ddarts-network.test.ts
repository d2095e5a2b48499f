// D-DARTS evaluation networks (spec ddarts-dartopti §2.2, §6, §7, §16): the new ops' parameter formulas, the
// automatic-derivation table, parameter and MAC counts of the published genotypes, state_dict keys, reductions.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildDDartsNetwork, DDartsNetworkCIFAR } from '../../src/nas/ddarts/network.js';
import { derivedGeneIndex, derivedGeneSequence, padForReductions, planCells } from '../../src/nas/cell-plan.js';
import { countModel } from '../../src/nas/eval/count.js';
import { zooGenotypeOfKind, type NestedGenotype } from '../../src/nas/genotype/index.js';
import { createOp } from '../../src/nas/ops/operations.js';
import { NetworkCIFAR, NetworkImageNet } from '../../src/nas/eval/networks.js';
import { functional as F, preferredMemoryFormat, withFastPaths } from '../../src/nn/index.js';
import { manualSeed, noGrad, randint, randn, tidy } from '../../src/tensor/index.js';
import { buildEvalNetwork } from '../../src/train/arch.js';

const nested = (name: string): NestedGenotype => zooGenotypeOfKind(name, 'nested');

test('the DARTOpti ops: parameter formulas of spec §2.2 and output shapes at stride 1 and 2', () => {
  const C = 8;
  const formulas: [string, number][] = [
    ['conv_3x1_1x3', 6 * C * C + 2 * C],
    ['conv_7x1_1x7', 14 * C * C + 2 * C],
    ['simple_conv_1x1', 1 * C * C + 2 * C],
    ['simple_conv_3x3', 9 * C * C + 2 * C],
    ['simple_conv_5x5', 25 * C * C + 2 * C],
    ['bottleneck_1x3x1', 18 * C * C + 14 * C],
    ['sep_conv_3x3', 2 * (9 * C + C * C + 2 * C)],
    ['dil_conv_5x5', 25 * C + C * C + 2 * C],
  ];
  for (const [name, params] of formulas) {
    for (const stride of [1, 2]) {
      const op = createOp(name, C, stride, true);
      assert.equal(op.numParameters(), params, `${name} params`);
      const shape = tidy(() => noGrad(() => op.forward(randn([2, C, 8, 8])).shape));
      assert.deepEqual(shape, [2, C, 8 / stride, 8 / stride], `${name} stride ${stride}`);
      op.dispose();
    }
  }
  // Reference child names (state_dict keys): RectConv and ResConv under `op.`, conv_7x1_1x7 bare.
  const keys = (name: string): string[] => [...createOp(name, 4, 1, true).stateDict().keys()].filter((k) => k.endsWith('weight'));
  assert.deepEqual(keys('conv_3x1_1x3'), ['op.1.weight', 'op.2.weight', 'op.3.weight']);
  assert.deepEqual(keys('bottleneck_1x3x1'), [
    'op.1.weight',
    'op.2.weight',
    'op.3.weight',
    'op.4.weight',
    'op.5.weight',
    'op.6.weight',
    'op.8.weight',
    'op.9.weight',
  ]);
  assert.deepEqual(keys('conv_7x1_1x7'), ['1.weight', '2.weight', '3.weight']);
  assert.deepEqual(keys('simple_conv_3x3'), ['op.1.weight', 'op.2.weight']);
});

test('automatic derivation reproduces the spec §7 table (G = 8)', () => {
  const table: [number, string][] = [
    [8, '0 1 2 3 4 5 6 7'],
    [10, '0 0 0 2 3 4 5 7 6 7'],
    [12, '0 0 0 1 2 4 3 4 5 7 6 7'],
    [14, '0 0 0 1 2 4 3 4 3 5 6 7 6 7'],
    [16, '0 0 0 1 1 2 3 4 3 4 5 7 6 7 6 7'],
    [20, '0 0 0 1 1 1 2 4 3 4 3 4 3 5 6 7 6 7 6 7'],
    [21, '0 0 0 1 1 1 2 2 3 4 3 4 3 4 5 7 6 7 6 7 6'],
    [30, '0 0 0 1 1 1 2 2 0 0 2 4 3 4 3 4 3 4 3 4 5 7 6 7 6 7 6 7 6 7'],
  ];
  for (const [layers, genes] of table) assert.equal(derivedGeneSequence(layers, 8).join(' '), genes, `L = ${layers}`);
  // The searched reduction genes ⌊G/3⌋ = 2 and ⌊2G/3⌋ = 5 sit at ⌊L/3⌋ and ⌊2L/3⌋.
  assert.equal(derivedGeneIndex(6, 20, 8), 2);
  assert.equal(derivedGeneIndex(13, 20, 8), 5);
  assert.deepEqual(derivedGeneSequence(5, 8), [0, 1, 2, 3, 4]);
  // m₁ = ⌊2G/3⌋ − 1 − ⌊G/3⌋ = 0 for G = 3: the reference divides by zero.
  assert.throws(() => derivedGeneSequence(6, 3), /normal gene between the two reduction genes/);
  // Reductions of a derived network: the file's (reference) or ⌊L/3⌋, ⌊2L/3⌋ (paper, default).
  assert.deepEqual(planCells(20, 8, [2, 6], 'reference').reductions, [2, 6]);
  assert.deepEqual(planCells(20, 8, [2, 6]).reductions, [6, 13]);
  assert.deepEqual(planCells(8, 8, [2, 6]).reductions, [2, 6]);
  assert.throws(() => planCells(8, 4, [1, 2, 3]), /not implemented for a genotype with 3 reductions .* use --layers 4/);
});

test('parameter counts of spec §16 (DARTOpti genotypes, C = 64)', () => {
  const rows: [string, 'cifar' | 'imagenet', number, number][] = [
    ['ResNet18_cifar10_threshold_sparse_0.85', 'cifar', 10, 36.319],
    ['ResNet50_cifar10_threshold_sparse_0.85', 'cifar', 10, 71.237],
    ['ResNet18_cifar100_threshold_sparse_0.85', 'imagenet', 1000, 53.384],
    ['ResNet50_cifar100_threshold_sparse_0.85', 'imagenet', 1000, 73.227],
  ];
  for (const [name, family, numClasses, millions] of rows) {
    const net = buildDDartsNetwork(family, { channels: 64, layers: 4, numClasses, auxiliary: false, genotype: nested(name) });
    assert.equal(Math.round(net.numParameters() / 1e3), Math.round(millions * 1e3), name);
    net.dispose();
  }
});

test('D-DARTS counts of spec §16: params with/without the auxiliary head and MACs, also for the derived 20-cell network', () => {
  const g = nested('D-DARTS_threshold_sparse_cifar10_0.85_50');
  const count = (layers: number, genotype: NestedGenotype, derivation?: 'paper' | 'reference') => {
    const net = buildDDartsNetwork('cifar', { channels: 36, layers, numClasses: 10, auxiliary: true, genotype, derivation });
    const c = countModel(net, [3, 32, 32]);
    net.dispose();
    return c;
  };
  const c8 = count(8, g);
  assert.equal(Math.round(c8.params / 1e3), 1244);
  assert.equal(Math.round(c8.paramsWithAux / 1e3), 1721);
  assert.equal(Math.round(c8.macs / 1e5), 2553);
  // "same, derived": the reference keeps the file's reductions [2, 6] in the 20-cell network.
  const c20 = count(20, g, 'reference');
  assert.equal(Math.round(c20.params / 1e3), 6425);
  assert.equal(Math.round(c20.paramsWithAux / 1e3), 6902);
  assert.equal(Math.round(c20.macs / 1e5), 5622);
  const abl = count(8, nested('D-DARTS_threshold_sparse_abl0.5_fair7_cifar100_0.85_50'));
  assert.equal(Math.round(abl.params / 1e3), 1307);
  assert.equal(Math.round(abl.paramsWithAux / 1e3), 1783);
});

test('cells follow their own genes: reductions from the genotype, multiplier = distinct target nodes, reference keys', () => {
  const g = nested('ResNet50_cifar10_threshold_sparse_0.85');
  const net = new DDartsNetworkCIFAR({ channels: 4, layers: 4, numClasses: 10, auxiliary: true, genotype: g });
  const keys = [...net.stateDict().keys()];
  // Gene 0 starts with ('bottleneck_1x3x1', 2, 0) → cells.0._ops.2.0.0.op.1.weight; cell 1 reduces (stride 2 on inputs 0, 1).
  assert.equal(g.genes[0]![0]![0], 'bottleneck_1x3x1');
  assert.ok(keys.includes(`cells.0._ops.${g.genes[0]![0]![1]}.${g.genes[0]![0]![2]}.0.op.9.running_mean`));
  // Cell 2 follows the reduction cell 1: its preprocess0 is a FactorizedReduce.
  assert.ok(keys.includes('cells.2.preprocess0.conv_1.weight'));
  assert.ok(keys.includes('cells.1.preprocess0.op.1.weight'));
  // Channels: C doubles at cells 1, 2, 3 → 8, 16, 32 per node; 6 nodes per cell; the classifier sees 6·32.
  assert.deepEqual(net.stateDict().get('classifier.weight')!.shape, [10, 192]);
  // Auxiliary head after the last reduction cell (3): 192 channels in.
  assert.deepEqual(net.stateDict().get('auxiliary_head.features.2.weight')!.shape, [128, 192, 1, 1]);
  const out = tidy(() => net.forward(randn([2, 3, 32, 32])));
  assert.deepEqual(out.logits.shape, [2, 10]);
  assert.deepEqual(out.logitsAux!.shape, [2, 10]);
  net.dispose();
});

test('ImageNet: the /4 stem (second stem0 conv stride 1) ends at 7×7 only with three reductions', () => {
  const r18 = buildEvalNetwork(nested('ResNet18_cifar100_threshold_sparse_0.85'), {
    family: 'imagenet',
    channels: 4,
    layers: 4,
    numClasses: 5,
    auxiliary: false,
  });
  assert.deepEqual(r18.stateDict().get('stem0.3.weight')!.shape, [4, 2, 3, 3]);
  r18.eval();
  assert.deepEqual(
    tidy(() => noGrad(() => r18.forward(randn([1, 3, 224, 224])).logits.shape)),
    [1, 5],
  );
  r18.dispose();
  const dd = buildEvalNetwork(nested('D-DARTS_threshold_sparse_cifar10_0.85_50'), {
    family: 'imagenet',
    channels: 4,
    layers: 8,
    numClasses: 5,
    auxiliary: false,
  });
  dd.eval();
  assert.throws(() => tidy(() => noGrad(() => dd.forward(randn([1, 3, 224, 224])))), /must be 7×7 .* this genotype has 2/);
  dd.dispose();
});

test('28×28 inputs (Fashion-MNIST) through three or four reductions: zero-padded to a multiple of 2^reductions', () => {
  for (const name of ['ResNet18_cifar10_threshold_sparse_0.85', 'Xception_cifar10_threshold_sparse_0.85']) {
    const g = nested(name);
    const net = new DDartsNetworkCIFAR({ channels: 2, layers: g.genes.length, numClasses: 10, auxiliary: true, genotype: g, inChannels: 1 });
    const out = tidy(() => {
      const o = net.forward(randn([2, 1, 28, 28]));
      return [o.logits.shape, o.logitsAux!.shape];
    });
    assert.deepEqual(
      out,
      [
        [2, 10],
        [2, 10],
      ],
      name,
    );
    net.dispose();
  }
  assert.deepEqual(
    tidy(() => padForReductions(randn([1, 1, 28, 28]), 3).shape),
    [1, 1, 32, 32],
  );
  assert.deepEqual(
    tidy(() => padForReductions(randn([1, 1, 28, 28]), 2).shape),
    [1, 1, 28, 28],
  );
});

test('a gene no cell can compute is rejected when the network is built', () => {
  const g = nested('Xception_cifar100_threshold_edge_0.85');
  assert.throws(
    () => buildDDartsNetwork('cifar', { channels: 4, layers: 13, numClasses: 10, auxiliary: false, genotype: g }),
    /cell 12 \(gene 12\): node 3 only reads nodes that have no value/,
  );
});

test('D-DARTS networks are the shared NetworkCIFAR / NetworkImageNet (memory format, BN counters); DCO cell sums in place give the same numbers', () => {
  const g = nested('D-DARTS_threshold_sparse_cifar10_0.85_50');
  const imagenet = buildEvalNetwork(g, { family: 'imagenet', channels: 4, layers: 8, numClasses: 5, auxiliary: true });
  assert.ok(imagenet instanceof NetworkImageNet);
  imagenet.dispose();
  const step = (inplace: boolean): number[][] =>
    withFastPaths({ inplace }, () => {
      manualSeed(5);
      const net = new DDartsNetworkCIFAR({ channels: 4, layers: 8, numClasses: 10, auxiliary: true, genotype: g });
      assert.ok(net instanceof NetworkCIFAR);
      assert.equal(net.memoryFormat, preferredMemoryFormat('cpu'));
      net.dropPathProb = 0.3;
      const out = tidy(() => {
        const x = randn([4, 3, 32, 32]),
          y = randint(0, 10, [4]);
        const o = net.forward(x);
        F.crossEntropy(o.logits, y).add(F.crossEntropy(o.logitsAux!, y).mul(0.4)).backward();
        return [o.logits.dataNumbers(), ...net.parameters().map((p) => p.grad!.dataNumbers())];
      });
      assert.equal(net.stateDict().get('stem.1.num_batches_tracked')!.item(), 1);
      net.dispose();
      return out;
    });
  assert.deepEqual(step(true), step(false));
});
