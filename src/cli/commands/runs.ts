import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Command } from 'commander';
import { describeStatus, RunDirectory, type RunStatus } from '../../train/run-dir.js';

interface RunRow {
  dir: string;
  command: string;
  state: string;
  description: string;
  status: RunStatus | undefined;
}

function row(dir: string): RunRow {
  const run = RunDirectory.open(dir);
  const status = run.status();
  let command = status?.command;
  if (!command) {
    try {
      command = String(run.readJson<{ command?: string }>('config.json').command ?? '?');
    } catch {
      command = '?';
    }
  }
  const description = describeStatus(status);
  return { dir: run.dir, command, state: description.split(/[ :]/)[0]!, description, status };
}

/** The run directories a path names: itself if it is one, else the runs directly inside it. */
function runsIn(path: string): string[] {
  if (!existsSync(path)) throw new Error(`${path}: no such directory`);
  if (!statSync(path).isDirectory()) throw new Error(`${path}: not a directory`);
  if (existsSync(join(path, 'config.json'))) return [path];
  return readdirSync(path)
    .map((e) => join(path, e))
    .filter((p) => existsSync(join(p, 'config.json')))
    .sort();
}

export function registerRuns(program: Command): void {
  program
    .command('runs')
    .description(
      'What happened to each run: running, finished, failed (with the error), interrupted (by which signal), or died ' +
        "(killed or crashed with no word: its process is gone). Reads each run directory's status.json.",
    )
    .argument('[dirs...]', 'run directories, or folders holding them', ['runs'])
    .option('--json', 'print JSON (one object per run, with its status.json)')
    .action((dirs: string[], f: { json?: boolean }) => {
      // The default folder may not exist yet: that is "no runs", not an error.
      const given = dirs.filter((d) => !(d === 'runs' && dirs.length === 1 && !existsSync(d)));
      const rows = given.flatMap(runsIn).map(row);
      if (f.json) {
        process.stdout.write(
          JSON.stringify(
            rows.map((r) => ({ dir: r.dir, command: r.command, state: r.state, status: r.status ?? null })),
            null,
            2,
          ) + '\n',
        );
        return;
      }
      if (rows.length === 0) {
        process.stdout.write(`no runs in ${dirs.join(', ')}\n`);
        return;
      }
      for (const r of rows) {
        const rel = relative(process.cwd(), r.dir);
        process.stdout.write(`${rel.startsWith('..') ? r.dir : rel || '.'}  ${r.command}  ${r.description}\n`);
      }
    });
}
