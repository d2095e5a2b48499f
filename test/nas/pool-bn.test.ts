// pt.darts' evaluation network (AugmentCNN, which DropNAS trains): pooling ops followed by an affine BN (poolBn
// 'affine'). Parameter counts against spec dropnas-evnas-nasbench201.md §1.6's table (computed there from the
// reference code), and a state_dict written by PyTorch from pt.darts' own module layout (test/reference/
// ptdarts_augment.py) loading into tsnas' network with the same logits.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { loadStateDict } from '../../src/io/index.js';
import { fromPtDartsStateDict, hasPtDartsNames, ptDartsKeyToTsnas } from '../../src/nas/eval/pt-darts.js';
import { formatGenotype } from '../../src/nas/genotype/format.js';
import { zooEntry, zooGenotype, zooGenotypeOfKind } from '../../src/nas/genotype/zoo.js';
import { noGrad, tensor } from '../../src/tensor/index.js';
import { buildEvalNetwork, resolveEvalArch } from '../../src/train/arch.js';
import { runEvaluation } from '../../src/train/evaluate.js';
import { resolveTrain } from '../../src/train/command-options.js';
import { syntheticData, tinyTrainFlags, tsnas, tsnasOk } from '../helpers/cli.js';
import { pythonSkip, runPythonJson } from '../helpers/python.js';

type Family = 'cifar' | 'imagenet';

function params(name: string, family: Family, numClasses: number, poolBn: 'none' | 'affine'): number {
  const [channels, layers] = family === 'imagenet' ? [48, 14] : [36, 20];
  const net = buildEvalNetwork(zooGenotype(name), { family, channels, layers, numClasses, auxiliary: true, poolBn });
  try {
    return net.numParameters((n) => !n.includes('auxiliary'));
  } finally {
    net.dispose();
  }
}

// Spec §1.6 verbatim: [zoo name, C10, C100, ImageNet (1000 classes)], quark0's network (no BN after pooling).
const QUARK0: [string, number, number, number][] = [
  ['DARTS_V1', 3_169_414, 3_221_344, 4_510_432],
  ['DARTS_V2', 3_349_342, 3_401_272, 4_718_752],
  ['EvNASA', 3_626_470, 3_678_400, 5_136_640],
  ['EvNASB', 3_827_782, 3_879_712, 5_318_176],
  ['EvNASC', 3_447_838, 3_499_768, 4_907_776],
  ['DropNAS_cifar10', 3_839_230, 3_891_160, 5_433_280],
  ['DropNAS_cifar100', 3_960_190, 4_012_120, 5_540_800],
];
// pt.darts' AugmentCNN (PoolBN affine): the table gives no ImageNet figure.
const PT_DARTS: [string, number, number][] = [
  ['DropNAS_cifar10', 3_839_662, 3_891_592],
  ['DropNAS_cifar100', 3_963_646, 4_015_576],
];

describe('parameter counts of spec dropnas §1.6', () => {
  for (const [name, c10, c100, imagenet] of QUARK0) {
    test(`${name}, quark0 network: C10 / C100 at C=36 L=20, ImageNet at C=48 L=14`, () => {
      assert.equal(params(name, 'cifar', 10, 'none'), c10);
      assert.equal(params(name, 'cifar', 100, 'none'), c100);
      assert.equal(params(name, 'imagenet', 1000, 'none'), imagenet);
    });
  }
  for (const [name, c10, c100] of PT_DARTS) {
    test(`${name}, pt.darts AugmentCNN (affine BN after pooling): C10 / C100`, () => {
      assert.equal(params(name, 'cifar', 10, 'affine'), c10);
      assert.equal(params(name, 'cifar', 100, 'affine'), c100);
    });
  }
  test('DropNAS and pt.darts zoo genotypes recommend the affine pooling BN; quark0 ones do not', () => {
    assert.equal(zooEntry('DropNAS_cifar10').settings.poolBn, 'affine');
    assert.equal(zooEntry('DropNAS_cifar100').settings.poolBn, 'affine');
    assert.equal(zooEntry('pt_darts_cifar10').settings.poolBn, 'affine');
    assert.equal(zooEntry('DARTS_V2').settings.poolBn, undefined);
    assert.equal(resolveEvalArch('DropNAS_cifar10').settings.poolBn, 'affine');
  });
});

