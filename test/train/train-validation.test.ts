// `trainPortion` on a training run: the first floor(p·N) training images train, the rest are a validation split
// evaluated every epoch (what the select stage of `tsnas experiment` ranks cells on).
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { Progress } from '../../src/train/progress.js';
import { summarizeRun } from '../../src/train/run-summary.js';
import { runTraining } from '../../src/train/trainer.js';
import { tinyTrainOptions } from '../helpers/runs.js';

const root = mkdtempSync(join(tmpdir(), 'tsnas-train-validation-'));
after(() => rmSync(root, { recursive: true, force: true }));

test('a training run with trainPortion trains on the first part and reports validation top-1 on the rest', async () => {
  const out = join(root, 'run');
  const r = await runTraining(tinyTrainOptions(out, { trainPortion: 0.75 }), { progress: new Progress('test', process.stderr, true) });
  const records = readFileSync(join(out, 'metrics.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, number | string>);
  // 48 images x 0.75 = 36 train: 3 steps of 12 an epoch (all 48 would be 4); 12 validate.
  assert.equal(records.filter((x) => x.type === 'step').length, 6);
  const epochs = records.filter((x) => x.type === 'epoch');
  assert.equal(epochs.length, 2);
  for (const e of epochs) {
    // A top-1 over 12 images: a whole number of them right.
    const right = ((e.valTop1 as number) * 12) / 100;
    assert.ok(Math.abs(right - Math.round(right)) < 1e-9, String(e.valTop1));
  }
  const result = JSON.parse(readFileSync(join(out, 'result.json'), 'utf8')) as { val: { samples: number; top1: number }; final: { samples: number } };
  assert.equal(result.val.samples, 12);
  assert.equal(result.final.samples, 48);
  assert.equal(result.val.top1, epochs[1]!.valTop1);
  assert.equal(summarizeRun(r.dir).lastVal, result.val.top1);
});
