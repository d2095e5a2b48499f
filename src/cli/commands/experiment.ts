import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { threadsPerRank } from '../../distributed/env.js';
import { intOption } from '../../option-values.js';
import { jobArgs, loadExperiment } from '../../train/experiment/plan.js';
import { runExperiment } from '../../train/experiment/scheduler.js';
import { summarizeExperiment, summaryMarkdown, writeSummary } from '../../train/experiment/summary.js';
import { maxThreads, resolveDevice } from '../common.js';
import { duration } from './runs.js';

interface ExperimentFlags {
  parallel: string;
  devices: string;
  threads?: string;
  out?: string;
  overwrite?: boolean;
  summary?: boolean;
  dryRun?: boolean;
}

/** The CLI every run is started with: this same one. */
const MAIN = fileURLToPath(new URL('../main.js', import.meta.url));
const MAX_PARALLEL = 1024;

function devices(list: string): string[] {
  const out = list.split(',').map((d) => d.trim());
  if (out.some((d) => d === '')) throw new Error(`--devices: a comma-separated list such as cpu or cuda:0,cuda:1 (got '${list}')`);
  return out.map((d) => resolveDevice(d));
}

export function registerExperiment(program: Command): void {
  program
    .command('experiment')
    .description(
      'Run an experiment file (YAML or JSON): methods x grid points x seeds, each seed through search -> select (optional) -> ' +
        'train -> eval as separate runs in the experiment folder, --parallel at a time. Running it again continues where it ' +
        'stopped (finished runs are skipped, interrupted ones resumed, failed ones started again). Ends with a summary table ' +
        '(summary.md / .csv / .json): mean ± std over seeds per method and grid point. See examples/fashion-mnist-experiment.yaml.',
    )
    .argument('<file>', 'the experiment file')
    .option('--parallel <n>', 'runs at once', '1')
    .option('--devices <list>', 'devices of the runs, given round robin to the --parallel slots: cpu, or cuda:0,cuda:1,...', 'auto')
    .option('--threads <n>', 'libtorch threads of each run (default: the cores divided by --parallel)')
    .option('--out <dir>', "the experiment folder (default: the file's output:, else runs/experiments/<name>)")
    .option('--overwrite', 'run again the runs whose options the file changed (and those that need them), instead of refusing')
    .option('--summary', 'print the summary of what the folder holds now, without running anything')
    .option('--dry-run', 'print the command line of every run, without running anything')
    .action(async (file: string, f: ExperimentFlags) => {
      const plan = loadExperiment(file, f.out);
      if (f.dryRun) {
        for (const j of plan.jobs) {
          const input = j.input ? ('run' in j.input ? j.input.run : `<the search run the select stage of ${j.input.selectedIn} keeps>`) : undefined;
          const out = j.command === 'eval' ? `> ${j.id}.json` : `--out ${j.id}`;
          process.stdout.write(`${j.id}: tsnas ${jobArgs(j, input).join(' ')} ${out}\n`);
        }
        return;
      }
      if (!f.summary) {
        const parallel = intOption(f.parallel, '--parallel', 1, MAX_PARALLEL);
        const threads = f.threads ? intOption(f.threads, '--threads', 1, maxThreads()) : threadsPerRank(availableParallelism(), parallel);
        const started = performance.now();
        const labels = new Set(plan.groups.map((g) => g.label)).size;
        const points = plan.groups.length / labels;
        process.stdout.write(
          `experiment ${plan.name}: ${labels} method${labels === 1 ? '' : 's'} x ${points} grid point${points === 1 ? '' : 's'} x ` +
            `${plan.seeds.length} seed${plan.seeds.length === 1 ? '' : 's'}, ${plan.jobs.length} runs → ${plan.output}\n`,
        );
        const r = await runExperiment(plan, {
          parallel,
          devices: devices(f.devices),
          threads,
          tsnas: [process.execPath, MAIN],
          overwrite: f.overwrite,
        });
        const took = duration((performance.now() - started) / 1000);
        const finished = [...r.outcomes.values()].filter((o) => o === 'done').length;
        const counts = `${finished} of ${plan.jobs.length} runs finished (${r.skipped.length} before this command), ${r.failed.length} failed, ${r.blocked.length} not run because of them`;
        process.stdout.write(`\n${r.signal ? `stopped by ${r.signal}` : 'experiment ended'} after ${took}: ${counts}\n`);
        if (r.failed.length > 0)
          process.stdout.write(`failed: ${r.failed.join(', ')} (logs: <run>.log in ${plan.output}); run the command again to retry them\n`);
        process.exitCode = r.exitCode;
      }
      if (!existsSync(plan.output)) {
        process.stdout.write(`no runs yet: ${plan.output} does not exist\n`);
        return;
      }
      const summary = summarizeExperiment(plan);
      writeSummary(summary);
      const where = relative(process.cwd(), plan.output) || '.';
      process.stdout.write(`\n${summaryMarkdown(summary)}\nsummary written to ${join(where, 'summary.{md,csv,json}')}\n`);
    });
}
