// The experiment summary over run folders written by hand: mean ± sample std over seeds against numbers worked out
// by hand, unfinished runs left out, the Markdown and CSV forms, and the select stage's choice of cell.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { parseExperimentFile, planExperiment } from '../../src/train/experiment/plan.js';
import { meanStd, selectedCell, summarizeExperiment, summaryCsv, summaryMarkdown } from '../../src/train/experiment/summary.js';

const root = mkdtempSync(join(tmpdir(), 'tsnas-experiment-summary-'));
after(() => rmSync(root, { recursive: true, force: true }));

const T0 = Date.parse('2026-01-01T00:00:00.000Z');

/** A run folder as a run leaves it: config, status (finished after `seconds`, or interrupted), epoch metrics, result. */
function run(dir: string, command: string, o: { seconds: number; epochs: Record<string, number>[]; finished?: boolean }): void {
  mkdirSync(dir, { recursive: true });
  const finished = o.finished ?? true;
  writeFileSync(join(dir, 'config.json'), JSON.stringify({ command, options: { dataset: 'synthetic' } }));
  writeFileSync(
    join(dir, 'status.json'),
    JSON.stringify({
      state: finished ? 'finished' : 'interrupted',
      signal: finished ? undefined : 'SIGTERM',
      command,
      pid: 1,
      host: 'h',
      startedAt: new Date(T0).toISOString(),
      endedAt: new Date(T0 + o.seconds * 1000).toISOString(),
    }),
  );
  writeFileSync(join(dir, 'metrics.jsonl'), o.epochs.map((e, i) => JSON.stringify({ type: 'epoch', epoch: i + 1, ...e }) + '\n').join(''));
  if (finished) writeFileSync(join(dir, 'result.json'), JSON.stringify({ seconds: o.seconds }));
}

