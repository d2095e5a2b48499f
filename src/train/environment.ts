// What a run records about where it ran (and `tsnas doctor` prints).
import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism, cpus, hostname } from 'node:os';
import { join } from 'node:path';
import { isGlooAvailable, isNcclAvailable } from '../distributed/index.js';
import { PACKAGE_ROOT } from '../native.js';
import { runtimeInfo } from '../tensor/index.js';
import { TSNAS_VERSION } from '../version.js';

export interface EnvironmentReport {
  tsnas: string;
  node: string;
  libtorch: { version: string; foundVia: string; cmakeDir: string; libDir: string };
  cuda: { available: boolean; build: boolean; deviceCount: number; cudnn: boolean; cudnnVersion: number };
  mkldnn: boolean;
  openmp: boolean;
  /** The torch.distributed backends this build of the addon has. */
  distributed: { gloo: boolean; nccl: boolean };
  threads: { intraOp: number; interOp: number };
  cores: number;
  cpu: string;
  host: string;
  platform: string;
}

export function environmentReport(): EnvironmentReport {
  const info = runtimeInfo();
  const found = join(PACKAGE_ROOT, 'native', 'build', 'libtorch.json');
  let foundVia = 'unknown (addon built outside scripts/build-native.mjs)';
  let cmakeDir = '';
  if (existsSync(found)) {
    const j = JSON.parse(readFileSync(found, 'utf8')) as { found: string; cmakeDir: string };
    foundVia = j.found;
    cmakeDir = j.cmakeDir;
  }
  return {
    tsnas: TSNAS_VERSION,
    node: process.version,
    libtorch: { version: info.torchVersion, foundVia, cmakeDir, libDir: info.torchLibDir },
    cuda: {
      available: info.cudaAvailable,
      build: info.cudaBuild,
      deviceCount: info.cudaDeviceCount,
      cudnn: info.cudnnAvailable,
      cudnnVersion: info.cudnnVersion,
    },
    mkldnn: info.mkldnn,
    openmp: info.openmp,
    distributed: { gloo: isGlooAvailable(), nccl: isNcclAvailable() },
    threads: { intraOp: info.intraOpThreads, interOp: info.interOpThreads },
    cores: availableParallelism(),
    cpu: cpus()[0]?.model ?? 'unknown',
    host: hostname(),
    platform: `${process.platform}-${process.arch}`,
  };
}
