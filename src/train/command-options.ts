// The options of search, train and eval as schemas (src/option-schema.ts): what the command line offers, what a
// config file may hold, what a run records in config.json (every value it used, under the flag names) and what
// --resume and `tsnas rerun` read back. Each command's options resolve to the options object its runner takes.
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { resolve as resolvePath } from 'node:path';
import { DATASET_NAMES, type DatasetName, isNb201SplitDataset, NB201_SPLIT_DATASETS, parseDatasetName } from '../data/index.js';
import { type MethodConfig, type MethodInfo, type MethodOption, searchMethod, searchMethodNames } from '../nas/search/registry.js';
import { searchSpaceNames } from '../nas/search/space.js';
import {
  choice,
  decimal,
  type GivenValues,
  integer,
  onOff,
  type OptionSource,
  type OptionSpec,
  type OptionValue,
  parseValue,
  resolveOptions,
  text,
  unknownOptionError,
  whereOf,
} from '../option-schema.js';
import { NB201_TRAIN_DEFAULTS } from '../nas/nb201/protocol.js';
import { cudaAvailable } from '../tensor/index.js';
import { type ResolvedEvalArch, canonicalArchName, defaultNetworkSize, resolveEvalArch } from './arch.js';
import { type RecipeCommand, recipe, recipeNames } from './recipes.js';
import { DERIVATION_MODES, type DerivationMode } from '../nas/cell-plan.js';
import { POOL_BN_CHOICES, type PoolBn } from '../nas/ops/registry.js';
import { type SearchOptions, VALID_SPLITS, type ValidSplit } from './search-runner.js';
import { LINEAR_TAIL_EPOCHS, LR_SCHEDULES, type LrScheduleName, type TrainOptions } from './trainer.js';

/** The seed of every command when none is given. */
export const DEFAULT_SEED = 0;

/** Upper bounds of the network-size options: far beyond any real network, low enough that a typo fails at once. */
export const MAX_CHANNELS = 100_000;
export const MAX_LAYERS = 10_000;

/** The most intra-op threads --threads takes: 4 per core, at least 64 (100,000 OpenMP threads never finish starting). */
export function maxThreads(): number {
  return Math.max(64, 4 * availableParallelism());
}

/** The most data-loading workers --workers takes: 2 per core, at least 64 (each is a V8 isolate of ~20 MB). */
export function maxWorkers(): number {
  return Math.max(64, 2 * availableParallelism());
}

export type ResolvedConfig = Record<string, OptionValue>;

/** The data, seed and device options every command that runs a network shares. */
function dataOptionSpecs(): OptionSpec[] {
  const synthetic = (r: Readonly<ResolvedConfig>, v: number): number | undefined => (r.dataset === 'synthetic' ? v : undefined);
  return [
    {
      name: 'dataset',
      arg: '<name>',
      description: 'dataset (published spellings too: CIFAR-10, ImageNet16-120, FashionMNIST)',
      type: choice(DATASET_NAMES, parseDatasetName),
      default: 'cifar10',
    },
    {
      name: 'data',
      arg: '<dir>',
      description: 'dataset folder (default: /usr/share/datasets/fashion-mnist for fashion-mnist, ./data for CIFAR)',
      type: text(),
    },
    { name: 'subset', arg: '<n>', description: 'use only the first N training images (and N test images)', type: integer(1) },
    { name: 'seed', arg: '<n>', description: 'random seed (weights init, shuffling, augmentation)', type: integer(0), default: DEFAULT_SEED },
    {
      name: 'workers',
      arg: '<n>',
      description: 'data-loading worker threads (0 = on the main thread; default: 1 on <= 2 cores)',
      type: integer(0, maxWorkers()),
      local: true,
    },
    { name: 'device', arg: '<dev>', description: 'cpu, cuda, cuda:N, or auto (cuda when available)', type: text(), default: 'auto' },
    {
      name: 'threads',
      arg: '<n>',
      description: 'libtorch intra-op threads (default: all cores, or $TSNAS_THREADS)',
      type: integer(1, maxThreads()),
      local: true,
    },
    // The bounds of makeSynthetic, so that the message names the option.
    {
      name: 'synthetic-size',
      arg: '<n>',
      description: 'synthetic dataset: image size',
      type: integer(4, 65536),
      default: (r) => synthetic(r, 16),
      defaultText: '16',
    },
    {
      name: 'synthetic-classes',
      arg: '<n>',
      description: 'synthetic dataset: classes',
      type: integer(2, 65536),
      default: (r) => synthetic(r, 10),
      defaultText: '10',
    },
    {
      name: 'synthetic-count',
      arg: '<n>',
      description: 'synthetic dataset: training images',
      type: integer(2, 16_777_216),
      default: (r) => synthetic(r, 512),
      defaultText: '512',
    },
    {
      name: 'synthetic-channels',
      arg: '<n>',
      description: 'synthetic dataset: channels',
      type: integer(1, 4),
      default: (r) => synthetic(r, 3),
      defaultText: '3',
    },
  ];
}

