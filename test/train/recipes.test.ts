// --recipe NAME: each reference's published protocol, checked value by value against the specs (the tables below are
// typed from ../shared/specs, not from src/train/recipes.ts), and how a recipe layers under --config and the flags.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { GivenValues, OptionValue } from '../../src/option-schema.js';
import { resolveSearch, resolveTrain } from '../../src/train/command-options.js';
import { recipeNames } from '../../src/train/recipes.js';

const cli = (values: Record<string, unknown>): GivenValues => ({
  values,
  sources: Object.fromEntries(Object.keys(values).map((k) => [k, { kind: 'cli' as const }])),
});
const withFile = (fileValues: Record<string, unknown>, cliValues: Record<string, unknown>): GivenValues => ({
  values: { ...fileValues, ...cliValues },
  sources: {
    ...Object.fromEntries(Object.keys(fileValues).map((k) => [k, { kind: 'file' as const, path: 'r.yaml' }])),
    ...Object.fromEntries(Object.keys(cliValues).map((k) => [k, { kind: 'cli' as const }])),
  },
});
const here = { device: 'cpu' };

// darts-fairdarts-noisydarts.md §4 (train_search.py, train.py, train_imagenet.py), §3.5, §12.3 / §12.4 and the README
// commands quoted there; dropnas-evnas-nasbench201.md §2.2, §3.7, §3.8, §4.7-§4.9, §5.4; ddarts-dartopti.md §8.3, §14.
const SEARCH: Record<string, Record<string, OptionValue>> = {
  darts: {
    method: 'darts',
    unrolled: true,
    'batch-size': 64,
    epochs: 50,
    layers: 8,
    'init-channels': 16,
    'train-portion': 0.5,
    lr: 0.025,
    'lr-min': 0.001,
    momentum: 0.9,
    'weight-decay': 3e-4,
    'grad-clip': 5,
    'arch-lr': 3e-4,
    'arch-beta1': 0.5,
    'arch-beta2': 0.999,
    'arch-weight-decay': 1e-3,
  },
  fairdarts: {
    method: 'fairdarts',
    'batch-size': 128,
    lr: 0.005,
    'lr-min': 0.001,
    'zero-one-weight': 10,
    'parse-method': 'threshold_sparse',
    epochs: 50,
    layers: 8,
    'init-channels': 16,
  },
  noisydarts: {
    method: 'noisydarts',
    'batch-size': 128,
    lr: 0.05,
    'lr-min': 0.001,
    'noise-type': 'gaussian',
    'noise-mixture': 'additive',
    'noise-factor': 0.2,
    'noise-mean': 0,
    'noise-decay': false,
    epochs: 50,
    layers: 8,
  },
  dropnas: {
    method: 'dropnas',
    layers: 14,
    epochs: 76,
    'init-channels': 16,
    'batch-size': 96,
    lr: 0.0375,
    'lr-min': 0.0015,
    momentum: 0.9,
    'weight-decay': 3e-4,
    'grad-clip': 3,
    'arch-lr': 3e-4,
    'arch-weight-decay': 1e-3,
    'drop-rate': 3e-5,
    'warmup-epochs': 0,
    'train-portion': 1,
  },
  ddarts: {
    method: 'ddarts',
    space: 'darts',
    'batch-size': 96,
    'init-channels': 16,
    'pretrain-epochs': 0,
    'arch-metric': false,
    lr: 0.005,
    'lr-min': 0.001,
    'arch-lr': 3e-3,
    'arch-weight-decay': 1e-3,
    'aux-loss-weight': 9,
    'ablation-weight': 0.7,
    epochs: 50,
    layers: 8,
  },
  dartopti: { method: 'ddarts', space: 'dartopti', baseline: 'ResNet18', 'batch-size': 96, 'pretrain-epochs': 5, epochs: 50, 'init-channels': 32 },
  evnas: {
    method: 'evnas',
    space: 'darts',
    'batch-size': 64,
    epochs: 50,
    layers: 8,
    'init-channels': 16,
    lr: 0.025,
    'lr-min': 0.001,
    'weight-decay': 3e-4,
    'grad-clip': 5,
    population: 50,
    'tournament-size': 10,
    elites: 1,
    'mutation-rate': 0.1,
    'fitness-batch-size': 1024,
    'fitness-bn': 'train',
    cutout: true,
    'cutout-length': 16,
  },
  'evnas-nb201': {
    method: 'evnas',
    space: 'nb201',
    layers: 5,
    'init-channels': 16,
    epochs: 50,
    'batch-size': 64,
    lr: 0.025,
    'lr-min': 0.001,
    nesterov: 'on',
    'fitness-bn': 'eval',
    'fitness-batch-size': 1024,
    population: 50,
    cutout: false,
  },
};

