// Augmentations and tensor conversion, on the CPU, as torchvision defines them. A transform is plain data (so a
// pipeline can be posted to a worker thread); `applyTransforms` runs a pipeline on one image with a seeded Rng.
// Pipelines are in torchvision order: uint8 HWC image ops → toTensor (÷255, CHW float32) → float ops.
import { AUTO_AUGMENT_POLICIES, type AutoAugmentPolicyName, applyAutoAugment } from './autoaugment.js';
import type { U8Image } from './image.js';
import type { Rng } from './rng.js';

export type { U8Image } from './image.js';

export type Transform =
  | { readonly kind: 'randomCrop'; readonly size: number; readonly padding: number }
  | { readonly kind: 'horizontalFlip'; readonly p: number }
  | {
      readonly kind: 'randomResizedCrop';
      readonly size: number;
      readonly scale: readonly [number, number];
      readonly ratio: readonly [number, number];
    }
  | { readonly kind: 'resize'; readonly size: number }
  | { readonly kind: 'centerCrop'; readonly size: number }
  | { readonly kind: 'colorJitter'; readonly brightness: number; readonly contrast: number; readonly saturation: number; readonly hue: number }
  | { readonly kind: 'autoAugment'; readonly policy: AutoAugmentPolicyName }
  | { readonly kind: 'toTensor' }
  | { readonly kind: 'normalize'; readonly mean: readonly number[]; readonly std: readonly number[] }
  | { readonly kind: 'cutout'; readonly length: number };

/** RandomCrop(size, padding) with zero fill. */
export function randomCrop(size: number, padding = 0): Transform {
  return { kind: 'randomCrop', size, padding };
}
/** RandomHorizontalFlip(p). */
export function horizontalFlip(p = 0.5): Transform {
  return { kind: 'horizontalFlip', p };
}
/** RandomResizedCrop(size, scale, ratio) with bilinear (antialiased) resampling. */
export function randomResizedCrop(size: number, scale: [number, number] = [0.08, 1], ratio: [number, number] = [3 / 4, 4 / 3]): Transform {
  return { kind: 'randomResizedCrop', size, scale, ratio };
}
/** Resize(size): the shorter side becomes `size`, aspect ratio kept. */
export function resize(size: number): Transform {
  return { kind: 'resize', size };
}
/** CenterCrop(size), zero-padding images smaller than the crop. */
export function centerCrop(size: number): Transform {
  return { kind: 'centerCrop', size };
}
/** ColorJitter(brightness, contrast, saturation, hue), the four in a random order per image. */
export function colorJitter(brightness = 0, contrast = 0, saturation = 0, hue = 0): Transform {
  return { kind: 'colorJitter', brightness, contrast, saturation, hue };
}
/**
 * AutoAugment with D-DARTS' CIFAR10Policy ('cifar10', also its policy for CIFAR-100) or ImageNetPolicy: one random
 * sub-policy per image (src/data/autoaugment.ts). On 1- and 3-channel images.
 */
export function autoAugment(policy: AutoAugmentPolicyName): Transform {
  return { kind: 'autoAugment', policy };
}
/** ToTensor: uint8 HWC → float32 CHW in [0, 1]. Inserted before the first float op when a pipeline leaves it out. */
export function toTensor(): Transform {
  return { kind: 'toTensor' };
}
export function normalize(mean: readonly number[], std: readonly number[]): Transform {
  return { kind: 'normalize', mean, std };
}
/** DARTS Cutout(length): after normalisation, a length×length hole of zeros at a uniform pixel, clipped. */
export function cutout(length: number): Transform {
  return { kind: 'cutout', length };
}

/** A float32 image, CHW. */
export interface F32Image {
  data: Float32Array;
  channels: number;
  height: number;
  width: number;
}

const FLOAT_OPS = new Set(['normalize', 'cutout']);

