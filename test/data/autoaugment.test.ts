import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import {
  AUTO_AUGMENT_MAGNITUDES,
  AUTO_AUGMENT_OPS,
  type AutoAugmentOp,
  autoAugmentOp,
  autoAugmentPlan,
  CIFAR10_POLICY,
  IMAGENET_POLICY,
  SIGNED_OPS,
  type SubPolicy,
} from '../../src/data/autoaugment.js';
import type { ImageDataset } from '../../src/data/dataset.js';
import { defaultTransforms } from '../../src/data/load.js';
import { Rng } from '../../src/data/rng.js';
import { applyTransforms, autoAugment, normalizePipeline, outputShape, toFloatCHW, type U8Image } from '../../src/data/transforms.js';
import { runPythonJson, torchPython } from '../helpers/python.js';
import { SPECS_DIR } from '../helpers/shared.js';

/** Why PIL cannot be used here, or false. */
function pilSkip(): string | false {
  const r = spawnSync(torchPython(), ['-c', 'import PIL, numpy'], { encoding: 'utf8' });
  if (r.error) return `no Python at ${torchPython()}`;
  return r.status === 0 ? false : 'PIL or numpy is not importable (install python3-pil)';
}

/** Fixed test images: texture with noise, a narrow value range (non-square), a grey digit-like blob, few values. */
function fixedImages(): U8Image[] {
  const rng = new Rng(20261206);
  const make = (h: number, w: number, c: number, f: (y: number, x: number, k: number) => number): U8Image => {
    const data = new Uint8Array(h * w * c);
    for (let y = 0; y < h; y++)
      for (let x = 0; x < w; x++) for (let k = 0; k < c; k++) data[(y * w + x) * c + k] = Math.max(0, Math.min(255, Math.round(f(y, x, k))));
    return { data, height: h, width: w, channels: c };
  };
  return [
    make(32, 32, 3, (y, x, k) => 128 + 90 * Math.sin((x + 2 * k) / 4) * Math.cos(y / 5) + 30 * rng.normal()),
    make(20, 28, 3, (y, x, k) => 100 + ((x * 3 + y * 2 + k * 11) % 50) + rng.int(8)),
    make(28, 28, 1, (y, x) => (Math.hypot(y - 13, x - 15) < 9 ? 160 + 80 * Math.cos(x / 3) + 10 * rng.normal() : rng.int(3))),
    make(16, 16, 3, (y, x, k) => (k === 2 ? 77 : (x + y) % 5 === 0 ? 10 : 200 + k)),
  ];
}

const b64 = (a: Uint8Array): string => Buffer.from(a).toString('base64');

interface Reference {
  magnitudes: Record<AutoAugmentOp, number[]>;
  pil: string;
  results: Record<AutoAugmentOp, Record<string, string>>[];
}

const skip = pilSkip();
const GEOMETRIC: ReadonlySet<AutoAugmentOp> = new Set(['shearX', 'shearY', 'translateX', 'translateY', 'rotate']);
/** Interpolation tolerance of the geometric ops: one grey level (truncated bicubic sums could land across a step). */
const GEOMETRIC_TOLERANCE = 1;

test('every AutoAugment op at every magnitude level and sign matches PIL on fixed images', { skip }, (t) => {
  const images = fixedImages();
  const ref = runPythonJson<Reference>('autoaugment_reference.py', [], {
    input: JSON.stringify({ images: images.map((i) => ({ width: i.width, height: i.height, channels: i.channels, data: b64(i.data) })) }),
  });
  for (const op of AUTO_AUGMENT_OPS) assert.deepEqual(AUTO_AUGMENT_MAGNITUDES[op], ref.magnitudes[op], `${op}: magnitude table`);
  let compared = 0;
  const geometricMax: Record<string, number> = {};
  images.forEach((img, i) => {
    for (const op of AUTO_AUGMENT_OPS) {
      for (let level = 0; level < 10; level++) {
        for (const sign of SIGNED_OPS.has(op) ? ([1, -1] as const) : ([1] as const)) {
          const want = Buffer.from(ref.results[i]![op][`${level}:${sign}`]!, 'base64');
          const got = autoAugmentOp(img, op, level, sign).data;
          assert.equal(got.length, want.length);
          let max = 0,
            differing = 0;
          for (let p = 0; p < got.length; p++) {
            const d = Math.abs(got[p]! - want[p]!);
            if (d > 0) differing++;
            if (d > max) max = d;
          }
          const where = `image ${i} (${img.height}x${img.width}x${img.channels}) ${op} level ${level} sign ${sign}`;
          if (GEOMETRIC.has(op)) {
            geometricMax[op] = Math.max(geometricMax[op] ?? 0, max);
            assert.ok(max <= GEOMETRIC_TOLERANCE, `${where}: max difference ${max} (${differing} values differ)`);
          } else assert.equal(differing, 0, `${where}: ${differing} values differ, max ${max}`);
          compared++;
        }
      }
    }
  });
  t.diagnostic(`PIL ${ref.pil}: ${compared} outputs; geometric max |difference| ${JSON.stringify(geometricMax)}; colour ops exact`);
});

