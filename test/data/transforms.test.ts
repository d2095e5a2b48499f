import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CIFAR10_STATS } from '../../src/data/constants.js';
import { Rng } from '../../src/data/rng.js';
import {
  applyTransforms,
  centerCrop,
  centerCropImage,
  colorJitter,
  cutout,
  cutoutInPlace,
  horizontalFlip,
  normalize,
  normalizePipeline,
  outputShape,
  randomCrop,
  randomResizedCrop,
  randomResizedCropBox,
  resize,
  resizeBilinear,
  resizedSize,
  roundHalfEven,
  toFloatCHW,
  toTensor,
  type U8Image,
} from '../../src/data/transforms.js';

/** An Rng whose draws are scripted: int() and random() return the queued values in order. */
function scripted(ints: number[], randoms: number[] = []): Rng {
  const r = new Rng(0);
  r.int = (n: number): number => {
    const v = ints.shift()!;
    assert.ok(v < n, `scripted int ${v} ≥ ${n}`);
    return v;
  };
  r.random = (): number => randoms.shift()!;
  return r;
}

const gray = (h: number, w: number, values: number[]): U8Image => ({ data: Uint8Array.from(values), height: h, width: w, channels: 1 });
const rows = (f: { data: Float32Array; height: number; width: number }, c = 0): number[][] =>
  Array.from({ length: f.height }, (_, y) => Array.from(f.data.subarray((c * f.height + y) * f.width, (c * f.height + y + 1) * f.width)));

test('randomCrop with zero padding picks i, j in [0, H + 2p − size] (as torchvision) and fills outside with 0', () => {
  const img = gray(3, 3, [1, 2, 3, 4, 5, 6, 7, 8, 9]);
  const out = applyTransforms(img, normalizePipeline([randomCrop(3, 1)]), scripted([0, 2]));
  // Window rows −1..1, columns 1..3 of the original.
  assert.deepEqual(
    rows(out).map((r) => r.map((v) => Math.round(v * 255))),
    [
      [0, 0, 0],
      [2, 3, 0],
      [5, 6, 0],
    ],
  );
  const same = applyTransforms(img, normalizePipeline([randomCrop(3, 1)]), scripted([1, 1]));
  assert.deepEqual(
    rows(same).map((r) => r.map((v) => Math.round(v * 255))),
    [
      [1, 2, 3],
      [4, 5, 6],
      [7, 8, 9],
    ],
  );
  assert.throws(() => applyTransforms(img, normalizePipeline([randomCrop(6, 1)]), new Rng(1)), /too small/);
});

test('horizontal flip mirrors columns (channels stay in order) when random() < p', () => {
  const img: U8Image = { data: Uint8Array.from([1, 10, 2, 20, 3, 30, 4, 40, 5, 50, 6, 60]), height: 2, width: 3, channels: 2 };
  const flipped = applyTransforms(img, normalizePipeline([horizontalFlip(0.5)]), scripted([], [0.49]));
  assert.deepEqual(
    rows(flipped, 0).map((r) => r.map((v) => Math.round(v * 255))),
    [
      [3, 2, 1],
      [6, 5, 4],
    ],
  );
  assert.deepEqual(
    rows(flipped, 1).map((r) => r.map((v) => Math.round(v * 255))),
    [
      [30, 20, 10],
      [60, 50, 40],
    ],
  );
  const kept = applyTransforms(img, normalizePipeline([horizontalFlip(0.5)]), scripted([], [0.5]));
  assert.deepEqual(
    rows(kept, 0).map((r) => r.map((v) => Math.round(v * 255))),
    [
      [1, 2, 3],
      [4, 5, 6],
    ],
  );
});

test('toTensor is HWC → CHW ÷ 255 in float32; normalize is (x − mean) / std per channel, as torch computes it', () => {
  const img: U8Image = { data: Uint8Array.from([0, 128, 255, 51, 102, 153]), height: 1, width: 2, channels: 3 };
  const f = toFloatCHW(img);
  assert.deepEqual(
    Array.from(f.data),
    [0, 51, 128, 102, 255, 153].map((v) => Math.fround(v / 255)),
  );
  const n = applyTransforms(img, normalizePipeline([normalize(CIFAR10_STATS.mean, CIFAR10_STATS.std)]), new Rng(0));
  const { mean, std } = CIFAR10_STATS;
  const expect = [0, 51, 128, 102, 255, 153].map((v, i) => {
    const c = Math.floor(i / 2);
    return Math.fround(Math.fround(Math.fround(v / 255) - Math.fround(mean[c]!)) / Math.fround(std[c]!));
  });
  assert.deepEqual(Array.from(n.data), expect);
  assert.ok(Math.abs(n.data[4]! - (1 - 0.44653124) / 0.26158768) < 1e-6); // blue channel, pixel 0 = 255
});

