import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import { test } from 'node:test';
import { defaultZooAssetsDir, readZooRecords } from '../../src/nas/genotype/zoo/assets.js';
import { SPECS_DIR } from '../helpers/shared.js';
import {
  ZOO_ALIASES,
  ZOO_MODELS,
  dcoCellNodes,
  formatGenotype,
  formatNb201Arch,
  genotypesEqual,
  hasZooEntry,
  nb201EdgeOps,
  parseGenotypeAuto,
  validateGenotype,
  validateNb201Arch,
  zooEntries,
  zooEntry,
  zooGenotype,
  zooGenotypeOfKind,
  zooNames,
  type AnyGenotype,
  type Genotype,
} from '../../src/nas/genotype/index.js';

// The one published D-DARTS file the reference cannot build either (cell 12 reads node 2, which has no input).
const UNBUILDABLE = new Set(['Xception_cifar100_threshold_edge_0.85']);

test('the zoo holds every published genotype once, by name', () => {
  const names = zooNames();
  assert.equal(names.length, 185);
  assert.equal(new Set(names).size, names.length);
  const expectedFamilies: [RegExp, number][] = [
    [/^(NASNet|AmoebaNet|DARTS_V1|DARTS_V2)$/, 4],
    [/^(ENASNet|GDAS_V1|MdeNAS|PC_DARTS_cifar|PDARTS|SNAS)$/, 6],
    [/^FairDARTS_[a-g]$/, 7],
    [/^DCO_(SPARSE|EDGE)_BS_64$/, 2],
    [/^DARTS_EXP[12]_RE[1-5]$/, 10],
    [/^DARTS_ID2_(FPT_)?[1-7]$/, 14],
    [/^NOISEDARTS_50_[1-3]$/, 3],
    [/^noisy_darts_[a-n](_[1-7])?$/, 112],
    [/^(pt_darts_cifar10|DropNAS_cifar10|DropNAS_cifar100|EvNASA|EvNASB|EvNASC)$/, 6],
    [/^NB201_best_/, 3],
    [/^(D-DARTS|ResNet18|ResNet50|Xception)_/, 16],
    [/^DO-2-ResNet(18|50)$/, 2],
  ];
  for (const [pattern, count] of expectedFamilies) {
    assert.equal(names.filter((n) => pattern.test(n)).length, count, String(pattern));
  }
});

test('every entry parses, validates and carries its source and evaluation cell', () => {
  for (const entry of zooEntries()) {
    assert.ok(entry.source.repo && entry.source.path && /^[0-9a-f]{40}$/.test(entry.source.commit), entry.name);
    if (entry.kind === 'nb201') {
      const arch = zooGenotypeOfKind(entry.name, 'nb201');
      assert.deepEqual(validateNb201Arch(arch), [], entry.name);
      assert.equal(formatNb201Arch(arch), entry.text);
      continue;
    }
    const errors = validateGenotype(entry.genotype as AnyGenotype).filter((i) => i.severity === 'error');
    if (UNBUILDABLE.has(entry.name)) assert.notDeepEqual(errors, [], `${entry.name} is known to be unbuildable`);
    else assert.deepEqual(errors, [], entry.name);
    const expectedCell = /^(FairDARTS_|DCO_)/.test(entry.name)
      ? 'dco'
      : /^DARTS_EXP/.test(entry.name)
        ? 'reweight'
        : /^(D-DARTS|ResNet18|ResNet50|Xception)_|^DO-2-/.test(entry.name)
          ? 'nested'
          : 'darts';
    assert.equal(entry.evalCell, expectedCell, entry.name);
    assert.equal(entry.kind, expectedCell, entry.name);
  }
});

