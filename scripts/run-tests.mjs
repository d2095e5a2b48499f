#!/usr/bin/env node
// Runs every compiled test file (dist/test/**/*.test.js) with node's test runner.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
if (!existsSync(join(root, 'native/build/Release/tsnas_native.node'))) {
  console.error('tsnas tests: the native addon is not built. Run `bash scripts/setup.sh` first.');
  process.exit(1);
}
const tsc = spawnSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(root, 'tsconfig.json')], { stdio: 'inherit' });
if (tsc.status !== 0) { console.error('tsnas tests: TypeScript compilation failed'); process.exit(1); }

function walk(dir, out) {
  for (const e of readdirSync(dir)) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (p.endsWith('.test.js')) out.push(p);
  }
  return out;
}
const filter = process.argv[2];
const files = walk(join(root, 'dist/test'), []).filter((f) => !filter || f.includes(filter)).sort();
if (files.length === 0) { console.error('tsnas tests: no test files found'); process.exit(1); }
// One file at a time: each already uses every core through libtorch.
const r = spawnSync(process.execPath, ['--test', '--test-concurrency=1', '--test-reporter=spec', ...files],
  { stdio: 'inherit', env: { ...process.env, TSNAS_TEST: '1' } });
process.exit(r.status ?? 1);
