// The official NAS-Bench-201 / NATS-Bench benchmark files (spec §5.6): test/reference/nb201_official.py writes small
// files in each official layout (torch.save legacy and zip, NATS pickle, NATS -simple folder, bz2) with made-up
// numbers and works out what the official get_more_info / get_cost_info give for them; the reader must give the same
// for every field. Then the Nb201Benchmark interface (which signal an oracle uses), `tsnas nb201 query --benchmark`
// as a child process, and real damaged files.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { constants as bufferConstants } from 'node:buffer';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { saveTorchStateDict } from '../../src/io/index.js';
import {
  defaultEvolveTarget,
  NB201_BENCH_DATASETS,
  NB201_SPACE,
  type Nb201Benchmark,
  type Nb201Metrics,
  openNb201Benchmark,
  queryNb201,
  readNb201Official,
  runNb201Evolution,
  tableBenchmark,
} from '../../src/nas/nb201/index.js';
import { tensor } from '../../src/tensor/index.js';
import { CLI_PATH } from '../helpers/cli.js';
import { pythonSkip, runPythonJson } from '../helpers/python.js';

const skip = pythonSkip();
const root = mkdtempSync(join(tmpdir(), 'tsnas-nb201-official-'));
after(() => rmSync(root, { recursive: true, force: true }));

interface Written {
  archs: string[];
  evaluated: number[];
  /** format → index → hp → dataset → metrics (null where the file has none). */
  expected: Record<string, Record<string, Record<string, Record<string, Nb201Metrics | null>>>>;
}
let written: Written;
before(() => {
  if (!skip) written = runPythonJson<Written>('nb201_official.py', [root]);
});

const INDEX1 = '|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|';
const ALL_NONE = '|none~0|+|none~0|none~1|+|none~0|none~1|none~2|';
const FILES: [format: string, expected: string, name: string][] = [
  ['NAS-Bench-201', 'v1_0', 'NAS-Bench-201-v1_0-mini.pth'],
  ['NAS-Bench-201', 'v1_1', 'NAS-Bench-201-v1_1-mini.pth'],
  ['NAS-Bench-201', 'v1_1', 'NAS-Bench-201-v1_1-mini-zip.pth'],
  ['NATS-Bench tss', 'nats', 'NATS-tss-mini.pickle'],
  ['NATS-Bench tss', 'nats', 'NATS-tss-mini-simple'],
];