const checkpointInterval: OptionSpec = {
  name: 'checkpoint-interval',
  arg: '<min>',
  description:
    'also save checkpoints/last.pt mid-epoch every N minutes, so that kill -9 or a crash loses at most that much work (0: only at epoch ends)',
  type: decimal(0),
  default: 30,
  local: true,
};

const recompute: OptionSpec = {
  name: 'recompute',
  description:
    "keep each depthwise convolution's output for the backward instead of computing it again there " +
    '(same results; more activation memory, a slightly faster weight step)',
  type: onOff(),
  default: true,
  local: true,
};

const tensorboard: OptionSpec = {
  name: 'tensorboard',
  description: 'no TensorBoard event file in the run directory (written by default: tensorboard --logdir runs/)',
  type: onOff(),
  default: true,
};

const logEvery: OptionSpec = {
  name: 'log-every',
  arg: '<n>',
  description:
    'without a terminal (a log file, a batch job): also a progress line every N steps, with the ETA of the epoch and of the whole run (0: epoch lines only)',
  type: integer(0),
  default: 0,
  local: true,
};

/** The augmentations search and train both offer beyond each dataset's crop and flip. */
const augmentationSpecs: readonly OptionSpec[] = [
  {
    name: 'cutout',
    description: "cutout augmentation (search: of both halves, the weights' and the architecture's or fitness images, as the references)",
    type: onOff(),
    default: false,
  },
  { name: 'cutout-length', arg: '<n>', description: 'cutout hole size', type: integer(1), default: 16 },
  {
    name: 'auto-aug',
    description:
      "AutoAugment of the training images after crop and flip, as D-DARTS' --auto_aug: ImageNetPolicy on imagenet, " +
      'CIFAR10Policy on the other datasets (1- and 3-channel images)',
    type: onOff(),
    default: false,
  },
];

/** What both search and train write and how they run here: TensorBoard, checkpoints, log lines, recomputation. */
const runFileSpecs: readonly OptionSpec[] = [tensorboard, checkpointInterval, logEvery, recompute];

const epochsOnResume =
  'with --resume: the total the run goes on to (more than it has done), its schedules recomputed over the new total from the current epoch on';

export function resolveDevice(d: string, where = '--device'): string {
  if (d === 'auto') return cudaAvailable() ? 'cuda' : 'cpu';
  if (d === 'cpu') return d;
  if (/^cuda(:\d+)?$/.test(d)) {
    if (!cudaAvailable())
      throw new Error(
        `${where} ${d}: this libtorch has no usable CUDA device (run \`tsnas doctor\`; build against a CUDA libtorch with LIBTORCH=<dir>)`,
      );
    return d;
  }
  throw new Error(`${where} must be cpu, cuda, cuda:N or auto, got '${d}'`);
}

/** What the data options resolve to. */
export interface DataOptions {
  dataset: DatasetName;
  data?: string;
  subset?: number;
  seed: number;
  workers?: number;
  device: string;
  synthetic?: { size: number; classes: number; count: number; channels: number };
}

/**
 * A path as config.json records it: absolute, so that `tsnas rerun` and `--config DIR/config.json` find the same
 * files from any working directory. Anything else (a zoo name) is kept as given.
 */
function recordedPath(v: OptionValue | undefined): string | undefined {
  return typeof v === 'string' && existsSync(v) ? resolvePath(v) : (v as string | undefined);
}

const SYNTHETIC_OPTIONS = ['synthetic-size', 'synthetic-classes', 'synthetic-count', 'synthetic-channels'] as const;

/**
 * The synthetic dataset's options apply to --dataset synthetic alone: given for another dataset they would be
 * silently ignored (a run on CIFAR-10's 10 classes at 32x32 instead), so they are refused — except a config file's,
 * when the command line changed the file's dataset (they go with the file's dataset).
 */
function checkSyntheticOptions(c: ResolvedConfig, sources: GivenValues['sources']): void {
  if (c.dataset === 'synthetic') return;
  for (const key of SYNTHETIC_OPTIONS) {
    const source = sources[key];
    if (c[key] === undefined || source === undefined) continue;
    if (source.kind === 'file' && sources.dataset?.kind === 'cli') {
      delete c[key];
      continue;
    }
    throw new Error(
      `${whereOf(key, source)} applies to the synthetic dataset only, and the dataset is ${c.dataset}: add --dataset synthetic, or leave it out`,
    );
  }
}

/** AutoAugment takes 1- and 3-channel images (PIL's "L" and "RGB"); only the synthetic dataset can have others. */
function checkAutoAugment(c: ResolvedConfig, sources: GivenValues['sources']): void {
  const channels = c['synthetic-channels'];
  if (c['auto-aug'] === true && c.dataset === 'synthetic' && channels !== 1 && channels !== 3)
    throw new Error(
      `${whereOf('auto-aug', sources['auto-aug'])}: AutoAugment works on 1- and 3-channel images, and --synthetic-channels is ${channels}`,
    );
}

