// The data options through the command line: --auto-aug (train and search), search --cutout, and the synthetic
// dataset's geometry, which the networks of search, train and eval must be built for.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadStateDict } from '../../src/io/torch.js';
import { resolveSearch, resolveTrain } from '../../src/train/command-options.js';
import { loadRunDataset } from '../../src/train/run-loop.js';
import { tsnas, tsnasOk } from '../helpers/cli.js';

function scratch(t: { after: (fn: () => void) => void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'tsnas-aug-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Three classes of 3-channel 8x8 images: AutoAugment's RGB path. */
const RGB = ['--dataset', 'synthetic', '--synthetic-size', '8', '--synthetic-classes', '3', '--synthetic-count', '32', '--synthetic-channels', '3'];
const SMALL = ['--epochs', '1', '--init-channels', '4', '--layers', '3', '--batch-size', '16', '--workers', '0', '--no-tensorboard'];

const config = (dir: string): Record<string, unknown> => JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8')).config;
const firstLoss = (dir: string): number => JSON.parse(readFileSync(join(dir, 'metrics.jsonl'), 'utf8').split('\n')[0]!).loss;

test('train --auto-aug runs end to end, is recorded, and changes what the network sees', (t) => {
  const dir = scratch(t);
  tsnasOk('train', '--arch', 'DARTS_V2', ...RGB, ...SMALL, '--auto-aug', '--out', join(dir, 'aa'));
  tsnasOk('train', '--arch', 'DARTS_V2', ...RGB, ...SMALL, '--out', join(dir, 'plain'));
  assert.equal(config(join(dir, 'aa'))['auto-aug'], true);
  assert.equal(config(join(dir, 'plain'))['auto-aug'], false);
  assert.ok(JSON.parse(readFileSync(join(dir, 'aa', 'result.json'), 'utf8')).final.samples > 0);
  // Same seed, same weights: only the augmented images make the first loss differ.
  assert.notEqual(firstLoss(join(dir, 'aa')), firstLoss(join(dir, 'plain')));
  // The run is reproduced from its config.
  tsnasOk('rerun', join(dir, 'aa'), '--out', join(dir, 'again'));
  assert.equal(firstLoss(join(dir, 'again')), firstLoss(join(dir, 'aa')));
});

test('search --cutout and --auto-aug run end to end on 1-channel images and are recorded', (t) => {
  const dir = scratch(t);
  const gray = ['--dataset', 'synthetic', '--synthetic-size', '8', '--synthetic-count', '32', '--synthetic-channels', '1'];
  tsnasOk('search', ...gray, ...SMALL, '--no-draw', '--cutout', '--cutout-length', '4', '--auto-aug', '--out', join(dir, 's'));
  tsnasOk('search', ...gray, ...SMALL, '--no-draw', '--out', join(dir, 'plain'));
  const c = config(join(dir, 's'));
  assert.deepEqual([c.cutout, c['cutout-length'], c['auto-aug'], c['valid-split']], [true, 4, true, 'train']);
  assert.notEqual(firstLoss(join(dir, 's')), firstLoss(join(dir, 'plain')));
});

test('--auto-aug is refused on 2- and 4-channel images before anything is written', (t) => {
  const dir = scratch(t);
  const r = tsnas('train', '--dataset', 'synthetic', '--synthetic-channels', '4', '--auto-aug', ...SMALL, '--out', join(dir, 'x'));
  assert.equal(r.status, 1);
  assert.match(r.stderr, /--auto-aug: AutoAugment works on 1- and 3-channel images, and --synthetic-channels is 4/);
  assert.ok(!existsSync(join(dir, 'x')));
});

test('--synthetic-size, --synthetic-classes and --synthetic-channels shape the data and the networks of search, train and eval', async (t) => {
  const dir = scratch(t);
  const geometry = [
    '--dataset',
    'synthetic',
    '--synthetic-size',
    '12',
    '--synthetic-classes',
    '3',
    '--synthetic-count',
    '24',
    '--synthetic-channels',
    '1',
  ];
  // What the run loads from the resolved options.
  const cli = (args: string[]) => {
    const values: Record<string, string> = {};
    for (let i = 0; i < args.length; i += 2) values[args[i]!.slice(2)] = args[i + 1]!;
    return { values, sources: Object.fromEntries(Object.keys(values).map((k) => [k, { kind: 'cli' as const }])) };
  };
  for (const { options } of [resolveTrain(cli(geometry)), resolveSearch(cli(geometry))]) {
    const ds = await loadRunDataset(options, 'train');
    assert.deepEqual([ds.height, ds.width, ds.channels, ds.numClasses, ds.length], [12, 12, 1, 3, 24]);
  }
  // The networks: logits of width 3 (classifier rows), a stem that takes 1 channel.
  tsnasOk('search', ...geometry, ...SMALL, '--no-draw', '--out', join(dir, 's'));
  tsnasOk('train', '--arch', join(dir, 's'), ...geometry, ...SMALL, '--out', join(dir, 't'));
  const sd = loadStateDict(join(dir, 't', 'model.pt'));
  assert.deepEqual(sd.get('classifier.weight')!.shape.slice(0, 1), [3]);
  assert.equal(sd.get('stem.0.weight')!.shape[1], 1);
  for (const v of sd.values()) v.dispose();
  const ev = JSON.parse(tsnasOk('eval', join(dir, 't'), '--json'));
  assert.equal(ev.samples, 24);
  // eval with the geometry given again, on its own test split: the same network and images.
  const again = JSON.parse(tsnasOk('eval', '--checkpoint', join(dir, 't', 'model.pt'), ...geometry, '--json'));
  assert.equal(again.top1, ev.top1);
  // Given without --dataset synthetic they are refused, not ignored (the run would use CIFAR-10's 10 classes).
  const r = tsnas('train', '--synthetic-classes', '3', ...SMALL, '--out', join(dir, 'x'));
  assert.equal(r.status, 1);
  assert.match(r.stderr, /--synthetic-classes applies to the synthetic dataset only, and the dataset is cifar10: add --dataset synthetic/);
  const e = tsnas('eval', join(dir, 't'), '--synthetic-classes', '4', '--json');
  assert.equal(e.status, 1);
  assert.match(e.stderr, /--synthetic-classes applies to the synthetic dataset only/);
});

test("a config file's synthetic options go with its dataset when the command line changes it, and are refused otherwise", () => {
  const mixed = (fileValues: Record<string, unknown>, cliValues: Record<string, string>) => ({
    values: { ...fileValues, ...cliValues },
    sources: {
      ...Object.fromEntries(Object.keys(fileValues).map((k) => [k, { kind: 'file' as const, path: 'run/config.json' }])),
      ...Object.fromEntries(Object.keys(cliValues).map((k) => [k, { kind: 'cli' as const }])),
    },
  });
  const file = { dataset: 'synthetic', 'synthetic-classes': 3, 'synthetic-size': 8 };
  const switched = resolveTrain(mixed(file, { dataset: 'cifar10', device: 'cpu' }));
  assert.equal(switched.config['synthetic-classes'], undefined);
  assert.equal(switched.options.synthetic, undefined);
  assert.throws(
    () => resolveTrain(mixed({ dataset: 'cifar10', 'synthetic-classes': 3 }, { device: 'cpu' })),
    /'synthetic-classes' in run\/config.json applies to the synthetic dataset only, and the dataset is cifar10/,
  );
  assert.deepEqual(resolveTrain(mixed(file, { device: 'cpu' })).options.synthetic, { size: 8, classes: 3, count: 512, channels: 3 });
});
