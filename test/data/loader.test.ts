import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import {
  cutout,
  DataLoader,
  type DataLoaderOptions,
  defaultTransforms,
  FreshBatchSampler,
  horizontalFlip,
  type ImageDataset,
  loadDataset,
  makeSynthetic,
  normalize,
  randomCrop,
  randomResizedCrop,
  splitTrainVal,
} from '../../src/data/index.js';
import { type Plain, plain, take, tempDir, write, writeImage } from './helpers.js';

const ds = makeSynthetic('train', { count: 50, numClasses: 5, height: 8, width: 8, seed: 11 });
const augment = [randomCrop(8, 2), horizontalFlip(), normalize(ds.mean, ds.std), cutout(3)];

async function epochs(d: ImageDataset, opts: DataLoaderOptions, n: number): Promise<Plain[][]> {
  const loader = new DataLoader(d, opts);
  try {
    const out: Plain[][] = [];
    for (let e = 0; e < n; e++) out.push(await take(loader));
    return out;
  } finally {
    await loader.close();
  }
}

test('batches: shapes, int64 labels, each sample once per epoch, reshuffled per epoch, dropLast', async () => {
  const loader = new DataLoader(ds, { batchSize: 16, workers: 0, seed: 1, transforms: augment });
  assert.equal(loader.length, 4);
  assert.deepEqual(loader.sampleShape, [3, 8, 8]);
  const e0: Plain[] = [];
  for await (const b of loader) {
    assert.equal(b.x.dtype, 'float32');
    assert.equal(b.y.dtype, 'int64');
    e0.push(plain(b));
  }
  assert.deepEqual(
    e0.map((b) => b.shape[0]),
    [16, 16, 16, 2],
  );
  assert.deepEqual(e0[0]!.shape, [16, 3, 8, 8]);
  const seen = e0.flatMap((b) => b.indices);
  assert.deepEqual(
    [...seen].sort((a, b) => a - b),
    Array.from({ length: 50 }, (_, i) => i),
  );
  for (const b of e0)
    assert.deepEqual(
      b.y,
      b.indices.map((i) => ds.labels[i]!),
    );
  assert.deepEqual(loader.getState(), { epoch: 1, position: 0 });
  const e1 = await take(loader);
  assert.notDeepEqual(
    e1.flatMap((b) => b.indices),
    seen,
  );

  const ordered = new DataLoader(ds, { batchSize: 16, workers: 0, shuffle: false, dropLast: true });
  assert.equal(ordered.length, 3);
  const o = await take(ordered);
  assert.deepEqual(
    o.flatMap((b) => b.indices),
    Array.from({ length: 48 }, (_, i) => i),
  );
  // No transforms given: the dataset's evaluation pipeline, ToTensor → Normalize.
  const px = ds.images[0]! / 255;
  assert.ok(Math.abs(o[0]!.x[0]! - (px - ds.mean[0]!) / ds.std[0]!) < 1e-5);
  assert.throws(() => new DataLoader(ds, { batchSize: 0 }), /batchSize must be a positive integer/);
});

test('the same seed gives identical batches with 0 and with 2 workers (augmentation included)', async () => {
  const opts = { batchSize: 12, seed: 5, transforms: augment };
  const sync = await epochs(ds, { ...opts, workers: 0 }, 2);
  const pooled = await epochs(ds, { ...opts, workers: 2 }, 2);
  assert.deepEqual(pooled, sync);
  const other = await epochs(ds, { ...opts, workers: 0, seed: 6 }, 1);
  assert.notDeepEqual(other[0], sync[0]);
});

test('resume: { epoch, position } restores the exact continuation; a broken-off loop continues where it stopped', async () => {
  const opts = { batchSize: 8, seed: 3, transforms: augment, workers: 1 };
  const ref = await epochs(ds, { ...opts, workers: 0 }, 2);
  const flat = ref.flat();
  const a = new DataLoader(ds, opts);
  const first = await take(a, 3);
  assert.deepEqual(first, flat.slice(0, 3));
  const state = a.getState();
  assert.deepEqual(state, { epoch: 0, position: 3 });
  await a.close();
  const b = new DataLoader(ds, { ...opts, workers: 0 });
  b.setState(JSON.parse(JSON.stringify(state)) as typeof state);
  const rest = await take(b);
  assert.deepEqual(rest, flat.slice(3, 7));
  assert.deepEqual(await take(b), ref[1]);
  assert.throws(() => b.setState({ epoch: 0, position: 99 }), /position in \[0, 7\]/);
  const c = new DataLoader(ds, { ...opts, workers: 0 });
  c.setState({ epoch: 1, position: 7 }); // the end of epoch 1 = the start of epoch 2
  const e2 = await take(c, 1);
  assert.deepEqual(c.getState(), { epoch: 2, position: 1 });
  assert.notDeepEqual(e2[0], ref[1]![0]);
  // cycle(): endless, across epoch boundaries, in the same order as epoch-by-epoch iteration.
  const d = new DataLoader(ds, { ...opts, workers: 0 });
  const cycled: Plain[] = [];
  for await (const batch of d.cycle()) {
    cycled.push(plain(batch));
    if (cycled.length === 10) break;
  }
  assert.deepEqual(cycled, flat.slice(0, 10));
  assert.deepEqual(d.getState(), { epoch: 1, position: 3 });
});

