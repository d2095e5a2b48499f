// Options shared by the commands that read data and run networks.
import { availableParallelism } from 'node:os';
import { type Command, Option } from 'commander';
import { DATASET_NAMES, type DatasetName, isDatasetName } from '../data/index.js';
import { cudaAvailable, setNumThreads } from '../tensor/index.js';
import { intOption } from '../option-values.js';

export interface DataFlags {
  dataset: string;
  data?: string;
  subset?: string;
  seed: string;
  workers?: string;
  device: string;
  threads?: string;
  syntheticSize?: string;
  syntheticClasses?: string;
  syntheticCount?: string;
  syntheticChannels?: string;
}

export function addDataOptions(cmd: Command, defaults: { dataset: string; seed: number }): Command {
  return cmd
    .addOption(new Option('--dataset <name>', 'dataset').choices([...DATASET_NAMES]).default(defaults.dataset))
    .option('--data <dir>', 'dataset folder (default: /usr/share/datasets/fashion-mnist for fashion-mnist, ./data for CIFAR)')
    .option('--subset <n>', 'use only the first N training images (and N test images)')
    .option('--seed <n>', 'random seed (weights init, shuffling, augmentation)', String(defaults.seed))
    .option('--workers <n>', 'data-loading worker threads (0 = on the main thread; default: 1 on <= 2 cores)')
    .option('--device <dev>', 'cpu, cuda, cuda:N, or auto (cuda when available)', 'auto')
    .option('--threads <n>', 'libtorch intra-op threads (default: all cores, or $TSNAS_THREADS)')
    .option('--synthetic-size <n>', 'synthetic dataset: image size', '16')
    .option('--synthetic-classes <n>', 'synthetic dataset: classes', '10')
    .option('--synthetic-count <n>', 'synthetic dataset: training images', '512')
    .option('--synthetic-channels <n>', 'synthetic dataset: channels', '3');
}

export interface ResolvedData {
  dataset: DatasetName;
  data?: string;
  subset?: number;
  seed: number;
  workers?: number;
  device: string;
  synthetic?: { size: number; classes: number; count: number; channels: number };
}

export function resolveDevice(d: string): string {
  if (d === 'auto') return cudaAvailable() ? 'cuda' : 'cpu';
  if (d === 'cpu') return d;
  if (/^cuda(:\d+)?$/.test(d)) {
    if (!cudaAvailable())
      throw new Error(
        `--device ${d}: this libtorch has no usable CUDA device (run \`tsnas doctor\`; build against a CUDA libtorch with LIBTORCH=<dir>)`,
      );
    return d;
  }
  throw new Error(`--device must be cpu, cuda, cuda:N or auto, got '${d}'`);
}

/** The most intra-op threads --threads takes: 4 per core, at least 64. */
export function maxThreads(): number {
  return Math.max(64, 4 * availableParallelism());
}

/** The most data-loading workers --workers takes: 2 per core, at least 64. */
export function maxWorkers(): number {
  return Math.max(64, 2 * availableParallelism());
}

export function resolveData(f: DataFlags): ResolvedData {
  if (!isDatasetName(f.dataset)) throw new Error(`--dataset must be one of ${DATASET_NAMES.join(', ')}`);
  // Far more threads than cores only adds contention (and 100,000 OpenMP threads never finish starting).
  if (f.threads) setNumThreads(intOption(f.threads, '--threads', 1, maxThreads()));
  return {
    dataset: f.dataset,
    data: f.data,
    subset: f.subset ? intOption(f.subset, '--subset', 1) : undefined,
    seed: intOption(f.seed, '--seed'),
    // Each worker is a V8 isolate (~20 MB); a thousand of them exhausted memory and crashed V8.
    workers: f.workers !== undefined ? intOption(f.workers, '--workers', 0, maxWorkers()) : undefined,
    device: resolveDevice(f.device),
    synthetic:
      f.dataset === 'synthetic'
        ? {
            // The bounds of makeSynthetic, so that the message names the option.
            size: intOption(f.syntheticSize ?? '16', '--synthetic-size', 4, 65536),
            classes: intOption(f.syntheticClasses ?? '10', '--synthetic-classes', 2, 65536),
            count: intOption(f.syntheticCount ?? '512', '--synthetic-count', 2, 16_777_216),
            channels: intOption(f.syntheticChannels ?? '3', '--synthetic-channels', 1, 4),
          }
        : undefined,
  };
}

/** Options that may accompany --resume: they change how a run is computed here, not what it computes. */
const RESUME_OPTIONS = new Set(['resume', 'threads', 'workers', 'recompute', 'nproc', 'masterPort', 'distTimeout']);

/**
 * --resume continues a run with the options of its config.json: any other option given on the command line would be
 * silently ignored, so it is refused instead.
 */
export function refuseOptionsWithResume(cmd: Command): void {
  const given = cmd.options.filter((o) => !RESUME_OPTIONS.has(o.attributeName()) && cmd.getOptionValueSource(o.attributeName()) === 'cli');
  if (given.length === 0) return;
  const names = given.map((o) => o.long ?? o.flags).join(', ');
  throw new Error(
    `--resume continues a run with the options in its config.json; ${names} cannot be given with it ` +
      '(start a new run with --out to change them; --threads, --workers and --nproc may be given)',
  );
}

/** Upper bounds of the network-size options: far beyond any real network, low enough that a typo fails at once. */
export const MAX_CHANNELS = 100_000;
export const MAX_LAYERS = 10_000;
