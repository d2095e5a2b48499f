// D-DARTS and DARTOpti from the command line: a tiny `search --method ddarts` whose genotype `tsnas train` accepts,
// a tiny `--space dartopti --baseline resnet18` search, and `tsnas count` on published files (spec §16 numbers).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parseGenotypeAuto } from '../../src/nas/genotype/parse.js';
import { parseNestedGenotypeText } from '../../src/nas/genotype/nested-txt.js';
import { DARTOPTI_PRIMITIVES } from '../../src/nas/genotype/primitives.js';
import type { ArchWeightsFile } from '../../src/nas/search/arch-weights.js';
import { CLI_PATH, syntheticData } from '../helpers/cli.js';

const cli = CLI_PATH;
const txtDir = fileURLToPath(new URL('../../../assets/genotypes/aheuillet__D-DARTS/genotypes/', import.meta.url));
const root = mkdtempSync(join(tmpdir(), 'tsnas-ddarts-cli-'));
after(() => rmSync(root, { recursive: true, force: true }));
const data = syntheticData(32);

function tsnas(...args: string[]): { stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', env: { ...process.env, TSNAS_THREADS: '1' } });
  assert.equal(r.status, 0, `tsnas ${args.join(' ')} failed:\n${r.stderr}`);
  return { stdout: r.stdout, stderr: r.stderr };
}

