// The README's table of methods and spaces says what the registry says (spaces and reference batch sizes), for every
// method, so that it cannot go stale.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { searchMethod, searchMethodNames } from '../../src/nas/search/registry.js';
import { REPO_ROOT } from '../helpers/python.js';

test("README's method / space table matches the method registry", () => {
  const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
  const rows = new Map(
    [...readme.matchAll(/^\| ([a-z]+) \| ([a-z0-9, ]+) \| (\d+) \|/gm)].map((m) => [m[1]!, { spaces: m[2]!.split(', '), batch: Number(m[3]) }]),
  );
  assert.deepEqual([...rows.keys()].sort(), [...searchMethodNames()].sort());
  for (const name of searchMethodNames()) {
    const m = searchMethod(name);
    assert.deepEqual(rows.get(name)!.spaces, [...m.spaces], `${name}: spaces`);
    assert.equal(rows.get(name)!.batch, m.batchSize, `${name}: batch size`);
  }
});