test('FreshBatchSampler: distinct samples per draw, independent draws, worker-count independent, resumable', async () => {
  const { train, val } = splitTrainVal(ds, 0.5);
  assert.deepEqual([train.length, val.length], [25, 25]);
  const s0 = new FreshBatchSampler(val, { batchSize: 10, seed: 2, transforms: augment, workers: 0 });
  const s2 = new FreshBatchSampler(val, { batchSize: 10, seed: 2, transforms: augment, workers: 2 });
  const a: Plain[] = [],
    b: Plain[] = [];
  for (let i = 0; i < 4; i++) {
    a.push(plain(await s0.nextBatch()));
    b.push(plain(await s2.nextBatch()));
  }
  await s2.close();
  assert.deepEqual(b, a);
  for (const p of a) {
    assert.equal(new Set(p.indices).size, 10);
    assert.ok(p.indices.every((i) => i >= 0 && i < 25));
    assert.deepEqual(
      p.y,
      p.indices.map((i) => val.labels[i]!),
    );
  }
  assert.notDeepEqual(a[0]!.indices, a[1]!.indices);
  assert.deepEqual(s0.getState(), { step: 4 });
  s0.setState({ step: 2 });
  assert.deepEqual(plain(await s0.nextBatch()), a[2]);
  const small = new FreshBatchSampler(makeSynthetic('test', { count: 3, height: 4, width: 4 }), { batchSize: 8, workers: 0 });
  assert.equal((await small.nextBatch()).x.shape[0], 3);
});

test('file datasets decode in workers; a corrupt image rejects the loop with its file name instead of hanging', async (t) => {
  const root = tempDir(t);
  await writeImage(join(root, 'train', 'a', '1.JPEG'), 40, 30, [200, 10, 10]);
  await writeImage(join(root, 'train', 'a', '2.JPEG'), 25, 50, [200, 10, 10], true);
  await writeImage(join(root, 'train', 'b', '3.png'), 32, 32, [10, 10, 200]);
  const imgs = await loadDataset('imagenet', { root });
  const train = new DataLoader(imgs, { batchSize: 3, workers: 1, shuffle: false, transforms: [randomResizedCrop(16), horizontalFlip()] });
  const [batch] = await take(train);
  await train.close();
  assert.deepEqual(batch!.shape, [3, 3, 16, 16]);
  assert.deepEqual(batch!.y, [0, 0, 1]);
  const px = (k: number, c: number): number => batch!.x[k * 768 + c * 256 + 8 * 16 + 8]! * 255;
  assert.ok(px(0, 0) > 180 && px(0, 2) < 40 && px(2, 2) > 180, 'colours survive decoding');
  assert.ok(Math.abs(px(1, 0) - px(1, 1)) < 3, 'a greyscale JPEG becomes 3 equal channels');
  const evalLoader = new DataLoader(imgs, { batchSize: 3, workers: 0, transforms: defaultTransforms(imgs, { train: false }) });
  assert.deepEqual(evalLoader.sampleShape, [3, 224, 224]);
  assert.throws(() => new DataLoader(imgs, { batchSize: 2, transforms: [horizontalFlip()] }), /vary in size/);

  write(join(root, 'train', 'b', '4.JPEG'), 'this is not a JPEG');
  const broken = await loadDataset('imagenet', { root });
  for (const workers of [0, 1]) {
    const loader = new DataLoader(broken, { batchSize: 2, workers, shuffle: false, transforms: [randomResizedCrop(8)] });
    await assert.rejects(take(loader), /4\.JPEG: cannot decode the image/);
    await loader.close();
  }
});

test('idle workers do not keep the process alive, even without close()', () => {
  // The pool alone (no libtorch to load): two workers build batches, the script ends without closing them.
  const dir = fileURLToPath(new URL('.', import.meta.url));
  const pool = join(dir, '../../src/data/pool.js'),
    synth = join(dir, '../../src/data/synthetic.js');
  const script = `
    const { BatchPool } = await import(${JSON.stringify(pool)});
    const { makeSynthetic } = await import(${JSON.stringify(synth)});
    const p = new BatchPool(makeSynthetic('train', { count: 20, height: 4, width: 4 }), [{ kind: 'toTensor' }], [3, 4, 4], 2);
    const xs = await Promise.all([0, 1, 2].map((k) => p.run({ indices: Int32Array.of(k, k + 1), seed: k })));
    console.log('done', xs.map((x) => x.length).join(','));`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 20000 });
  assert.equal(r.signal, null, 'the process had to be killed: a worker kept it alive');
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /done 96,96,96/);
});
