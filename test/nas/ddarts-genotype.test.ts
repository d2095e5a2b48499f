import { join } from 'node:path';
// The D-DARTS genotype `.txt` grammar (spec ddarts-dartopti §5): the 16 published files of Appendix C read and
// written back byte for byte, checked against the spec's overview table (genes, ops and nodes per gene,
// reductions, concat) and its stated file sizes; the 'nested' genotype kind through parse/format/JSON/zoo/draw.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import {
  dcoCellNodes, formatGenotype, genotypesEqual, GenotypeParseError, parseGenotypeAuto, parseGenotypeJson, parseGenotypeRepr,
  parseGenotypeWithFormat, validateGenotype, zooEntry, zooGenotypeOfKind, type NestedGenotype,
} from '../../src/nas/genotype/index.js';
import { cellDot } from '../../src/nas/genotype/draw.js';
import {
  DEFAULT_NESTED_LAYOUT, formatNestedGenotype, parseNestedGenotypeText, roundTripNestedText,
} from '../../src/nas/genotype/nested-txt.js';
import { DDARTS_PUBLISHED_FILES } from '../../src/nas/ddarts/published.js';
import { SPECS_DIR } from '../helpers/shared.js';

const txtDir = fileURLToPath(new URL('../../../src/nas/ddarts/genotypes/', import.meta.url));

/** Spec Appendix C: file sizes in characters (the headings) and the overview table. */
interface SpecRow { chars: number; ops: number[]; nodes: number[]; reductions: number[]; concat: number[] }
const rep = (n: number, v: number): number[] => new Array<number>(n).fill(v);
const R = [2, 6], R4 = [1, 2, 3], X = [1, 2, 11, 12], C6 = [2, 3, 4, 5], C8 = [4, 5, 6, 7];
const SPEC: Record<string, SpecRow> = {
  'D-DARTS_threshold_edge_abl0.5_fair7_cifar100_0.85_50': { chars: 4902, ops: [26, 25, 28, 27, 27, 27, 27, 14], nodes: rep(8, 4), reductions: R, concat: C6 },
  'D-DARTS_threshold_edge_cifar10_0.85_50': { chars: 4926, ops: [28, 28, 28, 26, 26, 28, 28, 10], nodes: rep(8, 4), reductions: R, concat: C6 },
  'D-DARTS_threshold_sparse_abl0.5_fair7_cifar100_0.85_50': { chars: 1590, ops: [8, 8, 8, 8, 8, 8, 8, 7], nodes: rep(8, 4), reductions: R, concat: C6 },
  'D-DARTS_threshold_sparse_cifar10_0.85_50': { chars: 1590, ops: [8, 8, 8, 8, 8, 8, 8, 7], nodes: rep(8, 4), reductions: R, concat: C6 },
  'ResNet18_cifar100_threshold_edge_0.85': { chars: 3011, ops: rep(4, 28), nodes: rep(4, 4), reductions: R4, concat: C6 },
  'ResNet18_cifar100_threshold_sparse_0.85': { chars: 971, ops: rep(4, 8), nodes: rep(4, 4), reductions: R4, concat: C6 },
  'ResNet18_cifar10_threshold_edge_0.85': { chars: 1903, ops: rep(4, 18), nodes: rep(4, 4), reductions: R4, concat: C6 },
  'ResNet18_cifar10_threshold_sparse_0.85': { chars: 919, ops: rep(4, 8), nodes: rep(4, 4), reductions: R4, concat: C6 },
  'ResNet50_cifar100_threshold_edge_0.85': { chars: 4455, ops: [32, 51, 53, 32], nodes: rep(4, 6), reductions: R4, concat: C8 },
  'ResNet50_cifar100_threshold_sparse_0.85': { chars: 1351, ops: [12, 11, 12, 12], nodes: rep(4, 6), reductions: R4, concat: C8 },
  'ResNet50_cifar10_threshold_edge_0.85': { chars: 3936, ops: [22, 53, 52, 22], nodes: rep(4, 6), reductions: R4, concat: C8 },
  'ResNet50_cifar10_threshold_sparse_0.85': { chars: 1383, ops: rep(4, 12), nodes: rep(4, 6), reductions: R4, concat: C8 },
  'Xception_cifar100_threshold_edge_0.85': { chars: 8956, ops: [...rep(12, 28), 5], nodes: [...rep(12, 4), 3], reductions: X, concat: C6 },
  'Xception_cifar100_threshold_sparse_0.85': { chars: 2841, ops: [...rep(12, 8), 5], nodes: rep(13, 4), reductions: X, concat: C6 },
  'Xception_cifar10_threshold_edge_0.85': { chars: 8772, ops: [...rep(12, 28), 2], nodes: [...rep(12, 4), 2], reductions: X, concat: C6 },
  'Xception_cifar10_threshold_sparse_0.85': { chars: 2656, ops: [...rep(12, 8), 2], nodes: [...rep(12, 4), 2], reductions: X, concat: C6 },
};