const DARTS_TRAIN = {
  epochs: 600,
  'init-channels': 36,
  layers: 20,
  'batch-size': 96,
  lr: 0.025,
  'lr-min': 0,
  momentum: 0.9,
  'weight-decay': 3e-4,
  'grad-clip': 5,
  auxiliary: true,
  'auxiliary-weight': 0.4,
  cutout: true,
  'cutout-length': 16,
  'drop-path': 0.2,
};
const PDARTS_IMAGENET = {
  dataset: 'imagenet',
  epochs: 250,
  'init-channels': 48,
  layers: 14,
  'batch-size': 256,
  lr: 0.1,
  'weight-decay': 3e-5,
  'label-smoothing': 0.1,
  'drop-path': 0,
  auxiliary: true,
  'grad-clip': 5,
  'lr-schedule': 'linear',
};
const TRAIN: Record<string, Record<string, OptionValue>> = {
  darts: { arch: 'DARTS_V2', ...DARTS_TRAIN },
  'darts-imagenet': {
    dataset: 'imagenet',
    arch: 'DARTS_V2',
    epochs: 250,
    'init-channels': 48,
    layers: 14,
    'batch-size': 128,
    lr: 0.1,
    'weight-decay': 3e-5,
    'label-smoothing': 0.1,
    'drop-path': 0,
    auxiliary: true,
    'lr-schedule': 'step',
    'lr-gamma': 0.97,
  },
  fairdarts: { arch: 'FairDARTS_a', ...DARTS_TRAIN, 'batch-size': 128 },
  noisydarts: { arch: 'noisy_darts_a', ...DARTS_TRAIN },
  dropnas: { arch: 'DropNAS_cifar10', ...DARTS_TRAIN, 'batch-size': 192, lr: 0.05, 'grad-clip': 3 },
  // The published genotype has 8 genes: trained at its own depth (spec ddarts-dartopti §14.4, §16).
  ddarts: { arch: 'D-DARTS_threshold_sparse_cifar10_0.85_50', ...DARTS_TRAIN, layers: 8, 'batch-size': 128, 'auto-aug': true },
  evnas: { arch: 'EvNASA', ...DARTS_TRAIN },
  'evnas-imagenet': { arch: 'EvNASA', ...PDARTS_IMAGENET },
  'pdarts-imagenet': { arch: 'PDARTS', ...PDARTS_IMAGENET },
  nb201: {
    epochs: 200,
    'init-channels': 16,
    layers: 5,
    'batch-size': 256,
    lr: 0.1,
    'lr-min': 0,
    nesterov: true,
    momentum: 0.9,
    'weight-decay': 5e-4,
    'grad-clip': 0,
    'drop-path': 0,
    auxiliary: false,
  },
};

function differences(config: Record<string, OptionValue>, expected: Record<string, OptionValue>): string[] {
  return Object.entries(expected)
    .filter(([k, v]) => config[k] !== v)
    .map(([k, v]) => `${k}: ${String(config[k])}, the reference ${String(v)}`);
}

describe('recipes', () => {
  it('every search recipe resolves to its reference script and README command', () => {
    assert.deepEqual(recipeNames('search').sort(), Object.keys(SEARCH).sort());
    for (const [name, expected] of Object.entries(SEARCH)) {
      const { config } = resolveSearch(cli({ recipe: name, ...here }));
      assert.deepEqual(differences(config, expected), [], name);
      assert.equal(config.recipe, name);
    }
  });

  it('every train recipe resolves to its reference script and README command', () => {
    assert.deepEqual(recipeNames('train').sort(), Object.keys(TRAIN).sort());
    for (const [name, expected] of Object.entries(TRAIN)) {
      const { config } = resolveTrain(cli({ recipe: name, ...here }));
      assert.deepEqual(differences(config, expected), [], name);
    }
  });

  it('flags and config files override a recipe; a recipe overrides the defaults', () => {
    const file = resolveSearch(withFile({ recipe: 'dropnas', lr: 0.01 }, { 'grad-clip': '1', ...here })).config;
    assert.deepEqual([file.lr, file['grad-clip'], file.layers, file['lr-min']], [0.01, 1, 14, 0.0015]);
    const train = resolveTrain(cli({ recipe: 'dropnas', 'batch-size': '8', ...here })).config;
    assert.deepEqual([train['batch-size'], train.lr, train['grad-clip']], [8, 0.05, 3]);
  });

  it("a recipe's method cannot be overridden, and an unknown recipe names the recipes", () => {
    assert.throws(() => resolveSearch(cli({ recipe: 'dropnas', method: 'darts', ...here })), /--method darts: --recipe dropnas is a dropnas recipe/);
    assert.equal(resolveSearch(cli({ recipe: 'dropnas', method: 'dropnas', ...here })).config.method, 'dropnas');
    assert.throws(
      () => resolveSearch(cli({ recipe: 'pdarts-imagenet', ...here })),
      /--recipe must be one of darts, .*evnas-nb201, got 'pdarts-imagenet'/,
    );
    assert.throws(() => resolveTrain(cli({ recipe: 'dartopti', ...here })), /--recipe must be one of .*, got 'dartopti'/);
  });

  it("search defaults are each method's reference script's: DropNAS 76 epochs of 14 cells, D-DARTS C=32", () => {
    const of = (method: string, space = 'darts') => resolveSearch(cli({ method, space, ...here })).config;
    assert.deepEqual([of('dropnas').epochs, of('dropnas').layers, of('dropnas')['init-channels']], [76, 14, 16]);
    assert.deepEqual([of('ddarts').epochs, of('ddarts').layers, of('ddarts')['init-channels']], [50, 8, 32]);
    for (const m of ['darts', 'fairdarts', 'noisydarts', 'evnas'])
      assert.deepEqual([of(m).epochs, of(m).layers, of(m)['init-channels']], [50, 8, 16], m);
    assert.deepEqual([of('evnas', 'nb201').layers, of('evnas', 'nb201')['init-channels']], [5, 16]);
  });
});
