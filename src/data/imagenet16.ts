// ImageNet16-120 (NAS-Bench-201): the Downsampled-ImageNet 16x16 pickles (train_data_batch_1..10, val_data), each
// a dict {'data': uint8 (N, 768) channel-planar rows, 'labels': ints 1..1000[, 'mean']}. Only labels 1..120 are
// kept, as label − 1 (spec nasbench201 §5.5). Stored HWC.
import { join } from 'node:path';
import { isNdArray, ndarrayToNumbers } from '../io/numpy.js';
import { IMAGENET16_STATS } from './constants.js';
import { dataError, type MemoryDataset, sharedBytes } from './dataset.js';
import { isDir, isFile, readBytes, readPickle } from './files.js';

const SIDE = 16;
const PIXELS = SIDE * SIDE;
const ROW = 3 * PIXELS;
const KEPT_CLASSES = 120;
const TRAIN_FILES = Array.from({ length: 10 }, (_, i) => `train_data_batch_${i + 1}`);
const VAL_FILES = ['val_data'];

function layout(root: string): string {
  return (
    `${root}/ImageNet16/{train_data_batch_1 … train_data_batch_10, val_data} (or --data pointing at ImageNet16 itself): ` +
    `Python pickles of a dict with 'data' (uint8 array of shape (N, ${ROW}), each row the R, G, B planes of a 16x16 image) ` +
    "and 'labels' (N ints in 1..1000; classes 1..120 are kept)"
  );
}

function resolve(root: string): string {
  for (const d of [root, join(root, 'ImageNet16'), join(root, 'imagenet16')])
    if (isFile(join(d, 'val_data')) || isFile(join(d, TRAIN_FILES[0]!))) return d;
  if (!isDir(root)) throw dataError(root, 'folder not found', layout(root));
  throw dataError(root, 'no val_data or train_data_batch_1 here or in ImageNet16/', layout(root));
}

/** Parses one batch file and keeps the rows with labels 1..120. */
export function parseImageNet16Batch(buf: Uint8Array, file: string, expected: string): { rows: Uint8Array[]; labels: number[] } {
  const v = readPickle(buf, file);
  if (!(v instanceof Map)) throw dataError(file, 'the pickle does not hold a dict', expected);
  const data = v.get('data');
  const lab = v.get('labels');
  if (!isNdArray(data)) throw dataError(file, "no 'data' entry holding a numpy array", expected);
  if (data.dtype !== 'u1' || data.shape.length !== 2 || data.shape[1] !== ROW || data.data.length !== data.shape[0]! * ROW)
    throw dataError(
      file,
      `'data' is a ${data.dtype} array of shape (${data.shape.join(', ')}) with ${data.data.length} bytes, not uint8 (N, ${ROW})`,
      expected,
    );
  const n = data.shape[0]!;
  let labels: number[];
  if (Array.isArray(lab)) labels = lab.map((x) => (typeof x === 'number' ? x : Number.NaN));
  else if (isNdArray(lab)) labels = ndarrayToNumbers(lab, `${file}: 'labels'`);
  else throw dataError(file, "no 'labels' entry holding a list of ints", expected);
  if (labels.length !== n) throw dataError(file, `'labels' holds ${labels.length} labels for ${n} images`, expected);
  const rows: Uint8Array[] = [];
  const kept: number[] = [];
  for (let i = 0; i < n; i++) {
    const l = labels[i]!;
    if (!Number.isInteger(l) || l < 1 || l > 1000) throw dataError(file, `label ${l} of sample ${i} is out of range 1..1000`, expected);
    if (l <= KEPT_CLASSES) {
      rows.push(data.data.subarray(i * ROW, (i + 1) * ROW));
      kept.push(l - 1);
    }
  }
  return { rows, labels: kept };
}

export function loadImageNet16(root: string, split: 'train' | 'test'): MemoryDataset {
  const dir = resolve(root);
  const expected = layout(dir);
  const names = split === 'train' ? TRAIN_FILES : VAL_FILES;
  const rows: Uint8Array[] = [];
  const labels: number[] = [];
  for (const name of names) {
    const p = join(dir, name);
    // One file at a time: its parsed pickle can be dropped once the kept rows are copied out below.
    const part = parseImageNet16Batch(readBytes(p, expected), p, expected);
    for (const r of part.rows) rows.push(r.slice());
    for (const l of part.labels) labels.push(l);
  }
  const images = sharedBytes(rows.length * ROW);
  rows.forEach((r, k) => {
    const d = k * ROW;
    for (let p = 0; p < PIXELS; p++) {
      images[d + 3 * p] = r[p]!;
      images[d + 3 * p + 1] = r[PIXELS + p]!;
      images[d + 3 * p + 2] = r[2 * PIXELS + p]!;
    }
  });
  return {
    kind: 'memory',
    name: 'imagenet16-120',
    split,
    numClasses: KEPT_CLASSES,
    channels: 3,
    height: SIDE,
    width: SIDE,
    length: labels.length,
    labels: Int32Array.from(labels),
    images,
    mean: IMAGENET16_STATS.mean,
    std: IMAGENET16_STATS.std,
    source: dir,
  };
}