describe('experiment summary', () => {
  it('mean and sample standard deviation', () => {
    assert.deepEqual(meanStd([]), null);
    assert.deepEqual(meanStd([5]), { mean: 5, std: null, n: 1 });
    // mean 63; squared deviations 9 + 1 + 16 = 26; 26 / (3 - 1) = 13.
    const s = meanStd([60, 62, 67])!;
    assert.equal(s.mean, 63);
    assert.ok(Math.abs(s.std! - Math.sqrt(13)) < 1e-12);
  });

  it('per method: mean ± std over seeds of search val, test top-1, params and times', () => {
    const out = join(root, 'a');
    const plan = planExperiment(parseExperimentFile('name: a\nseeds: [0, 1, 2]\nmethods: [darts, dropnas]\n'), join(root, 'a.yaml'), out);
    const val = [60, 62, 67];
    const test = [80, 81, 85];
    const params = [7480, 7480, 8000];
    for (const s of [0, 1, 2]) {
      // The best epoch counts, not the last.
      run(join(out, 'darts', `search-s${s}`), 'search', {
        seconds: 30 + 10 * s,
        epochs: [{ valAccuracy: val[s]! - 5 }, { valAccuracy: val[s]! }, { valAccuracy: 1 }],
      });
      run(join(out, 'darts', `train-s${s}`), 'train', { seconds: 100 + 10 * s, epochs: [{ testTop1: test[s]! }] });
      writeFileSync(join(out, 'darts', `eval-s${s}.json`), JSON.stringify({ top1: test[s], params: params[s] }));
    }
    // dropnas: one seed finished, one interrupted in its search (left out), one not started.
    run(join(out, 'dropnas', 'search-s0'), 'search', { seconds: 50, epochs: [{ valAccuracy: 70.125 }] });
    run(join(out, 'dropnas', 'train-s0'), 'train', { seconds: 20, epochs: [{ testTop1: 90 }] });
    writeFileSync(join(out, 'dropnas', 'eval-s0.json'), JSON.stringify({ top1: 90.5, params: 9000 }));
    run(join(out, 'dropnas', 'search-s1'), 'search', { seconds: 10, epochs: [{ valAccuracy: 99 }], finished: false });

    const s = summarizeExperiment(plan);
    const [darts, dropnas] = s.groups;
    assert.equal(darts!.finished, 3);
    assert.equal(darts!.searchVal!.mean, 63);
    assert.equal(darts!.testTop1!.mean, 82);
    assert.equal(dropnas!.finished, 1);
    assert.deepEqual(dropnas!.searchVal, { mean: 70.125, std: null, n: 1 });
    assert.equal(dropnas!.seeds[1]!.search!.state, 'interrupted');
    const md = summaryMarkdown(s);
    // test: mean 82, deviations -2, -1, 3: (4 + 1 + 9) / 2 = 7, sqrt 7 = 2.6458. params: mean 7653.33, squared
    // deviations 2 x 173.33² + 346.67² = 180266.67, / 2 = 90133.33, sqrt = 300.22: 7.7 ± 0.3 k.
    // search time 30, 40, 50 s: 40 ± 10; train time 100, 110, 120 s: 110 ± 10 s = 1.8 ± 0.2 min.
    assert.match(md, /^\| method \| runs \| search val top-1 \(%\) \| test top-1 \(%\) \| params \(k\) \| search time \| train time \|$/m);
    assert.match(md, /^\| darts \| 3\/3 \| 63\.00 ± 3\.61 \| 82\.00 ± 2\.65 \| 7\.7 ± 0\.3 \| 40\.0 ± 10\.0 s \| 1\.8 ± 0\.2 min \|$/m);
    assert.match(md, /^\| dropnas \| 1\/3 \| 70\.13 \| 90\.50 \| 9\.0 \| 50\.0 s \| 20\.0 s \|$/m);
    assert.match(md, /sample standard deviation, n - 1/);
    const csv = summaryCsv(s).trim().split('\n');
    assert.equal(
      csv[0],
      'method,label,runs_finished,runs_planned,search_val_mean,search_val_std,test_top1_mean,test_top1_std,params_mean,params_std,' +
        'search_seconds_mean,search_seconds_std,train_seconds_mean,train_seconds_std,selected_seed',
    );
    const fields = csv[1]!.split(',');
    assert.deepEqual(fields.slice(0, 4), ['darts', 'darts', '3', '3']);
    const expected = [63, Math.sqrt(13), 82, Math.sqrt(7), 22960 / 3, Math.sqrt(270400 / 3), 40, 10, 110, 10];
    fields.slice(4, 14).forEach((f, i) => assert.ok(Math.abs(Number(f) - expected[i]!) < 1e-9, `${csv[0]!.split(',')[i + 4]}: ${f}`));
    assert.equal(fields[14], '');
    assert.equal(csv[2], 'dropnas,dropnas,1,3,70.125,,90.5,,9000,,50,,20,,');
  });

  it('with a validation split in every select run, the cell is kept on validation top-1, not test', () => {
    const out = join(root, 'c');
    const plan = planExperiment(parseExperimentFile('name: c\nseeds: [0, 1]\nmethods: [darts]\nselect: {epochs: 1}\n'), join(root, 'c.yaml'), out);
    run(join(out, 'darts', 'select-s0'), 'train', { seconds: 5, epochs: [{ valTop1: 60, testTop1: 90 }] });
    run(join(out, 'darts', 'select-s1'), 'train', { seconds: 5, epochs: [{ valTop1: 65, testTop1: 80 }] });
    const choice = selectedCell(plan, 'darts');
    assert.equal(choice.on, 'validation');
    assert.equal(choice.search, 'darts/search-s1');
    const md = summaryMarkdown(summarizeExperiment(plan));
    assert.match(md, /^- darts: kept darts\/search-s1 \(validation top-1 65\.00% in the select stage\)$/m);
    assert.doesNotMatch(md, /cells kept on test top-1/);
  });

  it('the select stage keeps the cell with the best test top-1 (first seed on a tie), and stands by its choice', () => {
    const out = join(root, 'b');
    const yaml = 'name: b\nseeds: [0, 1, 2]\nmethods: [darts]\nselect: {epochs: 1}\ngrid: {search.lr: [0.1]}\n';
    const plan = planExperiment(parseExperimentFile(yaml), join(root, 'b.yaml'), out);
    const g = 'darts+search.lr=0.1';
    const top1 = [70, 75.5, 75.5];
    for (const s of [0, 1, 2]) run(join(out, g, `select-s${s}`), 'train', { seconds: 5, epochs: [{ testTop1: 99 }, { testTop1: top1[s]! }] });
    const choice = selectedCell(plan, g);
    assert.equal(choice.search, `${g}/search-s1`);
    assert.equal(choice.top1, 75.5);
    assert.deepEqual(JSON.parse(readFileSync(join(out, g, 'selection.json'), 'utf8')).search, `${g}/search-s1`);
    assert.match(
      summaryMarkdown(summarizeExperiment(plan)),
      /^- darts\+search\.lr=0\.1: kept darts\+search\.lr=0\.1\/search-s1 \(test top-1 75\.50% in the select stage\)$/m,
    );
    assert.match(summaryMarkdown(summarizeExperiment(plan)), /^\| darts \| 0\.1 \| 0\/3 \|/m);
    // Seed 2's select run now does better: the recorded choice is not silently replaced.
    run(join(out, g, 'select-s2'), 'train', { seconds: 5, epochs: [{ testTop1: 80 }] });
    assert.throws(
      () => selectedCell(plan, g),
      /kept darts\+search\.lr=0\.1\/search-s1 before, and its runs now point at darts\+search\.lr=0\.1\/search-s2/,
    );
    assert.match(summaryMarkdown(summarizeExperiment(plan)), /^- cells kept on test top-1 .*not independent of that choice/m);
    rmSync(join(out, g, 'select-s0'), { recursive: true });
    assert.throws(() => selectedCell(plan, g), /select-s0 has not finished/);
  });
});