test('cutout (spec darts §5): rows/cols [clip(c − L/2), clip(c + L/2)) zeroed on every channel, after normalisation', () => {
  const img = { data: new Float32Array(2 * 6 * 6).fill(1), channels: 2, height: 6, width: 6 };
  cutoutInPlace(img, 1, 4, 4); // rows [−1, 3) → [0, 3); cols [2, 6)
  const expect = [
    [1, 1, 0, 0, 0, 0],
    [1, 1, 0, 0, 0, 0],
    [1, 1, 0, 0, 0, 0],
    [1, 1, 1, 1, 1, 1],
    [1, 1, 1, 1, 1, 1],
    [1, 1, 1, 1, 1, 1],
  ];
  assert.deepEqual(rows(img, 0), expect);
  assert.deepEqual(rows(img, 1), expect);
  const odd = { data: new Float32Array(5 * 5).fill(1), channels: 1, height: 5, width: 5 };
  cutoutInPlace(odd, 2, 2, 3); // L // 2 = 1: a 2x2 hole [1, 3) — odd lengths lose a row/column, as in DARTS
  assert.equal(odd.data.filter((v) => v === 0).length, 4);
  assert.deepEqual(rows(odd)[1], [1, 0, 0, 1, 1]);
  // In a pipeline: centre drawn with int(H) then int(W) after the other draws; the hole holds 0, not −mean/std.
  const u: U8Image = { data: new Uint8Array(4 * 4).fill(255), height: 4, width: 4, channels: 1 };
  const out = applyTransforms(u, normalizePipeline([normalize([0.5], [0.5]), cutout(2)]), scripted([0, 3]));
  assert.deepEqual(
    rows(out),
    [
      [1, 1, 0, 0],
      [1, 1, 1, 1],
      [1, 1, 1, 1],
      [1, 1, 1, 1],
    ].map((r) => r.map((v) => v)),
  );
});

test('pipelines: toTensor is inserted before the first float op, uint8 ops after it are refused, shapes are checked', () => {
  assert.deepEqual(
    normalizePipeline([randomCrop(4, 1), normalize([0], [1])]).map((t) => t.kind),
    ['randomCrop', 'toTensor', 'normalize'],
  );
  assert.deepEqual(
    normalizePipeline([horizontalFlip()]).map((t) => t.kind),
    ['horizontalFlip', 'toTensor'],
  );
  assert.throws(() => normalizePipeline([toTensor(), horizontalFlip()]), /horizontalFlip works on uint8 images and must come before/);
  assert.throws(() => normalizePipeline([randomCrop(0)]), /size must be a positive integer/);
  assert.throws(() => normalizePipeline([normalize([0, 0], [1])]), /one value per channel/);
  assert.deepEqual(outputShape([randomCrop(32, 4), horizontalFlip(), normalize([0, 0, 0], [1, 1, 1]), cutout(16)], 3, 32, 32), [3, 32, 32]);
  assert.deepEqual(outputShape([resize(256), centerCrop(224)], 3, 0, 0), [3, 224, 224]);
  assert.throws(() => outputShape([resize(256)], 3, 0, 0), /vary in size/);
  assert.throws(() => outputShape([normalize([0, 0, 0], [1, 1, 1])], 1, 28, 28), /3 mean values for 1-channel images/);
});

test('RandomResizedCrop box: torchvision get_params, including the centre-crop fallback after 10 failed tries', () => {
  // uniform() always at the top of its range: scale 1, aspect 4/3 → h = round(sqrt(750)) = 27 > 10 every time.
  const r = new Rng(0);
  r.uniform = (_a: number, b: number): number => b;
  const box = randomResizedCropBox(10, 100, [0.08, 1], [3 / 4, 4 / 3], r);
  assert.deepEqual(box, { top: 0, left: 43, height: 10, width: 13 });
  const tall = randomResizedCropBox(100, 10, [0.08, 1], [3 / 4, 4 / 3], r);
  assert.deepEqual(tall, { top: 43, left: 0, height: 13, width: 10 });
  const rng = new Rng(5);
  for (let i = 0; i < 200; i++) {
    const b = randomResizedCropBox(60, 80, [0.08, 1], [3 / 4, 4 / 3], rng);
    assert.ok(b.top >= 0 && b.left >= 0 && b.top + b.height <= 60 && b.left + b.width <= 80);
    assert.ok(b.height * b.width >= 0.07 * 4800 && b.height * b.width <= 4800);
  }
  const img: U8Image = { data: new Uint8Array(30 * 40 * 3).fill(77), height: 30, width: 40, channels: 3 };
  const out = applyTransforms(img, normalizePipeline([randomResizedCrop(16)]), new Rng(2));
  assert.deepEqual([out.channels, out.height, out.width], [3, 16, 16]);
  assert.ok(out.data.every((v) => v === Math.fround(77 / 255)));
});

