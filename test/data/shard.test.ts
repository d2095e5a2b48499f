import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import {
  cutout,
  DataLoader,
  type DataLoaderOptions,
  FreshBatchSampler,
  horizontalFlip,
  type ImageDataset,
  type LoaderShardOptions,
  makeSynthetic,
  normalize,
  randomCrop,
  selectSamples,
  shardIndices,
} from '../../src/data/index.js';
import { pythonSkip, torchPython } from '../helpers/python.js';
import { type Plain, plain, take } from './helpers.js';

const synth = (count: number): ImageDataset => makeSynthetic('train', { count, numClasses: 3, height: 6, width: 6, seed: 7 });
const ds10 = synth(10);
const augment = [randomCrop(6, 2), horizontalFlip(), normalize(ds10.mean, ds10.std), cutout(2)];
const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);
const sorted = (a: readonly number[]): number[] => [...a].sort((x, y) => x - y);

/** Every rank's loader over ds, in rank order. */
function ranks(ds: ImageDataset, worldSize: number, opts: DataLoaderOptions, tail?: LoaderShardOptions['tail']): DataLoader[] {
  return range(worldSize).map((rank) => new DataLoader(ds, { workers: 0, ...opts, shard: { rank, worldSize, ...(tail ? { tail } : {}) } }));
}

test('the DistributedSampler rule, worked out by hand: strided, padded from the head, cut, or uneven', async () => {
  const identity = Int32Array.from(range(10));
  const all = (worldSize: number, tail: LoaderShardOptions['tail'], order = identity): number[][] =>
    range(worldSize).map((rank) => Array.from(shardIndices(order, { rank, worldSize, tail: tail ?? 'pad' })));
  // 10 samples over 3 ranks: 12 slots, padded with order[0], order[1]; or cut to 9; or 4 + 3 + 3.
  assert.deepEqual(all(3, 'pad'), [
    [0, 3, 6, 9],
    [1, 4, 7, 0],
    [2, 5, 8, 1],
  ]);
  assert.deepEqual(all(3, 'drop'), [
    [0, 3, 6],
    [1, 4, 7],
    [2, 5, 8],
  ]);
  assert.deepEqual(all(3, 'uneven'), [
    [0, 3, 6, 9],
    [1, 4, 7],
    [2, 5, 8],
  ]);
  // The padding comes from the epoch's (shuffled) order, not from the dataset's.
  assert.deepEqual(all(4, 'pad', Int32Array.of(5, 2, 9, 0, 7, 1, 8, 3, 6, 4)), [
    [5, 7, 6],
    [2, 1, 4],
    [9, 8, 5],
    [0, 3, 2],
  ]);
  // Fewer samples than ranks: the order is repeated as often as the padding needs.
  assert.deepEqual(all(5, 'pad', Int32Array.of(0, 1)), [[0], [1], [0], [1], [0]]);
  assert.deepEqual(all(5, 'drop', Int32Array.of(0, 1)), [[], [], [], [], []]);

  // Through DataLoader, unshuffled: rank 1 of 3 batches its shard [1, 4, 7, 0] by 2.
  const [, r1] = ranks(ds10, 3, { batchSize: 2, shuffle: false });
  assert.equal(r1!.length, 2);
  assert.deepEqual(
    (await take(r1!)).map((b) => b.indices),
    [
      [1, 4],
      [7, 0],
    ],
  );
});

