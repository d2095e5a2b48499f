// What --arch brings with it: published spellings of zoo and dataset names, EvNAS' genotype.pickle, the depth of a
// per-cell (D-DARTS / DARTOpti) genotype, DARTOpti's ImageNet models, and the network eval builds when neither the
// flags nor the checkpoint say. Parameter counts against spec ddarts-dartopti.md §16 (computed there from the
// reference code); pickles written by Python's own pickle from a committed script.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { saveTorchStateDict } from '../../src/io/index.js';
import { formatGenotype } from '../../src/nas/genotype/format.js';
import { genotypesEqual } from '../../src/nas/genotype/genotype.js';
import { zooEntry, zooGenotypeOfKind, zooNames } from '../../src/nas/genotype/zoo.js';
import { buildEvalNetwork, defaultNetworkSize, resolveEvalArch } from '../../src/train/arch.js';
import { resolveEval, resolveTrain } from '../../src/train/command-options.js';
import { runEvaluation } from '../../src/train/evaluate.js';
import { familyOf } from '../../src/train/trainer.js';
import { syntheticData, tinyTrainFlags, tsnas, tsnasOk } from '../helpers/cli.js';
import { pythonSkip, runPython } from '../helpers/python.js';

const root = mkdtempSync(join(tmpdir(), 'tsnas-arch-defaults-'));
after(() => rmSync(root, { recursive: true, force: true }));

const cli = (values: Record<string, unknown>) => ({
  values: { device: 'cpu', ...values },
  sources: Object.fromEntries(Object.keys(values).map((k) => [k, { kind: 'cli' as const }])),
});

/** Parameters without the auxiliary head of the network `tsnas train` builds from these flags. */
function trainedParams(values: Record<string, unknown>): { params: number; layers: number; channels: number } {
  const { options } = resolveTrain(cli(values));
  const arch = resolveEvalArch(options.arch);
  const net = buildEvalNetwork(arch.genotype, {
    family: familyOf(options.dataset),
    channels: options.channels,
    layers: options.layers,
    numClasses: options.dataset === 'imagenet' ? 1000 : options.dataset === 'cifar100' ? 100 : 10,
    auxiliary: false,
    derivation: options.derivation,
    poolBn: options.poolBn,
  });
  try {
    return { params: net.numParameters(), layers: options.layers, channels: options.channels };
  } finally {
    net.dispose();
  }
}

describe('published spellings', () => {
  test('zoo names resolve case-insensitively with - and _ alike; config.json records the canonical name', () => {
    const spellings: [string, string][] = [
      ['FairDARTS-a', 'FairDARTS_a'],
      ['PC-DARTS', 'PC_DARTS_cifar'],
      ['P-DARTS', 'PDARTS'],
      ['EvNAS-A', 'EvNASA'],
      ['evnas_c', 'EvNASC'],
      ['darts-v2', 'DARTS_V2'],
      ['NASNet-A', 'NASNet'],
      ['DO-2-ResNet18', 'DO-2-ResNet18'],
      ['do_2_resnet50', 'DO-2-ResNet50'],
      ['d-darts_threshold_sparse_CIFAR10_0.85_50', 'D-DARTS_threshold_sparse_cifar10_0.85_50'],
    ];
    for (const [given, canonical] of spellings) {
      assert.equal(zooEntry(given).name, canonical, given);
      assert.equal(resolveEvalArch(given).name, canonical, given);
      assert.equal(resolveTrain(cli({ arch: given })).config.arch, canonical, given);
    }
    assert.equal(resolveEval(cli({ arch: 'FairDARTS-b' })).config.arch, 'FairDARTS_b');
    assert.throws(() => resolveEvalArch('FairDARTS-z'), /unknown zoo genotype.*close zoo names: FairDARTS_/);
  });

  test('dataset names in their published spellings', () => {
    const spellings: [string, string][] = [
      ['CIFAR10', 'cifar10'],
      ['CIFAR-10', 'cifar10'],
      ['CIFAR-100', 'cifar100'],
      ['cifar_100', 'cifar100'],
      ['ImageNet16-120', 'imagenet16-120'],
      ['ImageNet16_120', 'imagenet16-120'],
      ['FashionMNIST', 'fashion-mnist'],
      ['Fashion-MNIST', 'fashion-mnist'],
      ['MNIST', 'mnist'],
      ['ImageNet', 'imagenet'],
    ];
    for (const [given, canonical] of spellings) {
      const r = resolveTrain(cli({ dataset: given }));
      assert.equal(r.config.dataset, canonical, given);
      assert.equal(r.options.dataset, canonical, given);
    }
    assert.throws(() => resolveTrain(cli({ dataset: 'CIFAR-11' })), /--dataset.*one of cifar10, cifar100/);
  });
});

