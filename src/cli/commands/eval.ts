import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { intOption } from '../../option-values.js';
import { runEvaluation } from '../../train/evaluate.js';
import { addDataOptions, type DataFlags, MAX_CHANNELS, MAX_LAYERS, type ResolvedData, resolveData } from '../common.js';

interface EvalFlags extends DataFlags {
  arch?: string;
  checkpoint?: string;
  initChannels?: string;
  layers?: string;
  batchSize: string;
  json?: boolean;
  ignoreMetadata?: boolean;
}

/** What `tsnas eval RUN` reads of a training run: its weights and the data it was tested on. */
interface TrainRun {
  checkpoint: string;
  data: Partial<ResolvedData> & { testSubset?: number };
}

function trainRun(dir: string): TrainRun {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new Error(`${dir}: no such run directory`);
  const configPath = join(dir, 'config.json');
  if (!existsSync(configPath)) throw new Error(`${dir}: not a tsnas run directory (no config.json)`);
  const config = JSON.parse(readFileSync(configPath, 'utf8')) as { command?: string; options?: Partial<ResolvedData> & { testSubset?: number } };
  if (config.command !== 'train')
    throw new Error(
      `${dir} is a ${config.command ?? 'unknown'} run, not a training run: evaluate trained weights with --checkpoint FILE ` +
        `(and a search run's genotype with --arch ${dir})`,
    );
  // The final weights; a run still going (or stopped) has only its last checkpoint.
  const finalWeights = join(dir, 'model.pt');
  const checkpoint = existsSync(finalWeights) ? finalWeights : join(dir, 'checkpoints', 'last.pt');
  if (!existsSync(checkpoint)) throw new Error(`${dir}: no weights yet (neither model.pt nor checkpoints/last.pt)`);
  return { checkpoint, data: config.options ?? {} };
}

export function registerEval(program: Command): void {
  const cmd = program
    .command('eval')
    .description(
      'Top-1/top-5 test accuracy of a genotype with trained weights: a training run (`tsnas eval RUN`), a tsnas checkpoint ' +
        '(genotype and network size from its metadata), or a PyTorch .pt/.pth.tar with --arch.',
    )
    .argument('[run]', "a training run directory: its final weights (model.pt, else checkpoints/last.pt) on the run's test data")
    .option('--arch <name|file|run>', "zoo genotype name, genotype file, or search / training run directory (default: the checkpoint's)")
    .option('--checkpoint <file>', 'weights: tsnas model.pt / checkpoints/*.pt, or a PyTorch state_dict or checkpoint dict')
    .option('--init-channels <n>', "initial channels C (default: the checkpoint's metadata, else its weight shapes, else 36)")
    .option('--layers <n>', "cells L (default: the checkpoint's metadata, else its weight shapes, else 20)")
    .option('--batch-size <n>', 'batch size', '96')
    .option('--ignore-metadata', 'evaluate even when the genotype/settings saved in a tsnas checkpoint differ from --arch and the options')
    .option('--json', 'print JSON');
  addDataOptions(cmd, { dataset: 'cifar10', seed: 0 });
  cmd.action(async (runDir: string | undefined, f: EvalFlags) => {
    if (runDir && f.checkpoint) throw new Error('give a training run or --checkpoint, not both');
    if (!runDir && !f.checkpoint) throw new Error('give a training run directory (tsnas eval RUN) or --checkpoint FILE');
    const run = runDir ? trainRun(runDir) : undefined;
    const checkpoint = run?.checkpoint ?? f.checkpoint!;
    // A run's own test data unless the data options say otherwise.
    const dataGiven = ['dataset', 'data', 'subset', 'seed', 'syntheticSize', 'syntheticClasses', 'syntheticCount', 'syntheticChannels'].some(
      (o) => cmd.getOptionValueSource(o) === 'cli',
    );
    const resolved = resolveData(f);
    const data =
      run && !dataGiven
        ? {
            ...resolved,
            dataset: run.data.dataset ?? resolved.dataset,
            data: run.data.data,
            subset: run.data.testSubset ?? run.data.subset,
            seed: run.data.seed ?? resolved.seed,
            synthetic: run.data.synthetic,
          }
        : resolved;
    const r = await runEvaluation({
      arch: f.arch,
      checkpoint,
      ...data,
      channels: f.initChannels !== undefined ? intOption(f.initChannels, '--init-channels', 2, MAX_CHANNELS) : undefined,
      layers: f.layers !== undefined ? intOption(f.layers, '--layers', 3, MAX_LAYERS) : undefined,
      batchSize: intOption(f.batchSize, '--batch-size', 1),
      ignoreMetadata: f.ignoreMetadata === true,
    });
    if (r.metadataMismatch.length > 0) {
      process.stderr.write(
        `warning: ${checkpoint} was trained with another network (checkpoint vs given): ` +
          `${r.metadataMismatch.join('; ')}; evaluating anyway (--ignore-metadata)\n`,
      );
    }
    if (f.json)
      process.stdout.write(
        JSON.stringify({ top1: r.top1, top5: r.top5, loss: r.loss, samples: r.samples, params: r.params, channels: r.channels, layers: r.layers }) +
          '\n',
      );
    else
      process.stdout.write(
        `${r.arch} (C=${r.channels}, L=${r.layers} from the ${r.sizeFrom}) with ${r.checkpoint} on ${r.dataset} test (${r.samples} images): ` +
          `top-1 ${r.top1.toFixed(2)}%, top-5 ${r.top5.toFixed(2)}%, loss ${r.loss.toFixed(4)}` +
          `${r.missingKeys.length ? ` (checkpoint lacked ${r.missingKeys.length} keys)` : ''}\n`,
      );
  });
}
