// Run directories and checkpoints as inputs: `tsnas eval RUN`, `eval --checkpoint` without --arch or sizes (the
// checkpoint's metadata, else its weight shapes), `eval --arch <search run> --checkpoint <train run>/model.pt` at the
// trained size, and `train --arch <train run>`. The accuracies are checked against the training run's own result.json.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { syntheticData, tsnas, tsnasOk } from '../helpers/cli.js';
import { pythonSkip, torchPython } from '../helpers/python.js';

const data = syntheticData(48, 4);
const tiny = ['--init-channels', '4', '--layers', '3', '--batch-size', '16', '--workers', '0'];

const ok = tsnasOk;

describe('run directories and checkpoints as inputs', { timeout: 400_000 }, () => {
  const root = mkdtempSync(join(tmpdir(), 'tsnas-run-inputs-'));
  const search = join(root, 'search');
  const train = join(root, 'train');
  let final: { top1: number; top5: number; loss: number };
  before(() => {
    ok('search', ...data, ...tiny, '--epochs', '1', '--no-draw', '--out', search);
    ok('train', '--arch', search, ...data, ...tiny, '--epochs', '1', '--auxiliary', '--out', train);
    final = (JSON.parse(readFileSync(join(train, 'result.json'), 'utf8')) as { final: typeof final }).final;
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  it("tsnas eval RUN: the run's final weights on its own test data", () => {
    const r = JSON.parse(ok('eval', train, '--json')) as typeof final & { channels: number; layers: number };
    assert.equal(r.top1, final.top1);
    assert.equal(r.top5, final.top5);
    assert.equal(r.channels, 4);
    assert.equal(r.layers, 3);
  });

  it('eval --checkpoint alone takes the genotype and C, L from the checkpoint', () => {
    const out = ok('eval', '--checkpoint', join(train, 'model.pt'), ...data);
    assert.match(out, /\(C=4, L=3 from the checkpoint metadata\)/);
    assert.match(out, new RegExp(`top-1 ${final.top1.toFixed(2)}%`));
  });

  it('eval --arch <search run> --checkpoint <train run>/model.pt evaluates at the trained size, not C=36 L=20', () => {
    const r = JSON.parse(ok('eval', '--arch', search, '--checkpoint', join(train, 'model.pt'), '--json', ...data)) as typeof final;
    assert.equal(r.top1, final.top1);
  });

  it('a PyTorch file without tsnas metadata: C and L from its weight shapes; its genotype must be named', { skip: pythonSkip() }, () => {
    // Debian's PyTorch re-saves the weights as a bare state_dict: a file no tsnas code wrote.
    const plain = join(root, 'plain.pt');
    const py = spawnSync(
      torchPython(),
      [
        '-c',
        'import sys, torch; sd = torch.load(sys.argv[1]); torch.save({k: v.clone() for k, v in sd.items()}, sys.argv[2])',
        join(train, 'model.pt'),
        plain,
      ],
      { encoding: 'utf8' },
    );
    assert.equal(py.status, 0, py.stderr);
    const out = ok('eval', '--arch', search, '--checkpoint', plain, ...data);
    assert.match(out, /\(C=4, L=3 from the weight shapes\)/);
    assert.match(out, new RegExp(`top-1 ${final.top1.toFixed(2)}%`));
    const r = tsnas('eval', '--checkpoint', plain, ...data);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /carries no tsnas metadata .* name it with --arch/);
  });

  it('train --arch <train run> trains the genotype that run trained', () => {
    const again = join(root, 'again');
    ok('train', '--arch', train, ...data, ...tiny, '--epochs', '1', '--out', again);
    const genotypeOf = (dir: string): unknown => (JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8')) as { genotype: unknown }).genotype;
    assert.deepEqual(genotypeOf(again), genotypeOf(train));
  });

  it('eval of a search run, or of nothing, says what to give', () => {
    const r = tsnas('eval', search);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /is a search run, not a training run: .*--arch/);
    const none = tsnas('eval');
    assert.equal(none.status, 1);
    assert.match(none.stderr, /give a training run directory \(tsnas eval RUN\) or --checkpoint FILE/);
  });
});
