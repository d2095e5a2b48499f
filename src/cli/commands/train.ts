import type { Command } from 'commander';
import { resumeTraining, runTraining, TrainingInterrupted, type TrainOptions } from '../../train/trainer.js';
import { addDataOptions, type DataFlags, refuseOptionsWithResume, MAX_CHANNELS, MAX_LAYERS, resolveData, resolveDevice } from '../common.js';
import { floatOption, intOption } from '../../option-values.js';
import { setFastPaths } from '../../nn/index.js';
import { addLaunchOptions, launchIfAsked } from '../launch.js';
import { addRankOptions, joinAsRank } from '../rank.js';

interface TrainFlags extends DataFlags {
  syncBn?: boolean;
  distTimeout?: string;
  arch: string;
  epochs: string;
  initChannels: string;
  layers: string;
  batchSize: string;
  lr: string;
  lrMin: string;
  momentum: string;
  weightDecay: string;
  gradClip: string;
  auxiliary?: boolean;
  auxiliaryWeight: string;
  cutout?: boolean;
  cutoutLength: string;
  dropPath: string;
  labelSmoothing: string;
  testSubset?: string;
  out?: string;
  resume?: string;
  overwrite?: boolean;
  checkpointInterval: string;
  amp?: boolean;
  recompute: boolean;
  skipNonfiniteSteps: string;
}

export function trainOptions(f: TrainFlags): TrainOptions {
  const data = resolveData(f);
  return {
    arch: f.arch,
    ...data,
    epochs: intOption(f.epochs, '--epochs', 1),
    channels: intOption(f.initChannels, '--init-channels', 2, MAX_CHANNELS),
    layers: intOption(f.layers, '--layers', 3, MAX_LAYERS),
    batchSize: intOption(f.batchSize, '--batch-size', 1),
    lr: floatOption(f.lr, '--lr', 0),
    lrMin: floatOption(f.lrMin, '--lr-min', 0),
    momentum: floatOption(f.momentum, '--momentum', 0, 1),
    weightDecay: floatOption(f.weightDecay, '--weight-decay', 0),
    gradClip: floatOption(f.gradClip, '--grad-clip', 0),
    auxiliary: Boolean(f.auxiliary),
    auxiliaryWeight: floatOption(f.auxiliaryWeight, '--auxiliary-weight', 0),
    cutout: Boolean(f.cutout),
    cutoutLength: intOption(f.cutoutLength, '--cutout-length', 1),
    dropPath: floatOption(f.dropPath, '--drop-path', 0, 0.99),
    labelSmoothing: floatOption(f.labelSmoothing, '--label-smoothing', 0, 1),
    testSubset: f.testSubset ? intOption(f.testSubset, '--test-subset', 1) : undefined,
    out: f.out,
    amp: f.amp ? true : undefined,
    overwrite: f.overwrite ? true : undefined,
    checkpointInterval: floatOption(f.checkpointInterval, '--checkpoint-interval', 0),
    ...(f.syncBn && { syncBatchNorm: true }),
    skipNonFiniteSteps: intOption(f.skipNonfiniteSteps, '--skip-nonfinite-steps', 0),
  };
}

export function registerTrain(program: Command): void {
  const cmd = program
    .command('train')
    .description("Train a genotype's evaluation network from scratch (DARTS train.py protocol); reports test accuracy every epoch.")
    .option('--arch <name|file|run>', 'zoo genotype name, genotype file, or search run directory', 'DARTS_V2')
    .option('--epochs <n>', 'training epochs', '600')
    .option('--init-channels <n>', 'initial channels C', '36')
    .option('--layers <n>', 'cells L', '20')
    .option('--batch-size <n>', 'batch size', '96')
    .option('--lr <lr>', 'initial learning rate (cosine-annealed)', '0.025')
    .option('--lr-min <lr>', 'final learning rate of the cosine schedule', '0')
    .option('--momentum <m>', 'SGD momentum', '0.9')
    .option('--weight-decay <wd>', 'L2 weight decay', '3e-4')
    .option('--grad-clip <n>', 'global gradient-norm clip', '5')
    .option('--auxiliary', 'train with the auxiliary head')
    .option('--auxiliary-weight <w>', 'weight of the auxiliary loss', '0.4')
    .option('--cutout', 'cutout augmentation')
    .option('--cutout-length <n>', 'cutout hole size', '16')
    .option('--drop-path <p>', 'drop-path probability, ramped linearly from 0', '0.2')
    .option('--label-smoothing <e>', 'label smoothing of the training loss (0.1 on ImageNet)', '0')
    .option('--test-subset <n>', 'evaluate on the first N test images only')
    .option('--out <dir>', 'run directory (default: runs/train-<timestamp>)')
    .option(
      '--resume <dir>',
      'continue an interrupted (Ctrl-C, SIGTERM) or killed training run from its last checkpoint; its options come from its config.json',
    )
    .option('--overwrite', 'replace the run already in --out (refused otherwise, so that no run is lost)')
    .option(
      '--checkpoint-interval <min>',
      'also save checkpoints/last.pt mid-epoch every N minutes, so that kill -9 or a crash loses at most that much work (0: only at epoch ends)',
      '30',
    )
    .option(
      '--skip-nonfinite-steps <n>',
      'skip up to N updates whose loss or gradient norm is NaN or infinite; one more stops the ' +
        'run (a non-finite step always stops it by default, keeping the last finite checkpoint)',
      '0',
    )
    .option('--amp', 'mixed precision: float16 autocast with loss scaling on CUDA, bfloat16 autocast on CPU')
    .option(
      '--no-recompute',
      "keep each depthwise convolution's output for the backward instead of computing it again there " +
        '(same results; more activation memory, a slightly faster weight step)',
    );
  addLaunchOptions(cmd);
  addRankOptions(cmd);
  addDataOptions(cmd, { dataset: 'cifar10', seed: 0 });
  cmd.action(async (f: TrainFlags) => {
    if (f.resume) refuseOptionsWithResume(cmd);
    // Options are checked before any rank starts, so that a mistake is one message, not one per rank.
    const options = f.resume ? undefined : trainOptions(f);
    if (await launchIfAsked(cmd)) return;
    if (!f.recompute) setFastPaths({ recomputeDepthwise: false });
    const rank = joinAsRank(resolveDevice(f.device), f);
    try {
      const hooks = rank?.hooks ?? {};
      const r = await (options ? runTraining(options, hooks) : resumeTraining(f.resume!, hooks));
      if (rank && !rank.main) return;
      process.stdout.write(
        `\ntraining finished in ${r.seconds.toFixed(1)} s: test top-1 ${r.final.top1.toFixed(2)}%, top-5 ${r.final.top5.toFixed(2)}% ` +
          `(best top-1 ${r.bestTop1.toFixed(2)}%), ${(r.params / 1e6).toFixed(3)} M params\nrun directory: ${r.dir}\n`,
      );
    } catch (e) {
      if (e instanceof TrainingInterrupted) {
        process.stderr.write(e.message + '\n');
        process.exit(e.exitCode);
      }
      throw e;
    }
  });
}
