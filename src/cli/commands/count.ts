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

/** Bounds far above any published network (C=36..48, L=8..20), so that a typo fails at once instead of allocating. */

export function registerCount(program: Command): void {
  program
    .command('count')
    .description('Parameters (excluding and including the auxiliary head) and conv+linear multiply-adds of an evaluation network.')
    .requiredOption('--arch <name|file>', 'zoo genotype name, genotype file, or search run directory')
    .option('--dataset <name>', 'cifar10 | cifar100 | imagenet', 'cifar10')
    .option('--init-channels <n>', 'initial channels C (default: 36 CIFAR, 48 ImageNet)')
    .option('--layers <n>', 'cells L (default: 20 CIFAR, 14 ImageNet)')
    .option('--json', 'print JSON {params, paramsWithAux, macs}')
    .action((o: { arch: string; dataset: string; initChannels?: string; layers?: string; json?: boolean }) => {
      const d = DATASETS[o.dataset];
      if (!d) throw new Error(`--dataset must be one of ${Object.keys(DATASETS).join(', ')}, got '${o.dataset}'`);
      const arch = resolveEvalArch(o.arch);
      const channels = o.initChannels ? intOption(o.initChannels, '--init-channels', 2, MAX_CHANNELS) : d.channels;
      const layers = o.layers ? intOption(o.layers, '--layers', arch.genotype.kind === 'nb201' ? 1 : 3, MAX_LAYERS) : d.layers;
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
