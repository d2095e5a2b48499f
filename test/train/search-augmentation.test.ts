// The augmentation of a search's two halves: the references' train_search.py (DARTS, D-DARTS, EvNAS) hand one
// train_transform to the weights' queue and to the architecture's (or fitness) queue, so --cutout and --auto-aug reach
// both; validation accuracy is measured on plain images.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { resolveSearch } from '../../src/train/command-options.js';
import { searchDatasets, searchTransforms } from '../../src/train/search-runner.js';

const cli = (values: Record<string, string | boolean>) => ({
  values,
  sources: Object.fromEntries(Object.keys(values).map((k) => [k, { kind: 'cli' as const }])),
});
const base = { dataset: 'synthetic', 'synthetic-size': '8', 'synthetic-count': '16', device: 'cpu' };

test('--cutout and --auto-aug apply to both halves of a search; without them neither half has them', async () => {
  const kinds = async (extra: Record<string, string | boolean>) => {
    const { options } = resolveSearch(cli({ ...base, ...extra }));
    const { train, val } = await searchDatasets(options);
    const t = searchTransforms(options, train, val);
    return { train: t.train.map((x) => x.kind), val: t.val.map((x) => x.kind) };
  };
  const on = await kinds({ cutout: true, 'cutout-length': '4', 'auto-aug': true });
  for (const half of [on.train, on.val]) {
    assert.ok(half.includes('cutout') && half.includes('autoAugment'), half.join(' '));
    // AutoAugment on the uint8 image after crop and flip; cutout after normalisation (spec ddarts-dartopti §11).
    assert.ok(half.indexOf('randomCrop') < half.indexOf('autoAugment') && half.indexOf('autoAugment') < half.indexOf('toTensor'), half.join(' '));
    assert.equal(half.at(-1), 'cutout');
  }
  const off = await kinds({});
  for (const half of [off.train, off.val]) assert.ok(!half.includes('cutout') && !half.includes('autoAugment'), half.join(' '));
});
