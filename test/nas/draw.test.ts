import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cellDot, drawGenotype, drawNb201Arch, parseNb201Arch, renderSvg, zooGenotypeOfKind, type Genotype } from '../../src/nas/genotype/index.js';

function edges(dot: string): string[] {
  return dot
    .split('\n')
    .filter((line) => line.includes('->'))
    .map((line) => line.trim());
}

test('DARTS_V2 draws as two SVGs that label every op', async () => {
  const genotype: Genotype = zooGenotypeOfKind('DARTS_V2', 'darts');
  const drawing = await drawGenotype(genotype);
  for (const [rawSvg, genes] of [
    [drawing.normalSvg, genotype.normal],
    [drawing.reduceSvg, genotype.reduce],
  ] as const) {
    assert.match(rawSvg.trimStart(), /^(<\?xml|<svg)/);
    const svg = rawSvg.replaceAll('&#45;', '-'); // Graphviz writes '-' as an entity
    assert.match(svg.trimEnd(), /<\/svg>$/);
    for (const [op] of genes) assert.ok(svg.includes(`>${op}</text>`), `missing label ${op}`);
    for (const node of ['c_{k-2}', 'c_{k-1}', 'c_{k}']) assert.ok(svg.includes(`>${node}</text>`), `missing node ${node}`);
  }
  // quark0 visualize.py layout: one labelled edge per gene plus one edge per concat node into c_{k}.
  const normal = edges(drawing.normalDot);
  assert.equal(normal.filter((e) => e.includes('label=')).length, 8);
  assert.ok(normal.includes('"c_{k-2}" -> "0" [label="sep_conv_3x3" fillcolor=gray]'));
  assert.ok(normal.includes('"0" -> "3" [label="dil_conv_3x3" fillcolor=gray]'));
  assert.deepEqual(
    normal.filter((e) => e.includes('"c_{k}"')),
    ['"0" -> "c_{k}" [fillcolor=gray]', '"1" -> "c_{k}" [fillcolor=gray]', '"2" -> "c_{k}" [fillcolor=gray]', '"3" -> "c_{k}" [fillcolor=gray]'],
  );
  assert.match(drawing.normalDot, /rankdir=LR/);
});

test('only concat nodes feed c_{k}; DCO cells grey out nodes without inputs; reweight labels show weights', () => {
  const amoebaReduce = edges(cellDot(zooGenotypeOfKind('AmoebaNet', 'darts'), 'reduce'));
  assert.deepEqual(
    amoebaReduce.filter((e) => e.includes('"c_{k}"')).map((e) => e.split(' ')[0]),
    ['"1"', '"2"', '"4"'],
  );

  const fairC = cellDot(zooGenotypeOfKind('FairDARTS_c', 'dco'), 'normal');
  assert.match(fairC, /"1" \[fillcolor=lightgray\]/);
  assert.ok(fairC.includes('"1" -> "3" [label="skip_connect" fillcolor=gray style=dashed]'));
  assert.deepEqual(edges(fairC).filter((e) => e.includes('"c_{k}"')).length, 3);
  assert.ok(!/"1" \[fillcolor=lightblue\]/.test(fairC));

  assert.ok(cellDot(zooGenotypeOfKind('DARTS_EXP1_RE1', 'reweight'), 'normal').includes('[label="skip_connect (0.2386)"'));
  assert.match(cellDot(zooGenotypeOfKind('DARTS_V2', 'darts'), 'normal', { caption: 'Epoch 7', fontSize: 70 }), /label="Epoch 7"[\s\S]*fontsize=70/);
});

test('NB201 cells draw with dashed none edges, and bad DOT is rejected', async () => {
  const { dot, svg } = await drawNb201Arch(parseNb201Arch('|nor_conv_3x3~0|+|none~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_1x1~1|none~2|'));
  assert.equal(edges(dot).length, 6);
  assert.ok(edges(dot).includes('"0" -> "2" [label="none" fillcolor=gray style=dashed color=gray]'));
  assert.ok(svg.includes('>nor_conv_1x1</text>'));
  await assert.rejects(renderSvg('digraph { a -> }'));
});
