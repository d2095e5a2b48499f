// A synthetic dataset for smoke tests and quick starts without downloads: each class has a smooth random pattern
// (a few low-frequency waves per channel), each sample is its class pattern plus per-pixel Gaussian noise. Smooth
// patterns survive crops and flips, so a tiny network's accuracy rises well above chance within an epoch or two.
// Fully determined by the seed; train and test draw different samples of the same class patterns.
import { type MemoryDataset, sharedBytes } from './dataset.js';
import { mixSeed, Rng } from './rng.js';

export interface SyntheticOptions {
  numClasses?: number;
  /** Samples in the split (default 1000 for train, 200 for test). */
  count?: number;
  height?: number;
  width?: number;
  channels?: number;
  seed?: number;
  /** Noise standard deviation relative to the pattern amplitude (default 0.6; higher is harder). */
  noise?: number;
}

const WAVES = 3;
const AMPLITUDE = 60;

export function makeSynthetic(split: 'train' | 'test', opts: SyntheticOptions = {}): MemoryDataset {
  const numClasses = opts.numClasses ?? 10;
  const count = opts.count ?? (split === 'train' ? 1000 : 200);
  const height = opts.height ?? 32;
  const width = opts.width ?? 32;
  const channels = opts.channels ?? 3;
  const seed = opts.seed ?? 0;
  const noise = opts.noise ?? 0.6;
  const positive = (v: number, what: string, max = 1 << 16): void => {
    if (!Number.isInteger(v) || v < 1 || v > max) throw new Error(`synthetic dataset: ${what} must be an integer in [1, ${max}], got ${v}`);
  };
  positive(numClasses, 'numClasses');
  positive(count, 'count', 1 << 24);
  positive(height, 'height');
  positive(width, 'width');
  positive(channels, 'channels', 4);
  if (!(noise >= 0)) throw new Error(`synthetic dataset: noise must be ≥ 0, got ${noise}`);
  if (count * height * width * channels > 2 ** 31) throw new Error('synthetic dataset: more than 2 GiB of pixels requested');

  const plane = height * width;
  const patterns = classPatterns(numClasses, channels, height, width, new Rng(seed));
  const rng = new Rng(mixSeed(seed, split === 'train' ? 1 : 2));
  const images = sharedBytes(count * plane * channels);
  const labels = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    const c = rng.int(numClasses);
    labels[i] = c;
    const pat = patterns[c]!;
    const base = i * plane * channels;
    for (let p = 0; p < plane * channels; p++) {
      const v = 128 + AMPLITUDE * (pat[p]! + noise * rng.normal());
      images[base + p] = v < 0 ? 0 : v > 255 ? 255 : Math.round(v);
    }
  }
  const { mean, std } = channelStats(images, channels);
  return {
    kind: 'memory',
    name: 'synthetic',
    split,
    numClasses,
    channels,
    height,
    width,
    length: count,
    labels,
    images,
    mean,
    std,
    classNames: Array.from({ length: numClasses }, (_, k) => `class ${k}`),
    source: `synthetic(seed ${seed})`,
  };
}

/** One HWC pattern in [-1, 1] per class. */
function classPatterns(k: number, c: number, h: number, w: number, rng: Rng): Float32Array[] {
  const out: Float32Array[] = [];
  for (let cls = 0; cls < k; cls++) {
    const pat = new Float32Array(h * w * c);
    for (let ch = 0; ch < c; ch++) {
      const waves = Array.from({ length: WAVES }, () => ({
        fy: rng.uniform(0, 2),
        fx: rng.uniform(0, 2),
        phase: rng.uniform(0, 2 * Math.PI),
        a: rng.uniform(0.5, 1),
      }));
      const norm = waves.reduce((s, v) => s + v.a, 0);
      for (let y = 0; y < h; y++)
        for (let x = 0; x < w; x++) {
          let v = 0;
          for (const wv of waves) v += wv.a * Math.cos(2 * Math.PI * ((wv.fy * y) / h + (wv.fx * x) / w) + wv.phase);
          pat[(y * w + x) * c + ch] = v / norm;
        }
    }
    out.push(pat);
  }
  return out;
}

/** Per-channel mean and population std of HWC bytes, scaled to [0, 1] (exact: from a histogram of byte values). */
export function channelStats(images: Uint8Array, channels: number): { mean: number[]; std: number[] } {
  const hist = new Float64Array(channels * 256);
  for (let c = 0; c < channels; c++) {
    const h = hist.subarray(c * 256, (c + 1) * 256);
    for (let i = c; i < images.length; i += channels) h[images[i]!]++;
  }
  const mean: number[] = [],
    std: number[] = [];
  for (let c = 0; c < channels; c++) {
    let n = 0,
      s = 0,
      s2 = 0;
    for (let v = 0; v < 256; v++) {
      const k = hist[c * 256 + v]!;
      n += k;
      s += k * v;
      s2 += k * v * v;
    }
    const m = n > 0 ? s / n : 0;
    const sd = n > 0 ? Math.sqrt(Math.max(0, s2 / n - m * m)) : 0;
    mean.push(m / 255);
    std.push(sd > 0 ? sd / 255 : 1);
  }
  return { mean, std };
}

/** The synthetic dataset's geometry as the command line and the run options name it. */
export interface SyntheticGeometry {
  size?: number;
  classes?: number;
  count?: number;
  channels?: number;
}

/** makeSynthetic's options for a run's geometry (square images) and seed. */
export function syntheticOptions(g: SyntheticGeometry, seed: number): SyntheticOptions {
  return { numClasses: g.classes, count: g.count, height: g.size, width: g.size, channels: g.channels, seed };
}
