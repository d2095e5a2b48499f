// The README's "Coming from the original code" tables, run: every tsnas command in them at tiny sizes (synthetic 8 px
// data, one epoch, C=4), in the tables' order, so that a renamed flag, recipe or zoo name fails here instead of in a
// user's shell. The commands keep every flag the README gives; the test only makes the data and the network tiny,
// puts outputs in a temporary folder, and gives `--checkpoint` a model it trained first from the same --arch.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { parseDatasetName } from '../../src/data/index.js';
import { formatGenotype } from '../../src/nas/genotype/index.js';
import { zooGenotypeOfKind } from '../../src/nas/genotype/zoo.js';
import type { OptionValue } from '../../src/option-schema.js';
import { recipe } from '../../src/train/recipes.js';
import { tsnas, tsnasOk } from '../helpers/cli.js';
import { pythonSkip, REPO_ROOT, runPython } from '../helpers/python.js';

interface Row {
  original: string;
  command: string[];
}

function migrationRows(): Row[] {
  const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
  const start = readme.indexOf('## Coming from the original code');
  assert.ok(start >= 0, 'README: no "Coming from the original code" section');
  const section = readme.slice(start, readme.indexOf('\n## ', start + 3));
  return [...section.matchAll(/^\| (.+?) \| `(tsnas [^`]+)`/gm)].map((m) => ({ original: m[1]!, command: m[2]!.trim().split(/\s+/).slice(1) }));
}

/** The value of `--flag` in `args`, if given. */
function flagValue(args: readonly string[], flag: string): string | undefined {
  const i = args.indexOf(flag);
  return i >= 0 ? args[i + 1] : undefined;
}

/** `args` without `--flag VALUE`. */
function without(args: readonly string[], flag: string): string[] {
  const i = args.indexOf(flag);
  return i < 0 ? [...args] : [...args.slice(0, i), ...args.slice(i + 2)];
}

const DATA = ['--dataset', 'synthetic', '--synthetic-size', '8', '--synthetic-count', '16', '--synthetic-channels', '1', '--workers', '0'];

describe('README: coming from the original code, every tsnas command run at tiny size', { timeout: 900_000 }, () => {
  const root = mkdtempSync(join(tmpdir(), 'tsnas-migration-'));
  after(() => rmSync(root, { recursive: true, force: true }));
  const rows = migrationRows();
  const inRoot = (p: string): string => join(root, p.replace(/\/$/, ''));

  it('has a row for each reference README command (DARTS, FairDARTS, NoisyDARTS, DropNAS, pt.darts, D-DARTS, EvNAS)', () => {
    assert.ok(rows.length >= 30, `only ${rows.length} rows`);
    for (const r of rows) assert.ok(r.original.length > 0 && ['search', 'train', 'eval', 'genotype'].includes(r.command[0]!), r.command.join(' '));
  });

  it('each command runs, and a run records its recipe with the recipe values the command does not override', { skip: pythonSkip() }, () => {
    const trained = new Map<string, string>();
    /** A tiny model of `arch` (the eval rows' checkpoint stands for the reference's download). */
    const checkpointOf = (arch: string): string => {
      if (!trained.has(arch)) {
        const out = join(root, `checkpoint-${trained.size}`);
        // A DARTOpti model keeps its own cells (its genotype has three reductions: no derivation, no fewer cells).
        const layers = arch.startsWith('DO-') ? [] : ['--layers', '3'];
        tsnasOk(
          'train',
          '--arch',
          arch,
          ...DATA,
          ...layers,
          '--epochs',
          '1',
          '--init-channels',
          '4',
          '--batch-size',
          '8',
          '--no-tensorboard',
          '--out',
          out,
        );
        trained.set(arch, join(out, 'model.pt'));
      }
      return trained.get(arch)!;
    };
    // EvNAS' train.py --dir reads the genotype.pickle its search wrote: one written by Python's pickle, as there.
    mkdirSync(inRoot('search_DIR'), { recursive: true });
    runPython('evnas_genotype_pickle.py', [join(inRoot('search_DIR'), 'genotype.pickle'), formatGenotype(zooGenotypeOfKind('EvNASB', 'darts'))]);

    for (const row of rows) {
      const [command, ...given] = row.command;
      let args = [...given];
      const dataset = flagValue(args, '--dataset');
      // The published spellings the README uses must name datasets; the run itself uses synthetic data.
      if (dataset !== undefined) assert.ok(parseDatasetName(dataset), `--dataset ${dataset}`);
      args = without(without(args, '--dataset'), '--data');
      for (const flag of ['--out', '--arch']) {
        const v = flagValue(args, flag);
        if (v !== undefined && (flag === '--out' || v.includes('/'))) args[args.indexOf(flag) + 1] = inRoot(v);
      }
      if (args.includes('--nproc')) args[args.indexOf('--nproc') + 1] = '2';
      if (command === 'genotype') {
        tsnasOk(command, ...args);
        continue;
      }
      args.push(...DATA);
      if (command === 'eval') {
        args[args.indexOf('--checkpoint') + 1] = checkpointOf(flagValue(args, '--arch')!);
        tsnasOk('eval', ...args);
        continue;
      }
      const name = flagValue(args, '--recipe');
      const values: Record<string, OptionValue> = name ? { ...recipe(name)!.values[command as 'search' | 'train'] } : {};
      const tiny: Record<string, string> = { epochs: '1', 'init-channels': '4', 'batch-size': '8', tensorboard: 'off' };
      if (values['lr-schedule'] === 'linear') tiny.epochs = '6'; // its last 5 epochs have their own slope
      if (command === 'search' && values.space !== 'dartopti') tiny.layers = values.space === 'nb201' ? '1' : '3';
      if (command === 'search' && values.method === 'evnas')
        Object.assign(tiny, { population: '2', 'tournament-size': '2', 'fitness-batch-size': '8' });
      if (command === 'train' && !String(values.arch ?? '').startsWith('D-DARTS')) tiny.layers = '3';
      for (const [k, v] of Object.entries(tiny)) {
        if (args.includes(`--${k}`)) continue;
        args.push(...(v === 'off' ? [`--no-${k}`] : [`--${k}`, v]));
      }
      if (!args.includes('--out')) args.push('--out', join(root, `run-${rows.indexOf(row)}`));
      const r = tsnas(command!, ...args);
      assert.equal(r.status, 0, `README row "${row.original}"\n  tsnas ${command} ${args.join(' ')}\n${r.stderr}`);
      if (!name) continue;
      const config = (JSON.parse(readFileSync(join(flagValue(args, '--out')!, 'config.json'), 'utf8')) as { config: Record<string, unknown> }).config;
      assert.equal(config.recipe, name);
      for (const [k, v] of Object.entries(values)) {
        if (args.includes(`--${k}`) || args.includes(`--no-${k}`) || k in tiny || k === 'dataset') continue;
        assert.deepEqual(config[k], v, `tsnas ${command} --recipe ${name}: ${k}`);
      }
      assert.ok(existsSync(join(flagValue(args, '--out')!, 'result.json')), `${name}: no result.json`);
    }
  });

  it('search and train --help list what every recipe the tables use sets', () => {
    const help = { search: tsnasOk('search', '--help'), train: tsnasOk('train', '--help') };
    for (const row of rows) {
      const name = flagValue(row.command, '--recipe');
      if (!name) continue;
      const command = row.command[0] as 'search' | 'train';
      const listed = help[command].slice(help[command].indexOf('Recipes'));
      assert.match(listed, new RegExp(`^  ${name}: `, 'm'), `${command} --help: recipe ${name}`);
      const first = Object.entries(recipe(name)!.values[command]!).find(([, v]) => typeof v !== 'boolean')!;
      assert.ok(listed.includes(`--${first[0]} ${first[1]}`), `${command} --help, recipe ${name}: --${first[0]} ${first[1]}`);
    }
  });
});