/** The pipeline with toTensor made explicit, after checking every step's parameters and order. */
export function normalizePipeline(transforms: readonly Transform[]): Transform[] {
  const out: Transform[] = [];
  let tensorStage = false;
  for (const t of transforms) {
    validate(t);
    if (t.kind === 'toTensor') {
      if (tensorStage) throw new Error('transforms: toTensor appears twice');
      tensorStage = true;
    } else if (FLOAT_OPS.has(t.kind)) {
      if (!tensorStage) {
        out.push(toTensor());
        tensorStage = true;
      }
    } else if (tensorStage) {
      throw new Error(`transforms: ${t.kind} works on uint8 images and must come before toTensor/normalize/cutout`);
    }
    out.push(t);
  }
  if (!tensorStage) out.push(toTensor());
  return out;
}

function validate(t: Transform): void {
  const bad = (what: string): never => {
    throw new Error(`transforms: ${t.kind}: ${what}, got ${JSON.stringify(t)}`);
  };
  const posInt = (v: number, name: string): void => {
    if (!Number.isInteger(v) || v < 1) bad(`${name} must be a positive integer`);
  };
  switch (t.kind) {
    case 'randomCrop':
      posInt(t.size, 'size');
      if (!Number.isInteger(t.padding) || t.padding < 0) bad('padding must be a non-negative integer');
      break;
    case 'horizontalFlip':
      if (!(t.p >= 0 && t.p <= 1)) bad('p must be in [0, 1]');
      break;
    case 'randomResizedCrop':
      posInt(t.size, 'size');
      if (!(t.scale[0] > 0 && t.scale[0] <= t.scale[1] && t.scale[1] <= 1)) bad('scale must satisfy 0 < min ≤ max ≤ 1');
      if (!(t.ratio[0] > 0 && t.ratio[0] <= t.ratio[1])) bad('ratio must satisfy 0 < min ≤ max');
      break;
    case 'resize':
    case 'centerCrop':
      posInt(t.size, 'size');
      break;
    case 'colorJitter':
      if (![t.brightness, t.contrast, t.saturation].every((v) => v >= 0)) bad('brightness, contrast and saturation must be ≥ 0');
      if (!(t.hue >= 0 && t.hue <= 0.5)) bad('hue must be in [0, 0.5]');
      break;
    case 'autoAugment':
      if (!Object.hasOwn(AUTO_AUGMENT_POLICIES, t.policy)) bad(`policy must be one of ${Object.keys(AUTO_AUGMENT_POLICIES).join(', ')}`);
      break;
    case 'normalize':
      if (t.mean.length === 0 || t.mean.length !== t.std.length) bad('mean and std need one value per channel');
      if (!t.std.every((s) => s > 0)) bad('std values must be > 0');
      break;
    case 'cutout':
      posInt(t.length, 'length');
      break;
    case 'toTensor':
      break;
    default:
      throw new Error(`transforms: unknown transform ${JSON.stringify(t)}`);
  }
}

/**
 * The [C, H, W] a pipeline produces from images of the given size (0 = varies per image). Throws when the output
 * size would vary (file datasets need a crop), or when a step cannot apply (crop larger than the padded image,
 * normalize with the wrong channel count).
 */
export function outputShape(transforms: readonly Transform[], channels: number, height: number, width: number): [number, number, number] {
  let h = height,
    w = width;
  for (const t of normalizePipeline(transforms)) {
    switch (t.kind) {
      case 'randomCrop':
        if (h > 0 && (h + 2 * t.padding < t.size || w + 2 * t.padding < t.size))
          throw new Error(`transforms: randomCrop(${t.size}, padding ${t.padding}) is larger than the ${h}x${w} images`);
        h = w = t.size;
        break;
      case 'randomResizedCrop':
      case 'centerCrop':
        h = w = t.size;
        break;
      case 'resize':
        if (h > 0) [h, w] = resizedSize(h, w, t.size);
        break;
      case 'autoAugment':
        if (channels !== 1 && channels !== 3)
          throw new Error(`transforms: autoAugment works on 1- and 3-channel images, not ${channels}-channel ones`);
        break;
      case 'normalize':
        if (t.mean.length !== channels && t.mean.length !== 1)
          throw new Error(`transforms: normalize has ${t.mean.length} mean values for ${channels}-channel images`);
        break;
      default:
        break;
    }
  }
  if (!(h > 0 && w > 0))
    throw new Error(
      'transforms: the images vary in size and the pipeline does not fix it; add randomResizedCrop(size) or resize(n) + centerCrop(size)',
    );
  return [channels, h, w];
}

