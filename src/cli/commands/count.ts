import type { Command } from 'commander';
import { countModel } from '../../nas/eval/count.js';
import { buildEvalNetwork, checkEvalNetworkSize, resolveEvalArch } from '../../train/arch.js';
import { intOption } from '../../option-values.js';
import { MAX_CHANNELS, MAX_LAYERS } from '../common.js';

const DATASETS: Record<string, { family: 'cifar' | 'imagenet'; classes: number; size: number; channels: number; layers: number }> = {
  cifar10: { family: 'cifar', classes: 10, size: 32, channels: 36, layers: 20 },
  cifar100: { family: 'cifar', classes: 100, size: 32, channels: 36, layers: 20 },
  imagenet: { family: 'imagenet', classes: 1000, size: 224, channels: 48, layers: 14 },
};

/** NAS-Bench-201's own network: C = 16 and N = 5 cells per stage, whatever the dataset (spec §5.3). */
const NB201_NETWORK = { channels: 16, layers: 5 };

export function registerCount(program: Command): void {
  program
    .command('count')
    .description('Parameters (excluding and including the auxiliary head) and conv+linear multiply-adds of an evaluation network.')
    .requiredOption('--arch <name|file>', 'zoo genotype name, genotype file, or search run directory')
    .option('--dataset <name>', 'cifar10 | cifar100 | imagenet', 'cifar10')
    .option('--init-channels <n>', 'initial channels C (default: 36 CIFAR, 48 ImageNet; 16 for a NAS-Bench-201 cell)')
    .option('--layers <n>', 'cells L (default: 20 CIFAR, 14 ImageNet); for a NAS-Bench-201 cell, cells per stage (default 5)')
    .option('--json', 'print JSON {params, paramsWithAux, macs}')
    .action((o: { arch: string; dataset: string; initChannels?: string; layers?: string; json?: boolean }) => {
      const d = DATASETS[o.dataset];
      if (!d) throw new Error(`--dataset must be one of ${Object.keys(DATASETS).join(', ')}, got '${o.dataset}'`);
      const arch = resolveEvalArch(o.arch);
      const nb201 = arch.genotype.kind === 'nb201';
      const defaults = nb201 ? NB201_NETWORK : d;
      const channels = o.initChannels ? intOption(o.initChannels, '--init-channels', 2, MAX_CHANNELS) : defaults.channels;
      const layers = o.layers ? intOption(o.layers, '--layers', nb201 ? 1 : 3, MAX_LAYERS) : defaults.layers;
      checkEvalNetworkSize(arch.genotype, channels, layers);
      const net = buildEvalNetwork(arch.genotype, { family: d.family, channels, layers, numClasses: d.classes, auxiliary: true });
      const c = countModel(net, [3, d.size, d.size]);
      net.dispose();
      if (o.json) {
        process.stdout.write(JSON.stringify(c) + '\n');
        return;
      }
      process.stdout.write(
        `${arch.name} on ${o.dataset} (C=${channels}, L=${layers}, ${d.size}x${d.size}):\n` +
          `  params (excl. aux head) ${(c.params / 1e6).toFixed(6)} M  (${c.params})\n` +
          `  params (incl. aux head) ${(c.paramsWithAux / 1e6).toFixed(6)} M  (${c.paramsWithAux})\n` +
          `  conv+linear MACs        ${(c.macs / 1e6).toFixed(2)} M\n`,
      );
    });
}
