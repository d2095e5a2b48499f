// `tsnas eval`: top-1 / top-5 of a genotype's network with weights from a checkpoint — ours (a training run's
// checkpoint dict or model.pt) or PyTorch's (raw state_dict, a dict holding `state_dict`, `module.` prefixes,
// checkpoints without num_batches_tracked).
import { type DatasetName, DataLoader, loadDataset, type SyntheticGeometry, syntheticOptions } from '../data/index.js';
import { loadStateDict, readTorchMetadata } from '../io/index.js';
import type { LoadResult } from '../nn/index.js';
import type { Tensor } from '../tensor/index.js';
import {
  buildEvalNetwork,
  checkEvalNetworkSize,
  diffNetworkMetadata,
  type EvalNetworkOptions,
  evalArchFromJson,
  NETWORK_METADATA_FORMAT,
  type NetworkMetadata,
  networkMetadata,
  networkMismatchMessage,
  type ResolvedEvalArch,
  resolveEvalArch,
} from './arch.js';
import { type EvalResult, evaluateNetwork, familyOf } from './trainer.js';

export interface EvalOptions {
  /** The genotype (see resolveEvalArch); default: the one a tsnas checkpoint's metadata records. */
  arch?: string;
  checkpoint: string;
  dataset: DatasetName;
  data?: string;
  /** C and L; default: the checkpoint's metadata, else its weight shapes, else 36 and 20 (DARTS' CIFAR network). */
  channels?: number;
  layers?: number;
  batchSize: number;
  subset?: number;
  workers?: number;
  device: string;
  synthetic?: SyntheticGeometry;
  seed: number;
  /**
   * Evaluate even when the checkpoint's tsnas metadata (genotype, channels, layers, classes) differs from `arch` and
   * the options; the differences are reported in `metadataMismatch`. Default false: such a checkpoint is refused.
   */
  ignoreMetadata?: boolean;
}

export interface EvalReport extends EvalResult {
  arch: string;
  checkpoint: string;
  dataset: string;
  channels: number;
  layers: number;
  /** Where C and L came from. */
  sizeFrom: 'options' | 'checkpoint metadata' | 'weight shapes' | 'defaults';
  params: number;
  missingKeys: string[];
  /** Whether the checkpoint carried tsnas network metadata (checked against arch and the options). */
  hasMetadata: boolean;
  /** With ignoreMetadata: the differences that would have refused the checkpoint (empty otherwise). */
  metadataMismatch: string[];
}

/** The option that makes runEvaluation evaluate a checkpoint whose metadata disagrees (named in the error). */
export const IGNORE_METADATA_FLAG = '--ignore-metadata';

/** A tsnas network's metadata, or undefined (PyTorch's own files, other metadata). */
function networkMetadataOf(meta: unknown): NetworkMetadata | undefined {
  const m = meta as Partial<NetworkMetadata> | undefined;
  return m && typeof m === 'object' && m.format === NETWORK_METADATA_FORMAT && m.network && m.genotype !== undefined
    ? (m as NetworkMetadata)
    : undefined;
}

/** The genotype a checkpoint's metadata records (for `eval` without --arch). */
function archOfCheckpoint(meta: NetworkMetadata | undefined, checkpoint: string): ResolvedEvalArch {
  if (!meta)
    throw new Error(`${checkpoint} carries no tsnas metadata (a PyTorch file?), so it does not say which genotype it holds: name it with --arch`);
  return { name: meta.arch ?? checkpoint, genotype: evalArchFromJson(meta.genotype), source: checkpoint };
}

/**
 * C and L of a DARTS-family evaluation network read off its weights: the CIFAR stem's convolution has 3C outputs
 * (the ImageNet stem0's first one C/2), and the cells are numbered `cells.<i>.` from 0. Undefined where the keys are
 * not there (NAS-Bench-201 networks, other layouts).
 */
export function inferNetworkSize(sd: ReadonlyMap<string, Tensor>, family: 'cifar' | 'imagenet'): { channels?: number; layers?: number } {
  let channels: number | undefined;
  let layers: number | undefined;
  for (const [key, t] of sd) {
    const k = key.replace(/^module\./, '');
    if (family === 'cifar' && k === 'stem.0.weight' && t.shape[0]! % 3 === 0) channels = t.shape[0]! / 3;
    if (family === 'imagenet' && k === 'stem0.0.weight') channels = 2 * t.shape[0]!;
    const cell = /^cells\.(\d+)\./.exec(k);
    if (cell) layers = Math.max(layers ?? 0, Number(cell[1]) + 1);
  }
  return { channels, layers };
}

