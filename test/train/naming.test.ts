// One naming across what a run shows: epochs (and steps) counted from 1 in metrics.jsonl, on the console, in the
// genotypes/epoch-NNN files, in status.json and result.json; camelCase keys in the JSON files; and α files that
// label every edge and op, checked by hand against the genotype derived from them.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import type { ArchWeightsFile } from '../../src/nas/search/arch-weights.js';
import { Progress } from '../../src/train/progress.js';
import { runSearch, SearchInterrupted } from '../../src/train/search-runner.js';
import { CLI_PATH, syntheticData } from '../helpers/cli.js';
import { tinySearchOptions } from '../helpers/runs.js';

const root = mkdtempSync(join(tmpdir(), 'tsnas-naming-'));
after(() => rmSync(root, { recursive: true, force: true }));
const data = syntheticData(64, 4);
const tiny = ['--epochs', '2', '--init-channels', '4', '--layers', '3'];

function tsnas(...args: string[]): string {
  const r = spawnSync(process.execPath, [CLI_PATH, ...args], { encoding: 'utf8', env: { ...process.env, TSNAS_THREADS: '1' } });
  assert.equal(r.status, 0, `tsnas ${args.join(' ')} failed:\n${r.stderr}`);
  return r.stderr;
}

type Json = Record<string, unknown>;
const readJson = <T = Json>(dir: string, name: string): T => JSON.parse(readFileSync(join(dir, name), 'utf8')) as T;
const metrics = (dir: string): Json[] =>
  readFileSync(join(dir, 'metrics.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Json);

/** Every key of a JSON value, at any depth, that is not camelCase (with an underscore, or not starting lower-case). */
function nonCamelKeys(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(nonCamelKeys);
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([k, v]) => [...(/^[a-z][a-zA-Z0-9]*$/.test(k) ? [] : [k]), ...nonCamelKeys(v)]);
}

/**
 * A finished 2-epoch run: epochs 1 and 2 in metrics.jsonl, steps 1..n in each, "epoch 1/2" and "epoch 2/2" on the
 * console, status.json at epoch 2 with its n steps and 2 epochs done; camelCase keys in metrics.jsonl, status.json and result.json.
 */
function checkTwoEpochRun(dir: string, stderr: string, label: string): void {
  const m = metrics(dir);
  assert.deepEqual(
    m.filter((r) => r.type === 'epoch').map((r) => r.epoch),
    [1, 2],
  );
  const steps = [1, 2].map((e) => m.filter((r) => r.type === 'step' && r.epoch === e).map((r) => r.step));
  const n = steps[0]!.length;
  assert.ok(n > 0);
  for (const s of steps)
    assert.deepEqual(
      s,
      Array.from({ length: n }, (_, i) => i + 1),
    );
  for (const e of [1, 2]) assert.match(stderr, new RegExp(`^${label.replace(/[[\]]/g, '\\$&')} epoch ${e}/2: `, 'm'));
  const status = readJson(dir, 'status.json');
  assert.deepEqual([status.state, status.epoch, status.step, status.epochsDone], ['finished', 2, n, 2]);
  assert.deepEqual(nonCamelKeys([m, status, readJson(dir, 'result.json')]), []);
}

test('search and train: epochs 1 and 2 everywhere, camelCase keys, a labelled α file that spells the genotype', () => {
  const s = join(root, 'search');
  const stderr = tsnas('search', '--method', 'darts', ...tiny, '--batch-size', '8', '--no-draw', '--out', s, ...data);
  checkTwoEpochRun(s, stderr, 'search[darts]');
  assert.deepEqual([...new Set(readdirSync(join(s, 'genotypes')).map((f) => f.split('.')[0]))].sort(), ['epoch-001', 'epoch-002']);
  // The best epoch in result.json is the 1-based epoch whose record has the highest validation accuracy (the first).
  const val = metrics(s)
    .filter((r) => r.type === 'epoch')
    .map((r) => r.valAccuracy as number);
  assert.equal(readJson(s, 'result.json').bestEpoch, val.indexOf(Math.max(...val)) + 1);

  const w = readJson<ArchWeightsFile>(s, 'genotypes/epoch-002.weights.json');
  assert.equal(w.relaxation, 'softmax');
  assert.deepEqual(w.ops, ['none', 'max_pool_3x3', 'avg_pool_3x3', 'skip_connect', 'sep_conv_3x3', 'sep_conv_5x5', 'dil_conv_3x3', 'dil_conv_5x5']);
  assert.deepEqual(
    Object.entries(w.cells).map(([cell, c]) => [cell, c.alpha, c.reduction]),
    [
      ['normal', 'alphas_normal', false],
      ['reduce', 'alphas_reduce', true],
    ],
  );
  // The 14 edges of a 4-node DARTS cell in α's row order, named as the drawings name the nodes.
  const k2 = 'c_{k-2}',
    k1 = 'c_{k-1}';
  const labels = [
    [k2, '0'],
    [k1, '0'],
    [k2, '1'],
    [k1, '1'],
    ['0', '1'],
    [k2, '2'],
    [k1, '2'],
    ['0', '2'],
    ['1', '2'],
    [k2, '3'],
    [k1, '3'],
    ['0', '3'],
    ['1', '3'],
    ['2', '3'],
  ].map(([from, to]) => `${from} -> ${to}`);
  // DARTS' rule, read off the file: a node keeps its two edges whose strongest op other than 'none' is strongest, each
  // with that op. Gene (op, input) at index i is an edge into node ⌊i/2⌋ from input 0 = c_{k-2}, 1 = c_{k-1}, j = j − 2.
  const genotype = readJson<Record<'normal' | 'reduce', [string, number][]>>(s, 'genotype.json');
  const inputName = (input: number): string => (input === 0 ? k2 : input === 1 ? k1 : String(input - 2));
  for (const type of ['normal', 'reduce'] as const) {
    const edges = w.cells[type]!.edges;
    assert.deepEqual(
      edges.map((e) => e.edge),
      labels,
    );
    for (const e of edges) assert.ok(Math.abs(Object.values(e.weights).reduce((a, b) => a + b, 0) - 1) < 1e-5, `${type} ${e.edge} sums to 1`);
    const strongest = (weights: Record<string, number>): [string, number] =>
      Object.entries(weights)
        .filter(([op]) => op !== 'none')
        .reduce((a, b) => (b[1] > a[1] ? b : a));
    genotype[type].forEach(([op, input], i) => {
      const node = String(Math.floor(i / 2));
      const edge = edges.find((e) => e.edge === `${inputName(input)} -> ${node}`);
      assert.ok(edge, `${type} gene ${i}: no edge ${inputName(input)} -> ${node}`);
      assert.equal(strongest(edge.weights)[0], op, `${type} ${edge.edge}`);
      const kept = genotype[type].filter((_, j) => Math.floor(j / 2) === Number(node)).map(([, x]) => `${inputName(x)} -> ${node}`);
      for (const other of edges.filter((e) => e.to === node && !kept.includes(e.edge)))
        assert.ok(strongest(other.weights)[1] <= strongest(edge.weights)[1], `${type}: ${other.edge} is weaker than the kept ${edge.edge}`);
    });
  }

  const t = join(root, 'train');
  const trainErr = tsnas('train', '--arch', s, ...tiny, '--batch-size', '16', '--out', t, ...data);
  checkTwoEpochRun(t, trainErr, 'train');
});

test('an interrupted run: status.json says the epoch under way, its steps done and the epochs done', async () => {
  const dir = join(root, 'interrupted');
  // 4 steps per epoch: the 6th step is the 2nd of epoch 2.
  await assert.rejects(
    runSearch(tinySearchOptions(dir), { progress: new Progress('test', process.stderr, true), stopAfterSteps: 6 }),
    SearchInterrupted,
  );
  const status = readJson(dir, 'status.json');
  assert.deepEqual([status.state, status.epoch, status.step, status.epochsDone], ['interrupted', 2, 2, 1]);
  assert.deepEqual(
    metrics(dir)
      .filter((r) => r.type !== 'epoch')
      .map((r) => [r.epoch, r.step]),
    [
      [1, 1],
      [1, 2],
      [1, 3],
      [1, 4],
      [2, 1],
      [2, 2],
    ],
  );
});
