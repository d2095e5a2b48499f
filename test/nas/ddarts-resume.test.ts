// `tsnas search --resume` of D-DARTS (faithful gradient accumulation, whose α gradients outlive a step) and of
// DARTOpti (pretraining → search): interrupted + resumed runs end exactly where uninterrupted runs end.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import type { MethodConfig } from '../../src/nas/search/registry.js';
import { Progress } from '../../src/train/progress.js';
import { resumeSearch, runSearch, SearchInterrupted, type SearchOptions } from '../../src/train/search-runner.js';
import { tinySearchOptions } from '../helpers/runs.js';

const root = mkdtempSync(join(tmpdir(), 'tsnas-ddarts-resume-'));
after(() => rmSync(root, { recursive: true, force: true }));
const quiet = (): Progress => new Progress('test', process.stderr, true);

function options(out: string, methodConfig: MethodConfig): SearchOptions {
  return tinySearchOptions(out, { method: 'ddarts', methodConfig: { log: () => undefined, ...methodConfig } });
}

const cases: [string, MethodConfig][] = [
  ['ddarts --faithful', { faithful: true }],
  ['ddarts --space dartopti --baseline resnet18', { space: 'dartopti', baseline: 'resnet18', pretrainEpochs: 1 }],
];

for (const [name, config] of cases) {
  test(`${name}: interrupted + resumed equals uninterrupted`, async () => {
    const tag = name.replace(/\W+/g, '-');
    const full = await runSearch(options(join(root, `${tag}-full`), config), { progress: quiet() });
    const dir = join(root, `${tag}-split`);
    // 4 steps per epoch: stop in the middle of the second epoch (DARTOpti: the first search epoch).
    await assert.rejects(runSearch(options(dir, config), { progress: quiet(), stopAfterSteps: 6 }), SearchInterrupted);
    const resumed = await resumeSearch(dir, { progress: quiet() });
    assert.equal(resumed.genotypeText, full.genotypeText);
    const weights = (d: string): unknown => JSON.parse(readFileSync(join(d, 'genotypes', 'epoch-002.weights.json'), 'utf8'));
    assert.deepEqual(weights(dir), weights(full.dir));
  });
}
