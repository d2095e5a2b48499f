// One entry point for every dataset tsnas knows, and the standard transform pipelines for each.
import { resolve } from 'node:path';
import { CIFAR_CROP, CUTOUT_LENGTH, IMAGENET16_CROP, IMAGENET_SIZES, MNIST_CROP } from './constants.js';
import { loadCifar } from './cifar.js';
import type { ImageDataset } from './dataset.js';
import { loadIdx } from './idx.js';
import { loadImageFolder } from './imagenet.js';
import { loadImageNet16 } from './imagenet16.js';
import { subsetDataset } from './split.js';
import { makeSynthetic, type SyntheticOptions } from './synthetic.js';
import {
  autoAugment,
  centerCrop,
  colorJitter,
  cutout,
  horizontalFlip,
  normalize,
  randomCrop,
  randomResizedCrop,
  resize,
  toTensor,
  type Transform,
} from './transforms.js';

export const DATASET_NAMES = ['cifar10', 'cifar100', 'fashion-mnist', 'mnist', 'imagenet', 'imagenet16-120', 'synthetic'] as const;
export type DatasetName = (typeof DATASET_NAMES)[number];
/** 'test' is the held-out set: CIFAR's test batch, MNIST's t10k, ImageNet's val/, ImageNet16's val_data. */
export type Split = 'train' | 'test';

export const DEFAULT_ROOTS: Readonly<Record<DatasetName, string>> = {
  'cifar10': './data',
  'cifar100': './data',
  'fashion-mnist': '/usr/share/datasets/fashion-mnist',
  'mnist': '/usr/share/datasets/mnist',
  'imagenet': './data/imagenet',
  'imagenet16-120': './data',
  'synthetic': '',
};

export interface LoadOptions {
  /** The --data folder (see DEFAULT_ROOTS); CIFAR accepts the batches folder itself or its parent. */
  root?: string;
  split?: Split;
  /** Keep only the first N samples, or a seeded random N ({ count, seed }). */
  subset?: number | { count: number; seed: number };
  /** Size, classes, count and seed of the synthetic dataset. */
  synthetic?: SyntheticOptions;
}

export function isDatasetName(s: string): s is DatasetName {
  return (DATASET_NAMES as readonly string[]).includes(s);
}

/**
 * The dataset a name means in any published spelling: case-insensitive, '-' and '_' ignored (CIFAR10, CIFAR-100,
 * ImageNet16-120, FashionMNIST, fashion_mnist), or undefined. The one place dataset names are read.
 */
export function parseDatasetName(s: string): DatasetName | undefined {
  const key = (name: string): string => name.toLowerCase().replace(/[-_]/g, '');
  return DATASET_NAMES.find((name) => key(name) === key(s));
}

/** Loads a dataset into memory (or, for ImageNet, lists its files). Errors name the file and the layout expected. */
export async function loadDataset(name: DatasetName, opts: LoadOptions = {}): Promise<ImageDataset> {
  if (!isDatasetName(name)) throw new Error(`unknown dataset '${String(name)}' (expected one of ${DATASET_NAMES.join(', ')})`);
  const split = opts.split ?? 'train';
  if (split !== 'train' && split !== 'test') throw new Error(`${name}: unknown split '${String(split)}' (expected train or test)`);
  const root = resolve(opts.root ?? DEFAULT_ROOTS[name]);
  let ds: ImageDataset;
  switch (name) {
    case 'cifar10':
    case 'cifar100':
      ds = loadCifar(name, root, split);
      break;
    case 'fashion-mnist':
    case 'mnist':
      ds = loadIdx(root, name, split);
      break;
    case 'imagenet':
      ds = loadImageFolder(root, split);
      break;
    case 'imagenet16-120':
      ds = loadImageNet16(root, split);
      break;
    case 'synthetic':
      ds = makeSynthetic(split, opts.synthetic);
      break;
  }
  if (ds.length === 0) {
    throw new Error(
      `${ds.source || name}: the ${name} ${split} split holds no images (a header or folder with 0 samples); ` +
        'a training or test set needs at least one',
    );
  }
  if (opts.subset !== undefined) {
    ds = typeof opts.subset === 'number' ? subsetDataset(ds, opts.subset) : subsetDataset(ds, opts.subset.count, { seed: opts.subset.seed });
  }
  return ds;
}

