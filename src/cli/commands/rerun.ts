import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';

const HELP = `
The new run gets every value the first one computed with (its config.json's "config": method, data, network,
seed, hyperparameters), so on the same device and libtorch it computes the same numbers. What only changes how it
runs here may be given: --device, --threads, --workers, --no-recompute, --nproc. To change what it computes, start
from its config instead:  tsnas search --config DIR/config.json --seed 3
`;

interface RerunFlags {
  out?: string;
  overwrite?: boolean;
  device?: string;
  threads?: string;
  workers?: string;
  recompute: boolean;
  nproc?: string;
}

/** The command line that runs `dir`'s command again with its recorded values. */
export function rerunArguments(dir: string, f: RerunFlags): string[] {
  const configPath = join(dir, 'config.json');
  if (!existsSync(configPath)) throw new Error(`${dir}: not a tsnas run directory (no config.json)`);
  let config: { command?: unknown; config?: unknown; distributed?: { worldSize?: number; syncBatchNorm?: boolean } };
  try {
    config = JSON.parse(readFileSync(configPath, 'utf8'));
  } catch (e) {
    throw new Error(`${configPath} is not valid JSON (${(e as Error).message}): the run directory is damaged`);
  }
  if (config.command !== 'search' && config.command !== 'train')
    throw new Error(`${dir}: a ${String(config.command ?? 'unknown')} run; only search and train runs can be run again`);
  if (!config.config || typeof config.config !== 'object')
    throw new Error(
      `${dir} was not started from the command line (or by a tsnas before 0.2): its config.json records no option values ` +
        'under their flag names, so it cannot be run again',
    );
  const out = f.out ?? `${dir.replace(/\/+$/, '')}-rerun`;
  const args = [config.command, '--config', configPath, '--out', out];
  if (f.overwrite) args.push('--overwrite');
  if (f.device) args.push('--device', f.device);
  if (f.threads) args.push('--threads', f.threads);
  if (f.workers) args.push('--workers', f.workers);
  if (!f.recompute) args.push('--no-recompute');
  const ranks = f.nproc ?? (config.distributed?.worldSize && config.distributed.worldSize > 1 ? String(config.distributed.worldSize) : undefined);
  if (ranks) args.push('--nproc', ranks);
  if (config.distributed?.syncBatchNorm) args.push('--sync-bn');
  return args;
}

export function registerRerun(program: Command): void {
  program
    .command('rerun')
    .description('Run a search or training run again from its directory: same command, every value from its config.json, a new run directory.')
    .argument('<run>', 'the run directory to reproduce')
    .option('--out <dir>', 'the new run directory (default: <run>-rerun)')
    .option('--overwrite', 'replace the run already in --out')
    .option('--device <dev>', 'cpu, cuda, cuda:N, or auto (default: the recorded one)')
    .option('--threads <n>', 'libtorch intra-op threads')
    .option('--workers <n>', 'data-loading worker threads')
    .option('--no-recompute', 'keep depthwise outputs for the backward (same results, more memory)')
    .option('--nproc <n>', 'data-parallel processes (default: as many as the run had)')
    .addHelpText('after', HELP)
    .action(async (dir: string, f: RerunFlags) => {
      const args = rerunArguments(dir, f);
      process.stderr.write(`tsnas ${args.join(' ')}\n`);
      const main = resolve(fileURLToPath(import.meta.url), '..', '..', 'main.js');
      const child = spawn(process.execPath, [...process.execArgv, main, ...args], { stdio: 'inherit' });
      // A terminal's Ctrl-C reaches the child itself; a signal sent to this process alone is passed on, so that the
      // run checkpoints and stops as it would on its own.
      const forward = (signal: NodeJS.Signals): void => {
        child.kill(signal);
      };
      for (const s of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(s, forward);
      process.exitCode = await new Promise<number>((done) =>
        child.on('exit', (code, signal) =>
          done(code ?? (signal ? 128 + ({ SIGINT: 2, SIGTERM: 15, SIGHUP: 1, SIGKILL: 9 }[signal as string] ?? 1) : 1)),
        ),
      );
    });
}
