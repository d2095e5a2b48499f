// The option schema on its own: values from text and from files checked alike, defaults worked out in order from the
// options before them, unknown names refused with the nearest one, and the search schema's per-method resolution.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { choice, decimal, integer, onOff, type OptionSpec, resolveOptions, suggestion } from '../../src/option-schema.js';
import { resolveSearch, resolveTrain } from '../../src/train/command-options.js';

const specs: OptionSpec[] = [
  { name: 'space', arg: '<s>', description: 'space', type: choice(['darts', 'nb201'] as const), default: 'darts' },
  { name: 'layers', arg: '<n>', description: 'cells', type: integer(1, 100), default: (r) => (r.space === 'nb201' ? 5 : 8) },
  { name: 'lr', arg: '<lr>', description: 'lr', type: decimal(0), default: 0.025 },
  { name: 'draw', description: 'draw', type: onOff(), default: true },
];
const cli = (values: Record<string, unknown>) => ({
  values,
  sources: Object.fromEntries(Object.keys(values).map((k) => [k, { kind: 'cli' as const }])),
});
const file = (values: Record<string, unknown>) => ({
  values,
  sources: Object.fromEntries(Object.keys(values).map((k) => [k, { kind: 'file' as const, path: 'x.yaml' }])),
});

describe('option schema', () => {
  it('text from the command line and numbers from a file resolve to the same values', () => {
    assert.deepEqual(resolveOptions(specs, cli({ layers: '4', lr: '1e-2', draw: false })), { space: 'darts', layers: 4, lr: 0.01, draw: false });
    assert.deepEqual(resolveOptions(specs, file({ layers: 4, lr: 0.01, draw: 'false' })), { space: 'darts', layers: 4, lr: 0.01, draw: false });
  });

  it('a default may depend on the options resolved before it', () => {
    assert.equal(resolveOptions(specs, cli({ space: 'nb201' })).layers, 5);
    assert.equal(resolveOptions(specs, cli({ space: 'nb201', layers: '2' })).layers, 2);
  });

  it('bad values name the flag or the key and its file', () => {
    assert.throws(
      () => resolveOptions(specs, cli({ layers: '0x10' })),
      /^Error: --layers must be an integer in \[1, 100\], got '0x10' \(decimal, not hex\)$/,
    );
    assert.throws(() => resolveOptions(specs, cli({ layers: '2.5' })), /--layers must be an integer in \[1, 100\], got '2\.5'/);
    assert.throws(() => resolveOptions(specs, file({ layers: 101 })), /'layers' in x\.yaml must be an integer in \[1, 100\], got 101/);
    assert.throws(() => resolveOptions(specs, file({ lr: 'Infinity' })), /'lr' in x\.yaml must be a finite number >= 0, got 'Infinity'/);
    assert.throws(() => resolveOptions(specs, cli({ space: 'nb101' })), /--space must be one of darts, nb201, got 'nb101'/);
    assert.throws(() => resolveOptions(specs, file({ draw: 'yes' })), /'draw' in x\.yaml must be true or false, got 'yes'/);
  });

  it('an unknown name is refused with the nearest option: snake_case, camelCase and typos', () => {
    assert.equal(suggestion('init_channels', ['init-channels', 'layers']), 'init-channels');
    assert.equal(suggestion('initChannels', ['init-channels', 'layers']), 'init-channels');
    assert.equal(suggestion('laers', ['init-channels', 'layers']), 'layers');
    assert.equal(suggestion('optimizer', ['init-channels', 'layers']), undefined);
    assert.throws(() => resolveOptions(specs, file({ layer: 3 })), /'layer' in x\.yaml: unknown option; did you mean 'layers'\?/);
  });

  it('search: method defaults, the space decides the cells, another method’s option is refused', () => {
    const darts = resolveSearch(cli({ dataset: 'synthetic', device: 'cpu' }));
    assert.equal(darts.config['batch-size'], 64);
    assert.equal(darts.config.seed, 0);
    assert.equal(darts.options.layers, 8);
    const nb201 = resolveSearch(cli({ space: 'nb201', dataset: 'synthetic', device: 'cpu' }));
    assert.equal(nb201.options.layers, 5);
    assert.equal(nb201.options.channels, 16);
    const dropnas = resolveSearch(cli({ method: 'dropnas', dataset: 'synthetic', device: 'cpu', 'drop-rate': '0.5' }));
    assert.equal(dropnas.config['train-portion'], 1);
    assert.equal(dropnas.config['drop-rate-np'], 0.5);
    assert.equal(dropnas.config['grad-clip'], 3);
    assert.equal(dropnas.options.methodConfig.dropRateNonParam, 0.5);
    const evnas = resolveSearch(cli({ method: 'evnas', space: 'nb201', dataset: 'synthetic', device: 'cpu' }));
    assert.equal(evnas.config.nesterov, 'on');
    assert.equal(evnas.config['fitness-bn'], 'eval');
    assert.equal('arch-lr' in evnas.config, false);
    assert.throws(() => resolveSearch(cli({ 'noise-type': 'uniform', device: 'cpu' })), /--noise-type applies to noisydarts, not to method darts/);
    assert.throws(() => resolveSearch(cli({ method: 'fairdarts', space: 'nb201', device: 'cpu' })), /fairdarts does not search the 'nb201' space/);
    assert.throws(() => resolveSearch(cli({ layers: '2', device: 'cpu' })), /--layers must be at least 3 in the darts space/);
  });

  it("train: a NAS-Bench-201 cell takes the benchmark's protocol, a DARTS genotype train.py's", () => {
    const nb = resolveTrain(
      cli({ arch: '|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_3x3~2|', device: 'cpu' }),
    );
    // AutoDL-Projects 200E.config: 200 epochs, batch 256, SGD lr 0.1 Nesterov momentum 0.9, wd 5e-4; C=16, N=5.
    assert.deepEqual(
      [
        nb.options.epochs,
        nb.options.batchSize,
        nb.options.lr,
        nb.options.nesterov,
        nb.options.momentum,
        nb.options.weightDecay,
        nb.options.channels,
        nb.options.layers,
        nb.options.gradClip,
        nb.options.dropPath,
      ],
      [200, 256, 0.1, true, 0.9, 5e-4, 16, 5, 0, 0],
    );
    // quark0/darts train.py: 600 epochs, batch 96, lr 0.025, wd 3e-4, C=36, L=20, clip 5, drop path 0.2.
    const darts = resolveTrain(cli({ arch: 'DARTS_V2', device: 'cpu' }));
    assert.deepEqual(
      [
        darts.options.epochs,
        darts.options.batchSize,
        darts.options.lr,
        darts.options.nesterov,
        darts.options.weightDecay,
        darts.options.channels,
        darts.options.layers,
        darts.options.gradClip,
        darts.options.dropPath,
      ],
      [600, 96, 0.025, false, 3e-4, 36, 20, 5, 0.2],
    );
    assert.equal(resolveTrain(cli({ arch: 'NB201_best_cifar10', device: 'cpu' })).config.lr, 0.1);
  });

  it('train: the same seed default as search, and nothing of this machine recorded', () => {
    const t = resolveTrain(cli({ threads: '2', workers: '0', device: 'cpu' }));
    assert.equal(t.config.seed, 0);
    assert.equal('threads' in t.config, false);
    assert.equal('workers' in t.config, false);
    assert.equal(t.options.workers, 0);
  });
});
