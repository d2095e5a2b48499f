// STUB (replaced by the launch branch's env.ts on merge).
export interface RankEnvironment {
  rank: number;
  worldSize: number;
  localRank: number;
  localWorldSize: number;
  masterAddr: string;
  masterPort: number;
  groupRank?: number;
}
export function rankEnvironment(env: NodeJS.ProcessEnv = process.env): RankEnvironment | undefined {
  if (env.WORLD_SIZE === undefined) return undefined;
  return {
    rank: Number(env.RANK),
    worldSize: Number(env.WORLD_SIZE),
    localRank: Number(env.LOCAL_RANK ?? env.RANK),
    localWorldSize: Number(env.LOCAL_WORLD_SIZE ?? env.WORLD_SIZE),
    masterAddr: env.MASTER_ADDR ?? '127.0.0.1',
    masterPort: Number(env.MASTER_PORT),
  };
}
