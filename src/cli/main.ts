#!/usr/bin/env node
// The tsnas command line: a thin layer over the library. Each command lives in cli/commands/.
import { exitWithError } from './guard.js'; // first: in place before the other modules load
import { Command } from 'commander';
import { registerBoard } from './commands/board.js';
import { registerCount } from './commands/count.js';
import { registerDoctor } from './commands/doctor.js';
import { registerEval } from './commands/eval.js';
import { registerExperiment } from './commands/experiment.js';
import { registerGenotype } from './commands/genotype.js';
import { registerLaunch } from './commands/launch.js';
import { registerNb201 } from './commands/nb201.js';
import { registerQuickstart } from './commands/quickstart.js';
import { registerReport } from './commands/report.js';
import { registerRerun } from './commands/rerun.js';
import { registerRuns } from './commands/runs.js';
import { registerSearch } from './commands/search.js';
import { registerTrain } from './commands/train.js';
import { registerZoo } from './commands/zoo.js';
import { TSNAS_VERSION } from '../version.js';

const program = new Command();
program
  .name('tsnas')
  .description('Neural architecture search of the DARTS family (DARTS, FairDARTS, NoisyDARTS, DropNAS, D-DARTS, EvNAS) on libtorch.')
  .version(TSNAS_VERSION)
  .showHelpAfterError('(run with --help for usage)');

registerSearch(program);
registerTrain(program);
registerLaunch(program);
registerRuns(program);
registerRerun(program);
registerBoard(program);
registerReport(program);
registerEval(program);
registerExperiment(program);
registerCount(program);
registerZoo(program);
registerGenotype(program);
registerNb201(program);
registerDoctor(program);
registerQuickstart(program);

program.parseAsync(process.argv).catch(exitWithError);
