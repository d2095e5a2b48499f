import type { Command } from 'commander';
import { resolveTrain, trainOptionSpecs } from '../../train/command-options.js';
import { resumeTraining, runTraining } from '../../train/trainer.js';
import { recipesHelp } from '../../train/recipes.js';
import { addLaunchOptions } from '../launch.js';
import { addConfigOption, addOptionSpecs } from '../options.js';
import { addRankOptions } from '../rank.js';
import { type RunFlags, runOrResume } from '../run-command.js';

export function registerTrain(program: Command): void {
  const cmd = program
    .command('train')
    .description("Train a genotype's evaluation network from scratch (DARTS train.py protocol); reports test accuracy every epoch.");
  const specs = trainOptionSpecs();
  addOptionSpecs(cmd, specs);
  addConfigOption(cmd);
  cmd.addHelpText('after', `\n${recipesHelp('train')}\n`);
  cmd
    .option('--out <dir>', 'run directory (default: runs/train-<timestamp>)')
    .option(
      '--resume <dir>',
      'continue an interrupted (Ctrl-C, SIGTERM), killed or finished training run from its last checkpoint, with the options of its config.json (--epochs N: go on to N epochs)',
    )
    .option('--overwrite', 'replace the run already in --out (refused otherwise, so that no run is lost)');
  addLaunchOptions(cmd);
  addRankOptions(cmd);
  cmd.action(async (f: RunFlags) => {
    const r = await runOrResume(cmd, specs, f, resolveTrain, runTraining, resumeTraining);
    if (!r) return;
    process.stdout.write(
      `\ntraining finished in ${r.seconds.toFixed(1)} s: test top-1 ${r.final.top1.toFixed(2)}%, top-5 ${r.final.top5.toFixed(2)}% ` +
        `(best top-1 ${r.bestTop1.toFixed(2)}%), ${(r.params / 1e6).toFixed(3)} M params\nrun directory: ${r.dir}\n`,
    );
  });
}
