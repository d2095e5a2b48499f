// Searches on NAS-Bench-201 from the command line, tiny: `--method darts --space nb201` logs the benchmark accuracy
// of the derived cell every epoch (metrics.jsonl and the progress line); `--method evnas` on S1 and S2; the derived
// cell trains with `tsnas train` (the NB201 TinyNetwork).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { parseGenotypeAuto } from '../../src/nas/genotype/parse.js';
import { parseNb201Arch } from '../../src/nas/genotype/nb201.js';
import type { ArchWeightsFile } from '../../src/nas/search/arch-weights.js';
import { queryNb201 } from '../../src/nas/nb201/benchmark.js';
import { CLI_PATH, syntheticData } from '../helpers/cli.js';

const cli = CLI_PATH;
const root = mkdtempSync(join(tmpdir(), 'tsnas-nb201-search-'));
after(() => rmSync(root, { recursive: true, force: true }));
const data = [...syntheticData(32, 4), '--batch-size', '8', '--init-channels', '4', '--layers', '3', '--epochs', '2'];

function tsnas(...args: string[]): { stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', env: { ...process.env, TSNAS_THREADS: '1', TSNAS_NB201_BENCHMARK: '' } });
  assert.equal(r.status, 0, `tsnas ${args.join(' ')} failed:\n${r.stderr}`);
  return { stdout: r.stdout, stderr: r.stderr };
}

type Metric = Record<string, unknown>;
function epochs(dir: string): Metric[] {
  return readFileSync(join(dir, 'metrics.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Metric)
    .filter((m) => m.type === 'epoch');
}

test("darts on nb201: the benchmark accuracy of each epoch's cell is logged; the result trains with tsnas train", () => {
  const dir = join(root, 'darts-nb201');
  const { stderr } = tsnas('search', '--method', 'darts', '--space', 'nb201', '--out', dir, ...data);
  const eps = epochs(dir);
  assert.equal(eps.length, 2);
  for (const m of eps) {
    const acc = queryNb201(m.genotype as string);
    // The shipped table: the signal is test accuracy, and the names say so.
    assert.equal(m.nb201Cifar10Test, acc.cifar10);
    assert.equal(m.nb201Cifar100Test, acc.cifar100);
    assert.equal(m.nb201ImageNet16Test, acc.imagenet16_120);
    assert.equal(m.nb201Cifar10Valid, undefined);
  }
  assert.equal((stderr.match(/nb201Cifar10Test \d/g) ?? []).length, 2, 'every epoch line shows nb201Cifar10Test');
  const text = readFileSync(join(dir, 'genotype.txt'), 'utf8').trim();
  parseNb201Arch(text);
  assert.deepEqual(JSON.parse(readFileSync(join(dir, 'genotype.json'), 'utf8')), { kind: 'nb201', arch: text });
  for (const f of ['genotypes/epoch-001.cell.svg', 'genotype.cell.svg', 'genotypes/epoch-002.weights.json']) assert.ok(existsSync(join(dir, f)), f);
  // The α file names the edges as the drawing does (nodes 0..3) and the ops by name: each node's strongest op per
  // edge, read off the file, spells the derived arch string (argmax over all five ops, the first on a tie).
  const w = JSON.parse(readFileSync(join(dir, 'genotypes/epoch-002.weights.json'), 'utf8')) as ArchWeightsFile;
  assert.equal(w.relaxation, 'softmax');
  assert.deepEqual(w.ops, ['none', 'skip_connect', 'nor_conv_1x1', 'nor_conv_3x3', 'avg_pool_3x3']);
  assert.deepEqual(Object.keys(w.cells), ['cell0']);
  const edges = w.cells.cell0!.edges;
  assert.deepEqual(
    edges.map((e) => e.edge),
    ['0 -> 1', '0 -> 2', '1 -> 2', '0 -> 3', '1 -> 3', '2 -> 3'],
  );
  const strongest = (weights: Record<string, number>): string => Object.entries(weights).reduce((a, b) => (b[1] > a[1] ? b : a))[0];
  const fromFile = ['1', '2', '3']
    .map(
      (node) =>
        `|${edges
          .filter((e) => e.to === node)
          .map((e) => `${strongest(e.weights)}~${e.from}`)
          .join('|')}|`,
    )
    .join('+');
  assert.equal(fromFile, text);
  for (const e of edges) assert.ok(Math.abs(Object.values(e.weights).reduce((a, b) => a + b, 0) - 1) < 1e-5, `softmax over ${e.edge}`);

  const t = join(root, 'train-nb201');
  tsnas('train', '--arch', dir, '--epochs', '1', '--init-channels', '4', '--layers', '3', '--batch-size', '16', '--out', t, ...data.slice(0, 12));
  const result = JSON.parse(readFileSync(join(t, 'result.json'), 'utf8')) as { params: number };
  // C=4, N=3 TinyNetwork on 1-channel input, 4 classes: all parameters are the skeleton plus the cell's convs.
  assert.ok(result.params > 0);
  const config = JSON.parse(readFileSync(join(t, 'config.json'), 'utf8')) as { genotype: unknown };
  assert.deepEqual(config.genotype, { kind: 'nb201', arch: text });
});

for (const space of ['darts', 'nb201']) {
  test(`evnas on ${space}: fitness statistics every generation${space === 'nb201' ? ' and the benchmark accuracy' : ''}`, () => {
    const dir = join(root, `evnas-${space}`);
    const { stderr } = tsnas('search', '--method', 'evnas', '--space', space, '--population', '3', '--tournament-size', '2', '--out', dir, ...data);
    const eps = epochs(dir);
    assert.equal(eps.length, 2);
    for (const m of eps) {
      assert.equal(typeof m.fitnessBest, 'number');
      assert.ok((m.fitnessBest as number) >= (m.fitnessMean as number));
      if (space === 'nb201') assert.equal(m.nb201Cifar10Test, queryNb201(m.genotype as string).cifar10);
    }
    assert.match(stderr, /fitnessBest/);
    const text = readFileSync(join(dir, 'genotype.txt'), 'utf8');
    if (space === 'nb201') parseNb201Arch(text.trim());
    else assert.equal(parseGenotypeAuto(text).kind, 'darts');
  });
}