function dataOptions(c: ResolvedConfig, sources: GivenValues['sources']): DataOptions {
  checkSyntheticOptions(c, sources);
  checkAutoAugment(c, sources);
  if (c.data !== undefined) c.data = recordedPath(c.data)!;
  return {
    dataset: c.dataset as DatasetName,
    data: c.data as string | undefined,
    subset: c.subset as number | undefined,
    seed: c.seed as number,
    workers: c.workers as number | undefined,
    device: resolveDevice(c.device as string, whereOf('device', sources.device)),
    synthetic:
      c.dataset === 'synthetic'
        ? {
            size: c['synthetic-size'] as number,
            classes: c['synthetic-classes'] as number,
            count: c['synthetic-count'] as number,
            channels: c['synthetic-channels'] as number,
          }
        : undefined,
  };
}

/** A resolved command: every value it computes with (config.json's `config`), and the options object its runner takes. */
export interface ResolvedCommand<O> {
  config: ResolvedConfig;
  options: O;
}

/** What config.json records of a resolved config: everything but how this machine ran it. */
export function recordedConfig(specs: readonly OptionSpec[], config: Readonly<ResolvedConfig>): ResolvedConfig {
  const local = new Set(specs.filter((s) => s.local).map((s) => s.name));
  return Object.fromEntries(Object.entries(config).filter(([k]) => !local.has(k)));
}

/** --recipe NAME: a reference's published protocol (src/train/recipes.ts), listed with its values under --help. */
function recipeSpec(command: RecipeCommand): OptionSpec {
  return {
    name: 'recipe',
    arg: '<name>',
    description: `a reference's published protocol in one word (what each sets: "Recipes" below); flags and --config override its values`,
    type: choice(recipeNames(command)),
  };
}

/**
 * The given values with those of --recipe under them: a recipe's value applies where neither the command line nor the
 * config file gives one. A recipe's method cannot be overridden: its other values are that method's.
 */
export function withRecipe(command: RecipeCommand, given: GivenValues): GivenValues {
  if (given.values.recipe === undefined) return given;
  const name = parseValue(recipeSpec(command), given.values.recipe, given.sources.recipe) as string;
  const values = { ...given.values };
  const sources = { ...given.sources };
  for (const [key, value] of Object.entries(recipe(name)!.values[command]!)) {
    if (values[key] === undefined) {
      values[key] = value;
      sources[key] = { kind: 'recipe', name };
    } else if (key === 'method' && values.method !== value) {
      throw new Error(
        `${whereOf('method', given.sources.method)} ${String(values.method)}: --recipe ${name} is a ${value} recipe (its values are ${value}'s); drop one of them`,
      );
    }
  }
  return { values, sources };
}

// ---- search ----

type MethodNetworkKey = keyof NonNullable<MethodInfo['network']>;

/**
 * A network default of the search: the reference script's of the method where it differs from DARTS' (`darts`),
 * NAS-Bench-201's own N in that space.
 */
function methodNetworkDefault(key: MethodNetworkKey, darts: number, nb201?: number): Pick<OptionSpec<number>, 'default' | 'defaultText'> {
  const own = searchMethodNames()
    .map((m) => [m, searchMethod(m).network?.[key]] as const)
    .filter(([, v]) => v !== undefined && v !== darts);
  return {
    default: (r) => {
      if (nb201 !== undefined && r.space === 'nb201') return nb201;
      return searchMethod(r.method as string).network?.[key] ?? darts;
    },
    defaultText: [String(darts), ...own.map(([m, v]) => `${v} ${m}`), ...(nb201 === undefined ? [] : [`${nb201} with --space nb201`])].join('; '),
  };
}

