import type { Command } from 'commander';
import { runEvaluation } from '../../train/evaluate.js';
import { addDataOptions, type DataFlags, MAX_CHANNELS, MAX_LAYERS, resolveData } from '../common.js';
import { intOption } from '../../option-values.js';

interface EvalFlags extends DataFlags {
  arch: string;
  checkpoint: string;
  initChannels: string;
  layers: string;
  batchSize: string;
  json?: boolean;
  ignoreMetadata?: boolean;
}

export function registerEval(program: Command): void {
  const cmd = program
    .command('eval')
    .description('Top-1/top-5 test accuracy of a genotype with trained weights (a tsnas checkpoint or a PyTorch .pt/.pth.tar).')
    .requiredOption('--arch <name|file|run>', 'zoo genotype name, genotype file, or search run directory')
    .requiredOption('--checkpoint <file>', 'weights: tsnas model.pt / checkpoints/*.pt, or a PyTorch state_dict or checkpoint dict')
    .option('--init-channels <n>', 'initial channels C', '36')
    .option('--layers <n>', 'cells L', '20')
    .option('--batch-size <n>', 'batch size', '96')
    .option('--ignore-metadata', 'evaluate even when the genotype/settings saved in a tsnas checkpoint differ from --arch and the options')
    .option('--json', 'print JSON');
  addDataOptions(cmd, { dataset: 'cifar10', seed: 0 });
  cmd.action(async (f: EvalFlags) => {
    const r = await runEvaluation({
      arch: f.arch,
      checkpoint: f.checkpoint,
      ...resolveData(f),
      channels: intOption(f.initChannels, '--init-channels', 2, MAX_CHANNELS),
      layers: intOption(f.layers, '--layers', 3, MAX_LAYERS),
      batchSize: intOption(f.batchSize, '--batch-size', 1),
      ignoreMetadata: f.ignoreMetadata === true,
    });
    if (r.metadataMismatch.length > 0) {
      process.stderr.write(
        `warning: ${f.checkpoint} was trained with another network (checkpoint vs given): ` +
          `${r.metadataMismatch.join('; ')}; evaluating anyway (--ignore-metadata)\n`,
      );
    }
    if (f.json) process.stdout.write(JSON.stringify({ top1: r.top1, top5: r.top5, loss: r.loss, samples: r.samples, params: r.params }) + '\n');
    else
      process.stdout.write(
        `${r.arch} with ${r.checkpoint} on ${r.dataset} test (${r.samples} images): top-1 ${r.top1.toFixed(2)}%, ` +
          `top-5 ${r.top5.toFixed(2)}%, loss ${r.loss.toFixed(4)}${r.missingKeys.length ? ` (checkpoint lacked ${r.missingKeys.length} keys)` : ''}\n`,
      );
  });
}