test('the 16 published files: stored verbatim (.txt = zoo text, sizes as the spec states)', () => {
  assert.equal(DDARTS_PUBLISHED_FILES.length, 16);
  assert.deepEqual(DDARTS_PUBLISHED_FILES.map((f) => f.name).sort(), Object.keys(SPEC).sort());
  for (const { name, text } of DDARTS_PUBLISHED_FILES) {
    assert.equal(readFileSync(`${txtDir}${name}.txt`, 'utf8'), text, name);
    assert.equal(text.length, SPEC[name]!.chars, name);
    // Spec §5.2: 15 files have no trailing newline.
    assert.equal(text.endsWith('\n'), name === 'Xception_cifar100_threshold_sparse_0.85', name);
  }
});

// Verbatim against the spec's Appendix C fenced blocks, when the spec is present.
const specFile = join(SPECS_DIR, 'ddarts-dartopti.md');
test('the stored texts are the spec Appendix C blocks', { skip: !existsSync(specFile) && 'spec not found' }, () => {
  const spec = readFileSync(specFile, 'utf8');
  for (const { name, text } of DDARTS_PUBLISHED_FILES) {
    const heading = `### \`genotypes/${name}.txt\` (${text.length} chars)\n\n\`\`\`\n`;
    const at = spec.indexOf(heading);
    assert.ok(at >= 0, `${name}: heading not found`);
    const start = at + heading.length;
    assert.equal(spec.slice(start, spec.indexOf('\n```', start)), text.replace(/\n$/, ''), name);
  }
});

test('every published file parses to the spec overview and is written back byte-identically', () => {
  for (const { name, text } of DDARTS_PUBLISHED_FILES) {
    const { genotype, layout } = parseNestedGenotypeText(text, { validate: false });
    const spec = SPEC[name]!;
    assert.deepEqual(genotype.genes.map((g) => g.length), spec.ops, `${name} ops per gene`);
    assert.deepEqual(genotype.genes.map((g) => dcoCellNodes(g).length), spec.nodes, `${name} nodes per gene`);
    assert.deepEqual(genotype.reductions, spec.reductions, name);
    assert.deepEqual(genotype.concat, spec.concat, name);
    // D-DARTS files: genes, reductions=[..], concat=range(..); DARTOpti: genes, concat=range(..), reductions=range(..)|[..].
    assert.deepEqual(layout.order, name.startsWith('D-DARTS') ? ['genes', 'reductions', 'concat'] : ['genes', 'concat', 'reductions'], name);
    assert.equal(formatNestedGenotype(genotype, layout), text, name);
    assert.equal(roundTripNestedText(text), text, name);
  }
});

test('spot checks against the spec text', () => {
  const g = parseNestedGenotypeText(readFileSync(`${txtDir}D-DARTS_threshold_sparse_cifar10_0.85_50.txt`, 'utf8')).genotype;
  assert.deepEqual(g.genes[0]![0], ['sep_conv_3x3', 2, 1]);
  assert.deepEqual(g.genes[7]![6], ['sep_conv_3x3', 5, 2]);
  assert.deepEqual(g.genes[1]![0], ['skip_connect', 2, 0]);
  const x = zooGenotypeOfKind('Xception_cifar10_threshold_sparse_0.85', 'nested');
  assert.deepEqual(x.genes[12], [['sep_conv_3x3', 2, 0], ['sep_conv_3x3', 3, 2]]);
  assert.deepEqual(zooGenotypeOfKind('ResNet50_cifar10_threshold_sparse_0.85', 'nested').concat, [4, 5, 6, 7]);
});

test('the default writer is the namedtuple repr (genes, concat=range, reductions=[..]); kwargs in any order; Genotype_opt', () => {
  const g: NestedGenotype = { kind: 'nested', genes: [[['sep_conv_3x3', 2, 0], ['skip_connect', 3, 2]], [['max_pool_3x3', 2, 1]]],
    concat: [2, 3, 4, 5], reductions: [1] };
  const text = "Genotype_nested(genes=[[('sep_conv_3x3', 2, 0), ('skip_connect', 3, 2)], [('max_pool_3x3', 2, 1)]], concat=range(2, 6), reductions=[1])";
  assert.equal(formatNestedGenotype(g), text);
  assert.equal(DEFAULT_NESTED_LAYOUT.order.join(), 'genes,concat,reductions');
  assert.equal(formatGenotype(g), text);
  assert.equal(formatGenotype(g, 'nested'), text);
  const swapped = "Genotype_nested(reductions=list(range(1, 2)), concat=[2, 3, 4, 5], genes=[[('sep_conv_3x3', 2, 0), ('skip_connect', 3, 2)], [('max_pool_3x3', 2, 1)]])";
  assert.ok(genotypesEqual(parseGenotypeAuto(swapped), g));
  assert.ok(genotypesEqual(parseGenotypeAuto(`Genotype_nested(${text.slice(16, -1).replace(/(genes|concat|reductions)=/g, '')})`), g), 'positional');
  // A Genotype_opt baseline expands its templates over seq (convert_genotype).
  const opt = parseGenotypeAuto("Genotype_opt(genes=[[('sep_conv_3x3', 2, 0)], [('skip_connect', 2, 1)]], seq=[0, 1, 0], concat=range(2, 3), reductions=[1])");
  assert.ok(opt.kind === 'nested');
  assert.deepEqual(opt.genes, [[['sep_conv_3x3', 2, 0]], [['skip_connect', 2, 1]], [['sep_conv_3x3', 2, 0]]]);
  assert.equal(parseGenotypeWithFormat(text).format, 'repr');
});

