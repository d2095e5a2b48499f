// Config files and resolved configs, from the command line as a user runs them: every value a run used recorded in
// its config.json under the flag names (the method's reference hyperparameters included, checked against the values
// of quark0/darts train_search.py typed here), `--config FILE` with flags over the file, unknown keys refused with a
// suggestion, `tsnas rerun DIR` computing the same numbers on CPU, `--resume --epochs N` going on to N epochs (and
// every other flag refused, never ignored), and `search --method M --help`.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { syntheticData, tsnas, tsnasOk } from '../helpers/cli.js';

const data = syntheticData(48, 4);

const ok = tsnasOk;

function fails(pattern: RegExp, ...args: string[]): void {
  const r = tsnas(...args);
  assert.notEqual(r.status, 0, `tsnas ${args.join(' ')} should fail`);
  assert.match(r.stderr, pattern);
}

interface ConfigJson {
  command: string;
  config: Record<string, unknown>;
  options: Record<string, unknown>;
}

const readJson = <T>(path: string): T => JSON.parse(readFileSync(path, 'utf8')) as T;
const lines = (path: string): Record<string, unknown>[] =>
  readFileSync(path, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
/** The numbers a run computed, step by step and epoch by epoch (not its times). */
const computed = (dir: string): unknown[] =>
  lines(join(dir, 'metrics.jsonl')).map((r) => Object.fromEntries(Object.entries(r).filter(([k]) => !/time|second/i.test(k))));

describe('config files, resolved configs, rerun and resume', { timeout: 600_000 }, () => {
  const root = mkdtempSync(join(tmpdir(), 'tsnas-config-'));
  after(() => rmSync(root, { recursive: true, force: true }));
  const file = join(root, 'search.yaml');
  writeFileSync(
    file,
    [
      '# a search as a user writes it',
      'method: darts',
      'init-channels: 4',
      'layers: 3',
      'batch-size: 16',
      'epochs: 1',
      'draw: false',
      'workers: 0',
      'lr: 0.05',
      'arch-lr: 0.001',
      '',
    ].join('\n'),
  );
  const search = join(root, 'search');

  it("records every value under the flag names, the method's reference values included; flags override the file", () => {
    ok('search', '--config', file, ...data, '--arch-lr', '0.002', '--out', search);
    const c = readJson<ConfigJson>(join(search, 'config.json'));
    assert.equal(c.command, 'search');
    // quark0/darts train_search.py: momentum 0.9, weight decay 3e-4, lr floor 0.001, grad clip 5, α Adam betas
    // (0.5, 0.999) and weight decay 1e-3; batch 64 would be its default, the file says 16.
    assert.deepEqual(
      {
        lr: c.config.lr,
        'arch-lr': c.config['arch-lr'],
        'lr-min': c.config['lr-min'],
        momentum: c.config.momentum,
        'weight-decay': c.config['weight-decay'],
        'grad-clip': c.config['grad-clip'],
        'arch-beta1': c.config['arch-beta1'],
        'arch-beta2': c.config['arch-beta2'],
        'arch-weight-decay': c.config['arch-weight-decay'],
        'batch-size': c.config['batch-size'],
        'init-channels': c.config['init-channels'],
        seed: c.config.seed,
        device: c.config.device,
      },
      {
        lr: 0.05,
        'arch-lr': 0.002,
        'lr-min': 0.001,
        momentum: 0.9,
        'weight-decay': 3e-4,
        'grad-clip': 5,
        'arch-beta1': 0.5,
        'arch-beta2': 0.999,
        'arch-weight-decay': 1e-3,
        'batch-size': 16,
        'init-channels': 4,
        seed: 0,
        device: 'cpu',
      },
    );
    // How this machine ran it is not part of what the run computes.
    assert.equal('workers' in c.config, false);
    assert.equal('threads' in c.config, false);
    // Every key is a flag of the command.
    const help = ok('search', '--help');
    for (const k of Object.keys(c.config)) assert.ok(help.includes(`--${k}`) || help.includes(`--no-${k}`), `--${k} in search --help`);
  });

  it('tsnas rerun DIR computes the same numbers on CPU, in a new directory with the same config', () => {
    const out = join(root, 'rerun');
    ok('rerun', search, '--out', out);
    assert.deepEqual(readJson<ConfigJson>(join(out, 'config.json')).config, readJson<ConfigJson>(join(search, 'config.json')).config);
    assert.deepEqual(computed(out), computed(search));
    assert.equal(readFileSync(join(out, 'genotype.txt'), 'utf8'), readFileSync(join(search, 'genotype.txt'), 'utf8'));
    // A run's config.json is a config file: the same search with one value changed.
    const other = join(root, 'seed3');
    ok('search', '--config', join(search, 'config.json'), '--seed', '3', '--out', other, '--workers', '0');
    const c = readJson<ConfigJson>(join(other, 'config.json')).config;
    assert.deepEqual({ ...c, seed: 2 }, { ...readJson<ConfigJson>(join(search, 'config.json')).config, seed: 2 });
    assert.equal(c.seed, 3);
  });

  it('a training run reruns alike, its genotype found again from the absolute path it recorded', () => {
    const train = join(root, 'train');
    const net = '--init-channels 4 --layers 3 --batch-size 16 --epochs 1 --workers 0'.split(' ');
    ok('train', '--arch', search, ...data, ...net, '--out', train);
    const c = readJson<ConfigJson>(join(train, 'config.json')).config;
    assert.equal(c.arch, search);
    assert.equal(c.lr, 0.025);
    const again = join(root, 'train-rerun');
    ok('rerun', train, '--out', again, '--workers', '0');
    assert.deepEqual(computed(again), computed(train));
    assert.deepEqual(readJson<{ final: unknown }>(join(again, 'result.json')).final, readJson<{ final: unknown }>(join(train, 'result.json')).final);
  });

  it('--log-every N: without a terminal, a line every N steps with the ETA of the epoch and of the run; not recorded', () => {
    const out = join(root, 'logged');
    const net = '--init-channels 4 --layers 3 --batch-size 16 --epochs 2 --workers 0 --no-tensorboard'.split(' ');
    const r = tsnas('train', '--arch', 'DARTS_V2', ...data, ...net, '--log-every', '2', '--out', out);
    assert.equal(r.status, 0, r.stderr);
    // 48 images in batches of 16: 3 steps an epoch, so step 2 of each epoch is logged.
    const lines = r.stderr.split('\n').filter((l) => / step \d+\/3: loss /.test(l));
    assert.deepEqual(
      lines.map((l) => /epoch (\d)\/2 step (\d)\/3/.exec(l)!.slice(1).join('.')),
      ['1.2', '2.2'],
    );
    for (const l of lines) assert.match(l, /epoch eta \d+:\d\d, run eta \d+:\d\d$/);
    assert.match(r.stderr, /epoch 1\/2: .* \| run eta \d+:\d\d\n/);
    assert.equal('log-every' in readJson<ConfigJson>(join(out, 'config.json')).config, false);
  });

  it('unknown keys and bad values are errors that name the key, the file and the nearest option', () => {
    const bad = join(root, 'bad.yaml');
    writeFileSync(bad, 'init_channels: 4\n');
    fails(/'init_channels' in .*bad\.yaml: unknown option; did you mean 'init-channels'\?/, 'search', '--config', bad);
    writeFileSync(bad, 'epochs: ten\n');
    fails(/'epochs' in .*bad\.yaml must be an integer >= 1, got 'ten'/, 'search', '--config', bad);
    writeFileSync(bad, 'zero-one-weight: 3\n');
    fails(/'zero-one-weight' in .*bad\.yaml applies to fairdarts, not to method darts/, 'search', '--config', bad);
    writeFileSync(bad, 'layers: [3, 4]\n');
    fails(/'layers' must be a number, a text or true\/false, got a list/, 'search', '--config', bad);
    writeFileSync(bad, 'epochs: [1\n');
    fails(/not valid YAML/, 'search', '--config', bad);
    fails(/no such file/, 'search', '--config', join(root, 'missing.yaml'));
    fails(/this is the config of a search run; use it with: tsnas search --config/, 'train', '--config', join(search, 'config.json'));
    fails(
      /--parse-method must be one of threshold_sparse, threshold_edge, darts, got 'threshold_complete'/,
      'search',
      '--method',
      'fairdarts',
      '--parse-method',
      'threshold_complete',
    );
  });

  it('--resume --epochs N goes on to N epochs, also after the run finished; other flags are refused, never ignored', () => {
    fails(/--lr cannot be given with it/, 'search', '--resume', search, '--lr', '0.1');
    fails(/the run has finished.*--epochs N with N > 1 goes on to N epochs/, 'search', '--resume', search);
    fails(/--epochs must be more than that/, 'search', '--resume', search, '--epochs', '1');
    ok('search', '--resume', search, '--epochs', '2', '--workers', '0');
    const c = readJson<ConfigJson>(join(search, 'config.json'));
    assert.equal(c.config.epochs, 2);
    assert.equal(c.options.epochs, 2);
    const epochs = lines(join(search, 'metrics.jsonl')).filter((r) => r.type === 'epoch');
    assert.equal(epochs.length, 2);
    const status = readJson<{ state: string; resumes: { epochs?: { from: number; to: number } }[] }>(join(search, 'status.json'));
    assert.equal(status.state, 'finished');
    assert.deepEqual(status.resumes.at(-1)!.epochs, { from: 1, to: 2 });
    // The first epoch is the one the run computed before: the extension did not redo it.
    const rerun = lines(join(root, 'rerun', 'metrics.jsonl')).filter((r) => r.type === 'epoch');
    assert.equal(epochs[0]!.trainLoss, rerun[0]!.trainLoss);
  });

  it("search --method M --help shows M's options with M's defaults, and no other method's", () => {
    // Help text wraps at the terminal width: compared with its whitespace collapsed.
    const fair = ok('search', '--method', 'fairdarts', '--help').replace(/\s+/g, ' ');
    assert.match(fair, /--lr <lr> weight learning rate .*?default: 0\.005\)/);
    assert.match(fair, /--arch-beta1 <b> β1 of the architecture Adam \(default: 0\.9\)/);
    assert.match(fair, /--batch-size <n> batch size \(default: 128\)/);
    assert.match(fair, /--zero-one-weight/);
    assert.doesNotMatch(fair, /--noise-type|--unrolled|--population/);
    const all = ok('search', '--help').replace(/\s+/g, ' ');
    assert.match(all, /--lr <lr> .*?0\.025 darts, 0\.005 fairdarts, 0\.05 noisydarts, 0\.0375 dropnas/);
    assert.match(all, /--noise-type/);
  });
});
