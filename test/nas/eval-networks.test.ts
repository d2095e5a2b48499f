// Evaluation networks (spec §7, §9, §11.5): state_dict keys and shapes of the published checkpoints, and numerical
// agreement with a PyTorch implementation written from the spec (test/reference/darts_model.py), both ways:
// PyTorch checkpoints load into NetworkCIFAR (strict) and reproduce PyTorch's logits; checkpoints we save load
// strictly in PyTorch and reproduce ours. Eval mode (running statistics) and train mode (batch statistics,
// auxiliary head, running-statistic updates) are both compared.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { loadStateDict, loadTorchCheckpoint, type PickleTree, saveTorchStateDict } from '../../src/io/index.js';
import { isTensor, manualSeed, noGrad, randn, rand, type Tensor, tidy } from '../../src/index.js';
import { BatchNorm2d, type Module } from '../../src/nn/index.js';
import type { AnyGenotype } from '../../src/nas/genotype/genotype.js';
import { zooGenotype } from '../../src/nas/genotype/zoo.js';
import { DartsCell, DcoCell } from '../../src/nas/eval/cells.js';
import { networkGenes } from '../../src/nas/eval/from-genotype.js';
import { type EvalNetwork, NetworkCIFAR, NetworkImageNet } from '../../src/nas/eval/networks.js';
import { pythonSkip, runPythonJson } from '../helpers/python.js';

function genotype(name: string): AnyGenotype {
  const g = zooGenotype(name);
  if (g.kind === 'nb201') throw new Error(`${name} is not a DARTS-space genotype`);
  return g;
}

function cifar(name: string, channels: number, layers: number, numClasses = 10, auxiliary = true): NetworkCIFAR {
  return new NetworkCIFAR({ channels, layers, numClasses, auxiliary, genes: networkGenes(genotype(name)) });
}

function shapes(net: Module): Map<string, number[]> {
  return new Map([...net.stateDict()].map(([k, t]) => [k, [...t.shape]]));
}

function maxAbsDiff(a: Tensor, b: Tensor): number {
  assert.deepEqual([...a.shape], [...b.shape], 'shapes differ');
  const x = a.dataNumbers(),
    y = b.dataNumbers();
  let m = 0;
  for (let i = 0; i < x.length; i++) m = Math.max(m, Math.abs(x[i]! - y[i]!));
  return m;
}

function assertClose(a: Tensor, b: Tensor, atol: number, what: string): void {
  const d = maxAbsDiff(a, b);
  assert.ok(d <= atol, `${what}: max |diff| ${d.toExponential(3)} > ${atol}`);
}

function disposeTree(v: PickleTree | undefined): void {
  if (isTensor(v)) v.dispose();
  else if (Array.isArray(v)) v.forEach(disposeTree);
  else if (v instanceof Map) v.forEach((x) => disposeTree(x));
}

// --- §9: keys and shapes of the real-size networks (no PyTorch needed) -------------------------------------------