test('JSON round trip (what a training run records) and structural equality', () => {
  for (const { name } of DDARTS_PUBLISHED_FILES) {
    const g = zooEntry(name).genotype as NestedGenotype;
    const back = parseGenotypeJson(formatGenotype(g, 'json'), { validate: false });
    assert.ok(genotypesEqual(back, g), name);
    assert.ok(genotypesEqual(parseGenotypeAuto(formatGenotype(g), { validate: false }), g), name);
  }
  const a = zooGenotypeOfKind('ResNet18_cifar10_threshold_sparse_0.85', 'nested');
  const b = zooGenotypeOfKind('ResNet18_cifar100_threshold_sparse_0.85', 'nested');
  assert.ok(!genotypesEqual(a, b));
  assert.ok(!genotypesEqual(a, zooGenotypeOfKind('FairDARTS_a', 'dco')));
});

test('errors point at the offending token; parseGenotypeRepr keeps its two-cell contract', () => {
  const err = (text: string): GenotypeParseError => {
    try {
      parseGenotypeAuto(text);
    } catch (e) {
      assert.ok(e instanceof GenotypeParseError, String(e));
      return e;
    }
    throw new Error('expected a parse error');
  };
  assert.match(err("Genotype_nested(genes=[[('sep_conv_3x3', 2, 0)]], concat=range(2, 6))").message, /expected a reductions=\.\.\. argument/);
  assert.match(err("Genotype_nested(genes=[[('sep_conv_3x3', 2)]], concat=range(2, 6), reductions=[])").message, /expected a gene \(op, to, from\)/);
  const bad = "Genotype_nested(genes=[[('sep_conv_3x3', 2, 0)], [('sepconv', 2, 1)]], concat=range(2, 6), reductions=[1])";
  const e = err(bad);
  assert.match(e.message, /cell 1: gene 0 \('sepconv', 2, 1\): unknown op 'sepconv'/);
  assert.equal(e.column, bad.indexOf("'sepconv'") + 1);
  assert.match(err("Genotype_nested(genes=[[('sep_conv_3x3', 2, 0)]], concat=range(2, 6), reductions=[1, 1])").message, /reductions: lists cell 1 twice/);
  assert.match(err("Genotype_nested(genes=[[]], concat=range(2, 6), reductions=[])").message, /cell 0: has no edges/);
  assert.throws(() => parseGenotypeRepr("Genotype_nested(genes=[[('sep_conv_3x3', 2, 0)]], concat=range(2, 6), reductions=[])"),
    /read by parseGenotypeAuto/);
});

test('validation: the one published gene no network can compute (Xception cifar100 edge, cell 12)', () => {
  const g = zooEntry('Xception_cifar100_threshold_edge_0.85').genotype as NestedGenotype;
  const errors = validateGenotype(g).filter((i) => i.severity === 'error');
  // Its first triple targets node 3 from node 2, which never receives an edge (spec Appendix C: 3 nodes).
  assert.deepEqual(errors.map((i) => [i.cellIndex, i.cell]), [[12, 'reduce']]);
  assert.match(errors[0]!.message, /cell 12: node 3 only reads nodes that have no value/);
  assert.ok(zooEntry('Xception_cifar100_threshold_edge_0.85').notes.some((n) => n.startsWith('unusable:')));
  for (const { name } of DDARTS_PUBLISHED_FILES) {
    if (name === 'Xception_cifar100_threshold_edge_0.85') continue;
    assert.deepEqual(validateGenotype(zooEntry(name).genotype as NestedGenotype).filter((i) => i.severity === 'error'), [], name);
  }
});

test('zoo entries by file name, evaluated with per-cell DCO cells; drawings cluster normal and reduction cells', () => {
  const e = zooEntry('D-DARTS_threshold_sparse_cifar10_0.85_50');
  assert.equal(e.kind, 'nested');
  assert.equal(e.evalCell, 'nested');
  assert.equal(e.source.repo, 'aheuillet/D-DARTS');
  assert.equal(e.source.path, 'genotypes/D-DARTS_threshold_sparse_cifar10_0.85_50.txt');
  const g = e.genotype as NestedGenotype;
  const normal = cellDot(g, 'normal');
  const reduce = cellDot(g, 'reduce');
  assert.equal((normal.match(/subgraph/g) ?? []).length, 6);
  assert.equal((reduce.match(/subgraph/g) ?? []).length, 2);
  assert.match(reduce, /cell 2 \(reduction\)/);
  assert.match(reduce, /cell 6 \(reduction\)/);
  // One labelled edge per triple: gene 2 (a reduction cell) has 8.
  assert.equal((reduce.match(/"2:[^"]+" -> "2:[^"]+" \[label=/g) ?? []).length, 8);
});
