// Which samples of an epoch one process takes in a data-parallel run: PyTorch's DistributedSampler rule applied to
// the loader's own (seed, epoch) order, which every rank computes alike. Pure index arithmetic, so it is the same in
// every process and needs no communication.

/** This process's place in a data-parallel run: rank in [0, worldSize). */
export interface ShardOptions {
  rank: number;
  worldSize: number;
}

/**
 * What DataLoader does with the n % worldSize samples that do not divide evenly between the ranks.
 * - 'pad' (training; DistributedSampler's default, drop_last=False): the order is extended by repeating its head
 *   until its length is a multiple of worldSize, so every sample comes at least once and fewer than worldSize
 *   come twice.
 * - 'drop' (DistributedSampler's drop_last=True): the order is cut to a multiple of worldSize; fewer than worldSize
 *   samples are left out of the epoch.
 * - 'uneven' (evaluation): neither; ranks below n % worldSize take one sample more, so every sample is seen exactly
 *   once and counts summed over the ranks are exact. The ranks' batch counts may then differ by one: a loop that
 *   runs a collective per batch would hang, so sum at the end.
 * Not to be confused with DataLoader's `dropLast`, which drops the last partial batch of this rank's shard.
 */
export type ShardTail = 'pad' | 'drop' | 'uneven';

export interface LoaderShardOptions extends ShardOptions {
  /** Default 'pad'. */
  tail?: ShardTail;
}

const TAILS: readonly ShardTail[] = ['pad', 'drop', 'uneven'];

/** The options checked, with defaults; `who` names the caller in the error. No shard is rank 0 of 1. */
export function checkShard(shard: LoaderShardOptions | undefined, who: string): Required<LoaderShardOptions> {
  if (shard === undefined) return { rank: 0, worldSize: 1, tail: 'pad' };
  const { rank, worldSize, tail = 'pad' } = shard;
  if (!Number.isInteger(worldSize) || worldSize < 1)
    throw new Error(`${who}: shard.worldSize must be a positive integer (the number of processes), got ${worldSize}`);
  if (!Number.isInteger(rank) || rank < 0 || rank >= worldSize)
    throw new Error(`${who}: shard.rank must be an integer in [0, ${worldSize - 1}] (shard.worldSize is ${worldSize}), got ${rank}`);
  if (!TAILS.includes(tail)) throw new Error(`${who}: shard.tail must be one of ${TAILS.join(', ')}, got ${JSON.stringify(tail)}`);
  return { rank, worldSize, tail };
}

/** How many samples of an n-sample epoch this rank takes. */
export function shardSize(n: number, shard: Required<LoaderShardOptions>): number {
  const { rank, worldSize: w, tail } = shard;
  if (tail === 'pad') return Math.ceil(n / w);
  if (tail === 'drop') return Math.floor(n / w);
  return Math.max(0, Math.ceil((n - rank) / w));
}

/**
 * This rank's part of an epoch's order: order[rank], order[rank + worldSize], ... over the order padded or cut as
 * shard.tail says (padding repeats the order from its start, wrapping round when it is shorter than the padding).
 */
export function shardIndices(order: Int32Array, shard: Required<LoaderShardOptions>): Int32Array {
  const n = order.length;
  const out = new Int32Array(shardSize(n, shard));
  for (let j = 0; j < out.length; j++) out[j] = order[(shard.rank + j * shard.worldSize) % n]!;
  return out;
}
