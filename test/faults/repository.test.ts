// The repository names no absolute path of a developer machine: what it ships must work from any checkout.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('../../..', import.meta.url));

test("no tracked file names a developer machine's absolute path", (t) => {
  const ls = spawnSync('git', ['ls-files', '-z'], { cwd: repo, encoding: 'utf8' });
  if (ls.status !== 0) {
    t.skip('not a git checkout');
    return;
  }
  // Home and work folders of the machines this project is developed on (built here so this file does not match).
  const pattern = new RegExp(['/' + 'work/', '/' + 'home/[a-z]', '/' + 'root/', '/' + 'Users/[A-Za-z]'].join('|'));
  const hits: string[] = [];
  for (const file of ls.stdout.split('\0').filter(Boolean)) {
    if (/\.(png|jpe?g|gz|pt|bin|wasm)$|package-lock\.json$/.test(file)) continue;
    let text: string;
    try {
      text = readFileSync(join(repo, file), 'utf8');
    } catch {
      continue;
    }
    text.split('\n').forEach((line, i) => {
      if (pattern.test(line)) hits.push(`${file}:${i + 1}: ${line.trim().slice(0, 120)}`);
    });
  }
  assert.deepEqual(hits, []);
});
