import { join } from 'node:path';
// The NAS-Bench-201 table (spec §5.7, §5.8): queries against the source CSV read independently here (plain line
// splitting, no project code), the spec's published optima and special rows, equivalent spellings, clear errors,
// arch-string round trips over all 15,625 cells, the 'nb201' search space's derivation, and `tsnas nb201 query`.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { GenotypeParseError } from '../../src/nas/genotype/parse-error.js';
import { formatNb201Arch, parseNb201Arch } from '../../src/nas/genotype/nb201.js';
import { bestNb201, canonicalNb201Arch, loadNb201Table, lookupNb201, NB201_SPACE, parseNb201Table, queryNb201 } from '../../src/nas/nb201/index.js';
import { searchSpace } from '../../src/nas/search/space.js';
import { SHARED_DIR } from '../helpers/shared.js';
import { CLI_PATH } from '../helpers/cli.js';

const SOURCE = join(SHARED_DIR, 'data', 'nas-bench-201', 'nats_bench.csv');
const cli = CLI_PATH;
const INDEX1 = '|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|';

interface Row {
  c10: number;
  c100: number;
  in16: number;
  arch: string;
}

/** The v-tao/nats-bench-landscape CSV, parsed by splitting lines and commas (independent of the project's reader). */
function sourceRows(): Row[] {
  const lines = readFileSync(SOURCE, 'utf8').trim().split('\n');
  assert.equal(
    lines[0]!.trim(),
    'CIFAR10TestAccuracy200Epochs,CIFAR100TestAccuracy200Epochs,ImageNetTestAccuracy200Epochs,ArchitectureString,UniqueString',
  );
  return lines.slice(1).map((l) => {
    const [a, b, c, arch] = l.trim().split(',');
    return { c10: parseFloat(a!), c100: parseFloat(b!), in16: parseFloat(c!), arch: arch! };
  });
}

describe('NAS-Bench-201 table', () => {
  test('15,625 cells; every CSV row (read independently) gives the same three numbers and its row index', {
    skip: existsSync(SOURCE) ? false : `${SOURCE} not present`,
  }, () => {
    const rows = sourceRows();
    assert.equal(rows.length, 15_625);
    const table = loadNb201Table();
    assert.equal(table.size, 15_625);
    rows.forEach((r, i) => {
      const rec = lookupNb201(r.arch, table);
      assert.equal(rec.index, i);
      assert.deepEqual(queryNb201(r.arch, table), { cifar10: r.c10, cifar100: r.c100, imagenet16_120: r.in16 }, `row ${i}`);
    });
  });

  test('the asset reads the same as the original CSV file', { skip: existsSync(SOURCE) ? false : `${SOURCE} not present` }, () => {
    const original = parseNb201Table(readFileSync(SOURCE), SOURCE);
    const asset = loadNb201Table();
    assert.deepEqual(asset.records, original.records);
  });

  test('spec §5.1 index order: indices 0, 1, 9 and 123', () => {
    assert.equal(lookupNb201('|avg_pool_3x3~0|+|nor_conv_1x1~0|skip_connect~1|+|nor_conv_1x1~0|skip_connect~1|skip_connect~2|').index, 0);
    assert.equal(lookupNb201(INDEX1).index, 1);
    assert.equal(lookupNb201('|avg_pool_3x3~0|+|none~0|none~1|+|skip_connect~0|none~1|nor_conv_3x3~2|').index, 9);
    assert.equal(lookupNb201('|avg_pool_3x3~0|+|avg_pool_3x3~0|nor_conv_1x1~1|+|none~0|avg_pool_3x3~1|nor_conv_3x3~2|').index, 123);
  });

  test('published optima (spec §5.7, §5.8): 94.37 / 73.51 / 47.31 and their cells', () => {
    const r2 = (v: number): number => Math.round(v * 100) / 100;
    const c10 = bestNb201('cifar10'),
      c100 = bestNb201('cifar100'),
      in16 = bestNb201('imagenet16_120');
    assert.equal(r2(c10.cifar10), 94.37);
    assert.equal(c10.arch, '|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_1x1~2|');
    assert.equal(r2(c100.cifar100), 73.51);
    assert.equal(c100.arch, '|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_3x3~2|');
    assert.equal(r2(c100.cifar10), 94.36);
    assert.equal(r2(in16.imagenet16_120), 47.31);
    assert.equal(in16.arch, '|nor_conv_1x1~0|+|nor_conv_1x1~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_3x3~2|');
    // §5.8 to four decimals: 94.3733 / 73.5133 / 47.3111.
    assert.deepEqual(
      [c10.cifar10, c100.cifar100, in16.imagenet16_120].map((v) => v.toFixed(4)),
      ['94.3733', '73.5133', '47.3111'],
    );
  });

  test('the DARTS collapse cell (all skip_connect) is 54.30 / 15.61 / 16.32; all-none is 10.0 / 1.0 / 0.833', () => {
    const skip = queryNb201('|skip_connect~0|+|skip_connect~0|skip_connect~1|+|skip_connect~0|skip_connect~1|skip_connect~2|');
    assert.deepEqual(
      [skip.cifar10, skip.cifar100, skip.imagenet16_120].map((v) => v.toFixed(4)),
      ['54.2967', '15.6067', '16.3222'],
    );
    const none = queryNb201('|none~0|+|none~0|none~1|+|none~0|none~1|none~2|');
    assert.deepEqual(
      [none.cifar10, none.cifar100, none.imagenet16_120].map((v) => v.toFixed(3)),
      ['10.000', '1.000', '0.833'],
    );
  });

  test('equivalent spellings: whitespace, quotes, a parsed cell', () => {
    const ref = queryNb201(INDEX1);
    assert.deepEqual(queryNb201(`  ${INDEX1}\n`), ref);
    assert.deepEqual(queryNb201(`'${INDEX1}'`), ref);
    assert.deepEqual(queryNb201(INDEX1.replace(/\|/g, ' | ').replace(/\+/g, ' + ')), ref);
    assert.deepEqual(queryNb201(parseNb201Arch(INDEX1)), ref);
    assert.equal(canonicalNb201Arch(` "${INDEX1}" `), INDEX1);
  });

  test('unknown or malformed cells fail clearly', () => {
    assert.throws(() => queryNb201('|nor_conv_5x5~0|+|none~0|none~1|+|none~0|none~1|none~2|'), GenotypeParseError);
    assert.throws(() => queryNb201('|none~1|+|none~0|none~1|+|none~0|none~1|none~2|'), /expected source 0/);
    assert.throws(
      () => queryNb201('|none~0|+|none~0|none~1|'),
      (e: Error) => e instanceof Error,
    );
    // A valid cell missing from a (partial) table.
    const partial = parseNb201Table(Buffer.from(`index,arch,cifar10,cifar100,imagenet16_120\n1,${INDEX1},93.66,70.29,44.03\n`), 'partial.csv');
    assert.deepEqual(queryNb201(INDEX1, partial), { cifar10: 93.66, cifar100: 70.29, imagenet16_120: 44.03 });
    assert.throws(
      () => queryNb201('|none~0|+|none~0|none~1|+|none~0|none~1|none~2|', partial),
      /NAS-Bench-201 has no architecture '\|none~0\|.*partial\.csv/,
    );
  });

  test('arch strings round-trip for all 15,625 cells and the table holds each exactly once', () => {
    const table = loadNb201Table();
    const seen = new Set<string>();
    for (const r of table.records) {
      assert.equal(formatNb201Arch(parseNb201Arch(r.arch)), r.arch);
      seen.add(r.arch);
    }
    assert.equal(seen.size, 15_625);
    assert.equal(5 ** 6, 15_625);
  });
});