/** The policies of spec ddarts-dartopti.md §11, read from its text. */
function specPolicies(): { cifar10: SubPolicy[]; imagenet: SubPolicy[] } | undefined {
  const file = join(SPECS_DIR, 'ddarts-dartopti.md');
  if (!existsSync(file)) return undefined;
  const text = readFileSync(file, 'utf8');
  const parse = (section: string): SubPolicy[] =>
    [...section.matchAll(/\((\d\.\d) (\w+) (\d), (\d\.\d) (\w+) (\d)\)/g)].map(
      (m) => [Number(m[1]), m[2] as AutoAugmentOp, Number(m[3]), Number(m[4]), m[5] as AutoAugmentOp, Number(m[6])] as const,
    );
  const cifarAt = text.indexOf('CIFAR10Policy (25 sub-policies');
  const imagenetAt = text.indexOf('ImageNetPolicy (25 entries');
  return { cifar10: parse(text.slice(cifarAt, imagenetAt)), imagenet: parse(text.slice(imagenetAt, text.indexOf('---', imagenetAt))) };
}

test('the policy tables are the spec’s (D-DARTS auto_augment.py), 25 sub-policies each', { skip: specPolicies() ? false : 'specs not found' }, () => {
  const spec = specPolicies()!;
  assert.equal(spec.cifar10.length, 25);
  assert.equal(spec.imagenet.length, 25);
  assert.deepEqual(CIFAR10_POLICY, spec.cifar10);
  assert.deepEqual(IMAGENET_POLICY, spec.imagenet);
});

/** An Rng whose int() and random() return queued values. */
function scripted(ints: number[], randoms: number[]): Rng {
  const r = new Rng(0);
  r.int = (n: number): number => {
    assert.equal(n, 25);
    return ints.shift()!;
  };
  r.random = (): number => randoms.shift()!;
  return r;
}

test('a sub-policy applies op1 when the draw is below p1 and op2 below p2, each with its drawn sign', () => {
  const img = fixedImages()[0]!;
  // CIFAR10Policy #3: (0.5 shearY 8, 0.7 translateY 9). Draws: pick, u1, sign1, u2, sign2 (sign −1 below 0.5).
  assert.deepEqual(autoAugmentPlan(CIFAR10_POLICY, scripted([3], [0.49, 0.7, 0.69, 0.2])), [
    { op: 'shearY', level: 8, sign: 1 },
    { op: 'translateY', level: 9, sign: -1 },
  ]);
  // At the probability itself the op does not apply (random() < p).
  assert.deepEqual(autoAugmentPlan(CIFAR10_POLICY, scripted([3], [0.5, 0.1, 0.7, 0.1])), []);
  // Unsigned ops ignore the sign draw; #4 is (0.5 autocontrast 8, 0.9 equalize 2).
  assert.deepEqual(autoAugmentPlan(CIFAR10_POLICY, scripted([4], [0.0, 0.1, 0.89, 0.1])), [
    { op: 'autocontrast', level: 8, sign: 1 },
    { op: 'equalize', level: 2, sign: 1 },
  ]);
  // Through the transform: the same draws give the two ops in order.
  const out = applyTransforms(img, normalizePipeline([autoAugment('cifar10')]), scripted([3], [0.49, 0.7, 0.69, 0.2]));
  const want = autoAugmentOp(autoAugmentOp(img, 'shearY', 8, 1), 'translateY', 9, -1);
  assert.deepEqual(out.data, toFloatCHW(want).data);
});

