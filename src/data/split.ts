// Cutting datasets down: the DARTS train/val split and --subset.
import { type ImageDataset, selectSamples } from './dataset.js';
import { Rng } from './rng.js';

/**
 * DARTS search split (spec 3.1): the first floor(trainPortion·N) samples in file order train the weights, the rest
 * the architecture. NOT shuffled first — the random order comes from each half's loader. Both halves share the
 * storage of `ds` (no copy).
 */
export function splitTrainVal(ds: ImageDataset, trainPortion = 0.5): { train: ImageDataset; val: ImageDataset } {
  if (!(trainPortion > 0 && trainPortion < 1)) throw new Error(`splitTrainVal: trainPortion must be in (0, 1), got ${trainPortion}`);
  const split = Math.floor(trainPortion * ds.length);
  if (split === 0 || split === ds.length)
    throw new Error(`splitTrainVal: ${ds.name} ${ds.split} has ${ds.length} samples; trainPortion ${trainPortion} leaves one half empty`);
  return {
    train: selectSamples(ds, range(0, split), `${ds.split}[0:${split}]`),
    val: selectSamples(ds, range(split, ds.length), `${ds.split}[${split}:${ds.length}]`),
  };
}

export interface SubsetOptions {
  /** Pick a seeded random `count` samples (kept in dataset order) instead of the first `count`. */
  seed?: number;
}

/** The first `count` samples, or a seeded random `count` of them; `count` ≥ length returns `ds` unchanged. */
export function subsetDataset(ds: ImageDataset, count: number, opts: SubsetOptions = {}): ImageDataset {
  if (!Number.isInteger(count) || count < 1) throw new Error(`subset: expected a positive integer sample count, got ${count}`);
  if (count >= ds.length) return ds;
  if (opts.seed === undefined) return selectSamples(ds, range(0, count), `${ds.split}[0:${count}]`);
  const picked = new Rng(opts.seed).permutation(ds.length).subarray(0, count).sort();
  return selectSamples(ds, picked, `${ds.split}[random ${count}, seed ${opts.seed}]`);
}

function range(a: number, b: number): Int32Array {
  const r = new Int32Array(b - a);
  for (let i = 0; i < r.length; i++) r[i] = a + i;
  return r;
}