/**
 * Runs a pipeline on one image. `out` (length C·H·W of the output) receives the float result; the returned
 * F32Image views it. The Rng is consumed in pipeline order, a fixed number of draws per step except
 * randomResizedCrop (up to 10 attempts, as torchvision); autoAugment takes five per image.
 */
export function applyTransforms(img: U8Image, transforms: readonly Transform[], rng: Rng, out?: Float32Array): F32Image {
  let u: U8Image = img;
  let f: F32Image | undefined;
  for (const t of transforms) {
    switch (t.kind) {
      case 'randomCrop':
        u = applyRandomCrop(u, t.size, t.padding, rng);
        break;
      case 'horizontalFlip':
        if (rng.random() < t.p) u = hflip(u);
        break;
      case 'randomResizedCrop': {
        const box = randomResizedCropBox(u.height, u.width, t.scale, t.ratio, rng);
        u = resizeBilinear(u, box, t.size, t.size);
        break;
      }
      case 'resize': {
        const [oh, ow] = resizedSize(u.height, u.width, t.size);
        if (oh !== u.height || ow !== u.width) u = resizeBilinear(u, { top: 0, left: 0, height: u.height, width: u.width }, oh, ow);
        break;
      }
      case 'centerCrop':
        u = centerCropImage(u, t.size);
        break;
      case 'colorJitter':
        u = applyColorJitter(u, t, rng);
        break;
      case 'autoAugment':
        u = applyAutoAugment(u, t.policy, rng);
        break;
      case 'toTensor':
        f = toFloatCHW(u, out);
        break;
      case 'normalize':
        normalizeInPlace(need(f, t.kind), t.mean, t.std);
        break;
      case 'cutout': {
        const g = need(f, t.kind);
        const cy = rng.int(g.height),
          cx = rng.int(g.width);
        cutoutInPlace(g, cy, cx, t.length);
        break;
      }
    }
  }
  return f ?? toFloatCHW(u, out);
}

function need(f: F32Image | undefined, kind: string): F32Image {
  if (f === undefined) throw new Error(`transforms: ${kind} before toTensor`);
  return f;
}

// --- uint8 image ops ---------------------------------------------------------------------------------------

/** Copies the window (top, left, h, w) of `img`, zeros outside it: crop with zero padding in one pass. */
export function cropWithZeros(img: U8Image, top: number, left: number, h: number, w: number): U8Image {
  const c = img.channels;
  const out = new Uint8Array(h * w * c);
  for (let y = 0; y < h; y++) {
    const sy = top + y;
    if (sy < 0 || sy >= img.height) continue;
    const x0 = Math.max(0, -left),
      x1 = Math.min(w, img.width - left);
    if (x1 <= x0) continue;
    out.set(img.data.subarray((sy * img.width + left + x0) * c, (sy * img.width + left + x1) * c), (y * w + x0) * c);
  }
  return { data: out, height: h, width: w, channels: c };
}

/** torchvision RandomCrop: pad by `padding` zeros, then i = randint(0, H+2p−size+1), j likewise. */
function applyRandomCrop(img: U8Image, size: number, padding: number, rng: Rng): U8Image {
  const ph = img.height + 2 * padding,
    pw = img.width + 2 * padding;
  if (ph < size || pw < size) throw new Error(`randomCrop(${size}, padding ${padding}): image of ${img.height}x${img.width} is too small`);
  const i = rng.int(ph - size + 1);
  const j = rng.int(pw - size + 1);
  return cropWithZeros(img, i - padding, j - padding, size, size);
}

