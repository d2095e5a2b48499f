// Parameter and multiply-accumulate counts against the reference table of spec §8 (computed there from the
// reference model files with PyTorch): CIFAR networks C = 36, L = 20, 10 classes, auxiliary head, 32×32 input;
// ImageNet DARTS_V2; the search network of §2.1; and the `tsnas count` command.
//
// Parameters are checked for every row (no forward pass needed). MACs need one 32×32 forward of a C = 36 network
// (about a second each on 2 cores), so a representative subset is counted; TSNAS_FULL_COUNTS=1 counts every row.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { DARTS_PRIMITIVES, FAIRDARTS_PRIMITIVES } from '../../src/nas/genotype/primitives.js';
import type { AnyGenotype } from '../../src/nas/genotype/genotype.js';
import { zooEntry, zooGenotype } from '../../src/nas/genotype/zoo.js';
import { countModel } from '../../src/nas/eval/count.js';
import { Supernet } from '../../src/nas/search/supernet.js';
import { buildEvalNetwork } from '../../src/train/arch.js';
import { REPO_ROOT } from '../helpers/python.js';

interface Row {
  name: string;
  /** Millions, as printed in the table (6 or 4 decimals). */
  params: string;
  paramsWithAux: string;
  /** Conv + linear MACs in millions (2 decimals). */
  macs: number;
}

// Spec §8, "Reference numbers computed from the model files", verbatim.
const TABLE: Row[] = [
  { name: 'DARTS_V1', params: '3.169414', paramsWithAux: '3.645840', macs: 500.99 },
  { name: 'DARTS_V2', params: '3.349342', paramsWithAux: '3.825768', macs: 528.36 },
  { name: 'NASNet', params: '3.830950', paramsWithAux: '4.288944', macs: 603.45 },
  { name: 'AmoebaNet', params: '3.145078', paramsWithAux: '3.603072', macs: 488.93 },
  { name: 'ENASNet', params: '4.020166', paramsWithAux: '4.515024', macs: 622.14 },
  { name: 'GDAS_V1', params: '3.368782', paramsWithAux: '3.845208', macs: 519.43 },
  { name: 'MdeNAS', params: '3.783286', paramsWithAux: '4.259712', macs: 599.11 },
  { name: 'PC_DARTS_cifar', params: '3.634678', paramsWithAux: '4.111104', macs: 556.67 },
  { name: 'PDARTS', params: '3.433798', paramsWithAux: '3.910224', macs: 532.17 },
  { name: 'SNAS', params: '2.661382', paramsWithAux: '3.137808', macs: 422.22 },
  { name: 'FairDARTS_a', params: '2.360782', paramsWithAux: '2.837208', macs: 371.46 },
  { name: 'FairDARTS_b', params: '3.407878', paramsWithAux: '3.884304', macs: 536.49 },
  { name: 'FairDARTS_c', params: '2.598814', paramsWithAux: '3.075240', macs: 399.99 },
  { name: 'FairDARTS_d', params: '3.365542', paramsWithAux: '3.841968', macs: 532.51 },
  { name: 'FairDARTS_e', params: '2.643742', paramsWithAux: '3.120168', macs: 414.7 },
  { name: 'FairDARTS_f', params: '3.151054', paramsWithAux: '3.627480', macs: 497.61 },
  { name: 'FairDARTS_g', params: '2.899054', paramsWithAux: '3.375480', macs: 453.38 },
  { name: 'DCO_SPARSE_BS_64', params: '3.010870', paramsWithAux: '3.487296', macs: 469.77 },
  { name: 'DCO_EDGE_BS_64', params: '3.998854', paramsWithAux: '4.475280', macs: 598.47 },
  { name: 'noisy_darts_a', params: '3.2571', paramsWithAux: '3.7335', macs: 513.87 },
  { name: 'noisy_darts_b', params: '3.0979', paramsWithAux: '3.5743', macs: 492.25 },
  { name: 'noisy_darts_c', params: '3.3372', paramsWithAux: '3.8137', macs: 529.6 },
  { name: 'noisy_darts_d', params: '3.0621', paramsWithAux: '3.5385', macs: 492.2 },
  { name: 'noisy_darts_e', params: '3.2420', paramsWithAux: '3.7184', macs: 519.57 },
  { name: 'noisy_darts_f', params: '2.6856', paramsWithAux: '3.1620', macs: 428.41 },
  { name: 'noisy_darts_g', params: '3.3284', paramsWithAux: '3.8048', macs: 528.47 },
  { name: 'noisy_darts_h', params: '3.1014', paramsWithAux: '3.5778', macs: 492.69 },
  { name: 'noisy_darts_i', params: '3.0718', paramsWithAux: '3.5482', macs: 485.81 },
  { name: 'noisy_darts_j', params: '2.9463', paramsWithAux: '3.4227', macs: 467.78 },
  { name: 'noisy_darts_k', params: '3.2744', paramsWithAux: '3.7508', macs: 519.18 },
  { name: 'noisy_darts_l', params: '3.9693', paramsWithAux: '4.4457', macs: 626.21 },
  { name: 'noisy_darts_m', params: '3.3493', paramsWithAux: '3.8258', macs: 528.36 },
  { name: 'noisy_darts_n', params: '4.1891', paramsWithAux: '4.6656', macs: 650.34 },
];

