// `tsnas eval`: top-1 / top-5 of a genotype's network with weights from a checkpoint — ours (a training run's
// checkpoint dict or model.pt) or PyTorch's (raw state_dict, a dict holding `state_dict`, `module.` prefixes,
// checkpoints without num_batches_tracked).
import { type DatasetName, DataLoader, loadDataset, type SyntheticGeometry, syntheticOptions } from '../data/index.js';
import { loadStateDict, readTorchMetadata } from '../io/index.js';
import type { LoadResult } from '../nn/index.js';
import type { Tensor } from '../tensor/index.js';
import type { DerivationMode } from '../nas/cell-plan.js';
import { NB201_TRAIN_DEFAULTS } from '../nas/nb201/protocol.js';
import { fromPtDartsStateDict, hasPtDartsNames } from '../nas/eval/pt-darts.js';
import type { PoolBn } from '../nas/ops/registry.js';
import {
  buildEvalNetwork,
  defaultNetworkSize,
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
  /**
   * C and L; default: the checkpoint's metadata, else its weight shapes, else the genotype's and the dataset's
   * (defaultNetworkSize: a per-cell genotype's gene count, 48 / 14 on ImageNet, 36 / 20 elsewhere).
   */
  channels?: number;
  layers?: number;
  /** Default: the checkpoint's metadata, else pt.darts' names in the weights or the genotype's source say 'affine'. */
  poolBn?: PoolBn;
  /** Default: the checkpoint's metadata, else the genotype's source, else 'paper'. */
  derivation?: DerivationMode;
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
  /** Where C and L came from ('genotype' and 'dataset': defaultNetworkSize). */
  sizeFrom: 'options' | 'checkpoint metadata' | 'weight shapes' | 'genotype and dataset';
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
  return { name: meta.arch ?? checkpoint, genotype: evalArchFromJson(meta.genotype), source: checkpoint, settings: {} };
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
  const loaded = loadStateDict(o.checkpoint);
  // pt.darts / DropNAS checkpoints name the same modules differently; their pooling ops carry an affine BN
  const ptDarts = arch.genotype.kind !== 'nb201' && hasPtDartsNames(loaded.keys());
  const sd = ptDarts ? fromPtDartsStateDict(loaded) : loaded;
  // A checkpoint trained with the auxiliary head carries its keys; build the network to match.
  const auxiliary = [...sd.keys()].some((k) => k.replace(/^module\./, '').startsWith('auxiliary_head.'));
  const family = familyOf(o.dataset);
  const inferred = inferNetworkSize(sd, family);
  const fallback =
    arch.genotype.kind === 'nb201'
      ? { channels: NB201_TRAIN_DEFAULTS.channels, layers: NB201_TRAIN_DEFAULTS.layers }
      : defaultNetworkSize(arch.genotype, family, arch.settings);
  const [channels, layers, sizeFrom]: [number, number, EvalReport['sizeFrom']] =
    o.channels !== undefined || o.layers !== undefined
      ? [
          o.channels ?? recorded?.network.channels ?? inferred.channels ?? fallback.channels,
          o.layers ?? recorded?.network.layers ?? inferred.layers ?? fallback.layers,
          'options',
        ]
      : recorded
        ? [recorded.network.channels, recorded.network.layers, 'checkpoint metadata']
        : inferred.channels !== undefined && inferred.layers !== undefined
          ? [inferred.channels, inferred.layers, 'weight shapes']
          : [inferred.channels ?? fallback.channels, inferred.layers ?? fallback.layers, 'genotype and dataset'];
  const poolBn = o.poolBn ?? recorded?.network.poolBn ?? (ptDarts ? 'affine' : arch.settings.poolBn);
  const derivation = o.derivation ?? recorded?.network.derivation ?? arch.settings.derivation;
  const settings: EvalNetworkOptions = {
    family,
    channels,
    layers,
    numClasses: test.numClasses,
    auxiliary,
    inChannels: test.channels,
    ...(derivation !== undefined && { derivation }),
    ...(poolBn !== undefined && poolBn !== 'none' && { poolBn }),
  };
  // same shapes are not the same network: a rewired input or another genotype with equal shapes loads silently
  const metadataMismatch = diffNetworkMetadata(meta, networkMetadata(arch.genotype, settings, { arch: arch.name }), { ignore: ['auxiliary'] });
  if (metadataMismatch.length > 0 && !o.ignoreMetadata) {
    for (const t of loaded.values()) t.dispose();
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
    for (const t of loaded.values()) t.dispose();
    throw e;
  }
  try {
    if (o.device !== 'cpu') net.to({ device: o.device });
    const misfit = stateDictMisfit(net.stateDict(), sd);
    if (misfit) {
      throw new Error(
        `${o.checkpoint} does not fit ${arch.name} (C=${channels}, L=${layers} from the ${sizeFrom}, ${test.numClasses} classes): ${misfit}; ` +
          'give the network it was trained as with --layers, --init-channels, --pool-bn or --derivation',
      );
    }
    const result: LoadResult = net.loadStateDict(sd);
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
        missingKeys: result.missingKeys,
        hasMetadata: meta !== undefined,
        metadataMismatch,
      };
    } finally {
      await loader.close();
    }
  } finally {
    for (const t of loaded.values()) t.dispose();
    net.dispose();
  }
}

/** A few keys of a list, and how many more, for a one-line message. */
function someKeys(keys: readonly string[], n = 3): string {
  return `${keys.slice(0, n).join(', ')}${keys.length > n ? ` and ${keys.length - n} more` : ''}`;
}

/**
 * Why a state_dict does not load into a network, in one line (which keys, which shapes: checkpoint vs network), or
 * undefined when it loads. Module.loadStateDict's own error lists up to 20 keys of each kind on lines of their own.
 */
export function stateDictMisfit(own: ReadonlyMap<string, Tensor>, sd: ReadonlyMap<string, Tensor>): string | undefined {
  const strip = (k: string): string => k.replace(/^module\./, '');
  const given = new Map([...sd].map(([k, t]) => [strip(k), t]));
  const shape = (t: Tensor): string => `[${t.shape.join(', ')}]`;
  const differ = [...own]
    .filter(([k, t]) => given.has(k) && shape(given.get(k)!) !== shape(t))
    .map(([k, t]) => `${k} ${shape(given.get(k)!)} vs ${shape(t)}`);
  const missing = [...own.keys()].filter((k) => !given.has(k) && !k.endsWith('num_batches_tracked'));
  const unexpected = [...given.keys()].filter((k) => !own.has(k));
  const parts = [
    differ.length > 0 && `${differ.length} weight(s) of another shape (checkpoint vs network): ${someKeys(differ)}`,
    missing.length > 0 && `${missing.length} weight(s) missing from the checkpoint: ${someKeys(missing)}`,
    unexpected.length > 0 && `${unexpected.length} weight(s) in the checkpoint that the network does not have: ${someKeys(unexpected)}`,
  ].filter((p): p is string => typeof p === 'string');
  return parts.length > 0 ? parts.join('; ') : undefined;
}
