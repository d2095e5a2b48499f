// What a run does differently as one rank of a data-parallel group: its shard of the data (train: DistributedSampler's
// padded shards; evaluation: each sample once), the numbers every rank must agree on summed over the ranks, and what
// its config.json records about the group.
import type { LoaderShardOptions, ShardOptions } from '../data/index.js';
import type { ProcessGroup } from '../distributed/index.js';

/** The training shard: every rank the same number of batches (the epoch padded by repeating its head). */
export function trainShard(group: ProcessGroup | undefined): LoaderShardOptions | undefined {
  return group && group.size > 1 ? { rank: group.rank, worldSize: group.size, tail: 'pad' } : undefined;
}

/** The evaluation shard: each sample on exactly one rank, so counts summed over the ranks are exact. */
export function evalShard(group: ProcessGroup | undefined): LoaderShardOptions | undefined {
  return group && group.size > 1 ? { rank: group.rank, worldSize: group.size, tail: 'uneven' } : undefined;
}

/** The architecture batches' shard: the ranks together draw what one process drawing N batches would. */
export function samplerShard(group: ProcessGroup | undefined): ShardOptions | undefined {
  return group && group.size > 1 ? { rank: group.rank, worldSize: group.size } : undefined;
}

/** `values` summed over the ranks (the values themselves in a single process). */
export function sumOverRanks(group: ProcessGroup | undefined, values: readonly number[]): number[] {
  return group && group.size > 1 ? group.allReduceNumbers(values, 'sum') : [...values];
}

/** What config.json records of a data-parallel run (nothing for one process). */
export function parallelConfig(group: ProcessGroup | undefined, syncBatchNorm: boolean): Record<string, unknown> {
  return group && group.size > 1 ? { distributed: { worldSize: group.size, backend: group.backend, syncBatchNorm } } : {};
}

/** The line a data-parallel run starts with. */
export function parallelNote(group: ProcessGroup | undefined, batchSize: number): string | undefined {
  if (!group || group.size <= 1) return undefined;
  return (
    `data parallel: ${group.size} processes (${group.backend}); batch ${batchSize} per process, ${batchSize * group.size} per step in all; ` +
    'learning rates as given (not scaled with the number of processes)'
  );
}