/** Rows whose MACs are counted by default: every cell structure the table exercises appears at least once. */
const MAC_SUBSET = new Set([
  'DARTS_V1', // DARTS cell, identity skips in the normal cell
  'DARTS_V2',
  'NASNet', // 5 nodes, 3-node reduce concat, sep_conv_7x7
  'AmoebaNet', // conv_7x1_1x7, concat without node 2
  'SNAS',
  'FairDARTS_a', // DCO cell with 3-node normal cells
  'FairDARTS_c', // DCO edge from an absent node
  'DCO_EDGE_BS_64', // several ops per DCO edge
  'noisy_darts_n',
]);
const FULL = process.env.TSNAS_FULL_COUNTS === '1';

function genotype(name: string): AnyGenotype {
  const g = zooGenotype(name);
  if (g.kind === 'nb201') throw new Error(`${name} is not a DARTS-space genotype`);
  return g;
}

/** `value` (an element count) equals the table entry `m` (millions) at the table's precision. */
function assertMillions(value: number, m: string, what: string): void {
  const decimals = m.split('.')[1]!.length;
  if (decimals === 6) assert.equal(value, Math.round(Number(m) * 1e6), `${what}: ${value} vs ${m} M`);
  else assert.equal((value / 1e6).toFixed(decimals), m, `${what}: ${(value / 1e6).toFixed(6)} M vs ${m} M`);
}

function assertMacs(macs: number, m: number, what: string): void {
  const rel = Math.abs(macs / 1e6 - m) / m;
  assert.ok(rel <= 0.005, `${what}: ${(macs / 1e6).toFixed(2)} M MACs vs ${m} M (${(rel * 100).toFixed(3)} % off)`);
}

describe('spec §8 reference table: CIFAR-10 networks, C = 36, L = 20, auxiliary head', () => {
  for (const row of TABLE) {
    const withMacs = FULL || MAC_SUBSET.has(row.name);
    test(`${row.name}: parameters excl./incl. auxiliary head${withMacs ? ' and conv+linear MACs' : ''}`, () => {
      const g = genotype(row.name);
      // FairDARTS triples are evaluated with the DCO cell, the others with the DARTS cell
      assert.equal(g.kind, zooEntry(row.name).evalCell);
      const net = buildEvalNetwork(g, { family: 'cifar', channels: 36, layers: 20, numClasses: 10, auxiliary: true });
      try {
        assertMillions(
          net.numParameters((n) => !n.includes('auxiliary')),
          row.params,
          `${row.name} params excl. aux`,
        );
        assertMillions(net.numParameters(), row.paramsWithAux, `${row.name} params incl. aux`);
        if (withMacs) {
          const c = countModel(net, [3, 32, 32]);
          assertMillions(c.params, row.params, `${row.name} countModel params`);
          assertMillions(c.paramsWithAux, row.paramsWithAux, `${row.name} countModel paramsWithAux`);
          assertMacs(c.macs, row.macs, row.name);
          assert.equal(net.training, true, 'countModel restores train mode');
        }
      } finally {
        net.dispose();
      }
    });
  }

  test('the table covers every row named in the spec', () => {
    assert.equal(TABLE.length, 10 + 7 + 2 + 14);
  });
});

test('ImageNet DARTS_V2 (C = 48, L = 14, 224×224): 4.718752 M parameters excl. aux, 529.91 M MACs', () => {
  const net = buildEvalNetwork(genotype('DARTS_V2'), { family: 'imagenet', channels: 48, layers: 14, numClasses: 1000, auxiliary: true });
  try {
    const c = countModel(net, [3, 224, 224]);
    assert.equal(c.params, 4718752);
    assertMacs(c.macs, 529.91, 'ImageNet DARTS_V2');
  } finally {
    net.dispose();
  }
});

describe('search network (spec §2.1, §2.4): C = 16, L = 8, 10 classes', () => {
  for (const [repo, primitives] of [
    ['darts (8 ops)', DARTS_PRIMITIVES],
    ['FairDARTS / NoisyDARTS (7 ops)', FAIRDARTS_PRIMITIVES],
  ] as const) {
    test(`${repo}: 1,930,618 trainable weights ("param size = 1.930618MB"), 4186 state_dict entries`, () => {
      const net = new Supernet({ channels: 16, layers: 8, numClasses: 10, primitives });
      try {
        assert.equal(net.numParameters(), 1930618);
        assert.equal(net.stateDict().size, 4186);
      } finally {
        net.dispose();
      }
    });
  }
});

test('`tsnas count --arch DARTS_V2 --json` prints params, paramsWithAux and macs', () => {
  const r = spawnSync(process.execPath, [join(REPO_ROOT, 'dist/src/cli/main.js'), 'count', '--arch', 'DARTS_V2', '--json'], {
    encoding: 'utf8',
    timeout: 120_000,
    cwd: REPO_ROOT,
  });
  assert.equal(r.status, 0, `exit ${r.status}: ${r.stderr}`);
  const lines = r.stdout.trim().split('\n');
  const out = JSON.parse(lines[lines.length - 1]!) as Record<string, number>;
  assert.deepEqual(Object.keys(out).sort(), ['macs', 'params', 'paramsWithAux']);
  assert.equal(out.params, 3349342);
  assert.equal(out.paramsWithAux, 3825768);
  assertMacs(out.macs!, 528.36, 'CLI DARTS_V2');
});
