// CIFAR-10 / CIFAR-100: the binary version (records of label byte(s) + 3072 bytes CHW) and, since torchvision
// downloads that one, the python version (pickled dicts with a (N, 3072) uint8 array). Stored as HWC.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isNdArray, ndarrayToNumbers } from '../io/numpy.js';
import { CIFAR100_STATS, CIFAR10_STATS } from './constants.js';
import { checkLabels, dataError, type MemoryDataset, sharedBytes } from './dataset.js';
import { isDir, isFile, readBytes, readPickle } from './files.js';

const PIXELS = 32 * 32;
const IMAGE = 3 * PIXELS;

interface Flavour {
  name: 'cifar10' | 'cifar100';
  numClasses: number;
  binDir: string;
  pyDir: string;
  binFiles: (split: 'train' | 'test') => string[];
  pyFiles: (split: 'train' | 'test') => string[];
  /** Label bytes per binary record; the last one is the label used (CIFAR-100: coarse, then fine). */
  labelBytes: number;
  pyLabelKey: string;
}

const CIFAR10: Flavour = {
  name: 'cifar10',
  numClasses: 10,
  binDir: 'cifar-10-batches-bin',
  pyDir: 'cifar-10-batches-py',
  labelBytes: 1,
  binFiles: (s) => (s === 'train' ? [1, 2, 3, 4, 5].map((i) => `data_batch_${i}.bin`) : ['test_batch.bin']),
  pyFiles: (s) => (s === 'train' ? [1, 2, 3, 4, 5].map((i) => `data_batch_${i}`) : ['test_batch']),
  pyLabelKey: 'labels',
};
const CIFAR100: Flavour = {
  name: 'cifar100',
  numClasses: 100,
  binDir: 'cifar-100-binary',
  pyDir: 'cifar-100-python',
  labelBytes: 2,
  binFiles: (s) => [s === 'train' ? 'train.bin' : 'test.bin'],
  pyFiles: (s) => [s === 'train' ? 'train' : 'test'],
  pyLabelKey: 'fine_labels',
};

function layout(f: Flavour, root: string): string {
  const rec =
    f.labelBytes === 1
      ? '1 label byte + 3072 image bytes (R, G, B planes of 32x32)'
      : '1 coarse-label byte + 1 fine-label byte + 3072 image bytes (R, G, B planes of 32x32)';
  return (
    `${root}/${f.binDir}/{${f.binFiles('train').join(', ')}, ${f.binFiles('test').join(', ')}} ` +
    `(or --data pointing at ${f.binDir} itself), each a sequence of ${IMAGE + f.labelBytes}-byte records: ${rec}; ` +
    `or the python version ${root}/${f.pyDir}/{${f.pyFiles('train').join(', ')}, ${f.pyFiles('test').join(', ')}}`
  );
}

type Found = { format: 'bin' | 'py'; dir: string };

function resolve(f: Flavour, root: string): Found {
  const first = (format: 'bin' | 'py') => (format === 'bin' ? f.binFiles('test')[0]! : f.pyFiles('test')[0]!);
  for (const [dir, format] of [
    [root, 'bin'],
    [join(root, f.binDir), 'bin'],
    [root, 'py'],
    [join(root, f.pyDir), 'py'],
  ] as const) {
    if (isFile(join(dir, first(format))) || isFile(join(dir, format === 'bin' ? f.binFiles('train')[0]! : f.pyFiles('train')[0]!)))
      return { format, dir };
  }
  if (!isDir(root)) throw dataError(root, 'folder not found', layout(f, root));
  throw dataError(root, `no ${f.name === 'cifar10' ? 'CIFAR-10' : 'CIFAR-100'} files here or in ${f.binDir}/ or ${f.pyDir}/`, layout(f, root));
}

/** Copies one CHW image (3 planes of 32x32) into HWC at `dst`. */
function chwToHwc(src: Uint8Array, so: number, dst: Uint8Array, d: number): void {
  for (let p = 0; p < PIXELS; p++) {
    dst[d + 3 * p] = src[so + p]!;
    dst[d + 3 * p + 1] = src[so + PIXELS + p]!;
    dst[d + 3 * p + 2] = src[so + 2 * PIXELS + p]!;
  }
}

