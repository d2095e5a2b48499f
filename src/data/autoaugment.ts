// AutoAugment as D-DARTS trains with it (`--auto_aug`; its auto_augment.py, modified from DeepVoltaire/AutoAugment;
// spec ddarts-dartopti.md §11): per image one of 25 sub-policies, each two (probability, op, magnitude level) steps.
// The ops reproduce Pillow's own arithmetic (9.4, the PIL Debian 12 ships; the tests compare every op at every level
// with it): the colour ops are lookup tables where PIL's result depends on the pixel value alone, and PIL's float32
// blend / 3x3 filter and double-precision bicubic / 16.16 fixed-point nearest sampling where it does not.
// Fill colour 128 for the geometric ops. On 1-channel images every op is PIL's on mode "L" (color is then the
// identity), which the reference cannot run (its RGB fill tuple is refused for "L"); 2- and 4-channel images are
// refused (PIL's RGBA paths treat the fourth channel as alpha).
import type { U8Image } from './image.js';
import type { Rng } from './rng.js';

export const AUTO_AUGMENT_OPS = [
  'shearX',
  'shearY',
  'translateX',
  'translateY',
  'rotate',
  'color',
  'posterize',
  'solarize',
  'contrast',
  'sharpness',
  'brightness',
  'autocontrast',
  'equalize',
  'invert',
] as const;
export type AutoAugmentOp = (typeof AUTO_AUGMENT_OPS)[number];

/** numpy.linspace(start, stop, n): start + i·step, the last value exactly stop. */
function linspace(start: number, stop: number, n: number): number[] {
  const step = (stop - start) / (n - 1);
  return Array.from({ length: n }, (_, i) => (i === n - 1 ? stop : i * step + start));
}

