// The tiny runs the library-level run tests start from. Search: 2 epochs of a C=4, 3-cell supernet on 64 synthetic
// 8 px images (32 train the weights in 4 steps of 8), no drawings. Training: DARTS_V2 at C=4 with 3 cells, train.py's
// optimiser settings, no auxiliary head, cutout or drop path.
import type { SearchOptions } from '../../src/train/search-runner.js';
import type { TrainOptions } from '../../src/train/trainer.js';

export function tinySearchOptions(out: string, o: Partial<SearchOptions> = {}): SearchOptions {
  return {
    method: 'darts',
    dataset: 'synthetic',
    epochs: 2,
    channels: 4,
    layers: 3,
    batchSize: 8,
    seed: 3,
    trainPortion: 0.5,
    workers: 0,
    device: 'cpu',
    methodConfig: {},
    out,
    draw: false,
    synthetic: { size: 8, classes: 4, count: 64, channels: 1 },
    ...o,
  };
}

export function tinyTrainOptions(out: string, o: Partial<TrainOptions> = {}): TrainOptions {
  return {
    arch: 'DARTS_V2',
    dataset: 'synthetic',
    synthetic: { size: 8, classes: 4, count: 48, channels: 1 },
    epochs: 2,
    channels: 4,
    layers: 3,
    batchSize: 12,
    lr: 0.05,
    lrMin: 0,
    momentum: 0.9,
    weightDecay: 3e-4,
    gradClip: 5,
    auxiliary: false,
    auxiliaryWeight: 0.4,
    cutout: false,
    cutoutLength: 4,
    dropPath: 0,
    labelSmoothing: 0,
    seed: 0,
    workers: 0,
    device: 'cpu',
    out,
    ...o,
  };
}
