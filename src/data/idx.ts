// MNIST / Fashion-MNIST in Yann LeCun's IDX format: big-endian headers, magic 2051 for images (u8, 3 dims) and
// 2049 for labels (u8, 1 dim); each file gzipped or raw.
import { join } from 'node:path';
import { FASHION_MNIST_STATS, MNIST_STATS } from './constants.js';
import { checkLabels, dataError, type MemoryDataset, sharedBytes } from './dataset.js';
import { isDir, isFile, readMaybeGzip } from './files.js';

const IMAGE_MAGIC = 2051;
const LABEL_MAGIC = 2049;
const NUM_CLASSES = 10;

export const FASHION_CLASSES = ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'];
export const MNIST_CLASSES = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];

function layout(root: string): string {
  return (
    `an MNIST-style IDX folder: ${root}/{train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte, ` +
    't10k-labels-idx1-ubyte}, each raw or .gz (also accepted: the torchvision layout <root>/FashionMNIST/raw or <root>/MNIST/raw); ' +
    'images: magic 2051, count, rows, cols (big-endian u32) then count·rows·cols bytes; labels: magic 2049, count, then count bytes in [0, 10)'
  );
}

/** Finds the folder holding the IDX files: root itself, or a torchvision-style subfolder. */
function resolveRoot(root: string, flavour: 'fashion-mnist' | 'mnist'): string {
  const sub = flavour === 'mnist' ? 'MNIST' : 'FashionMNIST';
  const candidates = [root, join(root, 'raw'), join(root, sub, 'raw'), join(root, sub), join(root, flavour)];
  for (const c of candidates) if (findFile(c, 'train-images-idx3-ubyte') !== undefined) return c;
  if (!isDir(root)) throw dataError(root, 'folder not found', layout(root));
  throw dataError(root, 'no train-images-idx3-ubyte[.gz] in this folder (or its raw/ subfolders)', layout(root));
}

function findFile(dir: string, base: string): string | undefined {
  // Some mirrors spell the names with a dot: train-images.idx3-ubyte.
  const dotted = base.replace(/-(idx\d)/, '.$1');
  for (const b of [base, dotted])
    for (const ext of ['', '.gz']) {
      const p = join(dir, b + ext);
      if (isFile(p)) return p;
    }
  return undefined;
}

function u32(b: Uint8Array, o: number): number {
  return ((b[o]! << 24) | (b[o + 1]! << 16) | (b[o + 2]! << 8) | b[o + 3]!) >>> 0;
}

/** Parses an IDX image file into shared HWC bytes (one channel). */
export function parseIdxImages(buf: Uint8Array, file: string, expected: string): { count: number; rows: number; cols: number; images: Uint8Array } {
  if (buf.length < 16) throw dataError(file, `only ${buf.length} bytes, shorter than the 16-byte IDX image header`, expected);
  const magic = u32(buf, 0);
  if (magic !== IMAGE_MAGIC)
    throw dataError(
      file,
      `bad magic number ${magic} (an image file has 2051${magic === LABEL_MAGIC ? '; this looks like a label file' : ''})`,
      expected,
    );
  const count = u32(buf, 4),
    rows = u32(buf, 8),
    cols = u32(buf, 12);
  if (rows === 0 || cols === 0) throw dataError(file, `image size ${rows}x${cols} is empty`, expected);
  const want = 16 + count * rows * cols;
  if (buf.length !== want)
    throw dataError(
      file,
      `${buf.length} bytes, but the header (${count} images of ${rows}x${cols}) needs exactly ${want}: truncated or corrupt`,
      expected,
    );
  const images = sharedBytes(count * rows * cols);
  images.set(buf.subarray(16));
  return { count, rows, cols, images };
}

export function parseIdxLabels(buf: Uint8Array, file: string, expected: string): Int32Array {
  if (buf.length < 8) throw dataError(file, `only ${buf.length} bytes, shorter than the 8-byte IDX label header`, expected);
  const magic = u32(buf, 0);
  if (magic !== LABEL_MAGIC)
    throw dataError(
      file,
      `bad magic number ${magic} (a label file has 2049${magic === IMAGE_MAGIC ? '; this looks like an image file' : ''})`,
      expected,
    );
  const count = u32(buf, 4);
  if (buf.length !== 8 + count)
    throw dataError(file, `${buf.length} bytes, but the header (${count} labels) needs exactly ${8 + count}: truncated or corrupt`, expected);
  const labels = Int32Array.from(buf.subarray(8));
  checkLabels(labels, NUM_CLASSES, file, expected);
  return labels;
}

export function loadIdx(root: string, flavour: 'fashion-mnist' | 'mnist', split: 'train' | 'test'): MemoryDataset {
  const dir = resolveRoot(root, flavour);
  const expected = layout(dir);
  const prefix = split === 'train' ? 'train' : 't10k';
  const imgName = `${prefix}-images-idx3-ubyte`,
    lblName = `${prefix}-labels-idx1-ubyte`;
  const imgFile = findFile(dir, imgName),
    lblFile = findFile(dir, lblName);
  if (imgFile === undefined) throw dataError(join(dir, imgName), 'file not found (nor .gz)', expected);
  if (lblFile === undefined) throw dataError(join(dir, lblName), 'file not found (nor .gz)', expected);
  const img = parseIdxImages(readMaybeGzip(imgFile, expected), imgFile, expected);
  const labels = parseIdxLabels(readMaybeGzip(lblFile, expected), lblFile, expected);
  if (labels.length !== img.count) throw dataError(lblFile, `${labels.length} labels but ${imgFile} holds ${img.count} images`, expected);
  const stats = flavour === 'mnist' ? MNIST_STATS : FASHION_MNIST_STATS;
  return {
    kind: 'memory',
    name: flavour,
    split,
    numClasses: NUM_CLASSES,
    channels: 1,
    height: img.rows,
    width: img.cols,
    length: img.count,
    labels,
    images: img.images,
    mean: stats.mean,
    std: stats.std,
    classNames: flavour === 'mnist' ? MNIST_CLASSES : FASHION_CLASSES,
    source: dir,
  };
}
