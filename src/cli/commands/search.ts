import { type Command, Option } from 'commander';
import { searchMethod, searchMethodNames, type MethodConfig, type MethodOption } from '../../nas/search/registry.js';
import { searchSpaceNames } from '../../nas/search/space.js';
import { resumeSearch, runSearch, SearchInterrupted, type SearchOptions } from '../../train/search-runner.js';
import { addDataOptions, type DataFlags, refuseOptionsWithResume, MAX_CHANNELS, MAX_LAYERS, resolveData, resolveDevice } from '../common.js';
import { floatOption, intOption } from '../../option-values.js';
import { setFastPaths } from '../../nn/index.js';
import { addLaunchOptions, launchIfAsked } from '../launch.js';
import { addRankOptions, joinAsRank } from '../rank.js';

interface SearchFlags extends DataFlags {
  syncBn?: boolean;
  distTimeout?: string;
  method: string;
  space: string;
  epochs: string;
  initChannels: string;
  layers: string;
  batchSize?: string;
  trainPortion?: string;
  lr?: string;
  archLr?: string;
  out?: string;
  resume?: string;
  overwrite?: boolean;
  checkpointInterval: string;
  draw: boolean;
  amp?: boolean;
  recompute: boolean;
  [methodOption: string]: unknown;
}

/** Each method's own flags, once per flag; a flag several methods share keeps each method's own handler. */
function methodOptions(): Map<string, { option: MethodOption; byMethod: Map<string, MethodOption> }> {
  const out = new Map<string, { option: MethodOption; byMethod: Map<string, MethodOption> }>();
  for (const name of searchMethodNames()) {
    for (const option of searchMethod(name).options) {
      const entry = out.get(option.flags);
      if (entry) entry.byMethod.set(name, option);
      else out.set(option.flags, { option, byMethod: new Map([[name, option]]) });
    }
  }
  return out;
}

export function registerSearch(program: Command): void {
  const cmd = program
    .command('search')
    .description('Search a cell architecture with a differentiable NAS method; writes a run directory with the genotype of every epoch.')
    .addOption(
      new Option(
        '--method <name>',
        `search method: ${searchMethodNames()
          .map((n) => `${n} (${searchMethod(n).summary})`)
          .join('; ')}`,
      )
        .choices(searchMethodNames())
        .default('darts'),
    )
    .addOption(new Option('--space <name>', 'search space').choices(searchSpaceNames()).default('darts'))
    .option('--epochs <n>', 'search epochs', '50')
    .option('--init-channels <n>', 'initial channels C of the supernet', '16')
    .option('--layers <n>', 'cells L of the supernet', '8')
    .option(
      '--batch-size <n>',
      `batch size (default: the reference script's: ${searchMethodNames()
        .map((n) => `${searchMethod(n).batchSize} ${n}`)
        .join(', ')})`,
    )
    .option(
      '--train-portion <p>',
      'fraction of the training set that trains weights; the rest trains the architecture. 1 = the whole ' +
        `training set, validation accuracy on the test split (default: ${searchMethodNames()
          .map((n) => `${searchMethod(n).trainPortion ?? 0.5} ${n}`)
          .join(', ')})`,
    )
    .option('--lr <lr>', "weight learning rate (default: the method's reference value)")
    .option('--arch-lr <lr>', "architecture learning rate (default: the method's reference value)")
    .option('--out <dir>', 'run directory (default: runs/search-<timestamp>)')
    .option(
      '--resume <dir>',
      'continue an interrupted (Ctrl-C, SIGTERM) or killed search from its last checkpoint (its other options come from its config.json)',
    )
    .option('--overwrite', 'replace the run already in --out (refused otherwise, so that no run is lost)')
    .option(
      '--checkpoint-interval <min>',
      'also save checkpoints/last.pt mid-epoch every N minutes, so that kill -9 or a crash loses at most that much work (0: only at epoch ends)',
      '30',
    )
    .option('--no-draw', 'do not write SVG drawings of the genotypes')
    .option('--amp', 'mixed precision, first-order methods: float16 autocast with loss scaling on CUDA, bfloat16 autocast on CPU')
    .option(
      '--no-recompute',
      "keep each depthwise convolution's output for the backward instead of computing it again there " +
        '(same results; more activation memory, a slightly faster weight step)',
    );
  const extra = methodOptions();
  for (const { option } of extra.values()) {
    const o = new Option(option.flags, option.description);
    if (option.choices) o.choices([...option.choices]);
    if (option.default !== undefined) o.default(option.default);
    cmd.addOption(o);
  }
  addLaunchOptions(cmd);
  addRankOptions(cmd);
  addDataOptions(cmd, { dataset: 'cifar10', seed: 2 });
  cmd.action(async (f: SearchFlags) => {
    if (f.resume) refuseOptionsWithResume(cmd);
    // Options are checked before any rank starts, so that a mistake is one message, not one per rank.
    const options = f.resume ? undefined : searchOptions(f, cmd, extra);
    if (await launchIfAsked(cmd)) return;
    if (!f.recompute) setFastPaths({ recomputeDepthwise: false });
    const rank = joinAsRank(resolveDevice(f.device), f);
    try {
      const hooks = rank?.hooks ?? {};
      const result = await (options ? runSearch(options, hooks) : resumeSearch(f.resume!, hooks));
      if (rank && !rank.main) return;
      process.stdout.write(
        `\nsearch finished in ${result.seconds.toFixed(1)} s; best validation accuracy ${result.bestValAccuracy.toFixed(2)}%\n` +
          `genotype: ${result.genotypeText}\nrun directory: ${result.dir}\n` +
          (result.svg ? `cells drawn: ${result.svg.normal}\n             ${result.svg.reduce}\n` : '') +
          `train it: tsnas train --arch ${result.dir}\n`,
      );
    } catch (e) {
      if (e instanceof SearchInterrupted) {
        process.stderr.write(e.message + '\n');
        process.exit(e.exitCode);
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
  if (f.amp) cfg.amp = true;
  for (const [flags, { byMethod }] of extra) {
    const key = cmd.options.find((o) => o.flags === flags)!.attributeName();
    const given = cmd.getOptionValueSource(key) === 'cli';
    const mine = byMethod.get(method);
    if (given && !mine) throw new Error(`${flags.split(' ')[0]} applies to ${[...byMethod.keys()].join(', ')}, not to --method ${method}`);
    if (!mine || (!given && mine.default === undefined)) continue;
    // A shared flag shows the first method's default; a method with its own default gets that one unless given.
    mine.apply(cfg, given ? (f[key] as string | boolean) : mine.default!);
  }
  return {
    method,
    ...data,
    epochs: intOption(f.epochs, '--epochs', 1),
    channels: intOption(f.initChannels, '--init-channels', 2, MAX_CHANNELS),
    // NAS-Bench-201's --layers is N, cells per stage (5 in the benchmark); the DARTS space needs 3 cells for its reductions.
    layers: intOption(f.layers, '--layers', f.space === 'nb201' ? 1 : 3, MAX_LAYERS),
    batchSize: f.batchSize ? intOption(f.batchSize, '--batch-size', 1) : info.batchSize,
    trainPortion: f.trainPortion !== undefined ? floatOption(f.trainPortion, '--train-portion', 0.01, 1) : (info.trainPortion ?? 0.5),
    methodConfig: cfg,
    out: f.out,
    draw: f.draw,
    overwrite: f.overwrite ? true : undefined,
    checkpointInterval: floatOption(f.checkpointInterval, '--checkpoint-interval', 0),
    ...(f.syncBn && { syncBatchNorm: true }),
  };
}