describe('state_dict keys and shapes (spec §9)', () => {
  test('DARTS_V2, C=36, L=20, auxiliary: 1650 entries, 927 trainable tensors, 1409 without num_batches_tracked', () => {
    const net = cifar('DARTS_V2', 36, 20);
    const s = shapes(net);
    assert.equal(s.size, 1650);
    assert.equal(net.parameters().length, 927);
    assert.equal([...s.keys()].filter((k) => !k.endsWith('num_batches_tracked')).length, 1409);
    const want: [string, number[]][] = [
      // §9.1 top level
      ['stem.0.weight', [108, 3, 3, 3]],
      ['stem.1.weight', [108]],
      ['stem.1.bias', [108]],
      ['stem.1.running_mean', [108]],
      ['stem.1.running_var', [108]],
      ['stem.1.num_batches_tracked', []],
      ['cells.0.preprocess0.op.1.weight', [36, 108, 1, 1]],
      ['cells.0.preprocess0.op.2.running_var', [36]],
      ['cells.0.preprocess1.op.1.weight', [36, 108, 1, 1]],
      ['cells.1.preprocess0.op.1.weight', [36, 108, 1, 1]],
      ['cells.1.preprocess1.op.1.weight', [36, 144, 1, 1]],
      ['cells.6.preprocess0.op.1.weight', [72, 144, 1, 1]],
      ['cells.7.preprocess0.conv_1.weight', [36, 144, 1, 1]],
      ['cells.7.preprocess0.conv_2.weight', [36, 144, 1, 1]],
      ['cells.7.preprocess0.bn.weight', [72]],
      ['cells.7.preprocess0.bn.num_batches_tracked', []],
      ['cells.7.preprocess1.op.1.weight', [72, 288, 1, 1]],
      ['cells.13.preprocess0.op.1.weight', [144, 288, 1, 1]],
      ['cells.14.preprocess0.conv_1.weight', [72, 288, 1, 1]],
      ['cells.14.preprocess1.op.1.weight', [144, 576, 1, 1]],
      ['auxiliary_head.features.2.weight', [128, 576, 1, 1]],
      ['auxiliary_head.features.3.running_mean', [128]],
      ['auxiliary_head.features.5.weight', [768, 128, 2, 2]],
      ['auxiliary_head.features.6.weight', [768]],
      ['auxiliary_head.features.6.num_batches_tracked', []],
      ['auxiliary_head.classifier.weight', [10, 768]],
      ['auxiliary_head.classifier.bias', [10]],
      ['classifier.weight', [10, 576]],
      ['classifier.bias', [10]],
      // §9.3 op suffixes: sep_conv_3x3 at position 0, dil_conv_3x3 at position 7 (node 5 <- node 2)
      ['cells.0._ops.0.op.1.weight', [36, 1, 3, 3]],
      ['cells.0._ops.0.op.2.weight', [36, 36, 1, 1]],
      ['cells.0._ops.0.op.3.running_mean', [36]],
      ['cells.0._ops.0.op.5.weight', [36, 1, 3, 3]],
      ['cells.0._ops.0.op.6.weight', [36, 36, 1, 1]],
      ['cells.0._ops.0.op.7.bias', [36]],
      ['cells.0._ops.7.op.1.weight', [36, 1, 3, 3]],
      ['cells.0._ops.7.op.2.weight', [36, 36, 1, 1]],
      ['cells.0._ops.7.op.3.num_batches_tracked', []],
      ['cells.19._ops.4.op.1.weight', [144, 1, 3, 3]],
    ];
    for (const [k, shape] of want) assert.deepEqual(s.get(k), shape, k);
    assert.equal(net.stateDict().get('stem.1.num_batches_tracked')!.dtype, 'int64');
    // positions 5, 6 are stride-1 skips (no keys); dil_conv has no second block; pools/identity have no keys
    for (const k of ['cells.0._ops.5.', 'cells.0._ops.6.', 'cells.0._ops.7.op.5.', 'cells.6._ops.', 'cells.13._ops.', 'global_pooling'])
      assert.ok(![...s.keys()].some((x) => x.startsWith(k)), `no key starts with ${k}`);
    // every DARTS_V2 reduction op is a pool or a skip: the reduction cells have only preprocessing keys
    assert.deepEqual(
      [...s.keys()]
        .filter((k) => k.startsWith('cells.6.'))
        .map((k) => k.split('.').slice(2, 4).join('.'))
        .filter((v, i, a) => a.indexOf(v) === i),
      ['preprocess0.op', 'preprocess1.op'],
    );
    net.dispose();
  });

  test('DARTS_V1: 1524 entries; FairDARTS_a (DCO cell): 1090 entries and the §9.3 example keys', () => {
    const v1 = cifar('DARTS_V1', 36, 20);
    assert.equal(v1.stateDict().size, 1524);
    v1.dispose();
    const a = cifar('FairDARTS_a', 36, 20);
    const s = shapes(a);
    assert.equal(s.size, 1090);
    assert.deepEqual(s.get('cells.0._ops.2.0.0.op.1.weight'), [36, 1, 3, 3]); // node 2 <- node 0, sep_conv_3x3
    assert.deepEqual(s.get('cells.0._ops.2.1.0.op.1.weight'), [36, 1, 5, 5]); // node 2 <- node 1, sep_conv_5x5
    assert.deepEqual(s.get('cells.6._ops.5.0.0.conv_1.weight'), [36, 72, 1, 1]); // reduction, node 5 <- 0, stride-2 skip
    assert.deepEqual(s.get('cells.6._ops.3.1.0.op.1.weight'), [72, 1, 5, 5]); // dil_conv_5x5, stride 2
    // normal cells have nodes {2, 4, 5}: 3·C output channels
    assert.deepEqual(s.get('cells.1.preprocess1.op.1.weight'), [36, 108, 1, 1]);
    assert.deepEqual(s.get('cells.6.preprocess0.op.1.weight'), [72, 108, 1, 1]);
    assert.deepEqual(s.get('cells.7.preprocess0.conv_1.weight'), [36, 108, 1, 1]);
    assert.deepEqual(s.get('auxiliary_head.features.2.weight'), [128, 576, 1, 1]); // reduction cells have 4 nodes
    assert.deepEqual(s.get('classifier.weight'), [10, 432]);
    a.dispose();
  });

  test('NetworkImageNet DARTS_V2 (C=48, L=14): stem and head keys, no features.6 in the auxiliary head', () => {
    const net = new NetworkImageNet({ channels: 48, layers: 14, numClasses: 1000, auxiliary: true, genes: networkGenes(genotype('DARTS_V2')) });
    const s = shapes(net);
    const want: [string, number[]][] = [
      ['stem0.0.weight', [24, 3, 3, 3]],
      ['stem0.1.running_var', [24]],
      ['stem0.3.weight', [48, 24, 3, 3]],
      ['stem0.4.weight', [48]],
      ['stem1.1.weight', [48, 48, 3, 3]],
      ['stem1.2.num_batches_tracked', []],
      ['cells.0.preprocess0.conv_1.weight', [24, 48, 1, 1]],
      ['cells.0.preprocess1.op.1.weight', [48, 48, 1, 1]],
      ['cells.5.preprocess0.conv_1.weight', [48, 192, 1, 1]],
      ['auxiliary_head.features.2.weight', [128, 768, 1, 1]],
      ['auxiliary_head.features.5.weight', [768, 128, 2, 2]],
      ['auxiliary_head.classifier.weight', [1000, 768]],
      ['classifier.weight', [1000, 768]],
    ];
    for (const [k, shape] of want) assert.deepEqual(s.get(k), shape, k);
    assert.ok(![...s.keys()].some((k) => k.startsWith('auxiliary_head.features.6')));
    assert.ok(![...s.keys()].some((k) => k.startsWith('stem.')));
    assert.equal(
      net.numParameters((n) => !n.includes('auxiliary')),
      4718752,
    );
    net.dispose();
  });
});