/** numpy.round: halves to even. */
function roundHalfEven(v: number): number {
  const r = Math.round(v);
  return Math.abs(v % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

const NO_MAGNITUDE = linspace(0, 0, 10);

/** The magnitude of each op at levels 0..9 (SubPolicy's `ranges`). */
export const AUTO_AUGMENT_MAGNITUDES: Readonly<Record<AutoAugmentOp, readonly number[]>> = {
  shearX: linspace(0, 0.3, 10),
  shearY: linspace(0, 0.3, 10),
  translateX: linspace(0, 150 / 331, 10),
  translateY: linspace(0, 150 / 331, 10),
  rotate: linspace(0, 30, 10),
  color: linspace(0, 0.9, 10),
  posterize: linspace(8, 4, 10).map(roundHalfEven),
  solarize: linspace(256, 0, 10),
  contrast: linspace(0, 0.9, 10),
  sharpness: linspace(0, 0.9, 10),
  brightness: linspace(0, 0.9, 10),
  autocontrast: NO_MAGNITUDE,
  equalize: NO_MAGNITUDE,
  invert: NO_MAGNITUDE,
};

/** Ops whose magnitude gets a random sign (random.choice([-1, 1])); D-DARTS rotates by +m only (counter-clockwise). */
export const SIGNED_OPS: ReadonlySet<AutoAugmentOp> = new Set([
  'shearX',
  'shearY',
  'translateX',
  'translateY',
  'color',
  'contrast',
  'sharpness',
  'brightness',
]);

/** (p1, op1, level1, p2, op2, level2): op1 with probability p1, then op2 with probability p2. */
export type SubPolicy = readonly [number, AutoAugmentOp, number, number, AutoAugmentOp, number];

/** CIFAR10Policy of D-DARTS' auto_augment.py (also used for CIFAR-100), in order. */
export const CIFAR10_POLICY: readonly SubPolicy[] = [
  [0.1, 'invert', 7, 0.2, 'contrast', 6],
  [0.7, 'rotate', 2, 0.3, 'translateX', 9],
  [0.8, 'sharpness', 1, 0.9, 'sharpness', 3],
  [0.5, 'shearY', 8, 0.7, 'translateY', 9],
  [0.5, 'autocontrast', 8, 0.9, 'equalize', 2],
  [0.2, 'shearY', 7, 0.3, 'posterize', 7],
  [0.4, 'color', 3, 0.6, 'brightness', 7],
  [0.3, 'sharpness', 9, 0.7, 'brightness', 9],
  [0.6, 'equalize', 5, 0.5, 'equalize', 1],
  [0.6, 'contrast', 7, 0.6, 'sharpness', 5],
  [0.7, 'color', 7, 0.5, 'translateX', 8],
  [0.3, 'equalize', 7, 0.4, 'autocontrast', 8],
  [0.4, 'translateY', 3, 0.2, 'sharpness', 6],
  [0.9, 'brightness', 6, 0.2, 'color', 8],
  [0.5, 'solarize', 2, 0.0, 'invert', 3],
  [0.2, 'equalize', 0, 0.6, 'autocontrast', 0],
  // D-DARTS' copy has 0.8 here; DeepVoltaire's current file has 0.6.
  [0.2, 'equalize', 8, 0.8, 'equalize', 4],
  [0.9, 'color', 9, 0.6, 'equalize', 6],
  [0.8, 'autocontrast', 4, 0.2, 'solarize', 8],
  [0.1, 'brightness', 3, 0.7, 'color', 0],
  [0.4, 'solarize', 5, 0.9, 'autocontrast', 3],
  [0.9, 'translateY', 9, 0.7, 'translateY', 9],
  [0.9, 'autocontrast', 2, 0.8, 'solarize', 3],
  [0.8, 'equalize', 8, 0.1, 'invert', 3],
  [0.7, 'translateY', 9, 0.9, 'autocontrast', 1],
];

/** ImageNetPolicy of D-DARTS' auto_augment.py, in order (25 entries, some repeated, as published). */
export const IMAGENET_POLICY: readonly SubPolicy[] = [
  [0.4, 'posterize', 8, 0.6, 'rotate', 9],
  [0.6, 'solarize', 5, 0.6, 'autocontrast', 5],
  [0.8, 'equalize', 8, 0.6, 'equalize', 3],
  [0.6, 'posterize', 7, 0.6, 'posterize', 6],
  [0.4, 'equalize', 7, 0.2, 'solarize', 4],
  [0.4, 'equalize', 4, 0.8, 'rotate', 8],
  [0.6, 'solarize', 3, 0.6, 'equalize', 7],
  [0.8, 'posterize', 5, 1.0, 'equalize', 2],
  [0.2, 'rotate', 3, 0.6, 'solarize', 8],
  [0.6, 'equalize', 8, 0.4, 'posterize', 6],
  [0.8, 'rotate', 8, 0.4, 'color', 0],
  [0.4, 'rotate', 9, 0.6, 'equalize', 2],
  [0.0, 'equalize', 7, 0.8, 'equalize', 8],
  [0.6, 'invert', 4, 1.0, 'equalize', 8],
  [0.6, 'color', 4, 1.0, 'contrast', 8],
  [0.8, 'rotate', 8, 1.0, 'color', 2],
  [0.8, 'color', 8, 0.8, 'solarize', 7],
  [0.4, 'sharpness', 7, 0.6, 'invert', 8],
  [0.6, 'shearX', 5, 1.0, 'equalize', 9],
  [0.4, 'color', 0, 0.6, 'equalize', 3],
  [0.4, 'equalize', 7, 0.2, 'solarize', 4],
  [0.6, 'solarize', 5, 0.6, 'autocontrast', 5],
  [0.6, 'invert', 4, 1.0, 'equalize', 8],
  [0.6, 'color', 4, 1.0, 'contrast', 8],
  [0.8, 'equalize', 8, 0.6, 'equalize', 3],
];

export const AUTO_AUGMENT_POLICIES = { cifar10: CIFAR10_POLICY, imagenet: IMAGENET_POLICY } as const;
export type AutoAugmentPolicyName = keyof typeof AUTO_AUGMENT_POLICIES;

/** One op an image gets: the op, its magnitude level and the sign of its magnitude (1 for unsigned ops). */
export interface AutoAugmentStep {
  op: AutoAugmentOp;
  level: number;
  sign: 1 | -1;
}

/**
 * The ops one image gets. Always five draws — the sub-policy, then per step whether it applies and its sign — so
 * that the stream's position after an image does not depend on what was drawn.
 */
export function autoAugmentPlan(policy: readonly SubPolicy[], rng: Rng): AutoAugmentStep[] {
  const [p1, op1, level1, p2, op2, level2] = policy[rng.int(policy.length)]!;
  const steps: AutoAugmentStep[] = [];
  const draw = (p: number, op: AutoAugmentOp, level: number): void => {
    const apply = rng.random() < p;
    const sign = SIGNED_OPS.has(op) && rng.random() < 0.5 ? -1 : 1;
    if (apply) steps.push({ op, level, sign });
  };
  draw(p1, op1, level1);
  draw(p2, op2, level2);
  return steps;
}

/** One image through a policy. */
export function applyAutoAugment(img: U8Image, policy: AutoAugmentPolicyName, rng: Rng): U8Image {
  let out = img;
  for (const s of autoAugmentPlan(AUTO_AUGMENT_POLICIES[policy], rng)) out = autoAugmentOp(out, s.op, s.level, s.sign);
  return out;
}

/** Fill of the pixels the geometric ops bring in from outside the image (fillcolor=(128, 128, 128)). */
export const AUTO_AUGMENT_FILL = 128;

/** One op at a magnitude level (0..9); `sign` applies to the signed ops. Returns a new image (or `img` unchanged). */
export function autoAugmentOp(img: U8Image, op: AutoAugmentOp, level: number, sign: 1 | -1 = 1): U8Image {
  if (img.channels !== 1 && img.channels !== 3)
    throw new Error(`AutoAugment works on 1- and 3-channel images (PIL's "L" and "RGB"), got ${img.channels} channels`);
  const magnitude = AUTO_AUGMENT_MAGNITUDES[op][level];
  if (magnitude === undefined) throw new Error(`AutoAugment: magnitude level must be an integer in 0..9, got ${level}`);
  const m = SIGNED_OPS.has(op) ? magnitude * sign : magnitude;
  switch (op) {
    case 'shearX':
      return affineBicubic(img, [1, m, 0, 0, 1, 0]);
    case 'shearY':
      return affineBicubic(img, [1, 0, 0, m, 1, 0]);
    case 'translateX':
      return translateNearest(img, magnitude * img.width * sign, 0);
    case 'translateY':
      return translateNearest(img, 0, magnitude * img.height * sign);
    case 'rotate':
      return rotateNearest(img, m);
    case 'color':
      return color(img, 1 + m);
    case 'posterize': {
      const mask = ~((1 << (8 - m)) - 1);
      return applyLut(
        img,
        lutOf((i) => i & mask),
      );
    }
    case 'solarize':
      return applyLut(
        img,
        lutOf((i) => (i < m ? i : 255 - i)),
      );
    case 'contrast':
      return contrast(img, 1 + m);
    case 'sharpness':
      return sharpness(img, 1 + m);
    case 'brightness': {
      const alpha = Math.fround(1 + m);
      return applyLut(
        img,
        lutOf((i) => blendValue(0, i, alpha)),
      );
    }
    case 'autocontrast':
      return applyLut(img, ...perChannel(img, autocontrastLut));
    case 'equalize':
      return applyLut(img, ...perChannel(img, equalizeLut));
    case 'invert':
      return applyLut(
        img,
        lutOf((i) => 255 - i),
      );
  }
}

// --- lookup tables ---------------------------------------------------------------------------------------------

function lutOf(f: (i: number) => number): Uint8Array {
  const lut = new Uint8Array(256);
  for (let i = 0; i < 256; i++) lut[i] = f(i);
  return lut;
}

/** out = lut[channel][in]; one table serves every channel. */
function applyLut(img: U8Image, ...luts: Uint8Array[]): U8Image {
  const { data, channels: c } = img;
  const out = new Uint8Array(data.length);
  if (luts.length === 1) {
    const lut = luts[0]!;
    for (let i = 0; i < data.length; i++) out[i] = lut[data[i]!]!;
  } else {
    for (let k = 0; k < c; k++) {
      const lut = luts[k]!;
      for (let i = k; i < data.length; i += c) out[i] = lut[data[i]!]!;
    }
  }
  return { ...img, data: out };
}

/** Each channel's histogram turned into its table (ImageOps works band by band). */
function perChannel(img: U8Image, lutFromHistogram: (h: Int32Array) => Uint8Array): Uint8Array[] {
  const { data, channels: c } = img;
  const hist = new Int32Array(256 * c);
  for (let i = 0; i < data.length; i++) hist[(i % c) * 256 + data[i]!]!++;
  return Array.from({ length: c }, (_, k) => lutFromHistogram(hist.subarray(k * 256, (k + 1) * 256)));
}

/** ImageOps.autocontrast(cutoff=0): the darkest value → 0, the lightest → 255, int() of the linear map. */
function autocontrastLut(h: Int32Array): Uint8Array {
  let lo = 0;
  while (lo < 255 && h[lo] === 0) lo++;
  let hi = 255;
  while (hi > 0 && h[hi] === 0) hi--;
  if (hi <= lo) return lutOf((i) => i);
  const scale = 255.0 / (hi - lo);
  const offset = -lo * scale;
  return lutOf((i) => Math.min(255, Math.max(0, Math.trunc(i * scale + offset))));
}

/** ImageOps.equalize: integer steps of the cumulative histogram, the last used value's count left out. */
function equalizeLut(h: Int32Array): Uint8Array {
  let used = 0,
    total = 0,
    last = 0;
  for (let i = 0; i < 256; i++)
    if (h[i]! > 0) {
      used++;
      total += h[i]!;
      last = h[i]!;
    }
  const step = used <= 1 ? 0 : Math.floor((total - last) / 255);
  if (step === 0) return lutOf((i) => i);
  let n = Math.floor(step / 2);
  const lut = new Uint8Array(256);
  for (let i = 0; i < 256; i++) {
    lut[i] = Math.min(255, Math.floor(n / step));
    n += h[i]!;
  }
  return lut;
}

// --- ImageEnhance: Image.blend(degenerate, image, factor) in float32 ------------------------------------------

/** ImagingBlend of one value: in1 + α·(in2 − in1) in float32, truncated; clipped when α extrapolates. */
function blendValue(in1: number, in2: number, alpha: number): number {
  const t = Math.fround(in1 + Math.fround(alpha * (in2 - in1)));
  if (alpha >= 0 && alpha <= 1) return Math.trunc(t);
  return t <= 0 ? 0 : t >= 255 ? 255 : Math.trunc(t);
}

/** ITU-R 601-2 luma of an RGB pixel, as Pillow converts RGB to L (rounded 16-bit fixed point). */
function luma(d: Uint8Array, p: number): number {
  return (d[p]! * 19595 + d[p + 1]! * 38470 + d[p + 2]! * 7471 + 0x8000) >> 16;
}

/** ImageEnhance.Color: blend with the image's grey version. */
function color(img: U8Image, factor: number): U8Image {
  if (img.channels === 1) return img; // "L" converted to "L" and back is the image itself
  const alpha = Math.fround(factor);
  const d = img.data;
  const out = new Uint8Array(d.length);
  for (let p = 0; p < d.length; p += 3) {
    const l = luma(d, p);
    out[p] = blendValue(l, d[p]!, alpha);
    out[p + 1] = blendValue(l, d[p + 1]!, alpha);
    out[p + 2] = blendValue(l, d[p + 2]!, alpha);
  }
  return { ...img, data: out };
}

/** ImageEnhance.Contrast: blend with a flat image of the mean grey value, int(mean + 0.5). */
function contrast(img: U8Image, factor: number): U8Image {
  const d = img.data;
  const hist = new Float64Array(256);
  if (img.channels === 1) for (let i = 0; i < d.length; i++) hist[d[i]!]!++;
  else for (let p = 0; p < d.length; p += 3) hist[luma(d, p)]!++;
  let sum = 0.0,
    count = 0;
  for (let v = 0; v < 256; v++) {
    sum += v * hist[v]!;
    count += hist[v]!;
  }
  const mean = Math.floor(sum / count + 0.5);
  const alpha = Math.fround(factor);
  return applyLut(
    img,
    lutOf((i) => blendValue(mean, i, alpha)),
  );
}

/** ImageEnhance.Sharpness: blend with ImageFilter.SMOOTH of the image. */
function sharpness(img: U8Image, factor: number): U8Image {
  const smooth = smoothFilter(img);
  const alpha = Math.fround(factor);
  const d = img.data;
  const out = new Uint8Array(d.length);
  for (let i = 0; i < d.length; i++) out[i] = blendValue(smooth[i]!, d[i]!, alpha);
  return { ...img, data: out };
}

/** value · weight in float32 for every byte value: the filter's products by table. */
const productTable = (weight: number): Float32Array => Float32Array.from({ length: 256 }, (_, v) => Math.fround(v * Math.fround(weight)));
const SMOOTH_EDGE = productTable(1 / 13);
const SMOOTH_CENTRE = productTable(5 / 13);

/**
 * ImagingFilter3x3 with SMOOTH ((1 1 1; 1 5 1; 1 1 1) / 13) in float32: rows y+1, y, y−1 summed in that order onto
 * 0.5, truncated; the border rows and columns are copied.
 */
function smoothFilter(img: U8Image): Uint8Array {
  const { data: d, width: w, height: h, channels: c } = img;
  const out = Uint8Array.from(d);
  const f = Math.fround;
  const row3 = (p: number, centre: Float32Array): number => f(f(SMOOTH_EDGE[d[p - c]!]! + centre[d[p]!]!) + SMOOTH_EDGE[d[p + c]!]!);
  const line = w * c;
  for (let y = 1; y < h - 1; y++) {
    for (let x = 1; x < w - 1; x++) {
      for (let k = 0; k < c; k++) {
        const p = y * line + x * c + k;
        let ss = 0.5;
        ss = f(ss + row3(p + line, SMOOTH_EDGE));
        ss = f(ss + row3(p, SMOOTH_CENTRE));
        ss = f(ss + row3(p - line, SMOOTH_EDGE));
        out[p] = ss <= 0 ? 0 : ss >= 255 ? 255 : Math.trunc(ss);
      }
    }
  }
  return out;
}

// --- geometry: Image.transform(size, AFFINE, a, resample, fillcolor=128) ---------------------------------------

type Affine = readonly [number, number, number, number, number, number];

function filled(img: U8Image): U8Image {
  return { ...img, data: new Uint8Array(img.data.length).fill(AUTO_AUGMENT_FILL) };
}

/** The a = −1 cubic of Pillow's BICUBIC macro through four samples at offset d ∈ [0, 1). */
function cubic(v1: number, v2: number, v3: number, v4: number, d: number): number {
  const p1 = v2;
  const p2 = -v1 + v3;
  const p3 = 2 * (v1 - v2) + v3 - v4;
  const p4 = -v1 + v2 - v3 + v4;
  return p1 + d * (p2 + d * (p3 + d * p4));
}

/**
 * ImagingGenericTransform with bicubic_filter8 / 32RGB: each output pixel centre mapped by `a`, sampled where it
 * falls inside the image (the 4x4 neighbourhood clamped at the edges; rows below the image repeat the last one
 * computed), truncated; fill elsewhere.
 */
function affineBicubic(img: U8Image, a: Affine): U8Image {
  const { data: d, width: w, height: h, channels: c } = img;
  const out = filled(img);
  const o = out.data;
  const line = w * c;
  const clampX = (x: number): number => (x < 0 ? 0 : x < w ? x : w - 1) * c;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const xi = x + 0.5,
        yi = y + 0.5;
      let xin = a[0] * xi + a[1] * yi + a[2];
      let yin = a[3] * xi + a[4] * yi + a[5];
      if (xin < 0.0 || xin >= w || yin < 0.0 || yin >= h) continue;
      xin -= 0.5;
      yin -= 0.5;
      const fx = Math.floor(xin),
        fy = Math.floor(yin);
      const dx = xin - fx,
        dy = yin - fy;
      const x0 = clampX(fx - 1),
        x1 = clampX(fx),
        x2 = clampX(fx + 1),
        x3 = clampX(fx + 2);
      // Row offsets; −1 marks a row outside the image, which repeats the previous row's value.
      const y0 = fy - 1;
      const r0 = (y0 < 0 ? 0 : y0 < h ? y0 : h - 1) * line;
      const r1 = y0 + 1 >= 0 && y0 + 1 < h ? (y0 + 1) * line : -1;
      const r2 = y0 + 2 >= 0 && y0 + 2 < h ? (y0 + 2) * line : -1;
      const r3 = y0 + 3 >= 0 && y0 + 3 < h ? (y0 + 3) * line : -1;
      const t = (y * w + x) * c;
      for (let k = 0; k < c; k++) {
        const v1 = cubic(d[r0 + x0 + k]!, d[r0 + x1 + k]!, d[r0 + x2 + k]!, d[r0 + x3 + k]!, dx);
        const v2 = r1 < 0 ? v1 : cubic(d[r1 + x0 + k]!, d[r1 + x1 + k]!, d[r1 + x2 + k]!, d[r1 + x3 + k]!, dx);
        const v3 = r2 < 0 ? v2 : cubic(d[r2 + x0 + k]!, d[r2 + x1 + k]!, d[r2 + x2 + k]!, d[r2 + x3 + k]!, dx);
        const v4 = r3 < 0 ? v3 : cubic(d[r3 + x0 + k]!, d[r3 + x1 + k]!, d[r3 + x2 + k]!, d[r3 + x3 + k]!, dx);
        const v = cubic(v1, v2, v3, v4, dy);
        o[t + k] = v <= 0 ? 0 : v >= 255 ? 255 : Math.trunc(v);
      }
    }
  }
  return out;
}

