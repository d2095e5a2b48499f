// What a dataset is: labelled images held either in memory (uint8, HWC, one block) or as a list of image files
// decoded on demand. Both are plain data (no methods), so they can be posted to a worker thread as they are.

interface DatasetBase {
  /** The dataset family, as loadDataset names it: 'cifar10', 'fashion-mnist', … */
  readonly name: string;
  /** Which part: 'train', 'test', and for cut-down sets e.g. 'train[0:25000]'. */
  readonly split: string;
  readonly numClasses: number;
  /** 1 for grayscale datasets: they stay single-channel, networks take `inChannels`. */
  readonly channels: number;
  /** Stored image size; 0 for file datasets whose images vary in size (their transforms fix the size). */
  readonly height: number;
  readonly width: number;
  readonly length: number;
  /** One label per image, in [0, numClasses). */
  readonly labels: Int32Array;
  /** Per-channel normalisation constants (of values scaled to [0, 1]). */
  readonly mean: readonly number[];
  readonly std: readonly number[];
  readonly classNames?: readonly string[];
  /** Where it came from, for messages. */
  readonly source: string;
}

export interface MemoryDataset extends DatasetBase {
  readonly kind: 'memory';
  /** length·height·width·channels bytes, HWC per image. Backed by a SharedArrayBuffer when the loaders made it. */
  readonly images: Uint8Array;
}

export interface FileDataset extends DatasetBase {
  readonly kind: 'files';
  /** One image file (JPEG/PNG, anything sharp reads) per sample, decoded in the loader's workers. */
  readonly files: readonly string[];
}

export type ImageDataset = MemoryDataset | FileDataset;

/** Allocates bytes that worker threads can read without a copy. */
export function sharedBytes(n: number): Uint8Array {
  return new Uint8Array(new SharedArrayBuffer(n));
}

/** Bytes of one stored image. */
export function imageBytes(ds: MemoryDataset): number {
  return ds.height * ds.width * ds.channels;
}

/** Checks that every label is in [0, numClasses); `file` and `layout` go into the message. */
export function checkLabels(labels: Int32Array, numClasses: number, file: string, layout: string): void {
  for (let i = 0; i < labels.length; i++) {
    const l = labels[i]!;
    if (l < 0 || l >= numClasses) throw dataError(file, `label ${l} of sample ${i} is out of range [0, ${numClasses})`, layout);
  }
}

/** The one shape of every data-layer error: which file, what is wrong, and what was expected. */
export function dataError(file: string, problem: string, expected: string): Error {
  return new Error(`${file}: ${problem}.\n  Expected ${expected}`);
}

/** A typed view of a dataset with fewer samples: contiguous ranges share storage, anything else is copied. */
export function selectSamples(ds: ImageDataset, indices: ArrayLike<number>, split = ds.split): ImageDataset {
  const n = indices.length;
  for (let i = 0; i < n; i++) {
    const k = indices[i]!;
    if (!Number.isInteger(k) || k < 0 || k >= ds.length)
      throw new Error(`${ds.name} ${ds.split}: sample index ${k} is out of range [0, ${ds.length})`);
  }
  let contiguous = true;
  for (let i = 1; i < n && contiguous; i++) contiguous = indices[i] === indices[0]! + i;
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) labels[i] = ds.labels[indices[i]!]!;
  if (ds.kind === 'files') {
    const files = Array.from({ length: n }, (_, i) => ds.files[indices[i]!]!);
    return { ...ds, split, length: n, labels, files };
  }
  const per = imageBytes(ds);
  let images: Uint8Array;
  if (contiguous && n > 0) {
    const start = indices[0]! * per;
    images = ds.images.subarray(start, start + n * per);
  } else {
    images = sharedBytes(n * per);
    for (let i = 0; i < n; i++) images.set(ds.images.subarray(indices[i]! * per, (indices[i]! + 1) * per), i * per);
  }
  return { ...ds, split, length: n, labels, images };
}
