// What the board reads of run directories, without a browser: runs found below experiments (bounded), metrics.jsonl
// read on from a byte offset with a torn last line left for later, files confined to their run, and the report's
// inlining (no `</script>` from a run's data closes the page's script early).
import assert from 'node:assert/strict';
import { appendFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { reportHtml } from '../../src/board/report.js';
import { readMetrics, runView, toBoardRuns } from '../../src/board/run-data.js';
import { fileInside } from '../../src/board/server.js';
import { runsIn } from '../../src/train/run-summary.js';

const root = mkdtempSync(join(tmpdir(), 'tsnas-board-data-'));
after(() => rmSync(root, { recursive: true, force: true }));

function makeRun(dir: string): string {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'config.json'), JSON.stringify({ command: 'search', config: { method: 'darts', dataset: 'synthetic', epochs: 2 } }));
  return dir;
}

test('runs are found below experiments, at most four levels down and never inside another run', () => {
  const top = join(root, 'find');
  makeRun(join(top, 'a'));
  makeRun(join(top, 'a', 'nested')); // inside run a: not a run of its own here
  mkdirSync(join(top, 'exp'), { recursive: true });
  writeFileSync(join(top, 'exp', 'experiment.json'), '{}');
  makeRun(join(top, 'exp', 'trial-1', 'seed-0'));
  makeRun(join(top, '1', '2', '3', '4')); // four levels down: found
  makeRun(join(top, 'x', '2', '3', '4', '5')); // five: not
  makeRun(join(top, '.hidden', 'r'));
  assert.deepEqual(runsIn(top), [join(top, '1', '2', '3', '4'), join(top, 'a'), join(top, 'exp', 'trial-1', 'seed-0')]);
  assert.deepEqual(runsIn(join(top, 'a')), [join(top, 'a')], 'a run directory names itself');
  assert.deepEqual(runsIn(join(top, 'exp')), [join(top, 'exp', 'trial-1', 'seed-0')]);
});

test('metrics.jsonl is read on from a byte offset; a torn last line waits for its newline', () => {
  const dir = makeRun(join(root, 'metrics'));
  const step = '{"type":"step","epoch":1,"step":1,"loss":2.5}\n';
  const epoch = '{"type":"epoch","epoch":1,"valAccuracy":10}\n';
  const torn = '{"type":"epoch","epoch":2,"valAcc';
  writeFileSync(join(dir, 'metrics.jsonl'), step + epoch + torn);
  const first = readMetrics(dir);
  assert.deepEqual(first.records, [{ type: 'epoch', epoch: 1, valAccuracy: 10 }], 'step records are left out');
  assert.deepEqual(first.lastStep, { type: 'step', epoch: 1, step: 1, loss: 2.5 });
  assert.equal(first.from, 0);
  assert.equal(first.next, step.length + epoch.length, 'up to the end of the last complete line');

  appendFileSync(join(dir, 'metrics.jsonl'), 'uracy":20}\n');
  const second = readMetrics(dir, first.next);
  assert.deepEqual(second.records, [{ type: 'epoch', epoch: 2, valAccuracy: 20 }]);
  assert.equal(second.lastStep, undefined);
  assert.equal(second.next, step.length + epoch.length + torn.length + 'uracy":20}\n'.length);
  assert.deepEqual(readMetrics(dir, second.next).records, [], 'nothing new');

  writeFileSync(join(dir, 'metrics.jsonl'), epoch); // the run was replaced (--overwrite): read from the start
  const again = readMetrics(dir, second.next);
  assert.equal(again.from, 0);
  assert.equal(again.records.length, 1);
});

test('a file request resolves inside its run directory or is refused', () => {
  const dir = makeRun(join(root, 'files'));
  mkdirSync(join(dir, 'genotypes'));
  writeFileSync(join(root, 'secret.txt'), 'secret');
  symlinkSync(join(root, 'secret.txt'), join(dir, 'link-out'));
  symlinkSync(join(dir, 'config.json'), join(dir, 'link-in'));
  assert.deepEqual(fileInside(dir, 'config.json'), { path: join(dir, 'config.json') });
  assert.deepEqual(fileInside(dir, 'genotypes/../config.json'), { path: join(dir, 'config.json') });
  assert.deepEqual(fileInside(dir, 'link-in'), { path: join(dir, 'config.json') });
  for (const bad of ['../secret.txt', 'genotypes/../../secret.txt', '/etc/passwd', 'link-out', '', '.', 'config.json\0']) {
    assert.deepEqual(fileInside(dir, bad), { refused: 'outside' }, JSON.stringify(bad));
  }
  assert.deepEqual(fileInside(dir, 'genotypes'), { refused: 'missing' }, 'a folder is not a file');
  assert.deepEqual(fileInside(dir, 'nothing.svg'), { refused: 'missing' });
});

test("a run's view: α and cell pictures by epoch; the report inlines them and escapes the run's text", () => {
  const dir = makeRun(join(root, 'view'));
  mkdirSync(join(dir, 'genotypes'));
  const weights = {
    relaxation: 'softmax',
    ops: ['a', 'b'],
    cells: { normal: { edges: [{ edge: 'x -> 0', from: 'x', to: '0', weights: { a: 0.25, b: 0.75 } }] } },
  };
  writeFileSync(join(dir, 'genotypes', 'epoch-002.weights.json'), JSON.stringify(weights));
  writeFileSync(join(dir, 'genotypes', 'epoch-002.normal.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  writeFileSync(join(dir, 'genotypes', 'epoch-002.txt'), 'not a picture');
  writeFileSync(
    join(dir, 'metrics.jsonl'),
    JSON.stringify({ type: 'epoch', epoch: 2, genotype: '</script><script>alert(1)</script><!--<script>' }) + '\n',
  );
  const [run] = toBoardRuns([dir]);
  const view = runView(run!);
  assert.deepEqual(view.arch, [{ epoch: 2, weights }]);
  assert.deepEqual(view.cells, [{ epoch: 2, pictures: { normal: 'genotypes/epoch-002.normal.svg' } }]);
  assert.equal(view.metrics.records.length, 1);

  const html = reportHtml([dir]);
  // Three scripts of the page's own (the data, uPlot, the board) and nothing fetched.
  assert.equal(html.match(/<\/script>/g)?.length, 3);
  assert.doesNotMatch(html, /<script src|<link |<!--/);
  const inlined = /window\.TSNAS_REPORT = (.*);<\/script>/.exec(html)![1]!;
  assert.equal(JSON.parse(inlined).views[0].metrics.records[0].genotype, '</script><script>alert(1)</script><!--<script>');
  assert.ok(html.includes(`data:image/svg+xml;base64,${Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>').toString('base64')}`));
  assert.throws(() => reportHtml([join(root, 'no-such-folder')]), /no such directory/);
  mkdirSync(join(root, 'empty'));
  assert.throws(() => reportHtml([join(root, 'empty')]), /report: no run directories in .*empty/);
});