describe("the 'nb201' search space", () => {
  test('is registered; derive = per-edge argmax over all 5 ops (none included), with benchmark accuracies in the report', () => {
    assert.equal(searchSpace('nb201'), NB201_SPACE);
    const cfg = { channels: 16, layers: 5, numClasses: 10, inChannels: 3, steps: 4 };
    // Rows in edge order 1<-0, 2<-0, 2<-1, 3<-0, 3<-1, 3<-2; columns none, skip, conv1x1, conv3x3, avgpool.
    const oneHot = (k: number): number[] => [0, 1, 2, 3, 4].map((i) => (i === k ? 0.6 : 0.1));
    const g = NB201_SPACE.derive({ alphas_cell0: [3, 3, 4, 1, 3, 1].map(oneHot) }, cfg);
    assert.equal(g.text, INDEX1);
    assert.deepEqual(g.json, { kind: 'nb201', arch: INDEX1 });
    // The shipped table's only signal is test accuracy, and the names say so.
    assert.deepEqual(g.report, {
      nb201Cifar10Test: queryNb201(INDEX1).cifar10,
      nb201Cifar100Test: queryNb201(INDEX1).cifar100,
      nb201ImageNet16Test: queryNb201(INDEX1).imagenet16_120,
    });
    // Ties take the first maximal column; 'none' can win.
    assert.equal(
      NB201_SPACE.derive({ alphas_cell0: Array.from({ length: 6 }, () => [0.2, 0.2, 0.2, 0.2, 0.2]) }, cfg).text,
      '|none~0|+|none~0|none~1|+|none~0|none~1|none~2|',
    );
  });

  test('`tsnas nb201 query` prints the table row; --json: the three test accuracies, the cell, and that the signal is test', () => {
    const env = { ...process.env, TSNAS_NB201_BENCHMARK: '' };
    const r = spawnSync(process.execPath, [cli, 'nb201', 'query', INDEX1, '--json'], { encoding: 'utf8', env });
    assert.equal(r.status, 0, r.stderr);
    const j = JSON.parse(r.stdout) as Record<string, number>;
    // Row 1 of nats_bench.csv.
    assert.deepEqual(j, {
      cifar10: 93.66000000000001,
      cifar100: 70.29333326822916,
      imagenet16_120: 44.03333332316081,
      index: 1,
      arch: INDEX1,
      hp: '200',
      signal: 'test',
      source: 'the shipped table',
    });
    const text = spawnSync(process.execPath, [cli, 'nb201', 'query', INDEX1], { encoding: 'utf8', env });
    assert.match(text.stdout, /index 1\)[\s\S]*93\.66%[\s\S]*70\.29%[\s\S]*44\.03%[\s\S]*no validation accuracies/);
    const bad = spawnSync(process.execPath, [cli, 'nb201', 'query', '|conv~0|+|none~0|none~1|+|none~0|none~1|none~2|'], { encoding: 'utf8' });
    assert.equal(bad.status, 1);
    assert.match(bad.stderr, /expected an NB201 op/);
  });
});
