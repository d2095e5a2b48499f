// Which images a search trains the weights on and which it validates on: NAS-Bench-201's x-valid half of the
// CIFAR-100 / ImageNet16-120 test sets, its train / valid halves of the CIFAR-10 training set (EvNAS on nb201, spec
// dropnas-evnas-nasbench201.md §4.8 / §5.4) or the halves of the training set; checked image by image on ImageNet16-120
// and CIFAR-10 folders whose pixels carry their own index.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { ImageDataset, MemoryDataset } from '../../src/data/index.js';
import { nb201Cifar10Halves, nb201Cifar10HalfIndices, nb201TestHalf, nb201TestHalfIndices } from '../../src/data/nb201-split.js';
import { resolveSearch } from '../../src/train/command-options.js';
import { searchDatasets } from '../../src/train/search-runner.js';
import { batchPickle, tempDir, write } from '../data/helpers.js';

const cli = (values: Record<string, string>) => ({
  values,
  sources: Object.fromEntries(Object.keys(values).map((k) => [k, { kind: 'cli' as const }])),
});

/** What a search of these values records in config.json, and the images it trains the weights on and validates on. */
async function searchData(values: Record<string, string>) {
  const { config, options } = resolveSearch(cli(values));
  return { config, ...(await searchDatasets(options)) };
}

/** SHA-256 of the comma-joined indices: the numbers computed from the original split files with Python. */
const ORIGINAL = {
  cifar100: {
    size: 10_000,
    xvalid: { sha: '156797fd0d0b32af68c9a5e76c8b320c65c129ad5abeed3d03d87d7dfd124923', first: [1, 3, 4, 5, 8, 10] },
    xtest: { sha: '6dad6139c248a3ed8346c479821e4e410fb1d83026e9dc3a62fbebf8ce9859e1', first: [0, 2, 6, 7, 9, 11] },
  },
  'imagenet16-120': {
    size: 6000,
    xvalid: { sha: '7859ce235eea793f3e17ad52becef181179998a1977f88e1870ee83b6a8769e6', first: [1, 2, 3, 6, 7, 8] },
    xtest: { sha: 'effac827470ee17228cbd31a3d5008976446f6d8d5a19f571fddd60d8972c5a4', first: [0, 4, 5, 10, 11, 13] },
  },
} as const;

test('the x-valid / x-test halves are the split files of NAS-Bench-201 (AutoDL-Projects configs/nas-benchmark)', () => {
  for (const [name, want] of Object.entries(ORIGINAL) as [keyof typeof ORIGINAL, (typeof ORIGINAL)[keyof typeof ORIGINAL]][]) {
    const seen = new Uint8Array(want.size);
    for (const half of ['xvalid', 'xtest'] as const) {
      const idx = nb201TestHalfIndices(name, half);
      assert.equal(idx.length, want.size / 2, `${name} ${half}`);
      assert.deepEqual(Array.from(idx.subarray(0, 6)), want[half].first);
      assert.equal(createHash('sha256').update(Array.from(idx).join(',')).digest('hex'), want[half].sha, `${name} ${half}`);
      for (const i of idx) seen[i]!++;
    }
    assert.ok(
      seen.every((n) => n === 1),
      `${name}: every test image in exactly one half`,
    );
  }
});

/**
 * cifar-split.txt read with Python's json module: the SHA-256 of each half's comma-joined indices, its first and last
 * few, and entries 1000 and 12345.
 */
const CIFAR_SPLIT = {
  train: {
    sha: 'b32573c51d975768a11c0d1540e625040790e2287a603c857413bd78ca68eb94',
    first: [0, 5, 7, 11, 13, 15, 16, 17],
    last: [49990, 49992, 49994],
    at: { 1000: 2016, 12345: 24625 },
  },
  valid: {
    sha: 'fe150dfa5a16fd2cab96300e44d12835a5427d45b6aa3dc7f039b0df1539f5ce',
    first: [1, 2, 3, 4, 6, 8, 9, 10],
    last: [49997, 49998, 49999],
    at: { 1000: 1984, 12345: 24763 },
  },
} as const;

