import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { gunzipSync } from 'node:zlib';
// Module paths rather than src/data/index.js: nothing here needs the tensor layer (and libtorch's load time).
import { FASHION_MNIST_STATS } from '../../src/data/constants.js';
import type { ImageDataset, MemoryDataset } from '../../src/data/dataset.js';
import { loadDataset } from '../../src/data/load.js';
import { splitTrainVal, subsetDataset } from '../../src/data/split.js';
import { channelStats, makeSynthetic } from '../../src/data/synthetic.js';
import { batchPickle, cifarPixel, cifarRecords, gz, idxImages, idxLabels, PY_IMAGENET16_FIXTURES, tempDir, write, writeImage } from './helpers.js';

function mem(ds: ImageDataset): MemoryDataset {
  assert.equal(ds.kind, 'memory');
  return ds as MemoryDataset;
}

/** Writes a CIFAR-10 binary folder with 2 images per train batch and 3 test images; returns its parent. */
function writeCifar10(root: string): string {
  const dir = join(root, 'cifar-10-batches-bin');
  for (let b = 1; b <= 5; b++) write(join(dir, `data_batch_${b}.bin`), cifarRecords([[b % 10], [(b + 5) % 10]], 2 * (b - 1)));
  write(join(dir, 'test_batch.bin'), cifarRecords([[9], [0], [3]]));
  write(join(dir, 'batches.meta.txt'), 'airplane\nautomobile\nbird\ncat\ndeer\ndog\nfrog\nhorse\nship\ntruck\n\n');
  return root;
}

test('CIFAR-10 binary: records become HWC images with their labels, from the folder or its parent', async (t) => {
  const root = writeCifar10(tempDir(t));
  for (const r of [root, join(root, 'cifar-10-batches-bin')]) {
    const ds = mem(await loadDataset('cifar10', { root: r }));
    assert.equal(ds.length, 10);
    assert.deepEqual([ds.channels, ds.height, ds.width, ds.numClasses], [3, 32, 32, 10]);
    assert.deepEqual(Array.from(ds.labels), [1, 6, 2, 7, 3, 8, 4, 9, 5, 0]);
    assert.ok(ds.images.buffer instanceof SharedArrayBuffer);
    for (const [k, p] of [
      [0, 0],
      [3, 17],
      [9, 1023],
    ] as const) {
      const o = (k * 1024 + p) * 3;
      assert.deepEqual(Array.from(ds.images.subarray(o, o + 3)), cifarPixel(k, p));
    }
    assert.equal(ds.classNames?.[9], 'truck');
  }
  const test_ = mem(await loadDataset('cifar10', { root, split: 'test' }));
  assert.deepEqual(Array.from(test_.labels), [9, 0, 3]);
  assert.deepEqual(test_.mean, [0.49139968, 0.48215827, 0.44653124]);
});

test('CIFAR-10 errors name the file and the expected layout', async (t) => {
  const root = writeCifar10(tempDir(t));
  const dir = join(root, 'cifar-10-batches-bin');
  await assert.rejects(loadDataset('cifar10', { root: join(root, 'nope') }), /nope: folder not found.*\n.*Expected .*cifar-10-batches-bin/s);
  await assert.rejects(loadDataset('cifar10', { root: join(root, '..') }), /no CIFAR-10 files here/);
  write(join(dir, 'test_batch.bin'), new Uint8Array(3072));
  await assert.rejects(
    loadDataset('cifar10', { root, split: 'test' }),
    /test_batch\.bin: 3072 bytes is not a whole number of 3073-byte records: truncated or corrupt.*\n.*Expected .*1 label byte \+ 3072 image bytes/s,
  );
  write(join(dir, 'data_batch_2.bin'), cifarRecords([[10]]));
  await assert.rejects(loadDataset('cifar10', { root }), /data_batch_2\.bin: label 10 of sample 0 is out of range \[0, 10\)/);
  write(join(dir, 'data_batch_2.bin'), cifarRecords([[1]]));
  const { rmSync } = await import('node:fs');
  rmSync(join(dir, 'data_batch_3.bin'));
  await assert.rejects(loadDataset('cifar10', { root }), /data_batch_3\.bin: file not found/);
});