test('shards match torch.utils.data.DistributedSampler(shuffle=False) for 10..13 samples over 2 and 3 ranks', { skip: pythonSkip() }, () => {
  const cases = [10, 11, 12, 13].flatMap((n) => [2, 3].flatMap((w) => [false, true].map((dropLast) => ({ n, w, dropLast }))));
  const script = `
import json, sys
from torch.utils.data import DistributedSampler as D
cases = json.loads(sys.argv[1])
print(json.dumps([[list(D(range(c['n']), c['w'], r, shuffle=False, drop_last=c['dropLast'])) for r in range(c['w'])] for c in cases]))`;
  const r = spawnSync(torchPython(), ['-c', script, JSON.stringify(cases)], { encoding: 'utf8', timeout: 60_000 });
  assert.equal(r.status, 0, r.stderr);
  const torch = JSON.parse(r.stdout) as number[][][];
  cases.forEach(({ n, w, dropLast }, i) => {
    const ours = ranks(synth(n), w, { batchSize: 4, shuffle: false }, dropLast ? 'drop' : 'pad').map((l) => Array.from(l.shardSamples(0)));
    assert.deepEqual(ours, torch[i], `n=${n} worldSize=${w} drop_last=${dropLast}`);
  });
});

test('shuffled epochs over 2 and 3 ranks: same length, strided over one order, every sample, global batches', async () => {
  for (const n of [10, 11, 13])
    for (const w of [2, 3]) {
      const what = `n=${n} worldSize=${w}`;
      const ds = synth(n);
      const opts = { batchSize: 2, seed: 4 };
      // The one-process run: its epoch order, and its batches of the global batch size.
      const single = new DataLoader(ds, { ...opts, workers: 0 });
      const global = new DataLoader(ds, { ...opts, batchSize: 2 * w, workers: 0 });
      const loaders = ranks(ds, w, opts);
      const perRank = Math.ceil(n / w);
      for (const e of [0, 1]) {
        const order = (await take(single)).flatMap((b) => b.indices);
        const globalBatches = (await take(global)).map((b) => b.indices);
        const shards = await Promise.all(loaders.map((l) => take(l)));
        for (const l of loaders) assert.equal(l.length, Math.ceil(perRank / 2), what);
        const padded = [...order, ...order].slice(0, perRank * w);
        shards.forEach((batches, r) => {
          const flat = batches.flatMap((b) => b.indices);
          assert.deepEqual(
            flat,
            range(perRank).map((j) => padded[r + j * w]!),
            `${what} rank ${r} epoch ${e}: strided`,
          );
        });
        const union = shards.flatMap((batches) => batches.flatMap((b) => b.indices));
        assert.deepEqual(sorted(union), sorted([...order, ...order.slice(0, perRank * w - n)]), `${what}: each once, plus the head`);
        assert.ok(perRank * w - n < w);
        // Batch b of all ranks together is batch b of one process with batchSize × worldSize, plus the padding.
        globalBatches.forEach((g, b) => {
          const together = shards.flatMap((batches) => batches[b]?.indices ?? []);
          const last = b === globalBatches.length - 1;
          assert.deepEqual(sorted(together), sorted(last ? [...g, ...order.slice(0, perRank * w - n)] : g), `${what} batch ${b}`);
        });
      }
      assert.ok(loaders.every((l) => l.epoch === 2));
    }
});

test("tail 'drop' leaves out fewer than worldSize samples from the end of the order; 'uneven' sees each exactly once", async () => {
  const ds = synth(13);
  const order = (await take(new DataLoader(ds, { batchSize: 13, seed: 2, workers: 0 })))[0]!.indices;
  const dropped = ranks(ds, 3, { batchSize: 2, seed: 2 }, 'drop');
  assert.deepEqual(
    dropped.map((l) => l.length),
    [2, 2, 2],
  );
  const kept = (await Promise.all(dropped.map((l) => take(l)))).flatMap((bs) => bs.flatMap((b) => b.indices));
  assert.deepEqual(sorted(kept), sorted(order.slice(0, 12)));

  // Evaluation: 13 = 5 + 4 + 4 samples, so rank 0 has one batch more; counts summed over ranks are exact.
  const evaluation = ranks(ds, 3, { batchSize: 2, seed: 2 }, 'uneven');
  assert.deepEqual(
    evaluation.map((l) => l.length),
    [3, 2, 2],
  );
  const seen = (await Promise.all(evaluation.map((l) => take(l)))).flatMap((bs) => bs.flatMap((b) => b.indices));
  assert.deepEqual(sorted(seen), range(13));
  // dropLast still drops this rank's last partial batch: 5 → 2 batches, 4 → 2.
  assert.deepEqual(
    ranks(ds, 3, { batchSize: 2, dropLast: true }, 'uneven').map((l) => l.length),
    [2, 2, 2],
  );
});

