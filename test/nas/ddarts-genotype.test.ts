import { join } from 'node:path';
// The D-DARTS genotype `.txt` grammar (spec ddarts-dartopti §5): the 16 published files of Appendix C read and
// written back byte for byte, checked against the spec's overview table (genes, ops and nodes per gene,
// reductions, concat) and its stated file sizes; the 'nested' genotype kind through parse/format/JSON/zoo/draw.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import {
  dcoCellNodes,
  formatGenotype,
  genotypesEqual,
  GenotypeParseError,
  parseGenotypeAuto,
  parseGenotypeJson,
  parseGenotypeRepr,
  parseGenotypeWithFormat,
  validateGenotype,
  zooEntry,
  zooGenotypeOfKind,
  type NestedGenotype,
} from '../../src/nas/genotype/index.js';
import { cellDot } from '../../src/nas/genotype/draw.js';
import { DEFAULT_NESTED_LAYOUT, formatNestedGenotype, parseNestedGenotypeText, roundTripNestedText } from '../../src/nas/genotype/nested-txt.js';
import { DDARTS_PUBLISHED_FILES } from '../../src/nas/ddarts/index.js';
import { SPECS_DIR } from '../helpers/shared.js';

const txtDir = fileURLToPath(new URL('../../../assets/genotypes/aheuillet__D-DARTS/genotypes/', import.meta.url));

/** SHA-256 of each file as published in aheuillet/D-DARTS at e3ad5d9 (checked against that commit). */
const PUBLISHED_SHA256: Record<string, string> = {
  'D-DARTS_threshold_edge_abl0.5_fair7_cifar100_0.85_50': '5e68b549cf3f9388afbf1d92912d67d542f674bfe2b10d20137b2463d4eabe6d',
  'D-DARTS_threshold_edge_cifar10_0.85_50': '6cfb8563137eda4f2ffa38ada7251c28b65ca1c954f1064f517de5738af45e98',
  'D-DARTS_threshold_sparse_abl0.5_fair7_cifar100_0.85_50': '31fabd1a6106cb9139395af9228483e3536d50478282681bbbdc4c7757792fd6',
  'D-DARTS_threshold_sparse_cifar10_0.85_50': '97705565e60f75d9905ed3e94c9d494d907fa88b835c69fdcf97a692901af3f7',
  'ResNet18_cifar100_threshold_edge_0.85': '0fc90b269ac1d630560da399628b1dc1c7271526e1ac951353f3af6356e6daac',
  'ResNet18_cifar100_threshold_sparse_0.85': '6218b61e0129210908d296c62634038464fcb93a5a425a07fd824c0cff32267b',
  'ResNet18_cifar10_threshold_edge_0.85': '5d56adbef367f3879c5c51c38c7df3dbbf52fd80b4747e3ee772147df2005574',
  'ResNet18_cifar10_threshold_sparse_0.85': '84463a62ccc935cfa9d4447c729253297f866797dbfe71eaf9268f3d4fd0a7ba',
  'ResNet50_cifar100_threshold_edge_0.85': 'd603d612fc92195c37e950f473cf26fd38d58fa877689582eedf004e9df5f420',
  'ResNet50_cifar100_threshold_sparse_0.85': 'ca298fe3c219c18037e5e0529475fc65532d1a339a13eda2bcc999b818b19080',
  'ResNet50_cifar10_threshold_edge_0.85': '9bd4a804f44ac3c6138fc00fbc33a4ffec96f223a13028ac28ed1f7bd37f1ce0',
  'ResNet50_cifar10_threshold_sparse_0.85': '3bb03cb00a118115a2b874fb47f4bf12a67be4a0b9c2d8a795f27f8329a3522a',
  'Xception_cifar100_threshold_edge_0.85': '9fc36f15de2f01a15cc56dbe36d1a4654cd4dcf779d1f583e8b8a4eb2c988779',
  'Xception_cifar100_threshold_sparse_0.85': 'fdfa1ce42a12a8d8beee91f63c3c93b2b66ceffa8979c3333cfd5f71f0cf6b9d',
  'Xception_cifar10_threshold_edge_0.85': '3fc45a857e9a49d2c7adffa53b506de6cece731c47d7b0c2d3dd7d20407c4aee',
  'Xception_cifar10_threshold_sparse_0.85': '6a3add4243f0ee2282c6d3e0e78fb77110719c0685da38e6610712c6fbc9381e',
};

/** Spec Appendix C: file sizes in characters (the headings) and the overview table. */
interface SpecRow {
  chars: number;
  ops: number[];
  nodes: number[];
  reductions: number[];
  concat: number[];
}
const rep = (n: number, v: number): number[] => new Array<number>(n).fill(v);
const R = [2, 6],
  R4 = [1, 2, 3],
  X = [1, 2, 11, 12],
  C6 = [2, 3, 4, 5],
  C8 = [4, 5, 6, 7];