describe('DARTOpti ImageNet models and per-cell depth (spec ddarts §16)', () => {
  test('DO-2-ResNet18 / DO-2-ResNet50 on ImageNet: C=64 at their own 4 cells, 53.384M / 73.227M parameters', () => {
    const r18 = trainedParams({ arch: 'DO-2-ResNet18', dataset: 'imagenet' });
    assert.deepEqual(r18, { params: 53_384_072, layers: 4, channels: 64 });
    assert.equal(trainedParams({ arch: 'DO-2-ResNet50', dataset: 'ImageNet' }).params, 73_227_400);
    assert.ok(zooNames().includes('DO-2-ResNet18') && zooNames().includes('DO-2-ResNet50'));
    const same = zooGenotypeOfKind('ResNet18_cifar100_threshold_sparse_0.85', 'nested');
    assert.ok(genotypesEqual(zooGenotypeOfKind('DO-2-ResNet18', 'nested'), same));
    assert.deepEqual(zooEntry('DO-2-ResNet18').settings, { channels: 64, dataset: 'imagenet' });
  });

  test('the CIFAR rows at C=64, 10 classes: 36.319M and 71.237M', () => {
    assert.equal(trainedParams({ arch: 'ResNet18_cifar10_threshold_sparse_0.85', 'init-channels': '64' }).params, 36_318_538);
    assert.equal(trainedParams({ arch: 'ResNet50_cifar10_threshold_sparse_0.85', 'init-channels': '64' }).params, 71_237_450);
  });

  test('a D-DARTS genotype with no --layers: its 8 genes at C=36, 1.244M; --layers 20 derives (6.425M with the reference layout)', () => {
    const name = 'D-DARTS_threshold_sparse_cifar10_0.85_50';
    assert.deepEqual(trainedParams({ arch: name }), { params: 1_244_242, layers: 8, channels: 36 });
    assert.equal(trainedParams({ arch: 'D-DARTS_threshold_sparse_abl0.5_fair7_cifar100_0.85_50' }).params, 1_306_990);
    assert.equal(trainedParams({ arch: name, layers: '20', derivation: 'reference' }).params, 6_425_398);
    // the paper's layout (reductions at L/3, 2L/3) is tsnas' default
    assert.equal(trainedParams({ arch: name, layers: '20' }).params, 3_822_130);
    assert.equal(resolveTrain(cli({ arch: name })).config.derivation, 'paper');
    // DARTS-style genotypes keep 20 cells, C=36 on CIFAR
    assert.equal(resolveTrain(cli({ arch: 'DARTS_V2' })).options.layers, 20);
  });

  test('tsnas train of a D-DARTS genotype says it trains at its own depth and records the network', () => {
    const out = join(root, 'ddarts');
    const r = tsnas(
      'train',
      '--arch',
      'D-DARTS_threshold_sparse_cifar10_0.85_50',
      ...syntheticData(4, 10),
      '--epochs',
      '1',
      '--batch-size',
      '4',
      '--derivation',
      'reference',
      '--no-tensorboard',
      '--out',
      out,
    );
    assert.equal(r.status, 0, r.stderr);
    const text = r.stdout + r.stderr;
    assert.match(text, /per-cell genotype at its own depth: 8 cells, one per gene/);
    const config = JSON.parse(readFileSync(join(out, 'config.json'), 'utf8')) as { config: Record<string, unknown> };
    assert.equal(config.config.layers, 8);
    assert.equal(config.config.derivation, 'reference');
    // eval rebuilds it from the checkpoint's metadata alone
    const ev = JSON.parse(tsnasOk('eval', '--checkpoint', join(out, 'model.pt'), ...syntheticData(4, 10), '--json')) as {
      layers: number;
      params: number;
    };
    assert.equal(ev.layers, 8);
  });
});