export function loadCifar(which: 'cifar10' | 'cifar100', root: string, split: 'train' | 'test'): MemoryDataset {
  const f = which === 'cifar10' ? CIFAR10 : CIFAR100;
  const found = resolve(f, root);
  const expected = layout(f, root);
  const { images, labels } = found.format === 'bin' ? readBinary(f, found.dir, split, expected) : readPython(f, found.dir, split, expected);
  const stats = which === 'cifar10' ? CIFAR10_STATS : CIFAR100_STATS;
  return {
    kind: 'memory',
    name: which,
    split,
    numClasses: f.numClasses,
    channels: 3,
    height: 32,
    width: 32,
    length: labels.length,
    labels,
    images,
    mean: stats.mean,
    std: stats.std,
    classNames: classNames(f, found),
    source: found.dir,
  };
}

function readBinary(f: Flavour, dir: string, split: 'train' | 'test', expected: string): { images: Uint8Array; labels: Int32Array } {
  const record = IMAGE + f.labelBytes;
  const files = f.binFiles(split).map((n) => join(dir, n));
  const bufs = files.map((p) => {
    const b = readBytes(p, expected);
    if (b.length === 0) throw dataError(p, 'the file is empty (0 bytes): truncated or corrupt', expected);
    if (b.length % record !== 0)
      throw dataError(p, `${b.length} bytes is not a whole number of ${record}-byte records: truncated or corrupt`, expected);
    return b;
  });
  const n = bufs.reduce((a, b) => a + b.length / record, 0);
  const images = sharedBytes(n * IMAGE);
  const labels = new Int32Array(n);
  let k = 0;
  bufs.forEach((b, fi) => {
    const count = b.length / record;
    const fileLabels = new Int32Array(count);
    for (let i = 0; i < count; i++) {
      const o = i * record;
      if (f.labelBytes === 2 && b[o]! >= 20) throw dataError(files[fi]!, `coarse label ${b[o]} of record ${i} is out of range [0, 20)`, expected);
      fileLabels[i] = b[o + f.labelBytes - 1]!;
      chwToHwc(b, o + f.labelBytes, images, (k + i) * IMAGE);
    }
    checkLabels(fileLabels, f.numClasses, files[fi]!, expected);
    labels.set(fileLabels, k);
    k += count;
  });
  return { images, labels };
}

function readPython(f: Flavour, dir: string, split: 'train' | 'test', expected: string): { images: Uint8Array; labels: Int32Array } {
  const parts = f.pyFiles(split).map((n) => {
    const p = join(dir, n);
    const v = readPickle(readBytes(p, expected), p);
    const data = v instanceof Map ? v.get('data') : undefined;
    const lab = v instanceof Map ? v.get(f.pyLabelKey) : undefined;
    if (!isNdArray(data) || data.dtype !== 'u1' || data.shape.length !== 2 || data.shape[1] !== IMAGE || data.data.length !== data.shape[0]! * IMAGE)
      throw dataError(p, `no 'data' entry holding a uint8 array of shape (N, ${IMAGE})`, expected);
    const labels = Int32Array.from(
      Array.isArray(lab) ? lab.map((x) => (typeof x === 'number' ? x : -1)) : isNdArray(lab) ? ndarrayToNumbers(lab, `${p}: '${f.pyLabelKey}'`) : [],
    );
    if (labels.length !== data.shape[0]) throw dataError(p, `'${f.pyLabelKey}' holds ${labels.length} labels for ${data.shape[0]} images`, expected);
    checkLabels(labels, f.numClasses, p, expected);
    return { data: data.data, labels };
  });
  const n = parts.reduce((a, p) => a + p.labels.length, 0);
  const images = sharedBytes(n * IMAGE);
  const labels = new Int32Array(n);
  let k = 0;
  for (const p of parts) {
    for (let i = 0; i < p.labels.length; i++) chwToHwc(p.data, i * IMAGE, images, (k + i) * IMAGE);
    labels.set(p.labels, k);
    k += p.labels.length;
  }
  return { images, labels };
}

/** Class names from the metadata file when present (they are optional). */
function classNames(f: Flavour, found: Found): string[] | undefined {
  const file = found.format === 'bin' ? join(found.dir, f.name === 'cifar10' ? 'batches.meta.txt' : 'fine_label_names.txt') : undefined;
  if (file === undefined || !isFile(file)) return undefined;
  const names = readFileSync(file, 'utf8')
    .split(/\r?\n/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
  return names.length === f.numClasses ? names : undefined;
}
