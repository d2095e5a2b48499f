// The experiment file and its plan: methods x grid points x seeds expanded into the runs of every stage with the
// options merged in order (shared < stage < method < grid), inputs and deps wired as the stages need; every kind of
// mistake in the file refused with where it is and what to write; and what a changed file changes.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  ExperimentFileError,
  type ExperimentPlan,
  optionFlags,
  parseExperimentFile,
  planChanges,
  planExperiment,
  withDependents,
} from '../../src/train/experiment/plan.js';

const plan = (yaml: string, out = '/exp'): ExperimentPlan => planExperiment(parseExperimentFile(yaml, 'x.yaml'), '/files/x.yaml', out);

const GRID = `
name: grid
seeds: [0, 1]
methods:
  darts:
  fair:
    method: fairdarts
    threshold: 0.8
grid:
  search.init-channels: [4, 8]
shared: { dataset: synthetic, layers: 3 }
search: { epochs: 2, init-channels: 6 }
select: { epochs: 1, cutout: false }
train: { epochs: 3, cutout: true }
eval: { batch-size: 32 }
`;

describe('experiment plan', () => {
  it('expands methods x grid points x seeds into search, select, train and eval runs', () => {
    const p = plan(GRID);
    assert.deepEqual(
      p.groups.map((g) => [g.id, g.method]),
      [
        ['darts+search.init-channels=4', 'darts'],
        ['darts+search.init-channels=8', 'darts'],
        ['fair+search.init-channels=4', 'fairdarts'],
        ['fair+search.init-channels=8', 'fairdarts'],
      ],
    );
    // 4 groups x 2 seeds x 4 stages, stage by stage.
    assert.equal(p.jobs.length, 32);
    assert.deepEqual([...new Set(p.jobs.map((j) => j.stage))], ['search', 'select', 'train', 'eval']);
    const job = (id: string) => p.jobs.find((j) => j.id === id)!;
    // shared, then search, then the method's own, then the grid value (which replaces the search section's 6).
    assert.deepEqual(job('fair+search.init-channels=8/search-s1').options, [
      '--method',
      'fairdarts',
      '--dataset',
      'synthetic',
      '--layers',
      '3',
      '--epochs',
      '2',
      '--init-channels',
      '8',
      '--threshold',
      '0.8',
    ]);
    assert.equal(job('fair+search.init-channels=8/search-s1').command, 'search');
    // select trains like train, for select.epochs; false is the --no- form of a switch.
    const select = job('darts+search.init-channels=4/select-s1');
    assert.deepEqual(select.options, ['--dataset', 'synthetic', '--layers', '3', '--epochs', '1', '--no-cutout']);
    assert.deepEqual(select.input, { run: 'darts+search.init-channels=4/search-s1' });
    assert.deepEqual(select.deps, ['darts+search.init-channels=4/search-s1']);
    // The final training waits for every seed's select run and trains the cell they keep.
    const train = job('darts+search.init-channels=4/train-s0');
    assert.deepEqual(train.options, ['--dataset', 'synthetic', '--layers', '3', '--epochs', '3', '--cutout']);
    assert.deepEqual(train.input, { selectedIn: 'darts+search.init-channels=4' });
    assert.deepEqual(train.deps, ['darts+search.init-channels=4/select-s0', 'darts+search.init-channels=4/select-s1']);
    // eval takes its own section only: the data is the training run's.
    const ev = job('darts+search.init-channels=4/eval-s0');
    assert.deepEqual(ev.options, ['--batch-size', '32']);
    assert.deepEqual(ev.input, { run: 'darts+search.init-channels=4/train-s0' });
    assert.equal(p.output, '/exp');
  });

  it('without select, each seed trains its own cell; a list of methods; the default output', () => {
    const p = planExperiment(parseExperimentFile('name: two\nseeds: [3]\nmethods: [darts, dropnas]\n'), '/files/x.yaml');
    assert.deepEqual(
      p.jobs.map((j) => [j.id, j.input ?? null, j.deps]),
      [
        ['darts/search-s3', null, []],
        ['dropnas/search-s3', null, []],
        ['darts/train-s3', { run: 'darts/search-s3' }, ['darts/search-s3']],
        ['dropnas/train-s3', { run: 'dropnas/search-s3' }, ['dropnas/search-s3']],
        ['darts/eval-s3', { run: 'darts/train-s3' }, ['darts/train-s3']],
        ['dropnas/eval-s3', { run: 'dropnas/train-s3' }, ['dropnas/train-s3']],
      ],
    );
    assert.equal(p.select, false);
    assert.match(p.output, /\/runs\/experiments\/two$/);
    // output: in the file is relative to the file.
    assert.equal(
      planExperiment(parseExperimentFile('name: a\nseeds: [0]\nmethods: [darts]\noutput: out/a\n'), '/files/x.yaml').output,
      '/files/out/a',
    );
  });

  it('option maps are flags: a value, a bare switch, the --no- form', () => {
    assert.deepEqual(optionFlags({ 'init-channels': 8, cutout: true, draw: false, data: './d' }), [
      '--init-channels',
      '8',
      '--cutout',
      '--no-draw',
      '--data',
      './d',
    ]);
  });

  it('refuses every mistake in the file, saying where and what to write', () => {
    const fails = (yaml: string, ...patterns: RegExp[]): void => {
      assert.throws(
        () => parseExperimentFile(yaml, 'x.yaml'),
        (e: Error) => {
          assert.ok(e instanceof ExperimentFileError, e.message);
          for (const p of patterns) assert.match(e.message, p);
          return true;
        },
      );
    };
    const ok = 'name: a\nseeds: [0]\nmethods: [darts]\n';
    fails(`${ok}seed: 3\n`, /the file: unknown key 'seed' \(did you mean 'seeds'\?\)/);
    fails(`${ok}serach: {epochs: 1}\n`, /unknown key 'serach' \(did you mean 'search'\?\)/);
    fails('name: a\nseeds: [0]\nmethods: [dartz]\n', /methods\.dartz: unknown search method 'dartz' \(did you mean 'darts'/);
    fails('name: a\nseeds: [0]\nmethods: {fast: {method: fairdart}}\n', /methods\.fast: unknown search method 'fairdart' \(did you mean 'fairdarts'/);
    fails(`${ok}search: {initChannels: 8}\n`, /search\.initChannels: option keys are the flag names without the dashes, e\.g\. 'init-channels'/);
    fails(
      `${ok}train: {seed: 1, out: x}\n`,
      /train\.seed: set by the experiment itself \(list seeds under seeds:\)/,
      /train\.out: set by the experiment itself/,
    );
    fails(`${ok}search: {method: darts}\n`, /search\.method: set by the experiment itself \(list methods under methods:\)/);
    fails(`${ok}grid: {lr: [0.1]}\n`, /grid\.lr: name the stage the option is for: shared\.lr, search\.lr, select\.lr, train\.lr, eval\.lr/);
    fails(`${ok}grid: {serach.lr: [0.1]}\n`, /grid\.serach\.lr: .*\(did you mean 'search'\?\)/);
    fails(`${ok}grid: {search.lr: []}\n`, /grid\.search\.lr: at least one value/);
    fails(`${ok}select: {cutout: true}\n`, /select\.epochs: how many epochs each found cell is trained/);
    fails('name: a\nseeds: [0, 0]\nmethods: [darts]\n', /seeds: a seed is listed twice/);
    fails('name: a\nseeds: [1.5]\nmethods: [darts]\n', /seeds\.0: .*\(got 1\.5\)/);
    fails('name: a b\nseeds: [0]\nmethods: [darts]\n', /name: a name of letters, digits/);
    fails('name: a\nmethods: [darts]\n', /seeds: /);
    fails('name: a\nseeds: [0]\nmethods: 3\n', /methods: a list of method names, or a map of label -> that method's own options/);
    fails(`${ok}search: {epochs: [1, 2]}\n`, /search\.epochs: /);
    fails('name: [a\n', /x\.yaml: not valid YAML/);
  });

  it('tells what a changed file changed, and which runs depend on the changed ones', () => {
    const before = plan(GRID);
    const now = plan(GRID.replace('train: { epochs: 3, cutout: true }', 'train: { epochs: 5 }').replace('seeds: [0, 1]', 'seeds: [0, 1, 2]'));
    const c = planChanges(before, now);
    // Seed 2's runs are new, not changed; seeds 0 and 1 of every group's final training changed in two flags.
    assert.deepEqual(c.removed, []);
    assert.equal(c.changed.length, 8);
    assert.ok(c.changed.every((id) => /\/train-s[01]$/.test(id)));
    assert.deepEqual(c.lines.length, 1);
    assert.match(c.lines[0]!, /^--epochs 3 -> 5, --cutout true -> \(not given\): darts\+search\.init-channels=4\/train-s0, /);
    const stale = withDependents(now, ['fair+search.init-channels=4/search-s0']);
    assert.deepEqual([...stale].sort(), [
      'fair+search.init-channels=4/eval-s0',
      'fair+search.init-channels=4/eval-s1',
      'fair+search.init-channels=4/eval-s2',
      'fair+search.init-channels=4/search-s0',
      'fair+search.init-channels=4/select-s0',
      'fair+search.init-channels=4/train-s0',
      'fair+search.init-channels=4/train-s1',
      'fair+search.init-channels=4/train-s2',
    ]);
    // Seed 2 dropped again: its 4 stages in 4 groups are no longer planned.
    assert.equal(planChanges(now, before).removed.length, 16);
  });
});