test('over 50,000 images each sub-policy is drawn 1/25 of the time and each op with its probability (6σ bounds)', () => {
  const n = 50_000;
  const within = (count: number, mean: number, variance: number, what: string): void => {
    const bound = 6 * Math.sqrt(variance);
    assert.ok(Math.abs(count - mean) <= bound, `${what}: ${count}, expected ${mean} ± ${bound}`);
  };
  for (const [name, policy] of [
    ['cifar10', CIFAR10_POLICY],
    ['imagenet', IMAGENET_POLICY],
  ] as const) {
    const rng = new Rng(7);
    // The sub-policy drawn is not part of the plan: a spy on int() sees it.
    let picked = -1;
    const int = rng.int.bind(rng);
    rng.int = (k: number): number => (picked = int(k));
    const drawn = new Array<number>(25).fill(0);
    const first = new Array<number>(25).fill(0),
      second = new Array<number>(25).fill(0),
      steps = new Array<number>(25).fill(0);
    let signed = 0,
      negative = 0;
    for (let i = 0; i < n; i++) {
      const plan = autoAugmentPlan(policy, rng);
      const [, op1, , , op2] = policy[picked]!;
      drawn[picked]!++;
      steps[picked]! += plan.length;
      if (op1 !== op2) {
        if (plan.some((s) => s.op === op1)) first[picked]!++;
        if (plan.some((s) => s.op === op2)) second[picked]!++;
        if (plan.length === 2) assert.deepEqual([plan[0]!.op, plan[1]!.op], [op1, op2], 'op1 runs before op2');
      }
      for (const s of plan)
        if (SIGNED_OPS.has(s.op)) {
          signed++;
          if (s.sign < 0) negative++;
        } else assert.equal(s.sign, 1);
    }
    policy.forEach(([p1, op1, , p2, op2], j) => {
      const where = `${name} sub-policy ${j}`;
      within(drawn[j]!, n / 25, (n * (1 / 25) * 24) / 25, `${where} drawn`);
      const k = drawn[j]!;
      if (op1 !== op2) {
        within(first[j]!, k * p1, k * p1 * (1 - p1), `${where} ${op1} (p ${p1})`);
        within(second[j]!, k * p2, k * p2 * (1 - p2), `${where} ${op2} (p ${p2})`);
      } else within(steps[j]!, k * (p1 + p2), k * (p1 * (1 - p1) + p2 * (1 - p2)), `${where} ${op1} twice (p ${p1}, ${p2})`);
    });
    within(negative, signed / 2, signed / 4, `${name}: negative signs`);
  }
});

test('autoAugment refuses images of other than 1 or 3 channels, and an unknown policy', () => {
  assert.throws(() => outputShape([autoAugment('cifar10')], 4, 8, 8), /autoAugment works on 1- and 3-channel images/);
  assert.deepEqual(outputShape([autoAugment('cifar10')], 1, 8, 8), [1, 8, 8]);
  assert.throws(() => normalizePipeline([{ kind: 'autoAugment', policy: 'svhn' as 'cifar10' }]), /policy must be one of cifar10, imagenet/);
  assert.throws(() => autoAugmentOp({ data: new Uint8Array(16), height: 2, width: 2, channels: 4 }, 'invert', 0), /1- and 3-channel/);
});

test('the training pipelines put AutoAugment after crop and flip (and ColorJitter on ImageNet), before ToTensor, as D-DARTS', () => {
  const ds = (name: string, kind: 'memory' | 'files', channels = 3): ImageDataset =>
    ({
      kind,
      name,
      split: 'train',
      numClasses: 10,
      channels,
      height: kind === 'files' ? 0 : 32,
      width: kind === 'files' ? 0 : 32,
      length: 0,
      labels: new Int32Array(0),
      mean: Array(channels).fill(0.5),
      std: Array(channels).fill(0.25),
      source: '',
      images: new Uint8Array(0),
      files: [],
    }) as unknown as ImageDataset;
  const kinds = (ts: readonly { kind: string; policy?: string }[]): string[] => ts.map((t) => (t.policy ? `${t.kind}:${t.policy}` : t.kind));
  assert.deepEqual(kinds(defaultTransforms(ds('cifar100', 'memory'), { train: true, autoAugment: true, cutout: 16 })), [
    'randomCrop',
    'horizontalFlip',
    'autoAugment:cifar10',
    'toTensor',
    'normalize',
    'cutout',
  ]);
  assert.deepEqual(kinds(defaultTransforms(ds('imagenet', 'files'), { train: true, autoAugment: true })), [
    'randomResizedCrop',
    'horizontalFlip',
    'colorJitter',
    'autoAugment:imagenet',
    'toTensor',
    'normalize',
  ]);
  assert.deepEqual(kinds(defaultTransforms(ds('mnist', 'memory', 1), { train: true, autoAugment: true })), [
    'randomCrop',
    'autoAugment:cifar10',
    'toTensor',
    'normalize',
  ]);
  // Evaluation images are never augmented.
  assert.deepEqual(kinds(defaultTransforms(ds('cifar10', 'memory'), { train: false, autoAugment: true, cutout: 16 })), ['toTensor', 'normalize']);
  assert.throws(
    () => defaultTransforms(ds('synthetic', 'memory', 4), { train: true, autoAugment: true }),
    /AutoAugment \(--auto-aug\) works on 1- and 3-channel images; the synthetic images have 4 channels/,
  );
});