describe("pt.darts' state_dict names", () => {
  test('each kind of key maps to its tsnas name (worked out from both module layouts, spec §2.6)', () => {
    const cases: [string, string][] = [
      ['stem.0.weight', 'stem.0.weight'],
      ['cells.0.preproc0.net.1.weight', 'cells.0.preprocess0.op.1.weight'],
      ['cells.2.preproc0.conv1.weight', 'cells.2.preprocess0.conv_1.weight'],
      ['cells.2.preproc0.bn.running_var', 'cells.2.preprocess0.bn.running_var'],
      ['cells.1.dag.0.1.0.net.0.net.1.weight', 'cells.1._ops.1.op.1.weight'],
      ['cells.1.dag.1.0.0.net.1.net.3.bias', 'cells.1._ops.2.op.7.bias'],
      ['cells.3.dag.3.1.0.net.2.weight', 'cells.3._ops.7.op.2.weight'],
      ['cells.1.dag.0.0.0.conv2.weight', 'cells.1._ops.0.conv_2.weight'],
      ['linear.bias', 'classifier.bias'],
      ['aux_head.net.5.weight', 'auxiliary_head.features.5.weight'],
      ['aux_head.linear.weight', 'auxiliary_head.classifier.weight'],
      ['module.linear.weight', 'classifier.weight'],
    ];
    for (const [from, to] of cases) assert.equal(ptDartsKeyToTsnas(from), to, from);
    assert.equal(ptDartsKeyToTsnas('cells.1.dag.0.0.0.bn.weight', true), 'cells.1._ops.0.1.weight');
    // DataParallel's `module.` prefix (pt.darts trains wrapped); a PoolBN edge (bn only) vs a FactorizedReduce (conv1 + bn)
    const t = tensor([1]);
    const parallel = new Map([
      ['module.cells.1.dag.0.0.0.bn.weight', t],
      ['module.cells.1.dag.0.1.0.conv1.weight', t],
      ['module.cells.1.dag.0.1.0.bn.weight', t],
    ]);
    assert.deepEqual(
      [...fromPtDartsStateDict(parallel).keys()],
      ['cells.1._ops.0.1.weight', 'cells.1._ops.1.conv_1.weight', 'cells.1._ops.1.bn.weight'],
    );
    t.dispose();
    assert.equal(hasPtDartsNames(['stem.0.weight', 'cells.0.preproc0.net.1.weight']), true);
    assert.equal(hasPtDartsNames(['stem.0.weight', 'cells.0.preprocess0.op.1.weight', 'classifier.weight']), false);
  });

  const skip = pythonSkip();
  const dir = mkdtempSync(join(tmpdir(), 'tsnas-ptdarts-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('a state_dict PyTorch wrote from pt.darts AugmentCNN loads with the same keys, shapes and logits', { skip }, () => {
    const genotype = zooGenotypeOfKind('DropNAS_cifar10', 'darts');
    const file = join(dir, 'augment.pt');
    const [channels, layers, numClasses] = [8, 5, 10];
    const ref = runPythonJson<{ shapes: Record<string, number[]>; input: number[]; logits: number[] }>('ptdarts_augment.py', [
      file,
      formatGenotype(genotype, 'nested'),
      String(channels),
      String(layers),
      String(numClasses),
    ]);
    const sd = loadStateDict(file);
    assert.ok(hasPtDartsNames(sd.keys()));
    const mapped = fromPtDartsStateDict(sd);
    const net = buildEvalNetwork(genotype, { family: 'cifar', channels, layers, numClasses, auxiliary: true, poolBn: 'affine' });
    try {
      const own = net.stateDict();
      assert.deepEqual([...mapped.keys()].sort(), [...own.keys()].sort());
      for (const [k, t] of own) assert.deepEqual(mapped.get(k)!.shape, t.shape, k);
      // the file holds exactly the keys and shapes PyTorch's module reported, none lost in the renaming
      assert.deepEqual(Object.fromEntries([...sd].map(([k, t]) => [k, [...t.shape]])), ref.shapes);
      assert.equal(mapped.size, sd.size);
      net.loadStateDict(mapped);
      net.eval();
      const logits = noGrad(() => net.forward(tensor(ref.input, { shape: [2, 3, 32, 32] })).logits);
      const got = logits.dataNumbers();
      logits.dispose();
      assert.equal(got.length, ref.logits.length);
      got.forEach((v, i) => assert.ok(Math.abs(v - ref.logits[i]!) < 1e-4, `logit ${i}: ${v} vs ${ref.logits[i]}`));
    } finally {
      net.dispose();
      for (const t of sd.values()) t.dispose();
    }
  });

  test('tsnas eval takes such a checkpoint with a DropNAS genotype: the affine pooling BN is chosen by itself', { skip }, async () => {
    const file = join(dir, 'augment.pt');
    const r = await runEvaluation({
      arch: 'DropNAS_cifar10',
      checkpoint: file,
      dataset: 'synthetic',
      synthetic: { size: 32, classes: 10, count: 8, channels: 3 },
      batchSize: 8,
      device: 'cpu',
      seed: 0,
      workers: 0,
    });
    assert.equal(r.channels, 8);
    assert.equal(r.layers, 5);
    assert.equal(r.samples, 8);
    assert.deepEqual(r.missingKeys, []);
  });
});