function searchCommonSpecs(): OptionSpec[] {
  const methods = searchMethodNames();
  return [
    recipeSpec('search'),
    {
      name: 'method',
      arg: '<name>',
      description: "search method (what each is: the README's table; its options and defaults: tsnas search --method M --help)",
      type: choice(methods),
      default: 'darts',
    },
    { name: 'space', arg: '<name>', description: 'search space', type: choice(searchSpaceNames()), default: 'darts' },
    ...dataOptionSpecs(),
    {
      name: 'epochs',
      arg: '<n>',
      description: `search epochs (ddarts: after its --pretrain-epochs, which the run adds, as the reference does; ${epochsOnResume})`,
      type: integer(1),
      ...methodNetworkDefault('epochs', 50),
      onResume: 'apply',
    },
    {
      name: 'init-channels',
      arg: '<n>',
      description: 'initial channels C of the supernet',
      type: integer(2, MAX_CHANNELS),
      ...methodNetworkDefault('initChannels', 16),
    },
    {
      name: 'layers',
      arg: '<n>',
      description: 'cells of the supernet: L for the darts and dartopti spaces, N (cells per stage) for nb201',
      // NAS-Bench-201's N is 5 in the benchmark; the DARTS space needs 3 cells for its two reductions (checked below).
      type: integer(1, MAX_LAYERS),
      ...methodNetworkDefault('layers', 8, 5),
    },
    {
      name: 'batch-size',
      arg: '<n>',
      description: 'batch size',
      type: integer(1),
      default: (r) => searchMethod(r.method as string).batchSize,
      defaultText: `the reference script's: ${methods.map((n) => `${searchMethod(n).batchSize} ${n}`).join(', ')}`,
    },
    {
      name: 'valid-split',
      arg: '<split>',
      description:
        "where the validation images (the architecture's training batches, EvNAS fitness, validation accuracy) come from: " +
        'train = the part of the training set --train-portion leaves out; ' +
        "cifar10-valid = NAS-Bench-201's valid half of the CIFAR-10 training set, the weights training on its train half " +
        "(the halves of the benchmark's cifar10-valid accuracies); " +
        `xvalid = NAS-Bench-201's x-valid half of the test set (${NB201_SPLIT_DATASETS.join(', ')}), the weights training on the whole training set`,
      type: choice(VALID_SPLITS),
      // EvNAS' train_searchNAS201.py (spec §4.8): each dataset on NB201's own split of it.
      default: (r) => (r.method === 'evnas' && r.space === 'nb201' ? nb201ValidSplit(r.dataset as string) : 'train'),
      defaultText: `for evnas --space nb201: cifar10-valid on cifar10, xvalid on ${NB201_SPLIT_DATASETS.join(' or ')}; else train`,
    },
    {
      name: 'train-portion',
      arg: '<p>',
      description:
        'fraction of the training set that trains weights; the rest trains the architecture. 1 = the whole training set, ' +
        'validation accuracy on the test split',
      type: decimal(0.01, 1),
      default: (r) => WEIGHTS_PORTION[r['valid-split'] as ValidSplit] ?? searchMethod(r.method as string).trainPortion ?? 0.5,
      defaultText: `${methods.map((n) => `${searchMethod(n).trainPortion ?? 0.5} ${n}`).join(', ')}; 0.5 with --valid-split cifar10-valid, 1 with xvalid`,
    },
    {
      name: 'benchmark',
      arg: '<file|dir>',
      description:
        "--space nb201: an official NAS-Bench-201 (.pth) or NATS-Bench (pickle, -simple folder) benchmark: every epoch logs the cell's validation and test accuracies " +
        '(default: $TSNAS_NB201_BENCHMARK, else the shipped table of 200-epoch test accuracies)',
      type: text(),
    },
    ...augmentationSpecs,
    { name: 'draw', description: 'do not write SVG drawings of the genotypes', type: onOff(), default: true },
    {
      name: 'amp',
      description: 'mixed precision, first-order methods: float16 autocast with loss scaling on CUDA, bfloat16 autocast on CPU',
      type: onOff(),
      default: false,
    },
    ...runFileSpecs,
  ];
}

/** Every method's options, once per name; a name several methods share keeps each method's own entry. */
export function methodOptionsByName(): Map<string, Map<string, MethodOption>> {
  const out = new Map<string, Map<string, MethodOption>>();
  for (const method of searchMethodNames()) {
    for (const o of searchMethod(method).options) {
      if (!out.has(o.name)) out.set(o.name, new Map());
      out.get(o.name)!.set(method, o);
    }
  }
  return out;
}

/**
 * The search command's options: the common ones, then every method's (one entry per name, the first method's; the CLI
 * makes flags of them).
 */
export function searchOptionSpecs(): OptionSpec[] {
  const common = searchCommonSpecs();
  const methodSpecs = [...methodOptionsByName().values()].map((byMethod) => [...byMethod.values()][0]!);
  return [...common, ...methodSpecs];
}

/** The specs of one method's search: the common options and that method's own. */
export function searchSpecsOf(method: string): OptionSpec[] {
  return [...searchCommonSpecs(), ...searchMethod(method).options];
}

/** The split of EvNAS' NAS-Bench-201 script on a dataset (spec §4.8): NB201's own. */
function nb201ValidSplit(dataset: string): ValidSplit {
  if (dataset === 'cifar10') return 'cifar10-valid';
  return isNb201SplitDataset(dataset) ? 'xvalid' : 'train';
}

/** The fraction of the training set that trains the weights under an NB201 split: fixed by the split file. */
const WEIGHTS_PORTION: Partial<Record<ValidSplit, number>> = { 'cifar10-valid': 0.5, xvalid: 1 };