export interface PipelineOptions {
  /** Training augmentation (true) or the plain evaluation pipeline (false). */
  train: boolean;
  /** Cutout length after normalisation (training only); true = 16, false/0 = off. */
  cutout?: number | boolean;
  /**
   * AutoAugment after the crop and flip (training only; spec ddarts-dartopti.md §11): ImageNetPolicy on ImageNet
   * (image folders), CIFAR10Policy on every other dataset, as D-DARTS' --auto_aug. 1- and 3-channel images only.
   */
  autoAugment?: boolean;
}

/**
 * The standard pipeline of each dataset (spec darts §5, nasbench201 §5.4):
 * CIFAR: RandomCrop(32, 4) → flip → ToTensor → Normalize [→ Cutout]; eval ToTensor → Normalize.
 * ImageNet16-120: RandomCrop(16, 2) → flip. Fashion-MNIST: RandomCrop(28, 2) → flip; MNIST: RandomCrop(28, 2), no
 * flip (digits are not mirror-symmetric). ImageNet: RandomResizedCrop(224) → flip → ColorJitter(0.4, 0.4, 0.4, 0.2);
 * eval Resize(256) → CenterCrop(224). Synthetic: RandomCrop(size, size/8) → flip. AutoAugment goes right before
 * ToTensor.
 */
export function defaultTransforms(ds: ImageDataset, opts: PipelineOptions): Transform[] {
  const norm = normalize(ds.mean, ds.std);
  const cut = opts.cutout === true ? CUTOUT_LENGTH : opts.cutout === false || opts.cutout === undefined ? 0 : opts.cutout;
  const imageFiles = ds.name === 'imagenet' || ds.kind === 'files';
  if (opts.train && opts.autoAugment && ds.channels !== 1 && ds.channels !== 3)
    throw new Error(`AutoAugment (--auto-aug) works on 1- and 3-channel images; the ${ds.name} images have ${ds.channels} channels`);
  const policy: Transform[] = opts.train && opts.autoAugment ? [autoAugment(imageFiles ? 'imagenet' : 'cifar10')] : [];
  const tail = (): Transform[] => [...policy, toTensor(), norm, ...(opts.train && cut > 0 ? [cutout(cut)] : [])];
  if (imageFiles) {
    return opts.train
      ? [randomResizedCrop(IMAGENET_SIZES.crop), horizontalFlip(), colorJitter(0.4, 0.4, 0.4, 0.2), ...tail()]
      : [resize(IMAGENET_SIZES.resize), centerCrop(IMAGENET_SIZES.crop), toTensor(), norm];
  }
  if (!opts.train) return [toTensor(), norm];
  switch (ds.name) {
    case 'cifar10':
    case 'cifar100':
      return [randomCrop(CIFAR_CROP.size, CIFAR_CROP.padding), horizontalFlip(), ...tail()];
    case 'imagenet16-120':
      return [randomCrop(IMAGENET16_CROP.size, IMAGENET16_CROP.padding), horizontalFlip(), ...tail()];
    case 'fashion-mnist':
      return [randomCrop(MNIST_CROP.size, MNIST_CROP.padding), horizontalFlip(), ...tail()];
    case 'mnist':
      return [randomCrop(MNIST_CROP.size, MNIST_CROP.padding), ...tail()];
    default: {
      const size = Math.min(ds.height, ds.width);
      return [randomCrop(size, Math.max(1, Math.floor(size / 8))), horizontalFlip(), ...tail()];
    }
  }
}