test('tsnas search --method ddarts, then tsnas train on its run directory and its genotype.txt', () => {
  const s = join(root, 'search');
  tsnas('search', '--method', 'ddarts', '--epochs', '1', '--init-channels', '4', '--layers', '3', '--batch-size', '8', '--out', s, ...data);
  // Both parses of the reference (threshold_sparse, threshold_edge) every epoch and at the end, beside the run's own.
  const parses = ['threshold_sparse', 'threshold_edge'].flatMap((p) =>
    ['json', 'txt'].flatMap((ext) => [`genotype.${p}.${ext}`, `genotypes/epoch-001.${p}.${ext}`]),
  );
  for (const f of [
    'genotype.json',
    'genotype.txt',
    'genotype.normal.svg',
    'genotype.reduce.svg',
    'checkpoints/last.pt',
    'genotypes/epoch-001.txt',
    ...parses,
  ]) {
    assert.ok(existsSync(join(s, f)), `search run lacks ${f}`);
  }
  const text = readFileSync(join(s, 'genotype.txt'), 'utf8');
  assert.equal(readFileSync(join(s, 'genotype.threshold_sparse.txt'), 'utf8'), text, 'the default --parse-method is threshold_sparse');
  assert.equal(readFileSync(join(s, 'genotypes/epoch-001.threshold_edge.txt'), 'utf8'), readFileSync(join(s, 'genotype.threshold_edge.txt'), 'utf8'));
  assert.match(readFileSync(join(s, 'genotype.threshold_edge.txt'), 'utf8'), /^Genotype_nested\(genes=\[\[/);
  assert.match(text, /^Genotype_nested\(genes=\[\[\(/);
  const g = parseGenotypeAuto(text);
  assert.ok(g.kind === 'nested');
  assert.equal(g.genes.length, 3); // one gene per cell
  assert.deepEqual(g.reductions, [1, 2]); // ⌊3/3⌋, ⌊6/3⌋
  assert.deepEqual(g.concat, [2, 3, 4, 5]);
  const weights = JSON.parse(readFileSync(join(s, 'genotypes/epoch-001.weights.json'), 'utf8')) as ArchWeightsFile;
  assert.equal(weights.relaxation, 'sigmoid');
  assert.deepEqual(
    Object.entries(weights.cells).map(([cell, c]) => [cell, c.alpha, c.reduction, c.edges.length, Object.keys(c.edges[0]!.weights).length]),
    [
      ['cell0', 'alphas_cell0', false, 14, 7],
      ['cell1', 'alphas_cell1', true, 14, 7],
      ['cell2', 'alphas_cell2', true, 14, 7],
    ],
  );

  for (const arch of [s, join(s, 'genotype.txt')]) {
    const t = join(root, `train-${arch === s ? 'dir' : 'txt'}`);
    tsnas(
      'train',
      '--arch',
      arch,
      '--epochs',
      '1',
      '--init-channels',
      '4',
      '--layers',
      '3',
      '--batch-size',
      '16',
      '--auxiliary',
      '--out',
      t,
      ...data,
    );
    assert.ok(existsSync(join(t, 'model.pt')));
    const keys = readFileSync(join(t, 'config.json'), 'utf8');
    assert.match(keys, /"kind": ?"nested"/);
  }
});

test('tsnas search --space dartopti --baseline resnet18 (pretraining, 12 ops, one α per template)', () => {
  const s = join(root, 'dartopti');
  tsnas(
    'search',
    '--method',
    'ddarts',
    '--space',
    'dartopti',
    '--baseline',
    'resnet18',
    '--pretrain-epochs',
    '1',
    '--epochs',
    '2',
    '--init-channels',
    '4',
    '--batch-size',
    '8',
    '--out',
    s,
    ...data,
  );
  const g = parseNestedGenotypeText(readFileSync(join(s, 'genotype.txt'), 'utf8')).genotype;
  assert.equal(g.genes.length, 4); // ResNet18: 4 cells, all from template 0
  assert.deepEqual(g.reductions, [1, 2, 3]);
  assert.ok(g.genes.every((gene) => JSON.stringify(gene) === JSON.stringify(g.genes[0])));
  const weights = JSON.parse(readFileSync(join(s, 'genotypes/epoch-002.weights.json'), 'utf8')) as ArchWeightsFile;
  assert.deepEqual(
    Object.values(weights.cells).map((c) => c.reduction),
    [false, true, true, true],
  );
  assert.deepEqual(weights.ops, [...DARTOPTI_PRIMITIVES]);
  const metrics = readFileSync(join(s, 'metrics.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  // Spec §8.3: the run has --pretrain-epochs + --epochs = 3 epochs; the weight cosine (0.005 → 0.001) spans the 3,
  // each α cosine (3e-3 → 1e-3) the 2 search epochs, stepped from the first epoch on.
  const epochs = metrics.filter((m) => m.type === 'epoch');
  assert.equal(epochs.length, 3);
  assert.equal(epochs[0]!.archLoss, undefined, 'epoch 1 only pretrains');
  assert.equal(typeof epochs[1]!.archLoss, 'number');
  const cosine = (e: number, total: number, lr0: number, min: number): number => min + ((lr0 - min) * (1 + Math.cos((Math.PI * e) / total))) / 2;
  const near = (a: unknown, b: number, what: string): void => assert.ok(Math.abs((a as number) - b) < 1e-12, `${what}: ${a} vs ${b}`);
  [0.005, 0.004, 0.002].forEach((lr, e) => near(epochs[e]!.lr, lr, `weight lr of epoch ${e + 1}`));
  [2e-3, 1e-3].forEach((lr, e) => near(epochs[e + 1]!.archLr, lr, `α lr of epoch ${e + 2}`));
  const status = (): { epochs: number; epochsDone: number } => JSON.parse(readFileSync(join(s, 'status.json'), 'utf8'));
  assert.deepEqual([status().epochs, status().epochsDone], [3, 3]);
  // --epochs 3 goes on to 4 epochs: epoch 4 follows the 4-epoch weight cosine and the 3-epoch α cosine.
  const refused = spawnSync(process.execPath, [cli, 'search', '--resume', s, '--epochs', '1'], { encoding: 'utf8' });
  assert.equal(refused.status, 1);
  assert.match(refused.stderr, /--epochs 1: the run has finished 3 epochs; --epochs \(\+ 1 the run adds: 2 in all\) must be more than that/);
  tsnas('search', '--resume', s, '--epochs', '3');
  const resumed = readFileSync(join(s, 'metrics.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>)
    .filter((m) => m.type === 'epoch');
  assert.equal(resumed.length, 4);
  near(resumed[3]!.lr, cosine(3, 4, 0.005, 0.001), 'weight lr of epoch 4');
  near(resumed[3]!.archLr, cosine(3, 3, 3e-3, 1e-3), 'α lr of epoch 4');
  assert.deepEqual([status().epochs, status().epochsDone], [4, 4]);
  const listed = spawnSync(process.execPath, [cli, 'runs', s], { encoding: 'utf8' });
  assert.match(listed.stdout, / 4\/4 /);
  const r = spawnSync(process.execPath, [cli, 'search', '--method', 'ddarts', '--space', 'dartopti', '--epochs', '1', ...data], { encoding: 'utf8' });
  assert.equal(r.status, 1);
  assert.match(r.stderr, /needs --baseline/);
});

test('tsnas count on published D-DARTS files: spec §16 parameter counts', () => {
  const count = (...args: string[]): { params: number; paramsWithAux: number; macs: number } =>
    JSON.parse(tsnas('count', '--json', ...args).stdout) as { params: number; paramsWithAux: number; macs: number };
  const r18 = count('--arch', 'ResNet18_cifar10_threshold_sparse_0.85', '--init-channels', '64', '--layers', '4');
  assert.equal(Math.round(r18.params / 1e3), 36319);
  const dd = count('--arch', join(txtDir, 'D-DARTS_threshold_sparse_cifar10_0.85_50.txt'), '--init-channels', '36', '--layers', '8');
  assert.equal(Math.round(dd.params / 1e3), 1244);
  assert.equal(Math.round(dd.paramsWithAux / 1e3), 1721);
});
