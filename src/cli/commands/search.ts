import { type Command, Help, type Option } from 'commander';
import { searchMethodNames } from '../../nas/search/registry.js';
import { helpOf, type OptionSpec } from '../../option-schema.js';
import { methodOptionsByName, resolveSearch, searchOptionSpecs } from '../../train/command-options.js';
import { resumeSearch, runSearch } from '../../train/search-runner.js';
import { recipesHelp } from '../../train/recipes.js';
import { addLaunchOptions } from '../launch.js';
import { addConfigOption, addOptionSpecs, attributeOf } from '../options.js';
import { addRankOptions } from '../rank.js';
import { type RunFlags, runOrResume } from '../run-command.js';

/** The method named on the command line (`search --method M --help` shows that method's options and defaults). */
function methodAsked(cmd: Command, argv: readonly string[]): string | undefined {
  if (cmd.getOptionValueSource('method') === 'cli') return cmd.opts().method as string;
  // --help before --method stops commander's parsing there; the method is then read from the words themselves.
  for (let i = 0; i < argv.length; i++) {
    const m = /^--method=(.+)$/.exec(argv[i]!);
    if (m) return m[1];
    if (argv[i] === '--method' && argv[i + 1]) return argv[i + 1];
  }
  return undefined;
}

/** A method option's help in the all-methods listing: its description and each method's default where they differ. */
function sharedHelp(name: string): string {
  const owners = methodOptionsByName().get(name)!;
  const first = [...owners.values()][0]!;
  const defaults = [...owners].map(([m, o]) => [m, typeof o.default === 'function' ? o.defaultText : o.default] as const);
  const described = owners.size > 1 ? first.description.replace(/^[a-z]+: /, '') : first.description;
  const values = new Set(defaults.map(([, d]) => String(d)));
  const differ = new Set([...owners.values()].map((o) => o.description.replace(/^[a-z]+: /, ''))).size > 1;
  if (differ) return `${described} (${[...owners.keys()].join(', ')}: each method's own with tsnas search --method M --help)`;
  if (first.type.isSwitch || defaults.every(([, d]) => d === undefined))
    return owners.size > 1 ? `${described} (${[...owners.keys()].join(', ')})` : described;
  if (values.size === 1) return `${described} (${owners.size > 1 ? `${[...owners.keys()].join(', ')}; ` : ''}default: ${[...values][0]})`;
  return `${described} (default: ${defaults.map(([m, d]) => `${d} ${m}`).join(', ')})`;
}

/** The common options whose default is the method's own (worked out for `search --method M --help`). */
const METHOD_DEFAULTS = new Set(['batch-size', 'train-portion', 'epochs', 'init-channels', 'layers']);

/** `search --help` lists every method's options; with --method M, only M's, with M's defaults. */
function methodHelp(cmd: Command): void {
  const byName = methodOptionsByName();
  const attributeToName = new Map<string, string>();
  const specs = searchOptionSpecs();
  for (const s of specs) {
    const attribute = attributeOf(cmd, s);
    if (attribute) attributeToName.set(attribute, s.name);
  }
  cmd.configureHelp({
    visibleOptions(this: Help, c: Command): Option[] {
      const all = Help.prototype.visibleOptions.call(this, c);
      const method = methodAsked(c, process.argv);
      if (!method || !searchMethodNames().includes(method)) return all;
      return all.filter((o) => {
        const name = attributeToName.get(o.attributeName());
        const owners = name ? byName.get(name) : undefined;
        return !owners || owners.has(method);
      });
    },
    optionDescription(this: Help, o: Option): string {
      const name = attributeToName.get(o.attributeName());
      const owners = name ? byName.get(name) : undefined;
      const method = methodAsked(cmd, process.argv);
      if (name && method && searchMethodNames().includes(method)) {
        const spec: OptionSpec | undefined = owners?.get(method) ?? specs.find((s) => s.name === name);
        // The defaults that depend on the method are worked out for it; those that depend on the space are described.
        if (spec) return helpOf(spec, METHOD_DEFAULTS.has(name) ? { method } : undefined);
      }
      if (owners) return sharedHelp(name!);
      return Help.prototype.optionDescription.call(this, o);
    },
  });
}

export function registerSearch(program: Command): void {
  const cmd = program
    .command('search')
    .description(
      'Search a cell architecture with a differentiable NAS method; writes a run directory with the genotype of every epoch. ' +
        '`tsnas search --method M --help` lists the options of method M with its defaults.',
    );
  const specs = searchOptionSpecs();
  addOptionSpecs(cmd, specs, (s) => helpOf(s));
  addConfigOption(cmd);
  // With --method M, only M's recipes: the others would list other methods' options.
  cmd.addHelpText('after', () => {
    const method = methodAsked(cmd, process.argv);
    return `\n${recipesHelp('search', method && searchMethodNames().includes(method) ? method : undefined)}\n`;
  });
  cmd
    .option('--out <dir>', 'run directory (default: runs/search-<timestamp>)')
    .option(
      '--resume <dir>',
      'continue an interrupted (Ctrl-C, SIGTERM), killed or finished search from its last checkpoint, with the options of its config.json (--epochs N: go on to N epochs)',
    )
    .option('--overwrite', 'replace the run already in --out (refused otherwise, so that no run is lost)');
  addLaunchOptions(cmd);
  addRankOptions(cmd);
  methodHelp(cmd);
  cmd.action(async (f: RunFlags) => {
    const result = await runOrResume(cmd, specs, f, resolveSearch, runSearch, resumeSearch);
    if (!result) return;
    process.stdout.write(
      `\nsearch finished in ${result.seconds.toFixed(1)} s; best validation accuracy ${result.bestValAccuracy.toFixed(2)}%\n` +
        `genotype: ${result.genotypeText}\nrun directory: ${result.dir}\n` +
        (result.svg ? `cells drawn: ${result.svg.normal}\n             ${result.svg.reduce}\n` : '') +
        `train it: tsnas train --arch ${result.dir}\n`,
    );
  });
}
