import type { Command } from 'commander';
import { runSearch } from '../../train/search-runner.js';
import { runTraining } from '../../train/trainer.js';
import type { GivenValues } from '../../option-schema.js';
import { resolveSearch, resolveTrain } from '../../train/command-options.js';
import { resolveDevice } from '../common.js';

function cliValues(values: Record<string, unknown>): GivenValues {
  return { values, sources: {} };
}

/**
 * The README's main job: a short DARTS search on Fashion-MNIST (Debian's dataset-fashion-mnist, no download),
 * then training the found cell from scratch and reporting its test accuracy. Sized for a few minutes on 2 cores.
 */
export function registerQuickstart(program: Command): void {
  program
    .command('quickstart')
    .description('Search a cell with DARTS on Fashion-MNIST, train it from scratch, print test accuracy and where the drawing is.')
    .option('--data <dir>', 'Fashion-MNIST folder', '/usr/share/datasets/fashion-mnist')
    .option('--out <dir>', "folder for both runs (the quick start's own: its two runs are replaced each time)", 'runs/quickstart')
    .option('--device <dev>', 'cpu, cuda or auto', 'auto')
    .action(async (o: { data: string; out: string; device: string }) => {
      const device = resolveDevice(o.device);
      const started = performance.now();
      process.stdout.write('tsnas quickstart: 1) DARTS search on Fashion-MNIST (small supernet), 2) train the found cell, 3) test accuracy\n');
      // Through the commands' schemas, so that each run's config.json holds every value and `tsnas rerun` works on it.
      const search = resolveSearch(
        cliValues({
          method: 'darts',
          dataset: 'fashion-mnist',
          data: o.data,
          epochs: 2,
          'init-channels': 6,
          layers: 5,
          'batch-size': 32,
          subset: 1024,
          seed: 2,
          device,
        }),
      );
      const s = await runSearch({ ...search.options, out: `${o.out}/search`, overwrite: true, config: search.config });
      const training = resolveTrain(
        cliValues({
          arch: s.dir,
          dataset: 'fashion-mnist',
          data: o.data,
          epochs: 4,
          'init-channels': 8,
          layers: 5,
          'batch-size': 64,
          lr: 0.05,
          'drop-path': 0,
          seed: 0,
          subset: 6000,
          'test-subset': 2000,
          device,
        }),
      );
      const t = await runTraining({ ...training.options, out: `${o.out}/train`, overwrite: true, config: training.config });
      const minutes = (performance.now() - started) / 60000;
      process.stdout.write(
        `\nquickstart done in ${minutes.toFixed(1)} min\n` +
          `  genotype:      ${s.genotypeText}\n` +
          `  cell drawings: ${s.svg ? `${s.svg.normal}\n                 ${s.svg.reduce}` : '(not drawn)'}\n` +
          `  test accuracy: top-1 ${t.final.top1.toFixed(2)}% on ${t.final.samples} Fashion-MNIST test images (${(t.params / 1e6).toFixed(3)} M params)\n` +
          `  runs:          ${s.dir}\n                 ${t.dir}\n`,
      );
    });
}