test("the CIFAR-10 train / valid halves are NAS-Bench-201's cifar-split.txt (AutoDL-Projects configs/nas-benchmark)", () => {
  const seen = new Uint8Array(50_000);
  for (const half of ['train', 'valid'] as const) {
    const idx = nb201Cifar10HalfIndices(half);
    const want = CIFAR_SPLIT[half];
    assert.equal(idx.length, 25_000, half);
    assert.deepEqual(Array.from(idx.subarray(0, 8)), want.first, half);
    assert.deepEqual(Array.from(idx.subarray(-3)), want.last, half);
    for (const [k, v] of Object.entries(want.at)) assert.equal(idx[Number(k)], v, `${half}[${k}]`);
    assert.equal(createHash('sha256').update(Array.from(idx).join(',')).digest('hex'), want.sha, half);
    for (const i of idx) seen[i]!++;
  }
  assert.ok(
    seen.every((n) => n === 1),
    'every training image in exactly one half',
  );
});

/** An ImageNet16-120 folder: `train` images in the ten batches, 6,000 test images; pixel 0's R, G = index & 255, index >> 8. */
function imagenet16(root: string, train: number): void {
  const rows = (n: number, offset: number): Uint8Array => {
    const data = new Uint8Array(n * 768);
    for (let i = 0; i < n; i++) {
      data[i * 768] = (offset + i) & 255;
      data[i * 768 + 256] = (offset + i) >> 8;
    }
    return data;
  };
  const per = train / 10;
  for (let b = 0; b < 10; b++)
    write(
      join(root, `train_data_batch_${b + 1}`),
      batchPickle(
        per,
        768,
        rows(per, b * per),
        Array.from({ length: per }, (_, i) => ((b * per + i) % 120) + 1),
      ),
    );
  write(
    join(root, 'val_data'),
    batchPickle(
      6000,
      768,
      rows(6000, 0),
      Array.from({ length: 6000 }, (_, i) => (i % 120) + 1),
    ),
  );
}

/** The index each image of a dataset carries in its first pixel (HWC: its R and G). */
function carried(ds: ImageDataset): number[] {
  const m = ds as MemoryDataset;
  const per = m.channels * m.height * m.width;
  return Array.from({ length: m.length }, (_, i) => m.images[i * per]! + 256 * m.images[i * per + 1]!);
}

/**
 * A CIFAR-10 folder (binary batches) of `train` training images, blank but for pixel 0: R, G = index & 255, index >> 8;
 * label = index % 10. A whole training set is 50,000 images (154 MB): cifar-split.txt indexes all of them.
 */
function cifar10(root: string, train: number): void {
  const record = 1 + 3072;
  const per = train / 5;
  for (let b = 0; b < 5; b++) {
    const bytes = Buffer.alloc(per * record);
    for (let i = 0; i < per; i++) {
      const k = b * per + i;
      bytes[i * record] = k % 10;
      bytes[i * record + 1] = k & 255;
      bytes[i * record + 1 + 1024] = k >> 8;
    }
    writeFileSync(join(root, `data_batch_${b + 1}.bin`), bytes);
  }
  writeFileSync(join(root, 'test_batch.bin'), Buffer.alloc(10 * record));
}