/** An NB201 split belongs to its datasets and fixes the weights' share of the training set. */
function checkValidSplit(head: ResolvedConfig, sources: GivenValues['sources']): void {
  const split = head['valid-split'] as ValidSplit;
  if (split === 'train') return;
  const where = whereOf('valid-split', sources['valid-split']);
  if (split === 'cifar10-valid' && head.dataset !== 'cifar10')
    throw new Error(
      `${where}: NAS-Bench-201's cifar-split.txt splits the cifar10 training set, not ${head.dataset}'s` +
        (isNb201SplitDataset(head.dataset as string) ? ` (--valid-split xvalid is its split of the ${head.dataset} test set)` : ''),
    );
  if (split === 'xvalid' && !isNb201SplitDataset(head.dataset as string))
    throw new Error(
      `${where}: NAS-Bench-201 splits the test sets of ${NB201_SPLIT_DATASETS.join(' and ')}, not ${head.dataset}` +
        (head.dataset === 'cifar10' ? ' (--valid-split cifar10-valid is its split of the cifar10 training set)' : ''),
    );
  const portion = WEIGHTS_PORTION[split]!;
  if (head['train-portion'] !== portion) {
    const chosen = sources['valid-split'] ? where : `--valid-split ${split} (the default of evnas --space nb201 on ${head.dataset})`;
    const weights = split === 'xvalid' ? 'on the whole training set' : "on NAS-Bench-201's train half of the training set";
    throw new Error(
      `${chosen} trains the weights ${weights}: ${whereOf('train-portion', sources['train-portion'])} must be ${portion} ` +
        'or left out (--valid-split train splits the training set at any fraction instead)',
    );
  }
}

/** The search options and config of given values (command line over config file over defaults). */
export function resolveSearch(givenValues: GivenValues): ResolvedCommand<SearchOptions> {
  const given = withRecipe('search', givenValues);
  const common = searchCommonSpecs();
  const commonNames = new Set(common.map((s) => s.name));
  const byName = methodOptionsByName();
  const pick = (keep: (k: string) => boolean): Record<string, unknown> => Object.fromEntries(Object.entries(given.values).filter(([k]) => keep(k)));
  const head = resolveOptions(common, { values: pick((k) => commonNames.has(k)), sources: given.sources });
  const method = head.method as string;
  const info = searchMethod(method);
  for (const key of Object.keys(given.values)) {
    if (commonNames.has(key)) continue;
    const owners = byName.get(key);
    const source: OptionSource = given.sources[key] ?? { kind: 'cli' };
    if (!owners) throw unknownOptionError(key, [...commonNames, ...info.options.map((o) => o.name)], source);
    if (!owners.has(method))
      throw new Error(`${whereOf(key, source, owners.values().next().value)} applies to ${[...owners.keys()].join(', ')}, not to method ${method}`);
  }
  const space = head.space as string;
  if (!info.spaces.includes(space))
    throw new Error(`${method} does not search the '${space}' space (it searches: ${info.spaces.join(', ')}); see the table in the README`);
  const layers = head.layers as number;
  if (space !== 'nb201' && layers < 3)
    throw new Error(
      `${whereOf('layers', given.sources.layers)} must be at least 3 in the ${space} space (its two reduction cells need 3), got ${layers}`,
    );
  const own = resolveOptions(info.options, { values: pick((k) => !commonNames.has(k)), sources: given.sources }, head);
  const config: ResolvedConfig = { ...head };
  for (const o of info.options) if (own[o.name] !== undefined) config[o.name] = own[o.name]!;
  if (head.benchmark !== undefined) {
    if (space !== 'nb201') throw new Error(`${whereOf('benchmark', given.sources.benchmark)} is a NAS-Bench-201 benchmark: it needs --space nb201`);
    head.benchmark = recordedPath(head.benchmark)!;
    if (!existsSync(head.benchmark as string))
      throw new Error(`${whereOf('benchmark', given.sources.benchmark)} ${head.benchmark}: no such file or folder`);
  }
  checkValidSplit(head, given.sources);
  const methodConfig: MethodConfig = { space, ...(head.benchmark !== undefined && { benchmark: head.benchmark as string }) };
  if (config.amp) methodConfig.amp = true;
  for (const o of info.options) if (own[o.name] !== undefined) o.apply(methodConfig, own[o.name]!);
  const data = dataOptions(config, given.sources);
  return {
    config: recordedConfig([...common, ...info.options], { ...config, device: data.device }),
    options: {
      method,
      ...data,
      epochs: config.epochs as number,
      channels: config['init-channels'] as number,
      layers,
      batchSize: config['batch-size'] as number,
      trainPortion: config['train-portion'] as number,
      validSplit: config['valid-split'] as ValidSplit,
      cutout: config.cutout ? (config['cutout-length'] as number) : 0,
      autoAugment: config['auto-aug'] as boolean,
      methodConfig,
      draw: config.draw as boolean,
      tensorboard: config.tensorboard as boolean,
      checkpointInterval: config['checkpoint-interval'] as number,
    },
  };
}

// ---- train ----

const resolvedArchs = new Map<string, ResolvedEvalArch | null>();

/**
 * What `--arch` names, for the defaults that follow it (a NAS-Bench-201 cell trains with the benchmark's protocol, a
 * per-cell genotype at its own depth, a zoo model with its own C, a DropNAS genotype with pt.darts' pooling BN); null
 * when it does not resolve (a bad --arch fails later, in the run). Remembered per spelling: every default asks, and
 * resolving a run directory reads its files.
 */
