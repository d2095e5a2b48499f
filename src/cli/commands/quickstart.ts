import type { Command } from 'commander';
import { runSearch } from '../../train/search-runner.js';
import { runTraining } from '../../train/trainer.js';
import { resolveDevice } from '../common.js';

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
      const s = await runSearch({
        method: 'darts',
        dataset: 'fashion-mnist',
        data: o.data,
        epochs: 2,
        channels: 6,
        layers: 5,
        batchSize: 32,
        subset: 1024,
        seed: 2,
        trainPortion: 0.5,
        device,
        methodConfig: {},
        out: `${o.out}/search`,
        draw: true,
        overwrite: true,
      });
      const t = await runTraining({
        arch: s.dir,
        dataset: 'fashion-mnist',
        data: o.data,
        epochs: 4,
        channels: 8,
        layers: 5,
        batchSize: 64,
        lr: 0.05,
        lrMin: 0,
        momentum: 0.9,
        weightDecay: 3e-4,
        gradClip: 5,
        auxiliary: false,
        auxiliaryWeight: 0.4,
        cutout: false,
        cutoutLength: 16,
        dropPath: 0,
        labelSmoothing: 0,
        seed: 0,
        subset: 6000,
        testSubset: 2000,
        device,
        out: `${o.out}/train`,
        overwrite: true,
      });
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
