// Where this process stands in a data-parallel run: the variables torchrun sets for each rank (`tsnas search|train
// --nproc N` and `tsnas launch` set the same ones), read and checked in one place. A typo in a hand-written
// environment must stop the run here, with the variable named, not hang a rendezvous or pick a wrong device later.

/** This rank's place in the run, with torchrun's meanings. */
export interface RankEnvironment {
  /** Rank among all processes of the run, 0..worldSize-1 (RANK). */
  rank: number;
  /** Processes in the run, on every machine (WORLD_SIZE). */
  worldSize: number;
  /** Rank among the processes on this machine, 0..localWorldSize-1 (LOCAL_RANK): which GPU this rank takes. */
  localRank: number;
  /** Processes on this machine (LOCAL_WORLD_SIZE): how many share its cores. */
  localWorldSize: number;
  /** Host and TCP port of rank 0's store, where the ranks meet (MASTER_ADDR, MASTER_PORT). */
  masterAddr: string;
  masterPort: number;
  /** This machine's index among the machines (GROUP_RANK; torchrun sets it, other launchers may not). */
  groupRank?: number;
}

type Environment = Readonly<Record<string, string | undefined>>;

const SET_BY =
  'RANK, WORLD_SIZE, LOCAL_RANK, LOCAL_WORLD_SIZE, MASTER_ADDR and MASTER_PORT describe the process as one rank of a ' +
  'data-parallel run; torchrun or `tsnas search|train --nproc N` set them for each rank';

/** c10d keeps ranks and world sizes in C++ ints. */
const MAX_WORLD_SIZE = 2 ** 31 - 1;

function invalid(problem: string): never {
  throw new Error(`${problem} (${SET_BY})`);
}

function required(env: Environment, name: string): string {
  const value = env[name];
  if (value === undefined) invalid(`${name} is not set, but WORLD_SIZE is (${env.WORLD_SIZE})`);
  return value;
}

/** A plain decimal integer in [min, max]: torchrun writes nothing else, so '1e3' or ' 2' is a mistake. */
function integer(env: Environment, name: string, min: number, max: number, context = ''): number {
  const value = required(env, name);
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < min || n > max) invalid(`${name}='${value}' must be an integer in [${min}, ${max}]${context}`);
  return n;
}

/**
 * The rank environment torchrun sets, or undefined when WORLD_SIZE is unset (a process that is not a rank). Once
 * WORLD_SIZE is set, every variable but GROUP_RANK must be present and consistent; WORLD_SIZE=1 is a valid 1-rank
 * run (what to do with it is the caller's choice).
 */
export function rankEnvironment(env: Environment = process.env): RankEnvironment | undefined {
  if (env.WORLD_SIZE === undefined) return undefined;
  const worldSize = integer(env, 'WORLD_SIZE', 1, MAX_WORLD_SIZE);
  const rank = integer(env, 'RANK', 0, worldSize - 1, ` (WORLD_SIZE=${worldSize})`);
  const localWorldSize = integer(env, 'LOCAL_WORLD_SIZE', 1, worldSize, ` (WORLD_SIZE=${worldSize})`);
  const localRank = integer(env, 'LOCAL_RANK', 0, localWorldSize - 1, ` (LOCAL_WORLD_SIZE=${localWorldSize})`);
  const masterAddr = required(env, 'MASTER_ADDR');
  if (masterAddr === '' || /\s/.test(masterAddr)) invalid(`MASTER_ADDR='${masterAddr}' must be the host name or address of rank 0`);
  const masterPort = integer(env, 'MASTER_PORT', 1, 65535);
  const out: RankEnvironment = { rank, worldSize, localRank, localWorldSize, masterAddr, masterPort };
  // Machines number at most the ranks.
  if (env.GROUP_RANK !== undefined) out.groupRank = integer(env, 'GROUP_RANK', 0, worldSize - 1, ` (WORLD_SIZE=${worldSize})`);
  return out;
}

/**
 * The device a rank computes on, from the one the command line asked for: 'cuda' becomes this rank's own GPU,
 * cuda:LOCAL_RANK, as torchrun's convention has it. An explicit 'cuda:N' would put every rank on this machine on the
 * same GPU, so it is refused when several share the machine, unless N is this rank's own.
 */
export function rankDevice(device: string, env: RankEnvironment): string {
  if (device === 'cuda') return `cuda:${env.localRank}`;
  const index = /^cuda:(\d+)$/.exec(device)?.[1];
  if (index !== undefined && env.localWorldSize > 1 && Number(index) !== env.localRank) {
    throw new Error(
      `--device ${device}: all ${env.localWorldSize} ranks on this machine would share GPU ${index}; ` +
        `give --device cuda (or auto) and each rank takes cuda:LOCAL_RANK (this one: cuda:${env.localRank})`,
    );
  }
  return device;
}

/** Intra-op threads for each of `localWorldSize` ranks sharing `cores`: an equal share, at least one. */
export function threadsPerRank(cores: number, localWorldSize: number): number {
  return Math.max(1, Math.floor(cores / localWorldSize));
}
