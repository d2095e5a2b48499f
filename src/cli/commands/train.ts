import type { Command } from 'commander';
import { resolveDevice, resolveTrain, trainOptionSpecs } from '../../train/command-options.js';
import { resumeTraining, runTraining, TrainingInterrupted } from '../../train/trainer.js';
import { applyLocalOptions } from '../common.js';
import { addLaunchOptions, launchIfAsked } from '../launch.js';
import { addConfigOption, addOptionSpecs, givenValues, resumeChanges } from '../options.js';
import { addRankOptions, joinAsRank } from '../rank.js';

export function registerTrain(program: Command): void {
  const cmd = program
    .command('train')
    .description("Train a genotype's evaluation network from scratch (DARTS train.py protocol); reports test accuracy every epoch.");
  const specs = trainOptionSpecs();
  addOptionSpecs(cmd, specs);
  addConfigOption(cmd);
  cmd
    .option('--out <dir>', 'run directory (default: runs/train-<timestamp>)')
    .option(
      '--resume <dir>',
      'continue an interrupted (Ctrl-C, SIGTERM), killed or finished training run from its last checkpoint, with the options of its config.json (--epochs N: go on to N epochs)',
    )
    .option('--overwrite', 'replace the run already in --out (refused otherwise, so that no run is lost)');
  addLaunchOptions(cmd);
  addRankOptions(cmd);
  cmd.action(async (f: { resume?: string; out?: string; overwrite?: boolean; syncBn?: boolean; distTimeout?: string }) => {
    // Options are checked before any rank starts, so that a mistake is one message, not one per rank.
    const changes = f.resume ? resumeChanges(cmd, specs) : undefined;
    const given = givenValues(cmd, specs, 'train');
    const resolved = f.resume ? undefined : resolveTrain(given);
    if (await launchIfAsked(cmd)) return;
    const local = applyLocalOptions(specs, given);
    const rank = joinAsRank(resolved?.options.device ?? resolveDevice('auto'), { threads: local.threads, distTimeout: f.distTimeout });
    try {
      const hooks = rank?.hooks ?? {};
      const r = await (resolved
        ? runTraining(
            {
              ...resolved.options,
              out: f.out,
              overwrite: f.overwrite ? true : undefined,
              config: resolved.config,
              ...(f.syncBn && { syncBatchNorm: true }),
            },
            hooks,
          )
        : resumeTraining(f.resume!, hooks, changes));
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
