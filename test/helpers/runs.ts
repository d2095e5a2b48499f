// The tiny search the library-level run tests start from: 2 epochs of a C=4, 3-cell supernet on 64 synthetic 8 px
// images (32 train the weights in 4 steps of 8), no drawings.
import type { SearchOptions } from '../../src/train/search-runner.js';

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
