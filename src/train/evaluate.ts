// `tsnas eval`: top-1 / top-5 of a genotype's network with weights from a checkpoint — ours (a training run's
// checkpoint dict or model.pt) or PyTorch's (raw state_dict, a dict holding `state_dict`, `module.` prefixes,
// checkpoints without num_batches_tracked).
import { type DatasetName, DataLoader, loadDataset, type SyntheticGeometry, syntheticOptions } from '../data/index.js';
import { loadStateDict, readTorchMetadata } from '../io/index.js';
import type { LoadResult } from '../nn/index.js';
import {
  buildEvalNetwork,
  diffNetworkMetadata,
  type EvalNetworkOptions,
  networkMetadata,
  networkMismatchMessage,
  resolveEvalArch,
  checkEvalNetworkSize,
} from './arch.js';
import { type EvalResult, evaluateNetwork, familyOf } from './trainer.js';

export interface EvalOptions {
  arch: string;
  checkpoint: string;
  dataset: DatasetName;
  data?: string;
  channels: number;
  layers: number;
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
  params: number;
  missingKeys: string[];
  /** Whether the checkpoint carried tsnas network metadata (checked against arch and the options). */
  hasMetadata: boolean;
  /** With ignoreMetadata: the differences that would have refused the checkpoint (empty otherwise). */
  metadataMismatch: string[];
}

/** The option that makes runEvaluation evaluate a checkpoint whose metadata disagrees (named in the error). */
export const IGNORE_METADATA_FLAG = '--ignore-metadata';

export async function runEvaluation(o: EvalOptions): Promise<EvalReport> {
  const arch = resolveEvalArch(o.arch);
  // tsnas checkpoints say which network their weights belong to; PyTorch's own files carry nothing (undefined)
  const meta = readTorchMetadata(o.checkpoint);
  const test = await loadDataset(o.dataset, {
    root: o.data,
    split: 'test',
    subset: o.subset,
    synthetic: o.synthetic ? syntheticOptions(o.synthetic, o.seed) : undefined,
  });
  const sd = loadStateDict(o.checkpoint);
  // A checkpoint trained with the auxiliary head carries its keys; build the network to match.
  const auxiliary = [...sd.keys()].some((k) => k.replace(/^module\./, '').startsWith('auxiliary_head.'));
  const settings: EvalNetworkOptions = {
    family: familyOf(o.dataset),
    channels: o.channels,
    layers: o.layers,
    numClasses: test.numClasses,
    auxiliary,
    inChannels: test.channels,
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
        `${o.checkpoint} does not fit ${arch.name} (C=${o.channels}, L=${o.layers}, ${test.numClasses} classes): ${(e as Error).message}`,
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