test('spot checks against the spec text, by hand', () => {
  const v2 = zooGenotypeOfKind('DARTS_V2', 'darts');
  assert.deepEqual(v2.normal[0], ['sep_conv_3x3', 0]);
  assert.deepEqual(v2.normal[7], ['dil_conv_3x3', 2]);
  assert.deepEqual(v2.reduce[7], ['max_pool_3x3', 1]);
  assert.deepEqual(zooGenotypeOfKind('DARTS_V1', 'darts').normal[7], ['skip_connect', 2]);

  const nasnet = zooGenotypeOfKind('NASNet', 'darts');
  assert.equal(nasnet.normal.length, 10);
  assert.deepEqual(nasnet.normalConcat, [2, 3, 4, 5, 6]);
  assert.deepEqual(nasnet.reduce[1], ['sep_conv_7x7', 0]);
  assert.deepEqual(nasnet.reduceConcat, [4, 5, 6]);
  const amoeba = zooGenotypeOfKind('AmoebaNet', 'darts');
  assert.deepEqual(amoeba.reduce[8], ['conv_7x1_1x7', 0]);
  assert.deepEqual(amoeba.reduce[9], ['sep_conv_3x3', 5]);
  assert.deepEqual(amoeba.reduceConcat, [3, 4, 6]);

  // ENASNet carries '# 2' comments inside its reduce list.
  assert.deepEqual(zooGenotypeOfKind('ENASNet', 'darts').reduce[7], ['sep_conv_5x5', 4]);
  assert.deepEqual(zooGenotypeOfKind('GDAS_V1', 'darts').normalConcat, [2, 3, 4, 5]);
  assert.deepEqual(zooGenotypeOfKind('PDARTS', 'darts').normal[6], ['sep_conv_3x3', 0]);
  assert.deepEqual(zooGenotypeOfKind('SNAS', 'darts').normal[6], ['skip_connect', 0]);

  const fairA = zooGenotypeOfKind('FairDARTS_a', 'dco');
  assert.deepEqual(fairA.normal, [
    ['sep_conv_3x3', 2, 0],
    ['sep_conv_5x5', 2, 1],
    ['max_pool_3x3', 4, 0],
    ['sep_conv_3x3', 5, 0],
  ]);
  assert.equal(zooGenotypeOfKind('DCO_EDGE_BS_64', 'dco').reduce.length, 28);
  assert.deepEqual(zooGenotypeOfKind('DARTS_EXP1_RE1', 'reweight').normal[0], ['skip_connect', 0, 0.2386]);
  assert.deepEqual(zooGenotypeOfKind('DARTS_EXP2_RE5', 'reweight').reduce[7], ['skip_connect', 4, 0.9]);
  assert.deepEqual(zooGenotypeOfKind('noisy_darts_a', 'darts').reduce[7], ['dil_conv_5x5', 4]);
  assert.deepEqual(zooGenotypeOfKind('noisy_darts_n_7', 'darts').reduce[7], ['skip_connect', 2]);
  assert.deepEqual(zooGenotypeOfKind('DropNAS_cifar10', 'darts').normal[6], ['dil_conv_5x5', 4]);
  assert.deepEqual(zooGenotypeOfKind('EvNASC', 'darts').reduce[7], ['max_pool_3x3', 2]);
  assert.deepEqual(nb201EdgeOps(zooGenotypeOfKind('NB201_best_cifar10', 'nb201')), [
    'nor_conv_3x3',
    'nor_conv_3x3',
    'nor_conv_3x3',
    'skip_connect',
    'nor_conv_3x3',
    'nor_conv_1x1',
  ]);
  assert.equal(zooEntry('pt_darts_cifar10').format, 'nested');
  assert.equal(zooEntry('DropNAS_cifar100').transcribed, true);
  assert.ok(genotypesEqual(zooGenotypeOfKind('noisy_darts_b_3', 'darts'), zooGenotypeOfKind('noisy_darts_b_5', 'darts')));
});