function resolvedArch(arch: OptionValue | undefined): ResolvedEvalArch | null {
  if (typeof arch !== 'string') return null;
  let known = resolvedArchs.get(arch);
  if (known === undefined) {
    try {
      known = resolveEvalArch(arch);
    } catch {
      known = null;
    }
    resolvedArchs.set(arch, known);
  }
  return known;
}

function isNb201Cell(arch: OptionValue | undefined): boolean {
  return resolvedArch(arch)?.genotype.kind === 'nb201';
}

/** C or L of the network --arch builds on --dataset when no option gives it (arch.ts defaultNetworkSize). */
function archSizeDefault(r: Readonly<ResolvedConfig>, key: 'channels' | 'layers', darts: number): number {
  const arch = resolvedArch(r.arch);
  if (!arch || arch.genotype.kind === 'nb201') return darts;
  return defaultNetworkSize(arch.genotype, r.dataset === 'imagenet' ? 'imagenet' : 'cifar', arch.settings)[key];
}

/** A train default of DARTS' train.py, or of NAS-Bench-201's 200-epoch protocol when --arch is an NB201 cell. */
function protocolDefault<T extends OptionValue>(darts: T, nb201: T): Pick<OptionSpec<T>, 'default' | 'defaultText'> {
  return {
    default: (r) => (isNb201Cell(r.arch) ? nb201 : darts),
    defaultText: darts === nb201 ? String(darts) : `${darts}; ${nb201} for a NAS-Bench-201 cell`,
  };
}

export function trainOptionSpecs(): OptionSpec[] {
  const nb = NB201_TRAIN_DEFAULTS;
  return [
    recipeSpec('train'),
    {
      name: 'arch',
      arg: '<name|file|run>',
      description:
        "zoo genotype name, genotype file, search / training run directory, or NAS-Bench-201 arch string (which trains with the benchmark's protocol by default)",
      type: text(),
      default: 'DARTS_V2',
    },
    ...dataOptionSpecs(),
    {
      name: 'epochs',
      arg: '<n>',
      description: `training epochs (${epochsOnResume})`,
      type: integer(1),
      ...protocolDefault(600, nb.epochs),
      onResume: 'apply',
    },
    {
      name: 'init-channels',
      arg: '<n>',
      description: 'initial channels C',
      type: integer(2, MAX_CHANNELS),
      default: (r) => (isNb201Cell(r.arch) ? nb.channels : archSizeDefault(r, 'channels', 36)),
      defaultText: `36; 48 on ImageNet; a zoo model's own (DO-2-ResNet18: 64 on ImageNet); ${nb.channels} for a NAS-Bench-201 cell`,
    },
    {
      name: 'layers',
      arg: '<n>',
      description: 'cells L (N, cells per stage, for an NB201 cell); more cells than a per-cell (D-DARTS) genotype has genes derive a deeper network',
      type: integer(1, MAX_LAYERS),
      default: (r) => (isNb201Cell(r.arch) ? nb.layers : archSizeDefault(r, 'layers', 20)),
      defaultText: `20; 14 on ImageNet; a per-cell genotype's gene count; ${nb.layers} for a NAS-Bench-201 cell`,
    },
    ...networkVariantSpecs(),
    { name: 'batch-size', arg: '<n>', description: 'batch size', type: integer(1), ...protocolDefault(96, nb.batchSize) },
    { name: 'lr', arg: '<lr>', description: 'initial learning rate (then the --lr-schedule)', type: decimal(0), ...protocolDefault(0.025, nb.lr) },
    { name: 'lr-min', arg: '<lr>', description: 'final learning rate of the cosine schedule', type: decimal(0), ...protocolDefault(0, nb.lrMin) },
    {
      name: 'lr-schedule',
      arg: '<name>',
      description:
        'learning rate by epoch: cosine (to --lr-min, train.py), step (x --lr-gamma every --lr-step epochs, DARTS train_imagenet.py), ' +
        `linear (P-DARTS / EvNAS train_imagenet.py: to lr/(E-${LINEAR_TAIL_EPOCHS}) at epoch E-${LINEAR_TAIL_EPOCHS}, then a ${LINEAR_TAIL_EPOCHS}x smaller slope; needs --epochs above ${LINEAR_TAIL_EPOCHS})`,
      type: choice(LR_SCHEDULES),
      default: 'cosine',
    },
    {
      name: 'lr-gamma',
      arg: '<g>',
      description: '--lr-schedule step: the factor of each decay',
      type: decimal(0),
      default: (r) => (r['lr-schedule'] === 'step' ? 0.97 : undefined),
      defaultText: '0.97 with --lr-schedule step',
    },
    {
      name: 'lr-step',
      arg: '<n>',
      description: '--lr-schedule step: epochs between two decays',
      type: integer(1),
      default: (r) => (r['lr-schedule'] === 'step' ? 1 : undefined),
      defaultText: '1 with --lr-schedule step',
    },
    {
      name: 'warmup-epochs',
      arg: '<n>',
      description:
        "linear warm-up of any --lr-schedule: epoch e (from 0) below N trains at the schedule's lr x (e+1)/N " +
        '(P-DARTS train_imagenet.py: 5 when the batch is above 256; 0: none)',
      type: integer(0),
      default: 0,
    },
    { name: 'momentum', arg: '<m>', description: 'SGD momentum', type: decimal(0, 1), ...protocolDefault(0.9, nb.momentum) },
    { name: 'nesterov', description: 'Nesterov momentum', type: onOff(), ...protocolDefault(false, nb.nesterov) },
    { name: 'weight-decay', arg: '<wd>', description: 'L2 weight decay', type: decimal(0), ...protocolDefault(3e-4, nb.weightDecay) },
    { name: 'grad-clip', arg: '<n>', description: 'global gradient-norm clip (0: none)', type: decimal(0), ...protocolDefault(5, nb.gradClip) },
    { name: 'auxiliary', description: 'train with the auxiliary head', type: onOff(), default: false },
    { name: 'auxiliary-weight', arg: '<w>', description: 'weight of the auxiliary loss', type: decimal(0), default: 0.4 },
    ...augmentationSpecs,
    {
      name: 'drop-path',
      arg: '<p>',
      description: 'drop-path probability, ramped linearly from 0 over the epochs',
      type: decimal(0, 0.99),
      ...protocolDefault(0.2, NB201_TRAIN_DEFAULTS.dropPath),
    },
    { name: 'label-smoothing', arg: '<e>', description: 'label smoothing of the training loss (0.1 on ImageNet)', type: decimal(0, 1), default: 0 },
    { name: 'test-subset', arg: '<n>', description: 'evaluate on the first N test images only', type: integer(1) },
    {
      name: 'train-portion',
      arg: '<p>',
      description:
        'train on this fraction of the training set and report top-1 on the rest (a validation split, valTop1) every epoch, as the selection of cells needs (1: the whole training set, no validation split)',
      type: decimal(0.01, 1),
      default: 1,
    },
    {
      name: 'skip-nonfinite-steps',
      arg: '<n>',
      description:
        'skip up to N updates whose loss or gradient norm is NaN or infinite; one more stops the run ' +
        '(a non-finite step always stops it by default, keeping the last finite checkpoint)',
      type: integer(0),
      default: 0,
    },
    {
      name: 'amp',
      description: 'mixed precision: float16 autocast with loss scaling on CUDA, bfloat16 autocast on CPU',
      type: onOff(),
      default: false,
    },
    ...runFileSpecs,
  ];
}

