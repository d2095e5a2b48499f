import { type Command, Option } from 'commander';
import { searchMethod, searchMethodNames, type MethodConfig, type MethodOption } from '../../nas/search/registry.js';
import { searchSpaceNames } from '../../nas/search/space.js';
import { resumeSearch, runSearch, SearchInterrupted, type SearchOptions } from '../../train/search-runner.js';
import { addDataOptions, type DataFlags, resolveData } from '../common.js';
import { floatOption, intOption } from '../options.js';

interface SearchFlags extends DataFlags {
  method: string;
  space: string;
  epochs: string;
  initChannels: string;
  layers: string;
  batchSize?: string;
  trainPortion: string;
  lr?: string;
  archLr?: string;
  out?: string;
  resume?: string;
  draw: boolean;
  [methodOption: string]: unknown;
}

/** Each method's own flags, once per flag (several methods may share one). */
function methodOptions(): Map<string, { option: MethodOption; methods: string[] }> {
  const out = new Map<string, { option: MethodOption; methods: string[] }>();
  for (const name of searchMethodNames()) {
    for (const option of searchMethod(name).options) {
      const entry = out.get(option.flags);
      if (entry) entry.methods.push(name);
      else out.set(option.flags, { option, methods: [name] });
    }
  }
  return out;
}

export function registerSearch(program: Command): void {
  const cmd = program.command('search')
    .description('Search a cell architecture with a differentiable NAS method; writes a run directory with the genotype of every epoch.')
    .addOption(new Option('--method <name>', `search method: ${searchMethodNames().map((n) => `${n} (${searchMethod(n).summary})`).join('; ')}`)
      .choices(searchMethodNames()).default('darts'))
    .addOption(new Option('--space <name>', 'search space').choices(searchSpaceNames()).default('darts'))
    .option('--epochs <n>', 'search epochs', '50')
    .option('--init-channels <n>', 'initial channels C of the supernet', '16')
    .option('--layers <n>', 'cells L of the supernet', '8')
    .option('--batch-size <n>', `batch size (default: the reference script's: ${searchMethodNames().map((n) => `${searchMethod(n).batchSize} ${n}`).join(', ')})`)
    .option('--train-portion <p>', 'fraction of the training set that trains weights; the rest trains the architecture', '0.5')
    .option('--lr <lr>', 'weight learning rate (default: the method\'s reference value)')
    .option('--arch-lr <lr>', 'architecture learning rate (default: the method\'s reference value)')
    .option('--out <dir>', 'run directory (default: runs/search-<timestamp>)')
    .option('--resume <dir>', 'continue an interrupted search from its last checkpoint (its other options come from its config)')
    .option('--no-draw', 'do not write SVG drawings of the genotypes');
  const extra = methodOptions();
  for (const { option } of extra.values()) {
    const o = new Option(option.flags, option.description);
    if (option.choices) o.choices([...option.choices]);
    if (option.default !== undefined) o.default(option.default);
    cmd.addOption(o);
  }
  addDataOptions(cmd, { dataset: 'cifar10', seed: 2 });
  cmd.action(async (f: SearchFlags) => {
    try {
      const result = await (f.resume ? resumeSearch(f.resume) : runSearch(searchOptions(f, cmd, extra)));
      process.stdout.write(`\nsearch finished in ${result.seconds.toFixed(1)} s; best validation accuracy ${result.bestValAccuracy.toFixed(2)}%\n` +
        `genotype: ${result.genotypeText}\nrun directory: ${result.dir}\n` +
        (result.svg ? `cells drawn: ${result.svg.normal}\n             ${result.svg.reduce}\n` : '') +
        `train it: tsnas train --arch ${result.dir}\n`);
    } catch (e) {
      if (e instanceof SearchInterrupted) {
        process.stderr.write(e.message + '\n');
        process.exit(130);
      }
      throw e;
    }
  });
}

function searchOptions(f: SearchFlags, cmd: Command, extra: ReturnType<typeof methodOptions>): SearchOptions {
  const data = resolveData(f);
  const method = f.method;
  const info = searchMethod(method);
  const cfg: MethodConfig = { space: f.space };
  if (f.lr) cfg.lr = floatOption(f.lr, '--lr', 0);
  if (f.archLr) cfg.archLr = floatOption(f.archLr, '--arch-lr', 0);
  for (const [flags, { option, methods }] of extra) {
    const key = cmd.options.find((o) => o.flags === flags)!.attributeName();
    const given = cmd.getOptionValueSource(key) === 'cli';
    if (given && !methods.includes(method)) throw new Error(`${flags.split(' ')[0]} applies to ${methods.join(', ')}, not to --method ${method}`);
    if (methods.includes(method) && (given || option.default !== undefined)) option.apply(cfg, f[key] as string | boolean);
  }
  return {
    method, ...data, epochs: intOption(f.epochs, '--epochs', 1), channels: intOption(f.initChannels, '--init-channels', 2),
    layers: intOption(f.layers, '--layers', 3),
    batchSize: f.batchSize ? intOption(f.batchSize, '--batch-size', 1) : info.batchSize,
    trainPortion: floatOption(f.trainPortion, '--train-portion', 0.01, 0.99), methodConfig: cfg, out: f.out, draw: f.draw,
  };
}