test('DCO cells: FairDARTS a/c/e/g normal cells output nodes {2, 4, 5}; only c and g have ignored edges', () => {
  for (const name of ['FairDARTS_a', 'FairDARTS_c', 'FairDARTS_e', 'FairDARTS_g']) {
    assert.deepEqual(dcoCellNodes(zooGenotypeOfKind(name, 'dco').normal).sort(), [2, 4, 5], name);
  }
  for (const entry of zooEntries().filter((e) => e.kind === 'dco')) {
    assert.equal(dcoCellNodes(zooGenotypeOfKind(entry.name, 'dco').reduce).length, 4, entry.name);
  }
  const warned = zooEntries()
    .filter((e) => e.kind !== 'nb201' && e.kind !== 'nested' && validateGenotype(e.genotype as AnyGenotype).some((i) => i.severity === 'warning'))
    .map((e) => e.name);
  assert.deepEqual(warned, ['FairDARTS_c', 'FairDARTS_g']);
});

test('every genotype round-trips through the repr, nested and JSON writers; flat-list texts are reproduced', () => {
  for (const entry of zooEntries()) {
    if (entry.kind === 'nb201' || UNBUILDABLE.has(entry.name)) continue;
    const genotype = entry.genotype as AnyGenotype;
    const formats = genotype.kind === 'dco' || genotype.kind === 'nested' ? (['repr', 'json'] as const) : (['repr', 'nested', 'json'] as const);
    for (const format of formats) {
      assert.ok(genotypesEqual(parseGenotypeAuto(formatGenotype(genotype, format)), genotype), `${entry.name} via ${format}`);
    }
  }
  for (const name of ['DARTS_V1', 'DARTS_V2', 'EvNASA', 'EvNASB', 'EvNASC']) {
    assert.equal(`${name} = ${formatGenotype(zooGenotype(name) as AnyGenotype)}`, zooEntry(name).text);
  }
  assert.equal(formatGenotype(zooGenotype('pt_darts_cifar10') as AnyGenotype, 'nested'), zooEntry('pt_darts_cifar10').text);
});

test('aliases, unknown names and copies', () => {
  assert.equal(zooEntry('DARTS').name, 'DARTS_V2');
  assert.equal(zooEntry('fairdarts/DARTS').name, 'FairDARTS_a');
  assert.equal(zooEntry('EvNAS_A').name, 'EvNASA');
  assert.ok(hasZooEntry('ENAS') && !hasZooEntry('toString'));
  for (const alias of Object.keys(ZOO_ALIASES)) assert.ok(!zooNames().includes(alias));

  assert.throws(() => zooEntry('DARTS_V3'), /unknown zoo genotype 'DARTS_V3'; close names: .*DARTS_V1.*DARTS_V2/);
  assert.throws(() => zooEntry('FairDARTS'), /close names: FairDARTS_a, FairDARTS_b/);
  assert.throws(() => zooEntry('toString'), /unknown zoo genotype/);
  assert.throws(() => zooGenotypeOfKind('FairDARTS_a', 'darts'), /is a 'dco' genotype, not 'darts'/);

  const copy = zooGenotypeOfKind('DARTS_V2', 'darts');
  copy.normal[0]![0] = 'none';
  assert.deepEqual(zooGenotypeOfKind('DARTS_V2', 'darts').normal[0], ['sep_conv_3x3', 0]);
  assert.throws(() => {
    (zooEntry('DARTS_V2').genotype as Genotype).normal.push(['none', 0]);
  }, TypeError);

  const nasnet = zooEntry('NASNet');
  assert.deepEqual(
    nasnet.alsoIn.map((s) => `${s.repo}/${s.path}`),
    [
      'xiaomi-automl/FairDARTS/fairdarts/genotypes.py',
      'xiaomi-automl/FairDARTS/darts/genotypes.py',
      'xiaomi-automl/NoisyDARTS/genotypes.py',
      'nightstorm0909/EvNAS/genotypes.py',
    ],
  );
  assert.deepEqual(zooEntry('ENASNet').comments, ['https://arxiv.org/pdf/1802.03268.pdf', '627M, 4.02M']);
});