export async function runEvaluation(o: EvalOptions): Promise<EvalReport> {
  // tsnas checkpoints say which network their weights belong to; PyTorch's own files carry nothing (undefined)
  const meta = readTorchMetadata(o.checkpoint);
  const recorded = networkMetadataOf(meta);
  const arch = o.arch !== undefined ? resolveEvalArch(o.arch) : archOfCheckpoint(recorded, o.checkpoint);
  const test = await loadDataset(o.dataset, {
    root: o.data,
    split: 'test',
    subset: o.subset,
    synthetic: o.synthetic ? syntheticOptions(o.synthetic, o.seed) : undefined,
  });
  const sd = loadStateDict(o.checkpoint);
  // A checkpoint trained with the auxiliary head carries its keys; build the network to match.
  const auxiliary = [...sd.keys()].some((k) => k.replace(/^module\./, '').startsWith('auxiliary_head.'));
  const family = familyOf(o.dataset);
  const inferred = inferNetworkSize(sd, family);
  const [channels, layers, sizeFrom]: [number, number, EvalReport['sizeFrom']] =
    o.channels !== undefined || o.layers !== undefined
      ? [
          o.channels ?? recorded?.network.channels ?? inferred.channels ?? 36,
          o.layers ?? recorded?.network.layers ?? inferred.layers ?? 20,
          'options',
        ]
      : recorded
        ? [recorded.network.channels, recorded.network.layers, 'checkpoint metadata']
        : inferred.channels !== undefined && inferred.layers !== undefined
          ? [inferred.channels, inferred.layers, 'weight shapes']
          : [36, 20, 'defaults'];
  const settings: EvalNetworkOptions = {
    family,
    channels,
    layers,
    numClasses: test.numClasses,
    auxiliary,
    inChannels: test.channels,
    ...(recorded?.network.derivation !== undefined && { derivation: recorded.network.derivation }),
  };
  // same shapes are not the same network: a rewired input or another genotype with equal shapes loads silently
  const metadataMismatch = diffNetworkMetadata(meta, networkMetadata(arch.genotype, settings, { arch: arch.name }), { ignore: ['auxiliary'] });
  if (metadataMismatch.length > 0 && !o.ignoreMetadata) {
    for (const t of sd.values()) t.dispose();
    throw new Error(
      networkMismatchMessage(metadataMismatch, {
        checkpoint: o.checkpoint,
        against: '--arch, --init-channels, --layers and the dataset give',
        hint: `Refusing to evaluate; pass ${IGNORE_METADATA_FLAG} to evaluate anyway`,
      }),
    );
  }
  let net: ReturnType<typeof buildEvalNetwork>;
  try {
    checkEvalNetworkSize(arch.genotype, settings.channels, settings.layers);
    net = buildEvalNetwork(arch.genotype, settings);
  } catch (e) {
    for (const t of sd.values()) t.dispose();
    throw e;
  }
  try {
    if (o.device !== 'cpu') net.to({ device: o.device });
    let loaded: LoadResult;
    try {
      loaded = net.loadStateDict(sd);
    } catch (e) {
      throw new Error(
        `${o.checkpoint} does not fit ${arch.name} (C=${channels}, L=${layers} from the ${sizeFrom}, ${test.numClasses} classes): ${(e as Error).message}`,
      );
    }
    const loader = new DataLoader(test, { batchSize: o.batchSize, shuffle: false, workers: o.workers, device: o.device });
    try {
      const r = await evaluateNetwork(net, loader);
      return {
        ...r,
        arch: arch.name,
        checkpoint: o.checkpoint,
        dataset: o.dataset,
        channels,
        layers,
        sizeFrom,
        params: net.numParameters((n) => !n.includes('auxiliary')),
        missingKeys: loaded.missingKeys,
        hasMetadata: meta !== undefined,
        metadataMismatch,
      };
    } finally {
      await loader.close();
    }
  } finally {
    for (const t of sd.values()) t.dispose();
    net.dispose();
  }
}