test('Resize / CenterCrop sizes follow torchvision (Python rounding), bilinear resampling is PIL-like', () => {
  assert.deepEqual(resizedSize(300, 400, 256), [256, 341]);
  assert.deepEqual(resizedSize(400, 300, 256), [341, 256]);
  assert.deepEqual([roundHalfEven(0.5), roundHalfEven(1.5), roundHalfEven(2.5), roundHalfEven(-0.5)], [0, 2, 2, -0]);
  const img = gray(
    4,
    4,
    Array.from({ length: 16 }, (_, i) => i),
  );
  assert.deepEqual(Array.from(centerCropImage(img, 3).data), [0, 1, 2, 4, 5, 6, 8, 9, 10]); // round(0.5) = 0
  assert.deepEqual(Array.from(centerCropImage(gray(2, 2, [1, 2, 3, 4]), 4).data), [0, 0, 0, 0, 0, 1, 2, 0, 0, 3, 4, 0, 0, 0, 0, 0]);
  const full = { top: 0, left: 0, height: 4, width: 4 };
  assert.deepEqual(resizeBilinear(img, full, 4, 4).data, img.data);
  // 2x downscale of a 0/255 column pattern: PIL's triangle filter over 3 taps (0.75, 0.75, 0.25)/1.75.
  const stripes = gray(1, 4, [0, 255, 0, 255]);
  assert.deepEqual(Array.from(resizeBilinear(stripes, { top: 0, left: 0, height: 1, width: 4 }, 1, 2).data), [
    Math.round((0.75 * 255) / 1.75),
    Math.round((0.25 * 255 + 0.75 * 255) / 1.75),
  ]);
  const up = resizeBilinear(gray(1, 2, [0, 100]), { top: 0, left: 0, height: 1, width: 2 }, 1, 4);
  assert.deepEqual(Array.from(up.data), [0, 25, 75, 100]);
});

test('colorJitter: identity at zero strength; brightness scales every pixel by one factor in [1 − b, 1 + b]', () => {
  const img: U8Image = { data: Uint8Array.from({ length: 8 * 3 }, (_, i) => (i * 29) % 256), height: 2, width: 4, channels: 3 };
  assert.deepEqual(applyTransforms(img, normalizePipeline([colorJitter()]), new Rng(1)).data, toFloatCHW(img).data);
  const flat: U8Image = { data: new Uint8Array(12).fill(100), height: 2, width: 2, channels: 3 };
  for (let s = 0; s < 5; s++) {
    const out = applyTransforms(flat, normalizePipeline([colorJitter(0.5)]), new Rng(s));
    const v = out.data[0]! * 255;
    assert.ok(out.data.every((x) => x === out.data[0]) && v >= 49.9 && v <= 150.1, `brightness result ${v}`);
  }
  const jittered = applyTransforms(img, normalizePipeline([colorJitter(0.4, 0.4, 0.4, 0.2)]), new Rng(3));
  assert.ok(jittered.data.every((v) => v >= 0 && v <= 1));
});

test('Rng: seeded, state round-trips, uniform-looking', () => {
  const a = new Rng(42),
    b = new Rng(42);
  assert.deepEqual([a.nextU32(), a.random(), a.int(10)], [b.nextU32(), b.random(), b.int(10)]);
  const saved = a.getState();
  const next = [a.random(), a.normal(), a.int(1000)];
  const c = new Rng(7);
  c.setState(saved);
  assert.deepEqual([c.random(), c.normal(), c.int(1000)], next);
  assert.notEqual(new Rng(1).random(), new Rng(2).random());
  assert.throws(() => c.setState([0, 0, 0, 0]), /all-zero/);
  assert.throws(() => c.setState([1, 2, 3] as unknown as number[]), /four unsigned 32-bit integers/);
  const r = new Rng(9);
  let sum = 0;
  const counts = new Array<number>(4).fill(0);
  for (let i = 0; i < 20000; i++) {
    sum += r.random();
    counts[r.int(4)]!++;
  }
  assert.ok(Math.abs(sum / 20000 - 0.5) < 0.01);
  assert.ok(counts.every((k) => Math.abs(k - 5000) < 300));
  assert.deepEqual(Array.from(new Rng(3).permutation(6)).sort(), [0, 1, 2, 3, 4, 5]);
});