// The zoo text must be a verbatim copy of the spec appendices; checked when the specs are present.
const specsDir = SPECS_DIR;
const specFiles = ['darts-fairdarts-noisydarts.md', 'dropnas-evnas-nasbench201.md', 'ddarts-dartopti.md'].map((f) => join(specsDir, f));
test('zoo texts appear verbatim in the specs', { skip: !specFiles.every((f) => existsSync(f)) && 'specs not found' }, () => {
  const spec = specFiles.map((f) => readFileSync(f, 'utf8')).join('\n');
  for (const entry of zooEntries()) {
    if (entry.transcribed) continue;
    assert.ok(spec.includes(entry.text), `${entry.name} text differs from the spec`);
  }
});

// The zoo data lives in assets/genotypes/: a manifest and the verbatim files it names (see its PROVENANCE.md).
test('the zoo assets: every file is named after its source and listed in the manifest', () => {
  const dir = defaultZooAssetsDir();
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as {
    files: { file: string; repo: string; path: string; transcribed?: boolean }[];
  };
  for (const f of manifest.files) {
    if (!f.transcribed) assert.equal(f.file, `${f.repo.replace('/', '__')}/${f.path}`);
  }
  const listed = new Set(manifest.files.map((f) => f.file));
  const onDisk = readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => statSync(join(dir, f)).isFile())
    .map((f) => f.split(sep).join('/'))
    .filter((f) => !['manifest.json', 'PROVENANCE.md', '.gitattributes'].includes(f));
  assert.deepEqual(onDisk.sort(), [...listed].sort());
  const records = readZooRecords(dir);
  // the models (ZOO_MODELS) are published genotypes under a paper's name, not files of their own
  assert.deepEqual(
    records.map((r) => r.name),
    zooNames().filter((n) => !Object.hasOwn(ZOO_MODELS, n)),
  );
  for (const r of records) assert.ok(r.asset !== undefined && existsSync(r.asset), r.name);
});

test('a missing or damaged zoo asset is reported with its file', (t) => {
  const copy = mkdtempSync(join(tmpdir(), 'tsnas-zoo-assets-'));
  t.after(() => rmSync(copy, { recursive: true, force: true }));
  const fresh = (): string => {
    rmSync(copy, { recursive: true, force: true });
    cpSync(defaultZooAssetsDir(), copy, { recursive: true });
    return copy;
  };
  const excerpt = join(fresh(), 'xiaomi-automl__FairDARTS/fairdarts/genotypes.py');
  assert.equal(readZooRecords(copy).length, zooNames().length - Object.keys(ZOO_MODELS).length);

  rmSync(excerpt);
  assert.throws(
    () => readZooRecords(copy),
    (e: Error) => e.message.includes(excerpt) && /not found/.test(e.message),
  );

  fresh();
  writeFileSync(excerpt, readFileSync(excerpt, 'utf8').replace('\n\n', '\n'));
  assert.throws(
    () => readZooRecords(copy),
    (e: Error) => e.message.includes(excerpt) && /14 blocks for 15 manifest entries/.test(e.message),
  );

  const published = join(fresh(), 'aheuillet__D-DARTS/genotypes/ResNet18_cifar10_threshold_sparse_0.85.txt');
  writeFileSync(published, `${readFileSync(published, 'utf8')}\n`); // still parses, but is no longer the published file
  assert.throws(
    () => readZooRecords(copy),
    (e: Error) => e.message.includes(published) && /SHA-256/.test(e.message),
  );

  const manifest = join(fresh(), 'manifest.json');
  writeFileSync(manifest, readFileSync(manifest, 'utf8').slice(0, 1000));
  assert.throws(
    () => readZooRecords(copy),
    (e: Error) => e.message.includes(manifest) && /not valid JSON/.test(e.message),
  );
  writeFileSync(manifest, readFileSync(join(defaultZooAssetsDir(), 'manifest.json'), 'utf8').replace('"name": "SNAS"', '"name": 7'));
  assert.throws(
    () => readZooRecords(copy),
    (e: Error) => e.message.includes(manifest) && /files\[1\]\.entries\[5\]\.name/.test(e.message),
  );
});