/** The evaluation-network variants train and eval choose: pt.darts' pooling BN, D-DARTS' derivation layout. */
function networkVariantSpecs(evaluating = false): OptionSpec[] {
  // Only the genotypes they apply to get a value (and config.json a record): DARTS cells, per-cell genotypes.
  const kind = (r: Readonly<ResolvedConfig>): string | undefined => resolvedArch(r.arch)?.genotype.kind;
  const settings = (r: Readonly<ResolvedConfig>): ResolvedEvalArch['settings'] => resolvedArch(r.arch)?.settings ?? {};
  const recorded = evaluating ? "the checkpoint's metadata, else " : '';
  return [
    {
      name: 'pool-bn',
      arg: '<kind>',
      description:
        "what follows each pooling op of a DARTS cell: none (quark0/darts' network) or an affine BN (affine: khanrc/pt.darts' " +
        'AugmentCNN, which DropNAS trains; its checkpoints need it)',
      type: choice(POOL_BN_CHOICES),
      ...(!evaluating && { default: (r) => (kind(r) === 'darts' || kind(r) === 'reweight' ? (settings(r).poolBn ?? 'none') : undefined) }),
      defaultText: `${recorded}affine for a DropNAS / pt.darts genotype (zoo entry or dropnas search run), else none`,
    },
    {
      name: 'derivation',
      arg: '<mode>',
      description:
        'a per-cell (D-DARTS) genotype deepened beyond its genes: reductions at L/3 and 2L/3 (paper) or at the ' +
        "genotype file's own positions, as the original code builds it (reference; its checkpoints need it)",
      type: choice(DERIVATION_MODES),
      ...(!evaluating && { default: (r) => (kind(r) === 'nested' ? (settings(r).derivation ?? 'paper') : undefined) }),
      defaultText: `${recorded}paper`,
    },
  ];
}

