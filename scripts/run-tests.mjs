#!/usr/bin/env node
// Compiles, checks the import rules and Biome's lint/format rules, then runs every compiled test file
// (dist/test/**/*.test.js) with node's test runner.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
if (!existsSync(join(root, 'native/build/Release/tsnas_native.node'))) {
  console.error('tsnas tests: the native addon is not built. Run `bash scripts/setup.sh` first.');
  process.exit(1);
}
const tsc = spawnSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(root, 'tsconfig.json')], { stdio: 'inherit' });
if (tsc.status !== 0) {
  console.error('tsnas tests: TypeScript compilation failed');
  process.exit(1);
}

// Code-quality gates, before the slow tests: the import rules (.dependency-cruiser.cjs), then Biome's lint and
// format check (biome.jsonc). Each runs its npm script, so the command line lives in package.json alone.
// TSNAS_SKIP_LINT=1 skips both, for local work in progress only; CI never sets it.
const gates = [
  { failed: 'an import breaks the layering or cycle rules', script: 'check:deps', pkg: 'dependency-cruiser' },
  { failed: 'the Biome lint/format check failed', script: 'lint', pkg: '@biomejs/biome' },
];
if (process.env.TSNAS_SKIP_LINT === '1') {
  console.error(`tsnas tests: TSNAS_SKIP_LINT=1, skipping ${gates.map((g) => `npm run ${g.script}`).join(' and ')}`);
} else {
  for (const g of gates) {
    if (!existsSync(join(root, 'node_modules', g.pkg, 'package.json'))) {
      console.error(`tsnas tests: ${g.pkg} is not installed. Run \`bash scripts/setup.sh\` first.`);
      process.exit(1);
    }
    const r = spawnSync('npm', ['run', '--silent', g.script], { cwd: root, stdio: 'inherit' });
    if (r.status !== 0) {
      console.error(`tsnas tests: ${g.failed} (details: npm run ${g.script})`);
      process.exit(1);
    }
  }
}

function walk(dir, out) {
  for (const e of readdirSync(dir)) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (p.endsWith('.test.js')) out.push(p);
  }
  return out;
}
const filter = process.argv[2];
const files = walk(join(root, 'dist/test'), [])
  .filter((f) => !filter || f.includes(filter))
  .sort();
if (files.length === 0) {
  console.error('tsnas tests: no test files found');
  process.exit(1);
}
// One file at a time: each already uses every core through libtorch.
const r = spawnSync(process.execPath, ['--test', '--test-concurrency=1', '--test-reporter=spec', ...files], {
  stdio: 'inherit',
  env: { ...process.env, TSNAS_TEST: '1' },
});
process.exit(r.status ?? 1);