describe('which network a genotype gets, and the record of it', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tsnas-poolbn-runs-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const cli = (values: Record<string, unknown>) => ({ values: { device: 'cpu', ...values }, sources: {} });

  test("a dropnas search run's genotypes get the affine pooling BN; a darts search's do not", () => {
    const search = (method: string): string => {
      const out = join(dir, method);
      tsnasOk(
        'search',
        '--method',
        method,
        '--epochs',
        '1',
        '--layers',
        '3',
        '--init-channels',
        '4',
        ...syntheticData(8),
        '--batch-size',
        '4',
        '--no-tensorboard',
        '--no-draw',
        '--out',
        out,
      );
      return out;
    };
    const dropnas = search('dropnas');
    const epochFile = join(dropnas, 'genotypes', readdirSync(join(dropnas, 'genotypes')).find((f) => f.endsWith('.json'))!);
    for (const arch of [dropnas, join(dropnas, 'genotype.json'), epochFile]) {
      assert.equal(resolveEvalArch(arch).settings.poolBn, 'affine', arch);
      assert.equal(resolveTrain(cli({ arch })).config['pool-bn'], 'affine', arch);
    }
    const darts = search('darts');
    assert.equal(resolveEvalArch(darts).settings.poolBn, undefined);
    assert.equal(resolveTrain(cli({ arch: darts })).config['pool-bn'], 'none');
    assert.equal(resolveTrain(cli({ arch: 'DropNAS_cifar10', 'pool-bn': 'none' })).config['pool-bn'], 'none');
    assert.equal(resolveTrain(cli({ arch: 'DARTS_V2', 'pool-bn': 'affine' })).config['pool-bn'], 'affine');
  });

  test('tsnas count follows the genotype: 3,839,662 for DropNAS_cifar10, 3,839,230 with --pool-bn none', () => {
    const count = (...flags: string[]) =>
      (JSON.parse(tsnasOk('count', '--arch', 'DropNAS-cifar10', '--json', ...flags)) as { params: number }).params;
    assert.equal(count(), 3_839_662);
    assert.equal(count('--pool-bn', 'none'), 3_839_230);
  });

  test('a training run records the pooling BN in config.json and the checkpoint; eval rebuilds it and refuses another', () => {
    const out = join(dir, 'train');
    tsnasOk('train', '--arch', 'DropNAS_cifar10', ...syntheticData(4), ...tinyTrainFlags(out));
    const config = JSON.parse(readFileSync(join(out, 'config.json'), 'utf8')) as { config: Record<string, unknown> };
    assert.equal(config.config['pool-bn'], 'affine');
    const model = join(out, 'model.pt');
    const ev = JSON.parse(tsnasOk('eval', '--checkpoint', model, ...syntheticData(4), '--json')) as { params: number; layers: number };
    assert.equal(ev.layers, 3);
    const refused = tsnas('eval', '--checkpoint', model, '--arch', 'DropNAS_cifar10', '--pool-bn', 'none', ...syntheticData(4));
    assert.notEqual(refused.status, 0);
    assert.match(refused.stderr, /BN after pooling "affine" vs "none"/);
  });
});