describe('eval without sizes', () => {
  test("the genotype's and the dataset's network: gene count, 48 / 14 on ImageNet, 36 / 20 on CIFAR", () => {
    const darts = zooGenotypeOfKind('DARTS_V2', 'darts');
    assert.deepEqual(defaultNetworkSize(darts, 'imagenet'), { channels: 48, layers: 14, reason: "DARTS' ImageNet network" });
    assert.deepEqual(defaultNetworkSize(darts, 'cifar'), { channels: 36, layers: 20, reason: "DARTS' CIFAR network" });
    const ddarts = zooGenotypeOfKind('D-DARTS_threshold_sparse_cifar10_0.85_50', 'nested');
    assert.equal(defaultNetworkSize(ddarts, 'cifar').layers, 8);
    // a model's own C applies on its dataset only
    const do2 = resolveEvalArch('DO-2-ResNet18');
    assert.equal(defaultNetworkSize(do2.genotype as typeof ddarts, 'imagenet', do2.settings).channels, 64);
    assert.equal(defaultNetworkSize(do2.genotype as typeof ddarts, 'cifar', do2.settings).channels, 36);
  });

  test('weights of another network are reported in one line naming keys and shapes', async () => {
    const genotype = zooGenotypeOfKind('DARTS_V2', 'darts');
    const net = buildEvalNetwork(genotype, { family: 'cifar', channels: 4, layers: 3, numClasses: 10, auxiliary: false });
    const file = join(root, 'plain.pt');
    saveTorchStateDict(file, net.stateDict()); // a PyTorch-style file: no tsnas metadata
    net.dispose();
    const evaluate = (o: { layers?: number; channels?: number }) =>
      runEvaluation({
        arch: 'DARTS_V2',
        checkpoint: file,
        dataset: 'synthetic',
        synthetic: { size: 8, classes: 10, count: 4, channels: 3 },
        batchSize: 4,
        device: 'cpu',
        seed: 0,
        workers: 0,
        ...o,
      });
    const ok = await evaluate({});
    assert.deepEqual([ok.channels, ok.layers, ok.sizeFrom], [4, 3, 'weight shapes']);
    await assert.rejects(
      () => evaluate({ layers: 6 }),
      (e: Error) =>
        !e.message.includes('\n') &&
        /plain\.pt does not fit DARTS_V2 \(C=4, L=6 from the options, 10 classes\): .*weight\(s\) missing from the checkpoint: cells\.\d+\./.test(
          e.message,
        ) &&
        /weight\(s\) of another shape \(checkpoint vs network\): cells\.\d+\.\S+ \[\d+(, \d+)*\] vs \[\d+/.test(e.message),
    );
  });
});

describe("EvNAS' genotype.pickle", () => {
  const skip = pythonSkip();
  const evnasA = zooGenotypeOfKind('EvNASA', 'darts');
  const write = (file: string, protocol: number): void => {
    runPython('evnas_genotype_pickle.py', [file, formatGenotype(evnasA), String(protocol)]);
  };

  test('a pickled Genotype namedtuple (range concats) reads as the genotype it holds, protocols 2 to 5', { skip }, () => {
    for (const protocol of [2, 3, 4, 5]) {
      const file = join(root, `genotype-p${protocol}.pickle`);
      write(file, protocol);
      const r = resolveEvalArch(file);
      assert.ok(r.genotype.kind === 'darts' && genotypesEqual(r.genotype, evnasA), `protocol ${protocol}`);
    }
  });

  test('tsnas train and eval take it as --arch', { skip }, () => {
    const file = join(root, 'genotype.pickle');
    write(file, 4);
    const out = join(root, 'evnas');
    tsnasOk('train', '--arch', file, ...syntheticData(4, 10), ...tinyTrainFlags(out));
    const config = JSON.parse(readFileSync(join(out, 'config.json'), 'utf8')) as { genotype: unknown };
    assert.deepEqual(config.genotype, JSON.parse(formatGenotype(evnasA, 'json')));
    const ev = JSON.parse(tsnasOk('eval', '--arch', file, '--checkpoint', join(out, 'model.pt'), ...syntheticData(4, 10), '--json')) as {
      layers: number;
    };
    assert.equal(ev.layers, 3);
  });

  test('a pickle of something else is refused with what it holds', { skip }, () => {
    const file = join(root, 'list.pickle');
    runPython('evnas_genotype_pickle.py', [file, 'Genotype(normal=[], normal_concat=[2], reduce=[], reduce_concat=[2])', '4']);
    assert.throws(() => resolveEvalArch(file), /list\.pickle/);
  });
});