test('CIFAR-100 binary uses the fine label and checks the coarse one', async (t) => {
  const root = tempDir(t);
  const dir = join(root, 'cifar-100-binary');
  write(
    join(dir, 'train.bin'),
    cifarRecords([
      [3, 42],
      [19, 99],
    ]),
  );
  write(join(dir, 'test.bin'), cifarRecords([[0, 7]]));
  const ds = mem(await loadDataset('cifar100', { root }));
  assert.deepEqual([ds.numClasses, ds.length, ...ds.labels], [100, 2, 42, 99]);
  assert.deepEqual(Array.from(ds.images.subarray(3 * 1024 + 3, 3 * 1024 + 6)), cifarPixel(1, 1));
  write(join(dir, 'test.bin'), cifarRecords([[20, 7]]));
  await assert.rejects(loadDataset('cifar100', { root, split: 'test' }), /test\.bin: coarse label 20 of record 0 is out of range \[0, 20\)/);
  write(join(dir, 'test.bin'), cifarRecords([[2, 100]]));
  await assert.rejects(loadDataset('cifar100', { root, split: 'test' }), /test\.bin: label 100 .*out of range \[0, 100\)/);
});

test('CIFAR-10 python version (pickled batches) reads the same images', async (t) => {
  const root = tempDir(t);
  const chw = (k: number): Uint8Array => cifarRecords([[0]], k).subarray(1);
  for (let b = 1; b <= 5; b++) write(join(root, 'cifar-10-batches-py', `data_batch_${b}`), batchPickle(1, 3072, chw(b - 1), [b]));
  const data = new Uint8Array(2 * 3072);
  data.set(chw(0), 0);
  data.set(chw(1), 3072);
  write(join(root, 'cifar-10-batches-py', 'test_batch'), batchPickle(2, 3072, data, [4, 2]));
  const ds = mem(await loadDataset('cifar10', { root }));
  assert.deepEqual(Array.from(ds.labels), [1, 2, 3, 4, 5]);
  assert.deepEqual(Array.from(ds.images.subarray((2 * 1024 + 5) * 3, (2 * 1024 + 5) * 3 + 3)), cifarPixel(2, 5));
  const te = mem(await loadDataset('cifar10', { root, split: 'test' }));
  assert.deepEqual(Array.from(te.labels), [4, 2]);
  write(join(root, 'cifar-10-batches-py', 'test_batch'), batchPickle(2, 3000, data.subarray(0, 6000), [4, 2]));
  await assert.rejects(loadDataset('cifar10', { root, split: 'test' }), /test_batch: no 'data' entry holding a uint8 array of shape \(N, 3072\)/);
});