/** PIL's COORD: −1 for negative coordinates, else truncation. */
function coord(v: number): number {
  return v < 0 ? -1 : Math.trunc(v);
}

/**
 * ImagingScaleAffine (nearest; translation only): the source column of each output column from a running sum
 * (xo += 1, as the C loop accumulates it), whole rows copied; fill where the source falls outside.
 */
function translateNearest(img: U8Image, tx: number, ty: number): U8Image {
  const { data: d, width: w, height: h, channels: c } = img;
  const out = filled(img);
  const xin = new Int32Array(w);
  let xmin = w,
    xmax = 0;
  let xo = tx + 1 * 0.5;
  for (let x = 0; x < w; x++) {
    const v = coord(xo);
    if (v >= 0 && v < w) {
      xmax = x + 1;
      if (x < xmin) xmin = x;
      xin[x] = v;
    }
    xo += 1;
  }
  let yo = ty + 1 * 0.5;
  for (let y = 0; y < h; y++) {
    const yi = coord(yo);
    if (yi >= 0 && yi < h && xmin < xmax) {
      // The source columns of one row are consecutive: one copy per row.
      const from = (yi * w + xin[xmin]!) * c;
      out.data.set(d.subarray(from, from + (xmax - xmin) * c), (y * w + xmin) * c);
    }
    yo += 1;
  }
  return out;
}

