// Recipes: each reference's published protocol in one word (`tsnas search|train --recipe NAME`). A recipe is a layer of
// option values, under the flag names, between the defaults and --config: what the reference's script and its README
// command line set, so that a user reproducing a paper types one word instead of a dozen flags and can still change any
// of them. Seeds are not part of a recipe: tsnas's random streams are not Python's, so a reference's seed number would
// not reproduce its run, only pretend to.
import type { OptionValue } from '../option-schema.js';

export type RecipeCommand = 'search' | 'train';

export interface Recipe {
  name: string;
  /** What the recipe reproduces, in a few words. */
  title: string;
  /** Where each command's values come from (script and README command of the reference). */
  source: Partial<Record<RecipeCommand, string>>;
  /** Each command's values, by flag name. */
  values: Partial<Record<RecipeCommand, Readonly<Record<string, OptionValue>>>>;
}

/** quark0/darts train.py, the evaluation protocol most papers of the family copy. */
const DARTS_CIFAR_TRAIN = {
  epochs: 600,
  'init-channels': 36,
  layers: 20,
  'batch-size': 96,
  lr: 0.025,
  'lr-min': 0,
  momentum: 0.9,
  nesterov: false,
  'weight-decay': 3e-4,
  'grad-clip': 5,
  auxiliary: true,
  'auxiliary-weight': 0.4,
  cutout: true,
  'cutout-length': 16,
  'drop-path': 0.2,
  'label-smoothing': 0,
} as const;

/** A protocol's values but --layers: a per-cell genotype trains at its own depth (its gene count) by default. */
function withoutLayers(values: Readonly<Record<string, OptionValue>>): Record<string, OptionValue> {
  return Object.fromEntries(Object.entries(values).filter(([k]) => k !== 'layers'));
}

/** DARTS' train_search.py optimisers (the weight SGD over a cosine schedule, the α Adam). */
const DARTS_SEARCH_OPTIMISERS = {
  lr: 0.025,
  'lr-min': 0.001,
  momentum: 0.9,
  'weight-decay': 3e-4,
  'grad-clip': 5,
  'arch-lr': 3e-4,
  'arch-beta1': 0.5,
  'arch-beta2': 0.999,
  'arch-weight-decay': 1e-3,
} as const;

const DARTS_SEARCH_NETWORK = { epochs: 50, layers: 8, 'init-channels': 16, 'train-portion': 0.5 } as const;

/**
 * quark0/darts train_imagenet.py's mobile setting with the README's --auxiliary, which P-DARTS' (and so EvNAS') script
 * keeps: all but the batch size and the schedule.
 */
const IMAGENET_MOBILE_TRAIN = {
  dataset: 'imagenet',
  epochs: 250,
  'init-channels': 48,
  layers: 14,
  lr: 0.1,
  momentum: 0.9,
  'weight-decay': 3e-5,
  'grad-clip': 5,
  auxiliary: true,
  'auxiliary-weight': 0.4,
  'drop-path': 0,
  'label-smoothing': 0.1,
  cutout: false,
} as const;

/** EvNAS' search scripts (S1 train_search.py, S2 train_searchNAS201.py): the weight SGD and the genetic algorithm. */
const EVNAS_SEARCH = {
  'batch-size': 64,
  lr: 0.025,
  'lr-min': 0.001,
  momentum: 0.9,
  'weight-decay': 3e-4,
  'grad-clip': 5,
  population: 50,
  'tournament-size': 10,
  elites: 1,
  'mutation-rate': 0.1,
  'fitness-batch-size': 1024,
} as const;

/** P-DARTS' train_imagenet.py (EvNAS uses the same script): linear decay, warm-up only above batch 256. */
const PDARTS_IMAGENET_TRAIN = { ...IMAGENET_MOBILE_TRAIN, 'batch-size': 256, 'lr-schedule': 'linear', 'warmup-epochs': 0 } as const;