export function resolveTrain(givenValues: GivenValues): ResolvedCommand<TrainOptions> {
  const given = withRecipe('train', givenValues);
  const specs = trainOptionSpecs();
  const config = resolveOptions(specs, given);
  config.arch = canonicalArchName(recordedPath(config.arch)!);
  if ((config.layers as number) < 3 && !isNb201Cell(config.arch))
    throw new Error(
      `${whereOf('layers', given.sources.layers)} must be at least 3 for a DARTS-space cell (its two reduction cells need 3), got ${config.layers}`,
    );
  const schedule = config['lr-schedule'] as LrScheduleName;
  for (const name of ['lr-gamma', 'lr-step'])
    if (schedule !== 'step' && config[name] !== undefined)
      throw new Error(`${whereOf(name, given.sources[name])} sets the step schedule: it needs --lr-schedule step (the schedule is ${schedule})`);
  if (schedule === 'linear' && (config.epochs as number) <= LINEAR_TAIL_EPOCHS)
    throw new Error(
      `--lr-schedule linear needs ${whereOf('epochs', given.sources.epochs)} above ${LINEAR_TAIL_EPOCHS} (its last ${LINEAR_TAIL_EPOCHS} epochs decay on a slope of their own), got ${config.epochs}`,
    );
  const data = dataOptions(config, given.sources);
  return {
    config: recordedConfig(specs, { ...config, device: data.device }),
    options: {
      arch: config.arch as string,
      ...data,
      epochs: config.epochs as number,
      channels: config['init-channels'] as number,
      layers: config.layers as number,
      poolBn: config['pool-bn'] as PoolBn | undefined,
      derivation: config.derivation as DerivationMode | undefined,
      batchSize: config['batch-size'] as number,
      lr: config.lr as number,
      lrMin: config['lr-min'] as number,
      lrSchedule: schedule,
      ...(schedule === 'step' && { lrGamma: config['lr-gamma'] as number, lrStep: config['lr-step'] as number }),
      warmupEpochs: config['warmup-epochs'] as number,
      momentum: config.momentum as number,
      nesterov: config.nesterov as boolean,
      weightDecay: config['weight-decay'] as number,
      gradClip: config['grad-clip'] as number,
      auxiliary: config.auxiliary as boolean,
      auxiliaryWeight: config['auxiliary-weight'] as number,
      cutout: config.cutout as boolean,
      cutoutLength: config['cutout-length'] as number,
      autoAugment: config['auto-aug'] as boolean,
      dropPath: config['drop-path'] as number,
      labelSmoothing: config['label-smoothing'] as number,
      testSubset: config['test-subset'] as number | undefined,
      ...(config['train-portion'] !== 1 && { trainPortion: config['train-portion'] as number }),
      amp: config.amp ? true : undefined,
      checkpointInterval: config['checkpoint-interval'] as number,
      skipNonFiniteSteps: config['skip-nonfinite-steps'] as number,
      tensorboard: config.tensorboard as boolean,
    },
  };
}

// ---- eval ----

export function evalOptionSpecs(): OptionSpec[] {
  return [
    {
      name: 'arch',
      arg: '<name|file|run>',
      description: "zoo genotype name, genotype file, or search / training run directory (default: the checkpoint's)",
      type: text(),
    },
    {
      name: 'checkpoint',
      arg: '<file>',
      description: 'weights: tsnas model.pt / checkpoints/*.pt, or a PyTorch state_dict or checkpoint dict',
      type: text(),
    },
    {
      name: 'init-channels',
      arg: '<n>',
      description: "initial channels C (default: the checkpoint's metadata, else its weight shapes, else 36; 48 on ImageNet; a zoo model's own)",
      type: integer(2, MAX_CHANNELS),
    },
    {
      name: 'layers',
      arg: '<n>',
      description: "cells L (default: the checkpoint's metadata, else its weight shapes, else a per-cell genotype's gene count; 14 on ImageNet; 20)",
      type: integer(3, MAX_LAYERS),
    },
    ...networkVariantSpecs(true),
    { name: 'batch-size', arg: '<n>', description: 'batch size', type: integer(1), default: 96 },
    ...dataOptionSpecs(),
    {
      name: 'ignore-metadata',
      description: 'evaluate even when the genotype/settings saved in a tsnas checkpoint differ from --arch and the options',
      type: onOff(),
      default: false,
    },
    { name: 'json', description: 'print JSON', type: onOff(), default: false, local: true },
  ];
}

export interface EvalCommandOptions extends DataOptions {
  arch?: string;
  checkpoint?: string;
  channels?: number;
  layers?: number;
  poolBn?: PoolBn;
  derivation?: DerivationMode;
  batchSize: number;
  ignoreMetadata: boolean;
  json: boolean;
}

export function resolveEval(given: GivenValues): ResolvedCommand<EvalCommandOptions> {
  const config = resolveOptions(evalOptionSpecs(), given);
  if (config.arch !== undefined) config.arch = canonicalArchName(config.arch as string);
  return {
    config,
    options: {
      arch: config.arch as string | undefined,
      checkpoint: config.checkpoint as string | undefined,
      channels: config['init-channels'] as number | undefined,
      layers: config.layers as number | undefined,
      poolBn: config['pool-bn'] as PoolBn | undefined,
      derivation: config.derivation as DerivationMode | undefined,
      batchSize: config['batch-size'] as number,
      ...dataOptions(config, given.sources),
      ignoreMetadata: config['ignore-metadata'] as boolean,
      json: config.json as boolean,
    },
  };
}

/** The commands whose runs record a config, by name. */
export const COMMAND_SPECS = { search: searchOptionSpecs, train: trainOptionSpecs, eval: evalOptionSpecs } as const;