test('IDX (MNIST-style): gzipped or raw, magic numbers, sizes and labels are checked', async (t) => {
  const root = tempDir(t);
  const px = (k: number, p: number): number => (k * 20 + p) % 256;
  write(join(root, 'train-images-idx3-ubyte.gz'), gz(idxImages(3, 4, 5, px)));
  write(join(root, 'train-labels-idx1-ubyte.gz'), gz(idxLabels([7, 0, 9])));
  write(join(root, 't10k-images-idx3-ubyte'), idxImages(2, 4, 5, px));
  write(join(root, 't10k-labels-idx1-ubyte'), idxLabels([1, 2]));
  const ds = mem(await loadDataset('fashion-mnist', { root }));
  assert.deepEqual([ds.length, ds.channels, ds.height, ds.width], [3, 1, 4, 5]);
  assert.deepEqual(Array.from(ds.labels), [7, 0, 9]);
  assert.equal(ds.images[2 * 20 + 7], px(2, 7));
  assert.equal(ds.classNames?.[9], 'Ankle boot');
  const te = mem(await loadDataset('mnist', { root, split: 'test' }));
  assert.deepEqual([te.length, ...te.labels, te.mean[0]], [2, 1, 2, 0.1307]);

  const imgs = join(root, 't10k-images-idx3-ubyte'),
    lbls = join(root, 't10k-labels-idx1-ubyte');
  write(imgs, idxImages(2, 4, 5, px, 2049));
  await assert.rejects(
    loadDataset('mnist', { root, split: 'test' }),
    /t10k-images-idx3-ubyte: bad magic number 2049 \(an image file has 2051; this looks like a label file\).*\n.*Expected an MNIST-style IDX folder/s,
  );
  write(imgs, idxImages(2, 4, 5, px).subarray(0, 50));
  await assert.rejects(
    loadDataset('mnist', { root, split: 'test' }),
    /t10k-images-idx3-ubyte: 50 bytes, but the header \(2 images of 4x5\) needs exactly 56: truncated or corrupt/,
  );
  write(imgs, idxImages(2, 4, 5, px));
  write(lbls, idxLabels([1, 10]));
  await assert.rejects(loadDataset('mnist', { root, split: 'test' }), /t10k-labels-idx1-ubyte: label 10 of sample 1 is out of range \[0, 10\)/);
  write(lbls, idxLabels([1, 2, 3]));
  await assert.rejects(loadDataset('mnist', { root, split: 'test' }), /t10k-labels-idx1-ubyte: 3 labels but .*t10k-images-idx3-ubyte holds 2 images/);
  write(join(root, 'train-labels-idx1-ubyte.gz'), Uint8Array.from([0x1f, 0x8b, 8, 0, 1, 2, 3, 4, 5, 6]));
  await assert.rejects(loadDataset('fashion-mnist', { root }), /train-labels-idx1-ubyte\.gz: corrupt gzip data/);
  await assert.rejects(loadDataset('fashion-mnist', { root: join(root, 'missing') }), /missing: folder not found/);
  await assert.rejects(loadDataset('fashion-mnist', { root: tempDir(t) }), /no train-images-idx3-ubyte\[\.gz\] in this folder/);
});

test('the installed Fashion-MNIST: 60000/10000 images of 28x28, labels 0..9, and the documented mean/std', async () => {
  const root = '/usr/share/datasets/fashion-mnist';
  if (!existsSync(root)) return;
  const train = mem(await loadDataset('fashion-mnist'));
  const te = mem(await loadDataset('fashion-mnist', { split: 'test' }));
  assert.deepEqual([train.length, te.length], [60000, 10000]);
  assert.deepEqual([train.height, train.width, train.channels], [28, 28, 1]);
  for (const ds of [train, te]) assert.deepEqual([Math.min(...ds.labels), Math.max(...ds.labels)], [0, 9]);
  const stats = channelStats(train.images, 1);
  assert.ok(Math.abs(stats.mean[0]! - FASHION_MNIST_STATS.mean[0]!) < 1e-6, `mean ${stats.mean[0]}`);
  assert.ok(Math.abs(stats.std[0]! - FASHION_MNIST_STATS.std[0]!) < 1e-6, `std ${stats.std[0]}`);
  assert.ok(Math.abs(stats.mean[0]! - 0.286) < 1e-4 && Math.abs(stats.std[0]! - 0.353) < 1e-4);
});

test('ImageNet16-120: pickles written by Python (protocols 2 and 5) keep labels 1..120 as label − 1, HWC', async (t) => {
  for (const proto of [2, 5] as const) {
    const root = tempDir(t);
    write(join(root, 'ImageNet16', 'val_data'), gunzipSync(Buffer.from(PY_IMAGENET16_FIXTURES[proto], 'base64')));
    const ds = mem(await loadDataset('imagenet16-120', { root, split: 'test' }));
    assert.deepEqual([ds.length, ds.numClasses, ds.height, ds.channels, ...ds.labels], [2, 120, 16, 3, 4, 119]);
    // Row i, channel c, pixel p held (7i + 256c + p) % 256; the kept rows are 0 and 2.
    for (const [k, row] of [
      [0, 0],
      [1, 2],
    ] as const)
      for (const p of [0, 100, 255]) for (let c = 0; c < 3; c++) assert.equal(ds.images[(k * 256 + p) * 3 + c], (7 * row + p) % 256);
  }
});