// --- drop path (§7.1: per branch, identity exempt; §11.5: per node, identity included) --------------------------

describe('drop path in train mode', () => {
  const P = 0.5,
    N = 16;

  /** Per sample n: whether y[n] is 0 (dropped) or full[n] / (1 − p) (kept); throws if it is neither. */
  function keptPerSample(y: Tensor, full: Tensor): boolean[] {
    const per = y.numel / N;
    const a = y.dataNumbers(),
      b = full.dataNumbers();
    return Array.from({ length: N }, (_, n) => {
      let zero = 0,
        kept = 0;
      for (let i = n * per; i < (n + 1) * per; i++) {
        zero = Math.max(zero, Math.abs(a[i]!));
        kept = Math.max(kept, Math.abs(a[i]! - b[i]! / (1 - P)));
      }
      assert.ok(zero < 1e-5 || kept < 1e-4, `sample ${n}: neither dropped nor kept-and-scaled`);
      return kept < 1e-4;
    });
  }

  test('DARTS cell: identity skips are never dropped; other branches are dropped per sample and scaled by 1/(1 − p)', () => {
    manualSeed(12);
    tidy(() => {
      const s0 = randn([N, 8, 8, 8]),
        s1 = randn([N, 8, 8, 8]);
      const identity = new DartsCell(
        {
          kind: 'darts',
          concat: [2, 3, 4, 5],
          genes: [
            ['skip_connect', 0],
            ['skip_connect', 1],
            ['skip_connect', 0],
            ['skip_connect', 2],
            ['skip_connect', 1],
            ['skip_connect', 3],
            ['skip_connect', 4],
            ['skip_connect', 2],
          ],
        },
        8,
        8,
        4,
        false,
        false,
      );
      assert.equal(maxAbsDiff(identity.forward(s0, s1, 0.9), identity.forward(s0, s1, 0)), 0, 'identity branches are exempt');
      // node 2 = avg_pool(pre0(s0)) [dropped per sample] + pre1(s1) [identity, never dropped]
      const cell = new DartsCell(
        {
          kind: 'darts',
          concat: [2],
          genes: [
            ['avg_pool_3x3', 0],
            ['skip_connect', 1],
          ],
        },
        8,
        8,
        4,
        false,
        false,
      );
      const id = (cell.child('preprocess1') as unknown as { forward(x: Tensor): Tensor }).forward(s1);
      const full = cell.forward(s0, s1, 0).sub(id);
      const kept = keptPerSample(cell.forward(s0, s1, P).sub(id), full);
      assert.ok(kept.some((k) => k) && kept.some((k) => !k), `both kept and dropped samples (${kept})`);
      // a stride-2 skip (FactorizedReduce) is not an identity: it is dropped
      const red = new DartsCell(
        {
          kind: 'darts',
          concat: [2],
          genes: [
            ['skip_connect', 0],
            ['skip_connect', 1],
          ],
        },
        8,
        8,
        4,
        true,
        false,
      );
      assert.ok(maxAbsDiff(red.forward(s0, s1, P), red.forward(s0, s1, 0)) > 1e-3);
      // never in eval mode
      cell.eval();
      assert.equal(maxAbsDiff(cell.forward(s0, s1, P), cell.forward(s0, s1, 0)), 0, 'no drop path in eval mode');
    });
  });

  test('DCO cell: drop path per node output, identity-only nodes included', () => {
    manualSeed(13);
    tidy(() => {
      const s0 = randn([N, 8, 8, 8]),
        s1 = randn([N, 8, 8, 8]);
      const cell = new DcoCell(
        {
          kind: 'dco',
          edges: [
            ['skip_connect', 2, 0],
            ['skip_connect', 3, 1],
          ],
        },
        8,
        8,
        4,
        false,
        false,
      );
      const full = cell.forward(s0, s1, 0);
      const y = cell.forward(s0, s1, P);
      const kept2 = keptPerSample(y.narrow(1, 0, 4).contiguous(), full.narrow(1, 0, 4).contiguous());
      const kept3 = keptPerSample(y.narrow(1, 4, 4).contiguous(), full.narrow(1, 4, 4).contiguous());
      assert.ok(kept2.some((k) => !k) && kept3.some((k) => !k), 'identity-only nodes are dropped');
      assert.ok(
        kept2.some((k, n) => k !== kept3[n]),
        'each node draws its own mask',
      );
    });
  });
});