export function hflip(img: U8Image): U8Image {
  const { height: h, width: w, channels: c } = img;
  const out = new Uint8Array(img.data.length);
  for (let y = 0; y < h; y++) {
    const row = y * w * c;
    for (let x = 0; x < w; x++) {
      const s = row + x * c,
        d = row + (w - 1 - x) * c;
      for (let k = 0; k < c; k++) out[d + k] = img.data[s + k]!;
    }
  }
  return { data: out, height: h, width: w, channels: c };
}

/** Python's round(): halves to even. */
export function roundHalfEven(v: number): number {
  const r = Math.round(v);
  return Math.abs(v % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

export interface Box {
  top: number;
  left: number;
  height: number;
  width: number;
}

/** torchvision RandomResizedCrop.get_params: 10 tries at a random area/aspect, then a centre crop fallback. */
export function randomResizedCropBox(
  height: number,
  width: number,
  scale: readonly [number, number],
  ratio: readonly [number, number],
  rng: Rng,
): Box {
  const area = height * width;
  const logR0 = Math.log(ratio[0]),
    logR1 = Math.log(ratio[1]);
  for (let attempt = 0; attempt < 10; attempt++) {
    const target = area * rng.uniform(scale[0], scale[1]);
    const aspect = Math.exp(rng.uniform(logR0, logR1));
    const w = roundHalfEven(Math.sqrt(target * aspect));
    const h = roundHalfEven(Math.sqrt(target / aspect));
    if (w > 0 && w <= width && h > 0 && h <= height) {
      const top = rng.int(height - h + 1);
      const left = rng.int(width - w + 1);
      return { top, left, height: h, width: w };
    }
  }
  const inRatio = width / height;
  let w: number, h: number;
  if (inRatio < Math.min(ratio[0], ratio[1])) {
    w = width;
    h = roundHalfEven(w / Math.min(ratio[0], ratio[1]));
  } else if (inRatio > Math.max(ratio[0], ratio[1])) {
    h = height;
    w = roundHalfEven(h * Math.max(ratio[0], ratio[1]));
  } else {
    w = width;
    h = height;
  }
  return { top: Math.floor((height - h) / 2), left: Math.floor((width - w) / 2), height: h, width: w };
}

/** torchvision Resize(int): shorter side → size, longer side int(size · long / short). [h, w]. */
export function resizedSize(h: number, w: number, size: number): [number, number] {
  if (w <= h) return [Math.floor((size * h) / w), size];
  return [size, Math.floor((size * w) / h)];
}

/** torchvision CenterCrop: top = round((H − size) / 2); smaller images are zero-padded (extra pixel at the end). */
export function centerCropImage(img: U8Image, size: number): U8Image {
  const off = (n: number): number => (n >= size ? roundHalfEven((n - size) / 2) : -Math.floor((size - n) / 2));
  if (img.height === size && img.width === size) return img;
  return cropWithZeros(img, off(img.height), off(img.width), size, size);
}

/** Per output index: first input index and normalised weights of PIL's antialiased bilinear (triangle) filter. */
function filterTaps(inSize: number, outSize: number): { start: Int32Array; count: Int32Array; weights: Float64Array; maxTaps: number } {
  const scale = inSize / outSize;
  const filterScale = Math.max(scale, 1);
  const support = filterScale; // bilinear support is 1, widened by the downscale factor
  const maxTaps = Math.ceil(support) * 2 + 1;
  const start = new Int32Array(outSize),
    count = new Int32Array(outSize);
  const weights = new Float64Array(outSize * maxTaps);
  for (let o = 0; o < outSize; o++) {
    const center = (o + 0.5) * scale;
    const lo = Math.max(Math.trunc(center - support + 0.5), 0);
    const hi = Math.min(Math.trunc(center + support + 0.5), inSize);
    let total = 0;
    const n = Math.min(hi - lo, maxTaps);
    for (let k = 0; k < n; k++) {
      const x = (k + lo - center + 0.5) / filterScale;
      const wgt = Math.max(0, 1 - Math.abs(x));
      weights[o * maxTaps + k] = wgt;
      total += wgt;
    }
    if (total > 0) for (let k = 0; k < n; k++) weights[o * maxTaps + k]! /= total;
    start[o] = lo;
    count[o] = n;
  }
  return { start, count, weights, maxTaps };
}

/** Resamples the `box` of `img` to outH×outW: separable antialiased bilinear, as PIL's Image.resize(BILINEAR). */
export function resizeBilinear(img: U8Image, box: Box, outH: number, outW: number): U8Image {
  const c = img.channels;
  const hx = filterTaps(box.width, outW),
    vy = filterTaps(box.height, outH);
  // Horizontal pass over the box rows into floats, then vertical pass with rounding to uint8.
  const tmp = new Float32Array(box.height * outW * c);
  for (let y = 0; y < box.height; y++) {
    const srcRow = ((box.top + y) * img.width + box.left) * c;
    for (let x = 0; x < outW; x++) {
      const s = hx.start[x]!,
        n = hx.count[x]!,
        wo = x * hx.maxTaps;
      for (let k = 0; k < c; k++) {
        let acc = 0;
        for (let t = 0; t < n; t++) acc += hx.weights[wo + t]! * img.data[srcRow + (s + t) * c + k]!;
        tmp[(y * outW + x) * c + k] = acc;
      }
    }
  }
  const out = new Uint8Array(outH * outW * c);
  for (let y = 0; y < outH; y++) {
    const s = vy.start[y]!,
      n = vy.count[y]!,
      wo = y * vy.maxTaps;
    for (let x = 0; x < outW * c; x++) {
      let acc = 0;
      for (let t = 0; t < n; t++) acc += vy.weights[wo + t]! * tmp[(s + t) * outW * c + x]!;
      out[y * outW * c + x] = acc <= 0 ? 0 : acc >= 255 ? 255 : Math.round(acc);
    }
  }
  return { data: out, height: outH, width: outW, channels: c };
}

// ColorJitter with PIL ImageEnhance semantics: blend each pixel with a "degenerate" image by a random factor.
function applyColorJitter(img: U8Image, t: Extract<Transform, { kind: 'colorJitter' }>, rng: Rng): U8Image {
  // torchvision get_params: the order first, then one factor per enabled component.
  const order = rng.permutation(4);
  const factor = (v: number): number | undefined => (v > 0 ? rng.uniform(Math.max(0, 1 - v), 1 + v) : undefined);
  const b = factor(t.brightness),
    c = factor(t.contrast),
    s = factor(t.saturation);
  const h = t.hue > 0 ? rng.uniform(-t.hue, t.hue) : undefined;
  let data: Float32Array = Float32Array.from(img.data);
  const ch = img.channels;
  for (const k of order) {
    if (k === 0 && b !== undefined) data = blend(data, () => 0, b, ch);
    else if (k === 1 && c !== undefined) {
      const m = Math.floor(meanGray(data, ch) + 0.5);
      data = blend(data, () => m, c, ch);
    } else if (k === 2 && s !== undefined && ch === 3) data = blend(data, (p) => gray(data, p), s, ch);
    else if (k === 3 && h !== undefined && ch === 3) shiftHue(data, h);
  }
  const out = new Uint8Array(data.length);
  for (let i = 0; i < data.length; i++) out[i] = Math.round(data[i]!);
  return { ...img, data: out };
}

function gray(d: Float32Array, p: number): number {
  return (d[p]! * 299 + d[p + 1]! * 587 + d[p + 2]! * 114) / 1000;
}
function meanGray(d: Float32Array, ch: number): number {
  let s = 0;
  const n = d.length / ch;
  for (let p = 0; p < d.length; p += ch) s += ch === 3 ? gray(d, p) : d[p]!;
  return s / n;
}
/** out = degenerate + factor·(img − degenerate), clipped to [0, 255]; degenerate(p) is per pixel. */
function blend(d: Float32Array, degenerate: (p: number) => number, factor: number, ch: number): Float32Array {
  const out = new Float32Array(d.length);
  for (let p = 0; p < d.length; p += ch) {
    const g = degenerate(p);
    for (let k = 0; k < ch; k++) {
      const v = g + factor * (d[p + k]! - g);
      out[p + k] = Math.min(255, Math.max(0, v));
    }
  }
  return out;
}
function shiftHue(d: Float32Array, shift: number): void {
  for (let p = 0; p < d.length; p += 3) {
    const r = d[p]! / 255,
      g = d[p + 1]! / 255,
      b = d[p + 2]! / 255;
    const max = Math.max(r, g, b),
      min = Math.min(r, g, b),
      delta = max - min;
    let hue = 0;
    if (delta > 0) {
      if (max === r) hue = (g - b) / delta / 6;
      else if (max === g) hue = ((b - r) / delta + 2) / 6;
      else hue = ((r - g) / delta + 4) / 6;
    }
    hue = (((hue + shift) % 1) + 1) % 1;
    const sat = max > 0 ? delta / max : 0,
      val = max;
    const i = Math.floor(hue * 6),
      f = hue * 6 - i;
    const pp = val * (1 - sat),
      q = val * (1 - sat * f),
      t = val * (1 - sat * (1 - f));
    const [rr, gg, bb] = [
      [val, t, pp],
      [q, val, pp],
      [pp, val, t],
      [pp, q, val],
      [t, pp, val],
      [val, pp, q],
    ][i % 6]!;
    d[p] = rr! * 255;
    d[p + 1] = gg! * 255;
    d[p + 2] = bb! * 255;
  }
}

// --- float ops -----------------------------------------------------------------------------------------------

/** ToTensor: uint8 HWC → float32 CHW, ÷255 (float32-rounded as torch's division). */
export function toFloatCHW(img: U8Image, out?: Float32Array): F32Image {
  const { height: h, width: w, channels: c } = img;
  const plane = h * w;
  const data = out ?? new Float32Array(c * plane);
  if (data.length !== c * plane) throw new Error(`toTensor: output buffer holds ${data.length} values, the image ${c}x${h}x${w}`);
  for (let k = 0; k < c; k++) for (let p = 0; p < plane; p++) data[k * plane + p] = img.data[p * c + k]! / 255;
  return { data, channels: c, height: h, width: w };
}

/** (x − mean[c]) / std[c] in float32 arithmetic, as torchvision's Normalize. One value broadcasts to all channels. */
export function normalizeInPlace(img: F32Image, mean: readonly number[], std: readonly number[]): void {
  const plane = img.height * img.width;
  for (let k = 0; k < img.channels; k++) {
    const m = Math.fround(mean.length === 1 ? mean[0]! : mean[k]!);
    const s = Math.fround(std.length === 1 ? std[0]! : std[k]!);
    const base = k * plane;
    for (let p = 0; p < plane; p++) img.data[base + p] = Math.fround(img.data[base + p]! - m) / s;
  }
}

/** Spec darts §5: zero rows [clip(cy − L/2), clip(cy + L/2)) × the same in x, all channels (L/2 integer division). */
export function cutoutInPlace(img: F32Image, cy: number, cx: number, length: number): void {
  const half = Math.floor(length / 2);
  const clip = (v: number, hi: number): number => Math.min(Math.max(v, 0), hi);
  const y1 = clip(cy - half, img.height),
    y2 = clip(cy + half, img.height);
  const x1 = clip(cx - half, img.width),
    x2 = clip(cx + half, img.width);
  const plane = img.height * img.width;
  for (let k = 0; k < img.channels; k++)
    for (let y = y1; y < y2; y++) img.data.fill(0, k * plane + y * img.width + x1, k * plane + y * img.width + x2);
}
