import type { Command } from 'commander';
import { countModel } from '../../nas/eval/count.js';
import { parseDatasetName } from '../../data/index.js';
import { DERIVATION_MODES, type DerivationMode } from '../../nas/cell-plan.js';
import { NB201_TRAIN_DEFAULTS } from '../../nas/nb201/protocol.js';
import { POOL_BN_CHOICES, type PoolBn } from '../../nas/ops/registry.js';
import { buildEvalNetwork, checkEvalNetworkSize, defaultNetworkSize, resolveEvalArch } from '../../train/arch.js';
import { intOption } from '../../option-values.js';
import { MAX_CHANNELS, MAX_LAYERS } from '../common.js';

const DATASETS: Record<string, { family: 'cifar' | 'imagenet'; classes: number; size: number }> = {
  cifar10: { family: 'cifar', classes: 10, size: 32 },
  cifar100: { family: 'cifar', classes: 100, size: 32 },
  imagenet: { family: 'imagenet', classes: 1000, size: 224 },
};

function oneOf<T extends string>(value: string | undefined, choices: readonly T[], flag: string): T | undefined {
  if (value === undefined || (choices as readonly string[]).includes(value)) return value as T | undefined;
  throw new Error(`${flag} must be one of ${choices.join(', ')}, got '${value}'`);
}

export function registerCount(program: Command): void {
  program
    .command('count')
    .description('Parameters (excluding and including the auxiliary head) and conv+linear multiply-adds of an evaluation network.')
    .requiredOption('--arch <name|file>', 'zoo genotype name, genotype file, or search run directory')
    .option('--dataset <name>', 'cifar10 | cifar100 | imagenet', 'cifar10')
    .option('--init-channels <n>', "initial channels C (default: 36 CIFAR, 48 ImageNet, a zoo model's own; 16 for a NAS-Bench-201 cell)")
    .option(
      '--layers <n>',
      "cells L (default: 20 CIFAR, 14 ImageNet, a per-cell genotype's gene count); for a NAS-Bench-201 cell, cells per stage (default 5)",
    )
    .option('--pool-bn <kind>', `${POOL_BN_CHOICES.join(' | ')}: an affine BN after pooling (default: affine for DropNAS / pt.darts genotypes)`)
    .option('--derivation <mode>', `${DERIVATION_MODES.join(' | ')}: a per-cell genotype deepened beyond its genes (default: paper)`)
    .option('--json', 'print JSON {params, paramsWithAux, macs}')
    .action((o: { arch: string; dataset: string; initChannels?: string; layers?: string; poolBn?: string; derivation?: string; json?: boolean }) => {
      const dataset = parseDatasetName(o.dataset) ?? o.dataset;
      const d = DATASETS[dataset];
      if (!d) throw new Error(`--dataset must be one of ${Object.keys(DATASETS).join(', ')}, got '${o.dataset}'`);
      const poolBn = oneOf<PoolBn>(o.poolBn, POOL_BN_CHOICES, '--pool-bn');
      const derivation = oneOf<DerivationMode>(o.derivation, DERIVATION_MODES, '--derivation');
      const arch = resolveEvalArch(o.arch);
      const nb201 = arch.genotype.kind === 'nb201';
      const defaults = arch.genotype.kind === 'nb201' ? NB201_TRAIN_DEFAULTS : defaultNetworkSize(arch.genotype, d.family, arch.settings);
      const channels = o.initChannels ? intOption(o.initChannels, '--init-channels', 2, MAX_CHANNELS) : defaults.channels;
      const layers = o.layers ? intOption(o.layers, '--layers', nb201 ? 1 : 3, MAX_LAYERS) : defaults.layers;
      checkEvalNetworkSize(arch.genotype, channels, layers);
      const net = buildEvalNetwork(arch.genotype, {
        family: d.family,
        channels,
        layers,
        numClasses: d.classes,
        auxiliary: true,
        poolBn: poolBn ?? arch.settings.poolBn,
        derivation: derivation ?? arch.settings.derivation,
      });
      const c = countModel(net, [3, d.size, d.size]);
      net.dispose();
      if (o.json) {
        process.stdout.write(JSON.stringify(c) + '\n');
        return;
      }
      process.stdout.write(
        `${arch.name} on ${dataset} (C=${channels}, L=${layers}, ${d.size}x${d.size}):\n` +
          `  params (excl. aux head) ${(c.params / 1e6).toFixed(6)} M  (${c.params})\n` +
          `  params (incl. aux head) ${(c.paramsWithAux / 1e6).toFixed(6)} M  (${c.paramsWithAux})\n` +
          `  conv+linear MACs        ${(c.macs / 1e6).toFixed(2)} M\n`,
      );
    });
}
