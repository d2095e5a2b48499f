#!/usr/bin/env node
// Builds the libtorch addon with cmake-js. libtorch is looked for in this order (as tch-rs does):
//   1. LIBTORCH=<dir>            a libtorch tree (CUDA build, or a pip torch's torch/ folder)
//   2. LIBTORCH_USE_PYTORCH=1    ask python3 for torch.utils.cmake_prefix_path
//   3. Debian's libtorch-dev     /usr/lib/<triplet>/cmake/Torch
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const buildDir = join(root, 'native', 'build');

function fail(msg) {
  console.error(`\ntsnas: native build failed: ${msg}\n`);
  process.exit(1);
}

function torchConfigDir(prefix) {
  for (const sub of ['share/cmake/Torch', 'lib/cmake/Torch', 'cmake/Torch', '']) {
    const dir = join(prefix, sub);
    if (existsSync(join(dir, 'TorchConfig.cmake'))) return dir;
  }
  return null;
}

function findLibtorch() {
  if (process.env.LIBTORCH) {
    const dir = torchConfigDir(resolve(process.env.LIBTORCH));
    if (!dir) fail(`LIBTORCH=${process.env.LIBTORCH} holds no TorchConfig.cmake (looked in share/cmake/Torch, lib/cmake/Torch)`);
    return { how: 'LIBTORCH', dir };
  }
  if (process.env.LIBTORCH_USE_PYTORCH === '1') {
    const pythons = [process.env.TSNAS_PYTHON, 'python3', '/usr/bin/python3'].filter(Boolean);
    for (const py of pythons) {
      try {
        const prefix = execFileSync(py, ['-c', 'import torch.utils; print(torch.utils.cmake_prefix_path)'], { encoding: 'utf8' }).trim();
        const dir = torchConfigDir(join(prefix, 'Torch')) ?? torchConfigDir(prefix);
        if (dir) return { how: `LIBTORCH_USE_PYTORCH (${py})`, dir };
      } catch {
        /* try the next interpreter */
      }
    }
    fail('LIBTORCH_USE_PYTORCH=1 but no python3 could import torch (set TSNAS_PYTHON to the interpreter that has it)');
  }
  for (const base of ['/usr/lib', '/usr/local/lib']) {
    if (!existsSync(base)) continue;
    for (const entry of ['', ...readdirSync(base)]) {
      const dir = join(base, entry, 'cmake', 'Torch');
      if (existsSync(join(dir, 'TorchConfig.cmake'))) return { how: 'Debian libtorch-dev', dir };
    }
  }
  fail(`libtorch was not found. Options, in the order tsnas looks:
  - LIBTORCH=/path/to/libtorch npm run build:native      (a CUDA libtorch, or a pip torch's site-packages/torch)
  - LIBTORCH_USE_PYTORCH=1 npm run build:native          (use the torch that python3 imports)
  - install Debian's CPU build:  sudo apt-get install -y libtorch-dev   (or: bash scripts/setup.sh)`);
}

const torch = findLibtorch();
const addonApi = join(root, 'node_modules', 'node-addon-api');
if (!existsSync(addonApi)) fail('node_modules/node-addon-api is missing: run npm ci first');
console.log(`tsnas: building the native addon against libtorch from ${torch.how}: ${torch.dir}`);

const cmakeJs = join(root, 'node_modules', 'cmake-js', 'bin', 'cmake-js');
const args = [
  cmakeJs,
  'build',
  '-d',
  join(root, 'native'),
  '-O',
  buildDir,
  '--CDCMAKE_PREFIX_PATH=' + dirname(dirname(torch.dir)),
  '--CDTorch_DIR=' + torch.dir,
  '--CDNODE_ADDON_API_DIR=' + addonApi,
  '-p',
  String(Math.max(1, cpus().length)),
];
if (process.env.TORCH_CUDA_ARCH_LIST) args.push('--CDTORCH_CUDA_ARCH_LIST=' + process.env.TORCH_CUDA_ARCH_LIST);
const r = spawnSync(process.execPath, args, { stdio: 'inherit', cwd: root });
if (r.status !== 0) fail(`cmake-js exited with ${r.status}; the compiler output above says why`);
mkdirSync(buildDir, { recursive: true });
writeFileSync(join(buildDir, 'libtorch.json'), JSON.stringify({ found: torch.how, cmakeDir: torch.dir }, null, 2) + '\n');
console.log('tsnas: native addon built: native/build/Release/tsnas_native.node');