test('ImageNet16-120: the ten train batches (Python 2 style pickles), and malformed files', async (t) => {
  const root = tempDir(t);
  const rows = new Uint8Array(2 * 768).map((_, i) => i % 251);
  for (let b = 1; b <= 10; b++) write(join(root, `train_data_batch_${b}`), batchPickle(2, 768, rows, [b, 500 + b]));
  const ds = mem(await loadDataset('imagenet16-120', { root }));
  assert.deepEqual(Array.from(ds.labels), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  assert.equal(ds.images[3 * 5 + 1], rows[256 + 5]);
  const val = join(root, 'val_data');
  write(val, batchPickle(2, 768, rows, [1, 0]));
  await assert.rejects(
    loadDataset('imagenet16-120', { root, split: 'test' }),
    /val_data: label 0 of sample 1 is out of range 1\.\.1000.*\n.*Expected .*ImageNet16/s,
  );
  write(val, batchPickle(2, 700, rows.subarray(0, 1400), [1, 2]));
  await assert.rejects(
    loadDataset('imagenet16-120', { root, split: 'test' }),
    /val_data: 'data' is a u1 array of shape \(2, 700\).*not uint8 \(N, 768\)/,
  );
  write(val, batchPickle(2, 768, rows, [1, 2], 'targets'));
  await assert.rejects(loadDataset('imagenet16-120', { root, split: 'test' }), /val_data: no 'labels' entry/);
  write(val, batchPickle(2, 768, rows, [1, 2]).subarray(0, 900));
  await assert.rejects(loadDataset('imagenet16-120', { root, split: 'test' }), /val_data: not a readable pickle: truncated/);
  write(val, Uint8Array.from([0x80, 2, 0x63, ...Buffer.from('os\nsystem\n'), 0x2e]));
  await assert.rejects(
    loadDataset('imagenet16-120', { root, split: 'test' }),
    /val_data: not a readable pickle: it holds a Python object of type os\.system/,
  );
  writeFileSync(val, 'not a pickle at all');
  await assert.rejects(loadDataset('imagenet16-120', { root, split: 'test' }), /val_data: not a readable pickle/);
});

test('ImageNet folders: sorted class folders, sorted files (sub-folders walked), layout errors', async (t) => {
  const root = tempDir(t);
  await writeImage(join(root, 'train', 'n02', 'c.JPEG'), 30, 50, [0, 0, 255]);
  await writeImage(join(root, 'train', 'n01', 'b.jpg'), 40, 30, [255, 0, 0]);
  await writeImage(join(root, 'train', 'n01', 'a.JPEG'), 40, 30, [255, 0, 0]);
  await writeImage(join(root, 'train', 'n02', 'sub', 'd.png'), 20, 20, [0, 0, 255]);
  write(join(root, 'train', 'n02', 'notes.txt'), 'ignored');
  const ds = await loadDataset('imagenet', { root });
  assert.equal(ds.kind, 'files');
  if (ds.kind !== 'files') return;
  assert.deepEqual(ds.classNames, ['n01', 'n02']);
  assert.deepEqual(
    ds.files.map((f) => f.slice(root.length + 1)),
    ['train/n01/a.JPEG', 'train/n01/b.jpg', 'train/n02/c.JPEG', 'train/n02/sub/d.png'],
  );
  assert.deepEqual(Array.from(ds.labels), [0, 0, 1, 1]);
  await assert.rejects(
    loadDataset('imagenet', { root, split: 'test' }),
    /val: folder not found \(the test split of ImageNet lives in val\/\).*\n.*Expected .*train\/<class>\/\*\.JPEG/s,
  );
  write(join(root, 'val', 'n01', 'readme.txt'), 'x');
  await assert.rejects(loadDataset('imagenet', { root, split: 'test' }), /val\/n01: class folder holds no image files/);
  const empty = tempDir(t);
  write(join(empty, 'val', 'x.JPEG'), 'x');
  await assert.rejects(loadDataset('imagenet', { root: empty, split: 'test' }), /val: holds no class folders/);
});

test('synthetic: deterministic from the seed, labels in range, train and test differ', async () => {
  const a = mem(await loadDataset('synthetic', { synthetic: { count: 40, numClasses: 4, height: 8, width: 8, seed: 3 } }));
  const b = makeSynthetic('train', { count: 40, numClasses: 4, height: 8, width: 8, seed: 3 });
  const c = makeSynthetic('train', { count: 40, numClasses: 4, height: 8, width: 8, seed: 4 });
  const te = makeSynthetic('test', { count: 40, numClasses: 4, height: 8, width: 8, seed: 3 });
  assert.deepEqual([a.length, a.channels, a.height, a.numClasses], [40, 3, 8, 4]);
  assert.deepEqual(a.images, b.images);
  assert.deepEqual(a.labels, b.labels);
  assert.notDeepEqual(a.images, c.images);
  assert.notDeepEqual(a.images, te.images);
  assert.ok(a.labels.every((l) => l >= 0 && l < 4));
  assert.equal(new Set(a.labels).size, 4);
  assert.throws(() => makeSynthetic('train', { count: 0 }), /count must be an integer/);
  // The class signal is there: nearest class mean (on the training images themselves) beats chance by far.
  const px = 8 * 8 * 3;
  const means = Array.from({ length: 4 }, () => new Float64Array(px));
  const counts = [0, 0, 0, 0];
  a.labels.forEach((l, i) => {
    counts[l]!++;
    for (let p = 0; p < px; p++) means[l]![p] += a.images[i * px + p]!;
  });
  let right = 0;
  te.labels.forEach((l, i) => {
    const d = means.map((m, k) => m.reduce((s, v, p) => s + (v / counts[k]! - te.images[i * px + p]!) ** 2, 0));
    if (d.indexOf(Math.min(...d)) === l) right++;
  });
  assert.ok(right / te.length > 0.6, `nearest-mean accuracy ${right / te.length}`);
});

test('subset and the DARTS train/val split: first N shares storage, random N is seeded, split keeps file order', async (t) => {
  const ds = makeSynthetic('train', { count: 10, height: 2, width: 2, seed: 1 });
  const first = mem(subsetDataset(ds, 4));
  assert.equal(first.images.buffer, ds.images.buffer);
  assert.deepEqual(Array.from(first.labels), Array.from(ds.labels.subarray(0, 4)));
  const r1 = mem(subsetDataset(ds, 5, { seed: 9 })),
    r2 = mem(subsetDataset(ds, 5, { seed: 9 }));
  assert.deepEqual(r1.images, r2.images);
  assert.notDeepEqual(r1.images, first.images.subarray(0, 5 * 12));
  assert.equal(subsetDataset(ds, 100), ds);
  const viaLoad = await loadDataset('synthetic', { subset: { count: 5, seed: 9 }, synthetic: { count: 10, height: 2, width: 2, seed: 1 } });
  assert.deepEqual(mem(viaLoad).images, r1.images);

  const { train, val } = splitTrainVal(ds, 0.5);
  assert.deepEqual([train.length, val.length], [5, 5]);
  assert.deepEqual(Array.from(mem(train).images), Array.from(ds.images.subarray(0, 5 * 12)));
  assert.deepEqual(Array.from(mem(val).images), Array.from(ds.images.subarray(5 * 12)));
  assert.equal(mem(val).images.buffer, ds.images.buffer);
  assert.equal(val.split, 'train[5:10]');
  assert.equal(splitTrainVal(ds, 0.75).train.length, 7);
  assert.throws(() => splitTrainVal(ds, 1), /trainPortion must be in \(0, 1\)/);
  void t;
});