const SPEC: Record<string, SpecRow> = {
  'D-DARTS_threshold_edge_abl0.5_fair7_cifar100_0.85_50': {
    chars: 4902,
    ops: [26, 25, 28, 27, 27, 27, 27, 14],
    nodes: rep(8, 4),
    reductions: R,
    concat: C6,
  },
  'D-DARTS_threshold_edge_cifar10_0.85_50': { chars: 4926, ops: [28, 28, 28, 26, 26, 28, 28, 10], nodes: rep(8, 4), reductions: R, concat: C6 },
  'D-DARTS_threshold_sparse_abl0.5_fair7_cifar100_0.85_50': {
    chars: 1590,
    ops: [8, 8, 8, 8, 8, 8, 8, 7],
    nodes: rep(8, 4),
    reductions: R,
    concat: C6,
  },
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

test('the 16 published files: stored verbatim (the published bytes = .txt asset = zoo text, sizes as the spec states)', () => {
  assert.equal(DDARTS_PUBLISHED_FILES.length, 16);
  assert.deepEqual(DDARTS_PUBLISHED_FILES.map((f) => f.name).sort(), Object.keys(SPEC).sort());
  for (const { name, text } of DDARTS_PUBLISHED_FILES) {
    const bytes = readFileSync(`${txtDir}${name}.txt`);
    assert.equal(createHash('sha256').update(bytes).digest('hex'), PUBLISHED_SHA256[name], name);
    assert.equal(bytes.toString('utf8'), text, name);
    assert.equal(zooEntry(name).text, text, name);
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
    assert.deepEqual(
      genotype.genes.map((g) => g.length),
      spec.ops,
      `${name} ops per gene`,
    );
    assert.deepEqual(
      genotype.genes.map((g) => dcoCellNodes(g).length),
      spec.nodes,
      `${name} nodes per gene`,
    );
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
  assert.deepEqual(x.genes[12], [
    ['sep_conv_3x3', 2, 0],
    ['sep_conv_3x3', 3, 2],
  ]);
  assert.deepEqual(zooGenotypeOfKind('ResNet50_cifar10_threshold_sparse_0.85', 'nested').concat, [4, 5, 6, 7]);
});

test('the default writer is the namedtuple repr (genes, concat=range, reductions=[..]); kwargs in any order; Genotype_opt', () => {
  const g: NestedGenotype = {
    kind: 'nested',
    genes: [
      [
        ['sep_conv_3x3', 2, 0],
        ['skip_connect', 3, 2],
      ],
      [['max_pool_3x3', 2, 1]],
    ],
    concat: [2, 3, 4, 5],
    reductions: [1],
  };
  const text =
    "Genotype_nested(genes=[[('sep_conv_3x3', 2, 0), ('skip_connect', 3, 2)], [('max_pool_3x3', 2, 1)]], concat=range(2, 6), reductions=[1])";
  assert.equal(formatNestedGenotype(g), text);
  assert.equal(DEFAULT_NESTED_LAYOUT.order.join(), 'genes,concat,reductions');
  assert.equal(formatGenotype(g), text);
  assert.equal(formatGenotype(g, 'nested'), text);
  const swapped =
    "Genotype_nested(reductions=list(range(1, 2)), concat=[2, 3, 4, 5], genes=[[('sep_conv_3x3', 2, 0), ('skip_connect', 3, 2)], [('max_pool_3x3', 2, 1)]])";
  assert.ok(genotypesEqual(parseGenotypeAuto(swapped), g));
  assert.ok(genotypesEqual(parseGenotypeAuto(`Genotype_nested(${text.slice(16, -1).replace(/(genes|concat|reductions)=/g, '')})`), g), 'positional');
  // A Genotype_opt baseline expands its templates over seq (convert_genotype).
  const opt = parseGenotypeAuto(
    "Genotype_opt(genes=[[('sep_conv_3x3', 2, 0)], [('skip_connect', 2, 1)]], seq=[0, 1, 0], concat=range(2, 3), reductions=[1])",
  );
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
  assert.match(
    err("Genotype_nested(genes=[[('sep_conv_3x3', 2, 0)]], concat=range(2, 6), reductions=[1, 1])").message,
    /reductions: lists cell 1 twice/,
  );
  assert.match(err('Genotype_nested(genes=[[]], concat=range(2, 6), reductions=[])').message, /cell 0: has no edges/);
  assert.throws(
    () => parseGenotypeRepr("Genotype_nested(genes=[[('sep_conv_3x3', 2, 0)]], concat=range(2, 6), reductions=[])"),
    /read by parseGenotypeAuto/,
  );
});

test('validation: the one published gene no network can compute (Xception cifar100 edge, cell 12)', () => {
  const g = zooEntry('Xception_cifar100_threshold_edge_0.85').genotype as NestedGenotype;
  const errors = validateGenotype(g).filter((i) => i.severity === 'error');
  // Its first triple targets node 3 from node 2, which never receives an edge (spec Appendix C: 3 nodes).
  assert.deepEqual(
    errors.map((i) => [i.cellIndex, i.cell]),
    [[12, 'reduce']],
  );
  assert.match(errors[0]!.message, /cell 12: node 3 only reads nodes that have no value/);
  assert.ok(zooEntry('Xception_cifar100_threshold_edge_0.85').notes.some((n) => n.startsWith('unusable:')));
  for (const { name } of DDARTS_PUBLISHED_FILES) {
    if (name === 'Xception_cifar100_threshold_edge_0.85') continue;
    assert.deepEqual(
      validateGenotype(zooEntry(name).genotype as NestedGenotype).filter((i) => i.severity === 'error'),
      [],
      name,
    );
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
