// What search and train do when this process is one rank of a data-parallel run (started by `--nproc N` or torchrun):
// meet the other ranks, take this rank's device and share of the cores, and keep ranks other than 0 quiet.
import { availableParallelism } from 'node:os';
import type { Command } from 'commander';
import {
  type Backend,
  initProcessGroup,
  isNcclAvailable,
  type ProcessGroup,
  rankDevice,
  rankEnvironment,
  threadsPerRank,
} from '../distributed/index.js';
import { intOption } from '../option-values.js';
import { setNumThreads } from '../tensor/index.js';
import { Progress, type RunHooks } from '../train/index.js';

export interface Rank {
  group: ProcessGroup;
  /** Rank 0 prints and writes the run directory; the others only compute. */
  main: boolean;
  hooks: RunHooks;
}

export function addRankOptions(cmd: Command): Command {
  return cmd
    .option('--sync-bn', 'with several processes: BatchNorm statistics over the batches of all processes (SyncBatchNorm) instead of each one its own')
    .option(
      '--dist-timeout <minutes>',
      'with several processes: how long one waits for the others at a synchronisation before the run fails (default 30)',
    );
}

/**
 * Joins the data-parallel group when the environment says this process is a rank (WORLD_SIZE > 1; a single-rank
 * environment runs as one process). `device` is the device asked for (cuda: this rank's own GPU).
 */
export function joinAsRank(device: string, f: { threads?: number; distTimeout?: string }): Rank | undefined {
  const env = rankEnvironment();
  if (!env || env.worldSize === 1) return undefined;
  const own = rankDevice(device, env);
  // torchrun leaves OMP_NUM_THREADS=1; the launcher sets TSNAS_THREADS. Otherwise an equal share of the cores.
  if (f.threads === undefined && process.env.TSNAS_THREADS === undefined) setNumThreads(threadsPerRank(availableParallelism(), env.localWorldSize));
  const backend: Backend = own.startsWith('cuda') && isNcclAvailable() ? 'nccl' : 'gloo';
  const timeoutMs = f.distTimeout === undefined ? undefined : intOption(f.distTimeout, '--dist-timeout', 1, 7 * 24 * 60) * 60_000;
  const group = initProcessGroup({ backend, timeoutMs, device: backend === 'nccl' ? own : 'cpu' });
  const main = group.rank === 0;
  return {
    group,
    main,
    hooks: { processGroup: group, device: own, ...(main ? {} : { progress: new Progress(`rank ${group.rank}`, process.stderr, true) }) },
  };
}
