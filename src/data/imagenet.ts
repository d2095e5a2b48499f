// ImageNet as torchvision's ImageFolder sees it: <root>/{train,val}/<wnid>/*.JPEG, classes = sorted folder names.
// Only the file list is built here; images are decoded per batch in the loader's workers.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { IMAGENET_STATS } from './constants.js';
import { dataError, type FileDataset } from './dataset.js';
import { isDir } from './files.js';

const IMAGE_EXT = /\.(jpe?g|png|webp|bmp|tiff?)$/i;

function layout(root: string): string {
  return (
    `${root}/train/<class>/*.JPEG and ${root}/val/<class>/*.JPEG (one folder per class, e.g. the ILSVRC2012 wnids n01440764 …; ` +
    'classes are the sorted folder names; the val images must already be sorted into class folders)'
  );
}

/** Lists a folder of class folders the way ImageFolder does: sorted classes, sorted files, sub-folders walked. */
export function listImageFolder(dir: string, expected: string): { files: string[]; labels: Int32Array; classNames: string[] } {
  if (!isDir(dir)) throw dataError(dir, 'folder not found', expected);
  const classNames = readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && !e.name.startsWith('.'))
    .map((e) => e.name)
    .sort(byCodeUnit);
  if (classNames.length === 0) {
    const loose = readdirSync(dir, { withFileTypes: true }).filter((e) => e.isFile() && IMAGE_EXT.test(e.name)).length;
    throw dataError(
      dir,
      loose > 0
        ? `holds no class folders (${loose} image files lie directly in it; ImageFolder needs one sub-folder per class)`
        : 'holds no class folders (no images at all)',
      expected,
    );
  }
  const files: string[] = [];
  const labels: number[] = [];
  classNames.forEach((c, k) => {
    const before = files.length;
    walk(join(dir, c), files);
    if (files.length === before) throw dataError(join(dir, c), 'class folder holds no image files (.JPEG/.jpg/.png)', expected);
    for (let i = before; i < files.length; i++) labels.push(k);
  });
  return { files, labels: Int32Array.from(labels), classNames };
}

function walk(dir: string, out: string[]): void {
  const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => byCodeUnit(a.name, b.name));
  for (const e of entries) {
    const p = join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else if (IMAGE_EXT.test(e.name)) out.push(p);
  }
}

// Python's sorted() order (code points), not the locale order of localeCompare.
function byCodeUnit(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The class folder names of an ImageFolder split, sorted as listImageFolder sorts them. */
function classFolders(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && !e.name.startsWith('.'))
    .map((e) => e.name)
    .sort(byCodeUnit);
}

function listSome(names: readonly string[], limit = 10): string {
  const shown = names.slice(0, limit).join(', ');
  return `[${shown}${names.length > limit ? `, … ${names.length - limit} more` : ''}]`;
}

/**
 * Labels are positions in the sorted class list, so train/ and val/ must hold the same class folders: one missing
 * (or extra) folder shifts every later label and the test accuracy silently drops to chance.
 */
export function checkSameClasses(root: string, trainClasses: readonly string[], valClasses: readonly string[], expected: string): void {
  const train = new Set(trainClasses);
  const val = new Set(valClasses);
  const missing = trainClasses.filter((c) => !val.has(c));
  const extra = valClasses.filter((c) => !train.has(c));
  if (missing.length === 0 && extra.length === 0) return;
  const parts = [missing.length > 0 ? `missing in val: ${listSome(missing)}` : '', extra.length > 0 ? `extra in val: ${listSome(extra)}` : ''].filter(
    (p) => p.length > 0,
  );
  throw dataError(
    root,
    `train/ has ${trainClasses.length} class folders and val/ has ${valClasses.length}, and they differ ` +
      `(${parts.join('; ')}); labels are positions in the sorted class list, so both splits need the same class folders`,
    expected,
  );
}

export function loadImageFolder(root: string, split: 'train' | 'test'): FileDataset {
  const expected = layout(root);
  if (!isDir(root)) throw dataError(root, 'folder not found', expected);
  const sub = split === 'train' ? 'train' : 'val';
  const dir = join(root, sub);
  if (!isDir(dir)) throw dataError(dir, `folder not found (the ${split} split of ImageNet lives in ${sub}/)`, expected);
  const { files, labels, classNames } = listImageFolder(dir, expected);
  const other = join(root, split === 'train' ? 'val' : 'train');
  if (isDir(other)) {
    const there = classFolders(other);
    if (there.length > 0) checkSameClasses(root, split === 'train' ? classNames : there, split === 'train' ? there : classNames, expected);
  }
  return {
    kind: 'files',
    name: 'imagenet',
    split,
    numClasses: classNames.length,
    channels: 3,
    height: 0,
    width: 0,
    length: files.length,
    labels,
    files,
    mean: IMAGENET_STATS.mean,
    std: IMAGENET_STATS.std,
    classNames,
    source: dir,
  };
}
