// Each method's search defaults against its reference script, as the specs copy them: the config `tsnas search
// --method M` resolves to (what config.json records) holds these values when no flag is given. Typed from the specs,
// not from the code: DARTS train_search.py (darts-fairdarts-noisydarts.md §4), FairDARTS (§11.3), NoisyDARTS (§12.3),
// DropNAS config.py (dropnas-evnas-nasbench201.md §3.8), EvNAS train_search.py (§4.7) and train_searchNAS201.py with
// EvNAS.config (§4.8), D-DARTS train_search.py (ddarts-dartopti.md §14.1, §8.3). --epochs, --layers,
// --init-channels and --seed are the lead's per-method defaults and not checked here.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { resolveSearch } from '../../src/train/command-options.js';

type Table = Record<string, number | string | boolean>;

/** DARTS' bilevel search: weight SGD, α Adam (0.5, 0.999). */
const dartsFamily = {
  momentum: 0.9,
  'weight-decay': 3e-4,
  'grad-clip': 5,
  'train-portion': 0.5,
  'arch-lr': 3e-4,
  'arch-beta1': 0.5,
  'arch-beta2': 0.999,
  'arch-weight-decay': 1e-3,
};

/** EvNAS: S1 train_search.py (§4.7) and S2 train_searchNAS201.py (§4.8) differ in Nesterov only. */
const evnas = {
  'batch-size': 64,
  lr: 0.025,
  'lr-min': 0.001,
  momentum: 0.9,
  'weight-decay': 3e-4,
  'grad-clip': 5,
  'train-portion': 0.5,
  population: 50,
  'tournament-size': 10,
  elites: 1,
  'mutation-rate': 0.1,
  'fitness-batch-size': 1024,
};

const references: [string, Record<string, string>, Table][] = [
  ['darts', {}, { ...dartsFamily, 'batch-size': 64, lr: 0.025, 'lr-min': 0.001, unrolled: false }],
  [
    'fairdarts',
    {},
    {
      ...dartsFamily,
      'batch-size': 128,
      lr: 0.005,
      'lr-min': 0.001,
      'arch-lr': 3e-3,
      'arch-beta1': 0.9,
      'zero-one-weight': 10,
      'zero-one-loss': 'l2',
      'parse-method': 'threshold_sparse',
      threshold: 0.85,
      'single-level': false,
    },
  ],
  [
    'noisydarts',
    {},
    {
      ...dartsFamily,
      'batch-size': 128,
      lr: 0.05,
      'lr-min': 0.001,
      'noise-type': 'gaussian',
      'noise-mixture': 'additive',
      'noise-factor': 0.2,
      'noise-mean': 0,
      'noise-decay': false,
      'frozen-epochs': 0,
    },
  ],
  [
    'dropnas',
    {},
    {
      ...dartsFamily,
      'batch-size': 96,
      lr: 0.0375,
      'lr-min': 0.0015,
      'grad-clip': 3,
      'train-portion': 1,
      'drop-rate': 3e-5,
      'warmup-epochs': 0,
    },
  ],
  ['evnas', {}, { ...evnas, nesterov: 'off' }],
  ['evnas', { space: 'nb201' }, { ...evnas, nesterov: 'on' }],
  [
    'ddarts',
    {},
    {
      'batch-size': 72,
      lr: 0.005,
      'lr-min': 0.001,
      momentum: 0.9,
      'weight-decay': 3e-4,
      'grad-clip': 5,
      'train-portion': 0.5,
      'arch-lr': 3e-3,
      'arch-beta1': 0.9,
      'arch-beta2': 0.999,
      'arch-weight-decay': 1e-3,
      'arch-lr-min': 0.001,
      'aux-loss-weight': 9,
      'ablation-weight': 0.7,
      'sep-loss': 'l2',
      'pretrain-epochs': 0,
      'parse-method': 'threshold_sparse',
      threshold: 0.85,
    },
  ],
  ['ddarts', { space: 'dartopti', baseline: 'resnet18' }, { 'batch-size': 72, lr: 0.005, 'arch-lr': 3e-3, 'pretrain-epochs': 5 }],
];

for (const [method, given, expected] of references) {
  const where = Object.entries(given)
    .map(([k, v]) => ` --${k} ${v}`)
    .join('');
  test(`tsnas search --method ${method}${where}: the reference script's defaults`, () => {
    const values = { method, ...given, dataset: 'synthetic', device: 'cpu' };
    const { config } = resolveSearch({ values, sources: Object.fromEntries(Object.keys(values).map((k) => [k, { kind: 'cli' as const }])) });
    const differ = Object.entries(expected)
      .filter(([k, v]) => config[k] !== v)
      .map(([k, v]) => `--${k}: ${String(config[k])}, the reference ${String(v)}`);
    assert.deepEqual(differ, []);
  });
}