test('worldSize 1 gives exactly the batches and augmentation of the loader before sharding existed', async () => {
  // Recorded with the loader of commit 8e68333: indices and Σ x[i]·(i mod 7 + 1) of each batch.
  const pinnedLoader: [number[], number][] = [
    [[2, 9, 4, 6], -1977.517],
    [[3, 7, 1, 0], -1175.164],
    [[5, 8], -619.242],
    [[4, 6, 5, 7], -1694.447],
    [[1, 0, 8, 2], -1387.085],
    [[3, 9], -795.469],
  ];
  const pinnedFresh: [number[], number][] = [
    [[9, 6, 3, 5], -1538.733],
    [[2, 3, 4, 1], -645.383],
    [[5, 7, 8, 4], -1774.189],
  ];
  const fingerprint = (p: Plain): [number[], number] => [p.indices, p.x.reduce((s, v, i) => s + v * ((i % 7) + 1), 0)];
  const near = (got: [number[], number][], want: [number[], number][]): void => {
    assert.deepEqual(
      got.map((g) => g[0]),
      want.map((w) => w[0]),
    );
    got.forEach((g, i) => assert.ok(Math.abs(g[1] - want[i]![1]) < 2e-3, `batch ${i}: ${g[1]} vs ${want[i]![1]}`));
  };
  for (const shard of [undefined, { rank: 0, worldSize: 1 }]) {
    const l = new DataLoader(ds10, { batchSize: 4, seed: 9, workers: 0, transforms: augment, ...(shard ? { shard } : {}) });
    near([...(await take(l)), ...(await take(l))].map(fingerprint), pinnedLoader);
    const f = new FreshBatchSampler(ds10, { batchSize: 4, seed: 9, workers: 0, transforms: augment, ...(shard ? { shard } : {}) });
    const draws: Plain[] = [];
    for (let k = 0; k < 3; k++) draws.push(plain(await f.nextBatch()));
    near(draws.map(fingerprint), pinnedFresh);
  }
});

test('ranks augment differently: the same image at the same batch position gets other crops on another rank', async () => {
  // Ten copies of one image: the batches' pixels differ only by their augmentation.
  const same = selectSamples(ds10, new Array<number>(10).fill(0));
  const opts = { batchSize: 2, seed: 3, transforms: augment };
  const [a, b] = await Promise.all(ranks(same, 2, opts).map((l) => take(l)));
  const again = await take(ranks(same, 2, opts)[1]!);
  assert.deepEqual(again, b, 'a rank repeats its own augmentation');
  a!.forEach((batch, i) => assert.notDeepEqual(batch.x, b![i]!.x, `batch ${i}`));
  const draws = await Promise.all(
    [0, 1].map((rank) => new FreshBatchSampler(same, { ...opts, workers: 0, shard: { rank, worldSize: 2 } }).nextBatch().then(plain)),
  );
  assert.notDeepEqual(draws[0]!.x, draws[1]!.x);
});

