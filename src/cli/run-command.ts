// What search and train do alike on the command line: read the options (command line over --config) or what --resume
// may change, start the ranks when asked, join them as one, run or resume, and turn a signal's checkpoint-and-stop
// into its exit status.
import type { Command } from 'commander';
import type { GivenValues, OptionSpec } from '../option-schema.js';
import { type ResolvedCommand, resolveDevice } from '../train/command-options.js';
import { type ResumeChanges, type RunHooks, RunInterrupted } from '../train/session.js';
import { applyLocalOptions } from './common.js';
import { launchIfAsked } from './launch.js';
import { givenValues, resumeChanges } from './options.js';
import { joinAsRank } from './rank.js';

/** The flags of search and train that are not in their schemas: where the run goes, and how its ranks meet. */
export interface RunFlags {
  resume?: string;
  out?: string;
  overwrite?: boolean;
  syncBn?: boolean;
  distTimeout?: string;
}

/** What a run adds to its resolved options: its directory and the values config.json records. */
export interface RunPlacement {
  out?: string;
  overwrite?: true;
  config: ResolvedCommand<unknown>['config'];
  syncBatchNorm?: true;
}

/**
 * Runs a new run or resumes one. Resolves to the run's result in the process that reports it (rank 0, or the only
 * one), undefined in the other ranks and in a launcher that started ranks.
 */
export async function runOrResume<O extends { device: string }, R>(
  cmd: Command,
  specs: readonly OptionSpec[],
  f: RunFlags,
  resolve: (given: GivenValues) => ResolvedCommand<O>,
  run: (options: O & RunPlacement, hooks: RunHooks) => Promise<R>,
  resume: (dir: string, hooks: RunHooks, changes: ResumeChanges) => Promise<R>,
): Promise<R | undefined> {
  // Options are checked before any rank starts, so that a mistake is one message, not one per rank.
  const changes = f.resume ? resumeChanges(cmd, specs) : undefined;
  const given = givenValues(cmd, specs, cmd.name());
  const resolved = f.resume ? undefined : resolve(given);
  if (await launchIfAsked(cmd)) return undefined;
  const local = applyLocalOptions(specs, given);
  const rank = joinAsRank(resolved?.options.device ?? resolveDevice('auto'), { threads: local.threads, distTimeout: f.distTimeout });
  const hooks = rank?.hooks ?? {};
  try {
    const result = await (resolved
      ? run(
          {
            ...resolved.options,
            out: f.out,
            config: resolved.config,
            ...(f.overwrite && { overwrite: true as const }),
            ...(f.syncBn && { syncBatchNorm: true as const }),
          },
          hooks,
        )
      : resume(f.resume!, hooks, changes!));
    return rank && !rank.main ? undefined : result;
  } catch (e) {
    if (e instanceof RunInterrupted) {
      process.stderr.write(e.message + '\n');
      process.exit(e.exitCode);
    }
    throw e;
  }
}