/** Python's round(v, 15) (the value nearest to v's correctly rounded 15-decimal form). */
function round15(v: number): number {
  return Number(v.toFixed(15));
}

/**
 * The reference's rotate_with_fill: img.convert("RGBA").rotate(degrees) (nearest, about the centre, 16.16 fixed
 * point as affine_fixed computes it), then composited over grey 128 by the rotated alpha — which is 255 where the
 * source fell inside the image and 0 elsewhere, so pixels are either copied or 128.
 */
function rotateNearest(img: U8Image, degrees: number): U8Image {
  if (degrees % 360 === 0) return img;
  const { data: d, width: w, height: h, channels: c } = img;
  const angle = -(degrees * (Math.PI / 180));
  const m = [round15(Math.cos(angle)), round15(Math.sin(angle)), 0.0, round15(-Math.sin(angle)), round15(Math.cos(angle)), 0.0];
  const cx = w / 2.0,
    cy = h / 2.0;
  m[2] = m[0]! * -cx + m[1]! * -cy + m[2]! + cx;
  m[5] = m[3]! * -cx + m[4]! * -cy + m[5]! + cy;
  const fix = (v: number): number => Math.floor(v * 65536.0 + 0.5);
  const a0 = fix(m[0]!),
    a1 = fix(m[1]!),
    a3 = fix(m[3]!),
    a4 = fix(m[4]!);
  let a2 = fix(m[2]! + m[0]! * 0.5 + m[1]! * 0.5);
  let a5 = fix(m[5]! + m[3]! * 0.5 + m[4]! * 0.5);
  const out = filled(img);
  const o = out.data;
  for (let y = 0; y < h; y++) {
    let xx = a2,
      yy = a5;
    for (let x = 0; x < w; x++) {
      const xin = xx >> 16;
      if (xin >= 0 && xin < w) {
        const yin = yy >> 16;
        if (yin >= 0 && yin < h) {
          const s = (yin * w + xin) * c,
            t = (y * w + x) * c;
          for (let k = 0; k < c; k++) o[t + k] = d[s + k]!;
        }
      }
      xx += a0;
      yy += a3;
    }
    a2 += a1;
    a5 += a4;
  }
  return out;
}
