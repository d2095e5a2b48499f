import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { type DataOptions, evalOptionSpecs, resolveEval } from '../../train/command-options.js';
import { runEvaluation } from '../../train/evaluate.js';
import { applyLocalOptions } from '../common.js';
import { addConfigOption, addOptionSpecs, givenValues } from '../options.js';

/** What `tsnas eval RUN` reads of a training run: its weights and the data it was tested on. */
interface TrainRun {
  checkpoint: string;
  data: Partial<DataOptions> & { testSubset?: number };
}

function trainRun(dir: string): TrainRun {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new Error(`${dir}: no such run directory`);
  const configPath = join(dir, 'config.json');
  if (!existsSync(configPath)) throw new Error(`${dir}: not a tsnas run directory (no config.json)`);
  const config = JSON.parse(readFileSync(configPath, 'utf8')) as { command?: string; options?: Partial<DataOptions> & { testSubset?: number } };
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
    .argument('[run]', "a training run directory: its final weights (model.pt, else checkpoints/last.pt) on the run's test data");
  const specs = evalOptionSpecs();
  addOptionSpecs(cmd, specs);
  addConfigOption(cmd);
  cmd.action(async (runDir: string | undefined) => {
    const given = givenValues(cmd, specs, 'eval');
    const { options: o } = resolveEval(given);
    applyLocalOptions(specs, given);
    if (runDir && o.checkpoint) throw new Error('give a training run or --checkpoint, not both');
    if (!runDir && !o.checkpoint) throw new Error('give a training run directory (tsnas eval RUN) or --checkpoint FILE');
    const run = runDir ? trainRun(runDir) : undefined;
    const checkpoint = run?.checkpoint ?? o.checkpoint!;
    // A run's own test data unless the data options say otherwise.
    const dataGiven = ['dataset', 'data', 'subset', 'seed', 'synthetic-size', 'synthetic-classes', 'synthetic-count', 'synthetic-channels'].some(
      (k) => k in given.values,
    );
    const data =
      run && !dataGiven
        ? {
            ...o,
            dataset: run.data.dataset ?? o.dataset,
            data: run.data.data,
            subset: run.data.testSubset ?? run.data.subset,
            seed: run.data.seed ?? o.seed,
            synthetic: run.data.synthetic,
          }
        : o;
    const r = await runEvaluation({
      arch: o.arch,
      checkpoint,
      dataset: data.dataset,
      data: data.data,
      subset: data.subset,
      seed: data.seed,
      workers: o.workers,
      device: o.device,
      synthetic: data.synthetic,
      channels: o.channels,
      layers: o.layers,
      poolBn: o.poolBn,
      derivation: o.derivation,
      batchSize: o.batchSize,
      ignoreMetadata: o.ignoreMetadata,
    });
    if (r.metadataMismatch.length > 0) {
      process.stderr.write(
        `warning: ${checkpoint} was trained with another network (checkpoint vs given): ` +
          `${r.metadataMismatch.join('; ')}; evaluating anyway (--ignore-metadata)\n`,
      );
    }
    if (o.json)
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
