// `tsnas eval`: top-1 / top-5 of a genotype's network with weights from a checkpoint — ours (a training run's
// checkpoint dict or model.pt) or PyTorch's (raw state_dict, a dict holding `state_dict`, `module.` prefixes,
// checkpoints without num_batches_tracked).
import { type DatasetName, DataLoader, loadDataset } from '../data/index.js';
import { loadStateDict } from '../io/index.js';
import { buildEvalNetwork, resolveEvalArch } from './arch.js';
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
  synthetic?: { size?: number; classes?: number; count?: number; channels?: number };
  seed: number;
}

export interface EvalReport extends EvalResult {
  arch: string;
  checkpoint: string;
  dataset: string;
  params: number;
  missingKeys: string[];
}

export async function runEvaluation(o: EvalOptions): Promise<EvalReport> {
  const arch = resolveEvalArch(o.arch);
  const sd = loadStateDict(o.checkpoint);
  const test = await loadDataset(o.dataset, {
    root: o.data, split: 'test', subset: o.subset, synthetic: o.synthetic ? { ...o.synthetic, seed: o.seed } : undefined,
  });
  // A checkpoint trained with the auxiliary head carries its keys; build the network to match.
  const auxiliary = [...sd.keys()].some((k) => k.replace(/^module\./, '').startsWith('auxiliary_head.'));
  const net = buildEvalNetwork(arch.genotype, {
    family: familyOf(o.dataset), channels: o.channels, layers: o.layers, numClasses: test.numClasses, auxiliary,
    inChannels: test.channels,
  });
  try {
    if (o.device !== 'cpu') net.to({ device: o.device });
    let loaded;
    try {
      loaded = net.loadStateDict(sd);
    } catch (e) {
      throw new Error(`${o.checkpoint} does not fit ${arch.name} (C=${o.channels}, L=${o.layers}, ${test.numClasses} classes): ${(e as Error).message}`);
    }
    const loader = new DataLoader(test, { batchSize: o.batchSize, shuffle: false, workers: o.workers, device: o.device });
    try {
      const r = await evaluateNetwork(net, loader);
      return { ...r, arch: arch.name, checkpoint: o.checkpoint, dataset: o.dataset, params: net.numParameters((n) => !n.includes('auxiliary')),
        missingKeys: loaded.missingKeys };
    } finally {
      await loader.close();
    }
  } finally {
    for (const t of sd.values()) t.dispose();
    net.dispose();
  }
}
