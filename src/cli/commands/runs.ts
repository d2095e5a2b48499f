import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { differingOptions, displayPath, type RunSummary, runsIn, summarizeRun } from '../../train/run-summary.js';

const pct = (v: number | undefined): string => (v === undefined ? '-' : `${v.toFixed(2)}%`);

/** Seconds as a person reads a wall time: 12.3 s, 4.5 min, 2.0 h. */
export function duration(s: number | undefined): string {
  if (s === undefined) return '-';
  if (s < 90) return `${s.toFixed(1)} s`;
  if (s < 5400) return `${(s / 60).toFixed(1)} min`;
  return `${(s / 3600).toFixed(1)} h`;
}

const epochsOf = (r: RunSummary): string => `${r.epochsDone}/${r.epochs ?? '?'}`;

/** Rows of cells as aligned columns. */
function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
  return rows.map((r) => r.map((cell, c) => (c === r.length - 1 ? cell : cell.padEnd(widths[c]!))).join('  ')).join('\n') + '\n';
}

function summaries(dirs: string[]): RunSummary[] {
  // The default folder may not exist yet: that is "no runs", not an error.
  const given = dirs.filter((d) => !(d === 'runs' && dirs.length === 1 && !existsSync(d)));
  return given.flatMap(runsIn).map(summarizeRun);
}

function list(dirs: string[], f: { json?: boolean }): void {
  const rows = summaries(dirs);
  if (f.json) {
    process.stdout.write(JSON.stringify(rows, null, 2) + '\n');
    return;
  }
  if (rows.length === 0) {
    process.stdout.write(`no runs in ${dirs.join(', ')}\n`);
    return;
  }
  process.stdout.write(
    table([
      ['run', 'command', 'method / arch', 'dataset', 'epochs', 'best', 'last', 'time', 'status'],
      ...rows.map((r) => [
        displayPath(r.dir),
        r.command,
        r.what,
        r.dataset,
        epochsOf(r),
        pct(r.best),
        pct(r.last),
        duration(r.seconds),
        r.description,
      ]),
    ]),
  );
  process.stdout.write('best / last: validation accuracy of a search, test top-1 of a training run\n');
}

function compare(dirs: string[], f: { json?: boolean }): void {
  const runs = dirs.map(summarizeRun);
  const differ = differingOptions(runs);
  if (f.json) {
    process.stdout.write(JSON.stringify({ runs, differingOptions: Object.fromEntries(differ) }, null, 2) + '\n');
    return;
  }
  const value = (v: unknown): string => (v === undefined ? '-' : typeof v === 'string' ? v : JSON.stringify(v));
  process.stdout.write(
    table([
      ['', ...runs.map((r) => displayPath(r.dir))],
      ['command', ...runs.map((r) => r.command)],
      ['method / arch', ...runs.map((r) => r.what)],
      ['dataset', ...runs.map((r) => r.dataset)],
      ['status', ...runs.map((r) => r.state)],
      ['epochs', ...runs.map(epochsOf)],
      ['best', ...runs.map((r) => pct(r.best))],
      ['last', ...runs.map((r) => pct(r.last))],
      ['time', ...runs.map((r) => duration(r.seconds))],
      ...differ.map(([k, values]) => [k, ...values.map(value)]),
    ]),
  );
  if (differ.length === 0) process.stdout.write('(their options are the same, the output folder aside)\n');
  for (const r of runs) if (r.genotype) process.stdout.write(`genotype of ${displayPath(r.dir)}: ${r.genotype}\n`);
}

export function registerRuns(program: Command): void {
  const runs = program
    .command('runs')
    .description('The runs in a folder and how they went (`runs ls`, the default), or several runs side by side (`runs compare`).');
  runs
    .command('ls', { isDefault: true })
    .description(
      'Each run: command, method or genotype, dataset, epochs done, best and last accuracy, wall time, and what happened ' +
        '(running, finished, failed with the error, interrupted by which signal, or died: its process is gone). Reads ' +
        "each run directory's config.json, status.json, metrics.jsonl and result.json.",
    )
    .argument('[dirs...]', 'run directories, or folders holding them', ['runs'])
    .option('--json', 'print JSON (one object per run)')
    .action(list);
  runs
    .command('compare')
    .description('Runs side by side: their results, every option on which they differ, and the genotypes searches found.')
    .argument('<runs...>', 'two or more run directories')
    .option('--json', 'print JSON')
    .action((dirs: string[], f: { json?: boolean }) => {
      if (dirs.length < 2) throw new Error('runs compare: give two or more run directories');
      compare(dirs, f);
    });
}