test('evnas on nb201 with imagenet16-120 trains on the whole training set and validates on x-valid (config.json records it)', async (t) => {
  const root = tempDir(t);
  imagenet16(root, 40);
  const base = { method: 'evnas', space: 'nb201', dataset: 'imagenet16-120', data: root, device: 'cpu' };
  const { config, train, val } = await searchData(base);
  assert.equal(config['valid-split'], 'xvalid');
  assert.equal(config['train-portion'], 1);
  assert.deepEqual(
    carried(train),
    Array.from({ length: 40 }, (_, i) => i),
  );
  assert.deepEqual(carried(val), Array.from(nb201TestHalfIndices('imagenet16-120', 'xvalid')));
  assert.equal(createHash('sha256').update(carried(val).join(',')).digest('hex'), ORIGINAL['imagenet16-120'].xvalid.sha);
  // The labels travel with the images.
  assert.deepEqual(Array.from(val.labels.subarray(0, 4)), [1, 2, 3, 6]);

  // --subset keeps the first N of each: the training set's and x-valid's.
  const sub = await searchData({ ...base, subset: '5' });
  assert.deepEqual(carried(sub.train), [0, 1, 2, 3, 4]);
  assert.deepEqual(carried(sub.val), [1, 2, 3, 6, 7]);

  // The other split: the training set's first and second halves, as for CIFAR-10.
  const h = await searchData({ ...base, 'valid-split': 'train' });
  assert.equal(h.config['train-portion'], 0.5);
  assert.deepEqual(
    carried(h.train),
    Array.from({ length: 20 }, (_, i) => i),
  );
  assert.deepEqual(
    carried(h.val),
    Array.from({ length: 20 }, (_, i) => 20 + i),
  );
});

test("evnas on nb201 with cifar10 trains on NAS-Bench-201's train half and validates on its valid half (config.json records it)", async (t) => {
  const root = tempDir(t);
  cifar10(root, 50_000);
  const base = { method: 'evnas', space: 'nb201', dataset: 'cifar10', data: root, device: 'cpu' };
  const { config, train, val } = await searchData(base);
  assert.equal(config['valid-split'], 'cifar10-valid');
  assert.equal(config['train-portion'], 0.5);
  assert.deepEqual(carried(train), Array.from(nb201Cifar10HalfIndices('train')));
  assert.deepEqual(carried(val), Array.from(nb201Cifar10HalfIndices('valid')));
  assert.equal(createHash('sha256').update(carried(train).join(',')).digest('hex'), CIFAR_SPLIT.train.sha);
  assert.equal(createHash('sha256').update(carried(val).join(',')).digest('hex'), CIFAR_SPLIT.valid.sha);
  // The labels travel with the images (label = index % 10).
  assert.deepEqual(Array.from(train.labels.subarray(0, 4)), [0, 5, 7, 1]);
  assert.deepEqual(Array.from(val.labels.subarray(0, 4)), [1, 2, 3, 4]);

  // --subset keeps the first N of each half.
  const sub = await searchData({ ...base, subset: '5' });
  assert.deepEqual(carried(sub.train), [0, 5, 7, 11, 13]);
  assert.deepEqual(carried(sub.val), [1, 2, 3, 4, 6]);
});