describe('official benchmark files', { skip }, () => {
  for (const [format, version, name] of FILES) {
    test(`${name}: every field of every record is what the official API gives`, () => {
      const file = readNb201Official(join(root, name));
      assert.equal(file.format, format);
      assert.deepEqual(file.archs, written.archs);
      assert.deepEqual(file.evaluated(), written.evaluated);
      assert.equal(file.results(3), undefined, 'index 3 is listed but was not evaluated');
      for (const index of written.evaluated) {
        const r = file.results(index)!;
        assert.equal(r.index, index);
        assert.equal(r.arch, written.archs[index]);
        for (const hp of ['12', '200'] as const) {
          for (const dataset of NB201_BENCH_DATASETS) {
            const want = written.expected[version]![index]![hp]![dataset];
            assert.deepEqual(r.results[hp]?.[dataset] ?? null, want, `${name} index ${index} hp ${hp} ${dataset}`);
          }
        }
      }
    });
  }

  test('worked by hand: v1_1 index 1, 200 epochs (two seeds averaged); v1_0 has no times and 12 epochs only on cifar10-valid', () => {
    const v11 = readNb201Official(join(root, 'NAS-Bench-201-v1_1-mini.pth')).results(1)!;
    // seed 777 (si 0) and 888 (si 1) on cifar100 (di 2), epoch 199: train 10 + 5 + 6 + si/2 + 49.75 = 70.75 / 71.25;
    // x-valid 1 lower, x-test 0.75 higher; time 200 × (7.5 + 0.25 + si/8); params 0.125 + 1/8 + 2/64; flop 15.5 + 4 + 0.5.
    assert.deepEqual(v11.results['200']!.cifar100, {
      seeds: [777, 888],
      epochs: 200,
      trainAccuracy: 71,
      trainLoss: 2 - 199 / 256 + 1 / 8 + 0.5 / 16 + 2 / 32,
      validAccuracy: 70,
      validLoss: 2 - 199 / 256 + 1 / 8 + 0.5 / 16 + 2 / 32 + 0.125,
      testAccuracy: 71.75,
      testLoss: 2 - 199 / 256 + 1 / 8 + 0.5 / 16 + 2 / 32 + 0.125,
      trainTime: 1562.5,
      params: 0.28125,
      flops: 20,
      latency: 0.015625,
    });
    // cifar10 (trained on train + valid) has no validation split; its test is ori-test (0.5 higher than train).
    const c10 = v11.results['200']!.cifar10!;
    assert.equal(c10.validAccuracy, undefined);
    assert.equal(c10.testAccuracy, 10 + 5 + 3 + 0.25 + 49.75 + 0.5);
    const v10 = readNb201Official(join(root, 'NAS-Bench-201-v1_0-mini.pth')).results(1)!;
    assert.deepEqual(Object.keys(v10.results['12']!), ['cifar10-valid']);
    assert.equal(v10.results['200']!.cifar100!.trainTime, undefined);
    assert.equal(v10.results['200']!.cifar100!.testAccuracy, 71.75);
  });

  test('Nb201Benchmark: an official file selects on validation (cifar10 from cifar10-valid) and reports test', () => {
    const b = openNb201Benchmark(join(root, 'NATS-tss-mini-simple'));
    assert.equal(b.signal, 'valid');
    assert.deepEqual(b.hps, ['12', '200']);
    assert.equal(b.size, 4);
    assert.deepEqual(b.locate(` "${INDEX1}" `), { index: 1, arch: INDEX1 });
    // cifar10-valid x-valid: 10 + 5 + 0 + mean(0, 0.5) + 49.75 - 1; cifar10 ori-test: 10 + 5 + 3 + 0.25 + 49.75 + 0.5.
    assert.deepEqual(b.evaluate(INDEX1, 'cifar10'), { signal: 64, test: 68.5 });
    assert.deepEqual(b.evaluate(INDEX1, 'cifar100'), { signal: 70, test: 71.75 });
    assert.deepEqual(b.evaluate(INDEX1, 'imagenet16_120'), { signal: 73, test: 74.75 });
    assert.equal(b.metrics(INDEX1, '12').datasets['cifar10-valid']!.seeds.length, 2);
    assert.throws(() => b.evaluate(ALL_NONE, 'cifar10'), /no results for architecture 3 .*not evaluated/);
    assert.throws(() => b.metrics('|skip_connect~0|+|none~0|none~1|+|none~0|none~1|none~2|'), /has no architecture .*4 listed/);
  });

  test('the nb201 space reports nb201_<column>_valid and _test with TSNAS_NB201_BENCHMARK set', () => {
    const saved = process.env.TSNAS_NB201_BENCHMARK;
    process.env.TSNAS_NB201_BENCHMARK = join(root, 'NAS-Bench-201-v1_1-mini.pth');
    try {
      const oneHot = (k: number): number[] => [0, 1, 2, 3, 4].map((i) => (i === k ? 0.6 : 0.1));
      const g = NB201_SPACE.derive(
        { alphas_cell0: [3, 3, 4, 1, 3, 1].map(oneHot) },
        { channels: 16, layers: 5, numClasses: 10, inChannels: 3, steps: 4 },
      );
      assert.equal(g.text, INDEX1);
      assert.deepEqual(g.report, {
        nb201Cifar10Valid: 64,
        nb201Cifar10Test: 68.5,
        nb201Cifar100Valid: 70,
        nb201Cifar100Test: 71.75,
        nb201ImageNet16Valid: 73,
        nb201ImageNet16Test: 74.75,
      });
    } finally {
      if (saved === undefined) delete process.env.TSNAS_NB201_BENCHMARK;
      else process.env.TSNAS_NB201_BENCHMARK = saved;
    }
  });

  test('`tsnas nb201 query --benchmark` (and TSNAS_NB201_BENCHMARK): train / valid / test, time, params, FLOPs', () => {
    const path = join(root, 'NAS-Bench-201-v1_1-mini.pth');
    const r = spawnSync(process.execPath, [CLI_PATH, 'nb201', 'query', INDEX1, '--benchmark', path, '--json'], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const j = JSON.parse(r.stdout) as Record<string, unknown> & { datasets: Record<string, Nb201Metrics> };
    assert.deepEqual(
      { cifar10: j.cifar10, cifar100: j.cifar100, imagenet16_120: j.imagenet16_120, index: j.index, hp: j.hp, signal: j.signal, source: j.source },
      { cifar10: 68.5, cifar100: 71.75, imagenet16_120: 74.75, index: 1, hp: '200', signal: 'valid', source: 'NAS-Bench-201' },
    );
    assert.deepEqual(j.datasets.cifar100, written.expected.v1_1![1]!['200']!.cifar100);
    const text = spawnSync(process.execPath, [CLI_PATH, 'nb201', 'query', INDEX1, '--hp', '12'], {
      encoding: 'utf8',
      env: { ...process.env, TSNAS_NB201_BENCHMARK: path },
    });
    assert.equal(text.status, 0, text.stderr);
    // 12 epochs, cifar10-valid seeds 111 and 777: train 10 + 5 + mean(0, 0.5) + 2.75 = 18, x-valid 17, ori-test 18.5.
    assert.match(text.stdout, /index 1, 12 epochs, NAS-Bench-201/);
    assert.match(text.stdout, /cifar10-valid +18\.00 +17\.00 +18\.50 +\d+ +0\.250 +19\.50 +111,777/);
    assert.match(text.stderr, /NAS-Bench-201-v1_1-mini\.pth/);
    const missing = spawnSync(process.execPath, [CLI_PATH, 'nb201', 'query', ALL_NONE, '--benchmark', path], { encoding: 'utf8' });
    assert.equal(missing.status, 1);
    assert.match(missing.stderr, /no results for architecture 3/);
  });

  test('`tsnas search --space nb201 --benchmark FILE`: each epoch looks the cell up in that file; a damaged one fails before the run', () => {
    const path = join(root, 'NAS-Bench-201-v1_1-mini.pth');
    const search = (...args: string[]) =>
      spawnSync(
        process.execPath,
        [
          CLI_PATH,
          'search',
          '--space',
          'nb201',
          '--dataset',
          'synthetic',
          '--synthetic-size',
          '8',
          '--synthetic-count',
          '32',
          '--init-channels',
          '4',
          '--layers',
          '1',
          '--batch-size',
          '16',
          '--epochs',
          '1',
          '--no-draw',
          '--workers',
          '0',
          ...args,
        ],
        { encoding: 'utf8', env: { ...process.env, TSNAS_THREADS: '1', TSNAS_NB201_BENCHMARK: '' } },
      );
    const out = join(root, 'search-with-benchmark');
    const r = search('--benchmark', path, '--out', out);
    assert.equal(r.status, 0, r.stderr);
    const config = JSON.parse(readFileSync(join(out, 'config.json'), 'utf8')) as { config: { benchmark: string } };
    assert.equal(config.config.benchmark, path);
    const epoch = readFileSync(join(out, 'metrics.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .find((m) => m.type === 'epoch')!;
    // The mini file holds four cells: the one found is either among them (validation and test accuracies) or not
    // evaluated there; either way the answer came from the file, not from the shipped table.
    if ('nb201Cifar10Valid' in epoch) assert.equal(typeof epoch.nb201Cifar10Test, 'number');
    else assert.match(String(epoch.nb201Error), /architecture|not evaluated/);
    const refused = search('--benchmark', path, '--space', 'darts', '--layers', '3', '--out', join(root, 'never-1'));
    assert.equal(refused.status, 1);
    assert.match(refused.stderr, /--benchmark is a NAS-Bench-201 benchmark: it needs --space nb201/);
    const damaged = join(root, 'damaged-benchmark.pth');
    writeFileSync(damaged, readFileSync(path).subarray(0, 200));
    const bad = search('--benchmark', damaged, '--out', join(root, 'never-2'));
    assert.equal(bad.status, 1);
    assert.match(bad.stderr, /damaged-benchmark\.pth/);
    assert.equal(existsSync(join(root, 'never-2')), false);
  });

  describe('damaged and wrong files', () => {
    const query = (path: string): string => {
      const r = spawnSync(process.execPath, [CLI_PATH, 'nb201', 'query', INDEX1, '--benchmark', path], { encoding: 'utf8' });
      assert.equal(r.status, 1, `expected a failure for ${path}:\n${r.stdout}`);
      return r.stderr;
    };
    const cut = (name: string, fraction: number): string => {
      const bytes = readFileSync(join(root, name));
      const out = join(root, `cut-${fraction}-${name}`);
      writeFileSync(out, bytes.subarray(0, Math.floor(bytes.length * fraction)));
      return out;
    };

    test('truncated files: legacy and zip .pth, NATS pickle, a NATS folder with a cut architecture file', () => {
      for (const name of ['NAS-Bench-201-v1_1-mini.pth', 'NAS-Bench-201-v1_1-mini-zip.pth', 'NATS-tss-mini.pickle']) {
        for (const fraction of [0.5, 0.999]) {
          assert.throws(
            () => readNb201Official(cut(name, fraction)),
            /the benchmark file is truncated or corrupt .*download it again/s,
            `${name} cut at ${fraction}`,
          );
        }
      }
      const dir = join(root, 'cut-folder');
      mkdirSync(dir);
      copyFileSync(join(root, 'NATS-tss-mini-simple', 'meta.pickle'), join(dir, 'meta.pickle'));
      const whole = readFileSync(join(root, 'NATS-tss-mini-simple', '000001.pickle'));
      writeFileSync(join(dir, '000001.pickle'), whole.subarray(0, whole.length - 100));
      assert.match(query(dir), /000001\.pickle: the benchmark file is truncated or corrupt/);
    });

    test('not a benchmark: a torch state dict, a text file, meta.pickle or one architecture alone, a folder without meta.pickle', () => {
      const sd = join(root, 'state-dict.pt');
      saveTorchStateDict(sd, { 'stem.weight': tensor([1, 2, 3]) });
      assert.match(query(sd), /not a NAS-Bench-201 \/ NATS-Bench benchmark file: the file has no 'meta_archs'/);
      const txt = join(root, 'notes.txt');
      writeFileSync(txt, 'meta_archs, arch2infos\n');
      assert.match(query(txt), /not a NAS-Bench-201 \/ NATS-Bench benchmark .*pass NAS-Bench-201-v1_1-096897\.pth/);
      const empty = join(root, 'empty.pth');
      writeFileSync(empty, '');
      assert.throws(() => readNb201Official(empty), /not a NAS-Bench-201 \/ NATS-Bench benchmark/);
      assert.match(query(join(root, 'NATS-tss-mini-simple', 'meta.pickle')), /meta\.pickle \(arch2infos is None\): pass the folder/);
      assert.match(query(join(root, 'NATS-tss-mini-simple', '000001.pickle')), /one architecture's file: pass the folder/);
      assert.match(query(tmpdir()), /not a NATS-Bench topology folder \(no meta\.pickle\)/);
      assert.match(query(join(root, 'absent.pth')), /absent\.pth not found/);
    });

    test('too large to read whole: refused before reading, with what to do (sparse files, only the header written)', () => {
      const head = readFileSync(join(root, 'NAS-Bench-201-v1_1-mini.pth')).subarray(0, 64);
      const big = join(root, 'big.pth');
      writeFileSync(big, head);
      truncateSync(big, 100 * 2 ** 20);
      const r = spawnSync(process.execPath, [CLI_PATH, 'nb201', 'query', INDEX1, '--benchmark', big], {
        encoding: 'utf8',
        env: { ...process.env, NODE_OPTIONS: '--max-old-space-size=128' },
      });
      assert.equal(r.status, 1, r.stdout);
      assert.match(
        r.stderr,
        /needs about 0\.4 GiB of JavaScript heap.*NODE_OPTIONS=--max-old-space-size=1024 \(MiB\), or use NATS-Bench's per-architecture folder/,
      );
      // Beyond one Node.js buffer (NAS-Bench-201-v1_1 is 4.7 GB).
      truncateSync(big, bufferConstants.MAX_LENGTH + 2 ** 20);
      assert.throws(() => readNb201Official(big), /GiB is more than Node\.js reads into memory at once .*NATS-tss-v1_0-3ffb9-simple/);
      rmSync(big);
    });

    test('bz2 (as NATS-Bench ships it): the error gives the command, which then makes a folder that reads', () => {
      const packed = join(root, 'NATS-tss-mini-simple-bz2');
      const err = query(packed);
      assert.match(err, /Node\.js has no bz2/);
      assert.match(err, /for f in .*NATS-tss-mini-simple-bz2\/\*\.pbz2; do bzip2 -dc "\$f" > "\$\{f%\.pbz2\}"; done/);
      assert.match(query(join(packed, 'meta.pickle.pbz2')), /bzip2 -dc/);
      const bzip2 = spawnSync('bash', ['-c', err.split('\n').find((l) => l.trim().startsWith('for f in'))!], { encoding: 'utf8' });
      if (bzip2.status !== 0) return; // no bzip2 here: the command itself is what the test checks
      const b = openNb201Benchmark(packed);
      assert.deepEqual(b.metrics(written.archs[0]!).datasets, readNb201Official(join(root, 'NATS-tss-mini-simple')).results(0)!.results['200']);
    });
  });
});

describe('Nb201Benchmark signals', () => {
  test('the shipped table: the signal is test accuracy, 200 epochs only', () => {
    const b = tableBenchmark();
    assert.equal(b.signal, 'test');
    assert.deepEqual(b.hps, ['200']);
    assert.equal(b.size, 15_625);
    const q = queryNb201(INDEX1);
    assert.deepEqual(b.evaluate(INDEX1, 'cifar100'), { signal: q.cifar100, test: q.cifar100 });
    assert.deepEqual(b.metrics(INDEX1).datasets['ImageNet16-120'], { seeds: [], epochs: 200, testAccuracy: q.imagenet16_120 });
    assert.throws(() => b.metrics(INDEX1, '12'), /200-epoch results only.*--benchmark/);
    assert.equal(openNb201Benchmark().signal, process.env.TSNAS_NB201_BENCHMARK ? 'valid' : 'test');
  });

  test('evolution selects on the signal and reports the test accuracy of the cell it selected', () => {
    // A benchmark whose validation ranks cells the opposite way round from the table's test accuracy.
    const table = tableBenchmark();
    const inverted: Nb201Benchmark = {
      ...table,
      signal: 'valid',
      evaluate: (arch, column) => {
        const test = table.evaluate(arch, column).test;
        return { signal: 100 - test, test };
      },
    };
    assert.equal(defaultEvolveTarget('valid'), 91);
    assert.equal(defaultEvolveTarget('test'), 94);
    const r = runNb201Evolution({ strategy: 'regularized', seed: 1, budget: 300, target: 100, benchmark: inverted });
    assert.equal(r.signal, 'valid');
    assert.equal(r.reached, false);
    assert.equal(r.best.accuracy, 100 - r.best.test);
    // Selecting on the inverted signal finds a bad cell: the all-'none'-like cells score 10% on CIFAR-10.
    assert.ok(r.best.test < 20, `best test ${r.best.test}`);
    const t = runNb201Evolution({ strategy: 'regularized', seed: 1, budget: 300, target: 100, benchmark: table });
    assert.equal(t.signal, 'test');
    assert.equal(t.best.accuracy, t.best.test);
    assert.ok(t.best.test > 93);
  });
});