const RECIPES: readonly Recipe[] = [
  {
    name: 'darts',
    title: 'DARTS (Liu et al., ICLR 2019), CIFAR-10',
    source: {
      search: "quark0/darts cnn/train_search.py with the README's `--unrolled` (second order)",
      train: "quark0/darts cnn/train.py with the README's `--auxiliary --cutout`",
    },
    values: {
      search: { method: 'darts', space: 'darts', unrolled: true, 'batch-size': 64, ...DARTS_SEARCH_NETWORK, ...DARTS_SEARCH_OPTIMISERS },
      train: { arch: 'DARTS_V2', ...DARTS_CIFAR_TRAIN },
    },
  },
  {
    name: 'darts-imagenet',
    title: 'DARTS, ImageNet mobile setting',
    source: { train: "quark0/darts cnn/train_imagenet.py with the README's `--auxiliary`: lr x0.97 every epoch, label smoothing 0.1" },
    values: {
      train: { arch: 'DARTS_V2', ...IMAGENET_MOBILE_TRAIN, 'batch-size': 128, 'lr-schedule': 'step', 'lr-step': 1, 'lr-gamma': 0.97 },
    },
  },
  {
    name: 'fairdarts',
    title: 'FairDARTS (Chu et al., ECCV 2020), CIFAR-10',
    source: {
      search:
        'xiaomi-automl/FairDARTS train_search.py, README: `--aux_loss_weight 10 --learning_rate 0.005 --batch_size 128 --parse_method threshold_sparse`',
      train: 'FairDARTS train.py, README: `--auxiliary --cutout --arch FairDARTS_a --parse_method threshold --batch_size 128 --epoch 600`',
    },
    values: {
      search: {
        method: 'fairdarts',
        space: 'darts',
        'batch-size': 128,
        ...DARTS_SEARCH_NETWORK,
        ...DARTS_SEARCH_OPTIMISERS,
        lr: 0.005,
        'zero-one-weight': 10,
        'parse-method': 'threshold_sparse',
      },
      train: { arch: 'FairDARTS_a', ...DARTS_CIFAR_TRAIN, 'batch-size': 128 },
    },
  },
  {
    name: 'noisydarts',
    title: 'NoisyDARTS (Chu et al., 2020), CIFAR-10, noisy_darts_a',
    source: {
      search:
        'xiaomi-automl/NoisyDARTS train_search.py as scripts/run_noisy_darts_search.sh runs noisy_darts_a: `--add_noise_skip --factor_skip 0.2`',
      train: 'NoisyDARTS train.py, README: `--auxiliary --cutout --arch noisy_darts_a`',
    },
    values: {
      search: {
        method: 'noisydarts',
        space: 'darts',
        'batch-size': 128,
        ...DARTS_SEARCH_NETWORK,
        ...DARTS_SEARCH_OPTIMISERS,
        lr: 0.05,
        noise: true,
        'noise-type': 'gaussian',
        'noise-mixture': 'additive',
        'noise-factor': 0.2,
        'noise-mean': 0,
        'noise-decay': false,
      },
      train: { arch: 'noisy_darts_a', ...DARTS_CIFAR_TRAIN },
    },
  },
  {
    name: 'dropnas',
    title: 'DropNAS (Hong et al., IJCAI 2020), CIFAR-10: the published 14-cell 76-epoch searches and augment',
    source: {
      search:
        'wiljohnhong/DropNAS search.py as single_run.py runs it (config.py: layers 14, epochs 76, drop_rate 3e-5, batch 96, w_lr 0.0375 -> 0.0015, clip 3)',
      train:
        'DropNAS augment.py (config.py AugmentConfig: batch 192, lr 0.05, clip 3, aux 0.4, cutout 16, drop path 0.2), pt.darts network with BN after pooling',
    },
    values: {
      search: {
        method: 'dropnas',
        space: 'darts',
        epochs: 76,
        layers: 14,
        'init-channels': 16,
        'batch-size': 96,
        'train-portion': 1,
        lr: 0.0375,
        'lr-min': 0.0015,
        momentum: 0.9,
        'weight-decay': 3e-4,
        'grad-clip': 3,
        'arch-lr': 3e-4,
        'arch-weight-decay': 1e-3,
        'drop-rate': 3e-5,
        'warmup-epochs': 0,
      },
      train: { arch: 'DropNAS_cifar10', ...DARTS_CIFAR_TRAIN, 'batch-size': 192, lr: 0.05, 'grad-clip': 3 },
    },
  },
  {
    name: 'ddarts',
    title: 'D-DARTS (Heuillet et al., 2022), CIFAR-10',
    source: {
      search:
        'aheuillet/D-DARTS train_search.py, README: `--batch_size 96 --pretrain_epochs 0 --init_channels 16 --amp --no_arch_metric` (AMP left to --amp)',
      train:
        'D-DARTS train.py, README: `--auxiliary --cutout --amp --auto_aug --arch D-DARTS_threshold_sparse_cifar10_0.85_50 --batch_size 128 --epoch 600 --init_channels 36` (AMP left to --amp)',
    },
    values: {
      search: {
        method: 'ddarts',
        space: 'darts',
        epochs: 50,
        layers: 8,
        'init-channels': 16,
        'batch-size': 96,
        'train-portion': 0.5,
        lr: 0.005,
        'lr-min': 0.001,
        momentum: 0.9,
        'weight-decay': 3e-4,
        'grad-clip': 5,
        'arch-lr': 3e-3,
        'arch-lr-min': 0.001,
        'arch-weight-decay': 1e-3,
        'aux-loss-weight': 9,
        'ablation-weight': 0.7,
        'pretrain-epochs': 0,
        'arch-metric': false,
      },
      train: {
        arch: 'D-DARTS_threshold_sparse_cifar10_0.85_50',
        ...withoutLayers(DARTS_CIFAR_TRAIN),
        'batch-size': 128,
        'auto-aug': true,
      },
    },
  },
  {
    name: 'dartopti',
    title: 'DARTOpti (D-DARTS paper): a search that starts from ResNet18, CIFAR-10',
    source: { search: 'aheuillet/D-DARTS train_search.py, README: `--batch_size 96 --arch_baseline ResNet18 --amp` (AMP left to --amp)' },
    values: {
      search: {
        method: 'ddarts',
        space: 'dartopti',
        baseline: 'ResNet18',
        epochs: 50,
        'pretrain-epochs': 5,
        'init-channels': 32,
        'batch-size': 96,
        'train-portion': 0.5,
        lr: 0.005,
        'lr-min': 0.001,
        'arch-lr': 3e-3,
        'arch-metric': true,
      },
    },
  },
  {
    name: 'evnas',
    title: 'EvNAS (Sinha & Chen), CIFAR-10, DARTS space',
    source: {
      search: "nightstorm0909/EvNAS train_search.py with the README's `--cutout` (population 50, tournament 10, one elite, fitness batch 1024)",
      train: 'EvNAS train.py (quark0/darts train.py) with `--auxiliary --cutout --arch EvNASA`',
    },
    values: {
      search: {
        method: 'evnas',
        space: 'darts',
        ...DARTS_SEARCH_NETWORK,
        ...EVNAS_SEARCH,
        'fitness-bn': 'train',
        cutout: true,
        'cutout-length': 16,
      },
      train: { arch: 'EvNASA', ...DARTS_CIFAR_TRAIN },
    },
  },
  {
    name: 'evnas-nb201',
    title: 'EvNAS on NAS-Bench-201 (S2)',
    source: {
      search:
        'EvNAS train_searchNAS201.py as searchNAS201.sh runs it: N=5, C=16, Nesterov, fitness in eval mode (its --cutout is a no-op there: a length of True // 2 = 0, so none here)',
    },
    values: {
      search: {
        method: 'evnas',
        space: 'nb201',
        epochs: 50,
        layers: 5,
        'init-channels': 16,
        ...EVNAS_SEARCH,
        nesterov: 'on',
        'fitness-bn': 'eval',
        cutout: false,
      },
    },
  },
  {
    name: 'evnas-imagenet',
    title: 'EvNAS, ImageNet mobile setting (the P-DARTS script)',
    source: { train: "EvNAS train_imagenet.py (P-DARTS') with `--auxiliary --arch EvNASA`: linear decay, label smoothing 0.1" },
    values: { train: { arch: 'EvNASA', ...PDARTS_IMAGENET_TRAIN } },
  },
  {
    name: 'pdarts-imagenet',
    title: 'P-DARTS (Chen et al., ICCV 2019), ImageNet mobile setting',
    source: {
      train:
        'chenxin061/pdarts train_imagenet.py, README: `--auxiliary`: linear decay, label smoothing 0.1 (the script warms up 5 epochs only above batch 256: add --warmup-epochs 5 with a larger --batch-size)',
    },
    values: { train: { arch: 'PDARTS', ...PDARTS_IMAGENET_TRAIN } },
  },
  {
    name: 'nb201',
    title: "NAS-Bench-201's 200-epoch training protocol",
    source: { train: 'NAS-Bench-201 (Dong & Yang, ICLR 2020) 200E: SGD Nesterov 0.9, lr 0.1 cosine to 0, wd 5e-4, batch 256, N=5, C=16' },
    values: {
      train: {
        arch: 'NB201_best_cifar10',
        epochs: 200,
        'init-channels': 16,
        layers: 5,
        'batch-size': 256,
        lr: 0.1,
        'lr-min': 0,
        momentum: 0.9,
        nesterov: true,
        'weight-decay': 5e-4,
        'grad-clip': 0,
        auxiliary: false,
        cutout: false,
        'drop-path': 0,
        'label-smoothing': 0,
      },
    },
  },
];