test("NB201's splits are the defaults of evnas on nb201 for their datasets only, and are refused elsewhere", () => {
  const split = (v: Record<string, string>) => resolveSearch(cli({ device: 'cpu', ...v })).config['valid-split'];
  assert.equal(split({ method: 'evnas', space: 'nb201', dataset: 'cifar100' }), 'xvalid');
  assert.equal(split({ method: 'evnas', space: 'nb201', dataset: 'imagenet16-120' }), 'xvalid');
  assert.equal(split({ method: 'evnas', space: 'nb201', dataset: 'cifar10' }), 'cifar10-valid');
  assert.equal(split({ method: 'evnas', space: 'nb201', dataset: 'mnist' }), 'train');
  assert.equal(split({ method: 'evnas', space: 'darts', dataset: 'cifar10' }), 'train');
  assert.equal(split({ method: 'darts', space: 'nb201', dataset: 'cifar10' }), 'train');
  assert.equal(split({ method: 'darts', space: 'nb201', dataset: 'cifar10', 'valid-split': 'cifar10-valid' }), 'cifar10-valid');
  assert.equal(split({ method: 'evnas', space: 'darts', dataset: 'cifar100' }), 'train');
  assert.equal(split({ method: 'darts', space: 'nb201', dataset: 'cifar100' }), 'train');
  assert.equal(split({ method: 'darts', space: 'nb201', dataset: 'cifar100', 'valid-split': 'xvalid' }), 'xvalid');
  assert.throws(
    () => resolveSearch(cli({ device: 'cpu', method: 'evnas', space: 'nb201', dataset: 'cifar10', 'valid-split': 'xvalid' })),
    /--valid-split: NAS-Bench-201 splits the test sets of cifar100 and imagenet16-120, not cifar10 \(--valid-split cifar10-valid is its split of the cifar10 training set\)/,
  );
  assert.throws(
    () => resolveSearch(cli({ device: 'cpu', method: 'evnas', space: 'nb201', dataset: 'cifar100', 'valid-split': 'cifar10-valid' })),
    /--valid-split: NAS-Bench-201's cifar-split.txt splits the cifar10 training set, not cifar100's \(--valid-split xvalid is its split of the cifar100 test set\)/,
  );
  assert.throws(
    () => resolveSearch(cli({ device: 'cpu', method: 'evnas', space: 'nb201', dataset: 'cifar10', 'train-portion': '0.8' })),
    /--valid-split cifar10-valid \(the default of evnas --space nb201 on cifar10\) trains the weights on NAS-Bench-201's train half of the training set: --train-portion must be 0.5/,
  );
  assert.equal(
    resolveSearch(cli({ device: 'cpu', method: 'evnas', space: 'nb201', dataset: 'cifar10', 'train-portion': '0.5' })).config['train-portion'],
    0.5,
  );
  assert.equal(
    resolveSearch(cli({ device: 'cpu', method: 'evnas', space: 'nb201', dataset: 'cifar10', 'valid-split': 'train', 'train-portion': '0.8' })).config[
      'train-portion'
    ],
    0.8,
  );
  assert.throws(
    () => resolveSearch(cli({ device: 'cpu', method: 'evnas', space: 'nb201', dataset: 'cifar100', 'train-portion': '0.5' })),
    /--valid-split xvalid \(the default of evnas --space nb201 on cifar100\) trains the weights on the whole training set: --train-portion must be 1/,
  );
});

test('nb201TestHalf takes a whole CIFAR-100 / ImageNet16-120 test set, nb201Cifar10Halves a whole CIFAR-10 training set, and nothing else', () => {
  const ds = (name: string, split: string, length: number): ImageDataset => ({
    kind: 'memory',
    name,
    split,
    numClasses: 100,
    channels: 1,
    height: 1,
    width: 1,
    length,
    labels: new Int32Array(length),
    images: Uint8Array.from({ length }, (_, i) => i & 255),
    mean: [0],
    std: [1],
    source: 'test',
  });
  assert.equal(nb201TestHalf(ds('cifar100', 'test', 10_000), 'xtest').length, 5000);
  assert.throws(() => nb201TestHalf(ds('cifar100', 'train', 10_000), 'xvalid'), /not the cifar100 train set/);
  assert.throws(() => nb201TestHalf(ds('cifar10', 'test', 10_000), 'xvalid'), /not the cifar10 test set/);
  assert.throws(() => nb201TestHalf(ds('cifar100', 'test', 500), 'xvalid'), /has 500 images; NAS-Bench-201's xvalid split is defined on all 10000/);
  assert.deepEqual(
    Object.values(nb201Cifar10Halves(ds('cifar10', 'train', 50_000))).map((h) => h.length),
    [25_000, 25_000],
  );
  assert.throws(() => nb201Cifar10Halves(ds('cifar10', 'test', 10_000)), /splits the cifar10 training set, not the cifar10 test set/);
  assert.throws(() => nb201Cifar10Halves(ds('cifar100', 'train', 50_000)), /not the cifar100 train set/);
  assert.throws(
    () => nb201Cifar10Halves(ds('cifar10', 'train', 49_999)),
    /the cifar10 train set has 49999 images; NAS-Bench-201's cifar10-valid split is defined on all 50000 \(the whole train set, no --subset/,
  );
});