// --- against the PyTorch reference ------------------------------------------------------------------------------

const skip = pythonSkip();

interface KeysInfo {
  keys: string[];
  shapes: number[][];
  trainable: number;
  params: number;
  params_excl_aux: number;
}

describe('the PyTorch reference model (test/reference/darts_model.py)', { skip }, () => {
  // Genotypes covering: 4-node DARTS cell; 5-node cell with a 3-node reduce concat and sep_conv_7x7 (NASNet);
  // conv_7x1_1x7 and concat lists without node 2 (AmoebaNet); DCO cells with 3-node normal cells (FairDARTS_a),
  // an edge from an absent node (FairDARTS_c) and several ops per edge (DCO_EDGE_BS_64).
  const GENOTYPES = ['DARTS_V2', 'NASNet', 'AmoebaNet', 'FairDARTS_a', 'FairDARTS_c', 'DCO_EDGE_BS_64'];
  // Small networks: C = 8, 5 cells (reductions at 1 and 3, auxiliary head after cell 3 on an 8×8 map).
  const C = 8,
    LAYERS = 5,
    CLASSES = 10,
    BATCH = 4,
    SIZE = 32;
  let dir = '';
  let input: Tensor;

  // Real-size configurations whose full key lists (order included) and shapes are compared with PyTorch's.
  const NETS = [
    { name: 'DARTS_V2', genotype: 'DARTS_V2', C: 36, layers: 20, classes: 10 },
    { name: 'FairDARTS_a', genotype: 'FairDARTS_a', C: 36, layers: 20, classes: 10 },
    { name: 'imagenet', genotype: 'DARTS_V2', C: 48, layers: 14, classes: 1000, family: 'imagenet' },
  ];
  let refKeys: Record<string, KeysInfo>;

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'tsnas-evalnet-'));
    refKeys = runPythonJson<{ keys: Record<string, KeysInfo> }>('darts_model.py', ['make'], {
      input: JSON.stringify({ dir, seed: 7, C, layers: LAYERS, classes: CLASSES, batch: BATCH, size: SIZE, genotypes: GENOTYPES, nets: NETS }),
    }).keys;
    const x = loadTorchCheckpoint(join(dir, 'input.pt'));
    assert.ok(isTensor(x));
    input = x.keep();
  });
  after(() => {
    input?.dispose();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test("full key lists and shapes equal PyTorch's for the published configurations", () => {
    const nets = NETS as { name: string; genotype: string; C: number; layers: number; classes: number; family?: string }[];
    const ref = refKeys;
    for (const n of nets) {
      const opts = { channels: n.C, layers: n.layers, numClasses: n.classes, auxiliary: true, genes: networkGenes(genotype(n.genotype)) };
      const net: EvalNetwork = n.family === 'imagenet' ? new NetworkImageNet(opts) : new NetworkCIFAR(opts);
      const s = shapes(net);
      const r = ref[n.name]!;
      assert.deepEqual([...s.keys()], r.keys, `${n.name}: keys (in order)`);
      assert.deepEqual([...s.values()], r.shapes, `${n.name}: shapes`);
      assert.equal(net.parameters().length, r.trainable, `${n.name}: trainable tensors`);
      assert.equal(net.numParameters(), r.params, `${n.name}: parameters`);
      assert.equal(
        net.numParameters((k) => !k.includes('auxiliary')),
        r.params_excl_aux,
        `${n.name}: parameters excl. aux`,
      );
      net.dispose();
    }
  });

  interface Outputs {
    eval: Tensor;
    train: Tensor;
    trainAux: Tensor;
    stateAfterTrain: Map<string, Tensor>;
  }

  function readOutputs(file: string): Outputs {
    const o = loadTorchCheckpoint(file);
    assert.ok(o instanceof Map);
    const sd = o.get('state_after_train');
    assert.ok(sd instanceof Map);
    return {
      eval: o.get('eval') as Tensor,
      train: o.get('train') as Tensor,
      trainAux: o.get('train_aux') as Tensor,
      stateAfterTrain: sd as Map<string, Tensor>,
    };
  }

  function ourOutputs(net: NetworkCIFAR): Outputs {
    net.eval();
    const ev = noGrad(() => net.forward(input));
    assert.equal(ev.logitsAux, undefined, 'no auxiliary logits in eval mode');
    net.train();
    net.dropPathProb = 0;
    const tr = noGrad(() => net.forward(input));
    assert.ok(tr.logitsAux, 'auxiliary logits in train mode');
    const state = new Map([...net.stateDict()].map(([k, t]) => [k, t.clone()]));
    return { eval: ev.logits, train: tr.logits, trainAux: tr.logitsAux!, stateAfterTrain: state };
  }

  function compare(ours: Outputs, ref: Outputs, what: string): void {
    assertClose(ours.eval, ref.eval, 1e-4, `${what}: eval logits`);
    assertClose(ours.train, ref.train, 1e-4, `${what}: train-mode logits (batch statistics)`);
    assertClose(ours.trainAux, ref.trainAux, 1e-4, `${what}: train-mode auxiliary logits`);
    assert.deepEqual([...ours.stateAfterTrain.keys()], [...ref.stateAfterTrain.keys()], `${what}: state keys`);
    for (const [k, t] of ref.stateAfterTrain) {
      const mine = ours.stateAfterTrain.get(k)!;
      if (k.endsWith('num_batches_tracked')) assert.equal(mine.item(), t.item(), `${what}: ${k}`);
      else assertClose(mine, t, 1e-5, `${what}: ${k} after one train-mode forward`);
    }
    // the outputs are not trivially equal: eval and train logits differ, so both BN modes were exercised
    assert.ok(maxAbsDiff(ref.eval, ref.train) > 1e-2, `${what}: eval and train logits should differ`);
  }

  for (const name of GENOTYPES) {
    test(`${name}: a PyTorch state_dict loads strictly and reproduces PyTorch's outputs (eval, train, aux, BN updates)`, () => {
      tidy(() => {
        const net = cifar(name, C, LAYERS, CLASSES);
        const sd = loadStateDict(join(dir, `${name}.pt`));
        const res = net.loadStateDict(sd, { strict: true });
        assert.deepEqual(res, { missingKeys: [], unexpectedKeys: [] });
        assert.equal(net.stateDict().get('stem.1.num_batches_tracked')!.item(), 7);
        compare(ourOutputs(net), readOutputs(join(dir, `${name}.out.pt`)), name);
        sd.forEach((t) => t.dispose());
        net.dispose();
      });
    });
  }

  test('a legacy-format checkpoint without num_batches_tracked and with a "module." prefix loads (DARTS_V2, NASNet)', () => {
    for (const name of ['DARTS_V2', 'NASNet']) {
      tidy(() => {
        const sd = loadStateDict(join(dir, `${name}.legacy.pt`));
        assert.ok([...sd.keys()].every((k) => !k.startsWith('module.') && !k.endsWith('num_batches_tracked')));
        const net = cifar(name, C, LAYERS, CLASSES);
        const res = net.loadStateDict(sd, { strict: true });
        assert.deepEqual(res.unexpectedKeys, []);
        assert.ok(res.missingKeys.every((k) => k.endsWith('num_batches_tracked')));
        // also through Module.loadStateDict's own prefix handling (keys kept by the loader)
        const raw = loadStateDict(join(dir, `${name}.legacy.pt`), { stripPrefix: false });
        assert.ok([...raw.keys()].every((k) => k.startsWith('module.')));
        const net2 = cifar(name, C, LAYERS, CLASSES);
        net2.loadStateDict(raw, { strict: true });
        const ref = readOutputs(join(dir, `${name}.out.pt`));
        for (const m of [net, net2]) {
          m.eval();
          assertClose(noGrad(() => m.forward(input)).logits, ref.eval, 1e-4, `${name} (legacy): eval logits`);
        }
        [sd, raw].forEach((d) => d.forEach((t) => t.dispose()));
        net.dispose();
        net2.dispose();
      });
    }
  });

  test('a FairDARTS train.py checkpoint dict ({epoch, state_dict, ...}) loads through its state_dict key', () => {
    tidy(() => {
      const sd = loadStateDict(join(dir, 'FairDARTS_a.ckpt.pt'));
      const net = cifar('FairDARTS_a', C, LAYERS, CLASSES);
      net.loadStateDict(sd, { strict: true });
      net.eval();
      const ref = readOutputs(join(dir, 'FairDARTS_a.out.pt'));
      assertClose(noGrad(() => net.forward(input)).logits, ref.eval, 1e-4, 'FairDARTS_a (checkpoint dict)');
      sd.forEach((t) => t.dispose());
      net.dispose();
    });
  });

  test('strict loading rejects a checkpoint of another genotype', () => {
    tidy(() => {
      const sd = loadStateDict(join(dir, 'DARTS_V2.pt'));
      const net = cifar('NASNet', C, LAYERS, CLASSES);
      assert.throws(() => net.loadStateDict(sd, { strict: true }), /missing key|unexpected key|size mismatch/);
      sd.forEach((t) => t.dispose());
      net.dispose();
    });
  });

  test('our state_dicts (saveTorchStateDict) load strictly in PyTorch and reproduce our outputs', () => {
    manualSeed(11);
    const ours = new Map<string, Outputs>();
    for (const name of GENOTYPES) {
      const net = cifar(name, C, LAYERS, CLASSES);
      // non-trivial BN parameters and statistics, as on the Python side
      noGrad(() => {
        for (const m of net.modules()) {
          if (!(m instanceof BatchNorm2d)) continue;
          const n = m.numFeatures;
          m.weight?.copy_(tidy(() => rand([n]).add(0.5)));
          m.bias?.copy_(tidy(() => randn([n]).mul(0.1)));
          m.runningMean!.copy_(tidy(() => randn([n]).mul(0.1)));
          m.runningVar!.copy_(tidy(() => rand([n]).add(0.5)));
          m.numBatchesTracked!.fill_(3);
        }
      });
      saveTorchStateDict(join(dir, `${name}.ts.pt`), net.stateDict());
      ours.set(name, ourOutputs(net));
      net.dispose();
    }
    const r = runPythonJson<Record<string, { missing: string[]; unexpected: string[]; dtypes: string[] }>>('darts_model.py', ['check'], {
      input: JSON.stringify({ dir, C, layers: LAYERS, classes: CLASSES, genotypes: GENOTYPES }),
    });
    for (const name of GENOTYPES) {
      assert.deepEqual(r[name], { missing: [], unexpected: [], dtypes: ['torch.float32', 'torch.int64'] }, name);
      const ref = readOutputs(join(dir, `${name}.ts-out.pt`));
      compare(ours.get(name)!, ref, `${name} (ours in PyTorch)`);
      disposeTree(ref.stateAfterTrain as unknown as PickleTree);
    }
  });
});