/** The recipes that set values for `command`. */
export function recipesOf(command: RecipeCommand): Recipe[] {
  return RECIPES.filter((r) => r.values[command] !== undefined);
}

export function recipeNames(command: RecipeCommand): string[] {
  return recipesOf(command).map((r) => r.name);
}

export function recipe(name: string): Recipe | undefined {
  return RECIPES.find((r) => r.name === name);
}

/** Words wrapped into lines of at most `width` characters, each indented. */
function wrapped(words: readonly string[], indent: string, width = 100): string[] {
  const lines: string[] = [];
  let line = '';
  for (const w of words) {
    if (line && indent.length + line.length + 1 + w.length > width) {
      lines.push(indent + line);
      line = w;
    } else line = line ? `${line} ${w}` : w;
  }
  if (line) lines.push(indent + line);
  return lines;
}

/**
 * The help text listing what each recipe of `command` (of one search method, when given) sets: as flags, and the switches a recipe turns off by name (a
 * switch that is off by default has no --no- flag).
 */
export function recipesHelp(command: RecipeCommand, method?: string): string {
  const lines = [
    'Recipes (--recipe NAME sets these values; flags and --config override them, and every switch has its opposite,',
    'e.g. --no-cutout, --no-auxiliary):',
  ];
  for (const r of recipesOf(command).filter((r) => method === undefined || r.values[command]!.method === method)) {
    const values = Object.entries(r.values[command]!);
    const flags = values.filter(([, v]) => v !== false).map(([k, v]) => (v === true ? `--${k}` : `--${k} ${v}`));
    const off = values.filter(([, v]) => v === false).map(([k]) => k);
    if (off.length > 0) flags.push(`(off: ${off.join(', ')})`);
    lines.push(`  ${r.name}: ${r.title}`, ...wrapped(`from ${r.source[command]}`.split(' '), '    '), ...wrapped(flags, '    '));
  }
  return lines.join('\n');
}