test('FreshBatchSampler: the ranks together draw what one process drawing batchSize × worldSize would', async () => {
  const ds = synth(13);
  for (const w of [2, 3]) {
    const single = new FreshBatchSampler(ds, { batchSize: 3 * w, seed: 5, workers: 0 });
    const samplers = range(w).map((rank) => new FreshBatchSampler(ds, { batchSize: 3, seed: 5, workers: 0, shard: { rank, worldSize: w } }));
    for (let k = 0; k < 3; k++) {
      const whole = Array.from(single.drawIndices(k));
      const parts = samplers.map((s) => Array.from(s.drawIndices(k)));
      assert.ok(parts.every((p) => p.length === 3));
      assert.deepEqual(sorted(parts.flat()), sorted(whole), `worldSize ${w} draw ${k}`);
      parts.forEach((p, r) =>
        assert.deepEqual(
          p,
          whole.filter((_, i) => i % w === r),
        ),
      );
    }
  }
  // 5 samples, batch 4 per rank over 2 ranks: each rank gets ⌊5 / 2⌋ = 2, the first 4 of the one-process draw.
  const small = synth(5);
  const whole = Array.from(new FreshBatchSampler(small, { batchSize: 8, seed: 1, workers: 0 }).drawIndices(0));
  assert.equal(whole.length, 5);
  const parts = [0, 1].map((rank) =>
    Array.from(new FreshBatchSampler(small, { batchSize: 4, seed: 1, workers: 0, shard: { rank, worldSize: 2 } }).drawIndices(0)),
  );
  assert.deepEqual(parts, [
    [whole[0], whole[2]],
    [whole[1], whole[3]],
  ]);
});

test('resume per rank: { epoch, position } and { step } continue the rank exactly', async () => {
  const opts = { batchSize: 2, seed: 6, transforms: augment };
  const ref = ranks(ds10, 3, opts)[2]!;
  const flat = [...(await take(ref)), ...(await take(ref))];
  assert.equal(ref.length, 2);
  const a = ranks(ds10, 3, opts)[2]!;
  assert.deepEqual(await take(a, 1), flat.slice(0, 1));
  const b = ranks(ds10, 3, opts)[2]!;
  b.setState(JSON.parse(JSON.stringify(a.getState())) as ReturnType<DataLoader['getState']>);
  assert.deepEqual([...(await take(b)), ...(await take(b))], flat.slice(1));
  assert.throws(() => b.setState({ epoch: 0, position: 3 }), /position in \[0, 2\]/);

  const sampler = (): FreshBatchSampler => new FreshBatchSampler(ds10, { ...opts, workers: 0, shard: { rank: 1, worldSize: 2 } });
  const s = sampler();
  const draws: Plain[] = [];
  for (let k = 0; k < 3; k++) draws.push(plain(await s.nextBatch()));
  const t = sampler();
  t.setState({ step: 2 });
  assert.deepEqual(plain(await t.nextBatch()), draws[2]);
});

test('shard options are checked with errors that name the option', () => {
  const loader = (shard: LoaderShardOptions): DataLoader => new DataLoader(ds10, { batchSize: 2, workers: 0, shard });
  assert.throws(() => loader({ rank: 0, worldSize: 0 }), /DataLoader: shard\.worldSize must be a positive integer .*got 0/);
  assert.throws(() => loader({ rank: 0, worldSize: 1.5 }), /shard\.worldSize must be a positive integer/);
  assert.throws(() => loader({ rank: 2, worldSize: 2 }), /shard\.rank must be an integer in \[0, 1\] .*got 2/);
  assert.throws(() => loader({ rank: -1, worldSize: 2 }), /shard\.rank must be an integer in \[0, 1\]/);
  assert.throws(() => loader({ rank: 0, worldSize: 2, tail: 'bogus' as 'pad' }), /shard\.tail must be one of pad, drop, uneven, got "bogus"/);
  assert.throws(
    () => new FreshBatchSampler(synth(2), { batchSize: 1, workers: 0, shard: { rank: 0, worldSize: 3 } }),
    /FreshBatchSampler: .* has 2 samples, fewer than shard\.worldSize 3/,
  );
  assert.throws(() => new FreshBatchSampler(ds10, { batchSize: 1, workers: 0, shard: { rank: 3, worldSize: 3 } }), /FreshBatchSampler: shard\.rank/);
});
