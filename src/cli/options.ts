// Commander flags made from a command's option schema, the values given on the command line read back by option name,
// --config FILE under them, and what --resume accepts.
import { type Command, Option } from 'commander';
import { flagOf, type GivenValues, helpOf, type OptionSpec } from '../option-schema.js';
import { overConfigFile, readConfigFile } from '../train/config-file.js';

/** The commander Option of a spec. Its values are checked by the schema alone (commander's choices would not know a choice's owner method). */
function commanderOption(spec: OptionSpec, help: string): Option {
  return new Option(spec.type.isSwitch ? flagOf(spec) : `--${spec.name} ${spec.arg ?? '<value>'}`, help);
}

/** Adds a flag per spec; defaults are stated in the help but left to the schema, so a given value is told from a default. */
export function addOptionSpecs(cmd: Command, specs: readonly OptionSpec[], help: (spec: OptionSpec) => string = (s) => helpOf(s)): Command {
  for (const spec of specs) {
    cmd.addOption(commanderOption(spec, help(spec)));
    // Every switch can be turned either way, so that a command line overrides a config file or a recipe. Where the
    // default depends on other options (on for an NB201 cell) both flags are listed; otherwise the opposite is hidden.
    if (spec.type.isSwitch) {
      const opposite = flagOf(spec).startsWith('--no-') ? `--${spec.name}` : `--no-${spec.name}`;
      const option = new Option(opposite, `${opposite.startsWith('--no-') ? 'no ' : ''}${spec.description}`);
      cmd.addOption(typeof spec.default === 'function' ? option : option.hideHelp());
    }
  }
  return cmd;
}

export function addConfigOption(cmd: Command): Command {
  return cmd.option(
    '--config <file>',
    "options from a YAML or JSON file (keys: the flag names without dashes, e.g. 'init-channels: 8'), or a run's config.json; flags given here override it",
  );
}

/** The commander attribute of a spec's flag on `cmd` (initChannels for --init-channels, draw for --no-draw). */
export function attributeOf(cmd: Command, spec: OptionSpec): string | undefined {
  const flag = flagOf(spec);
  return cmd.options.find((o) => o.long === flag)?.attributeName();
}

/** The values given on the command line, by option name. */
export function givenOnCommandLine(cmd: Command, specs: readonly OptionSpec[]): GivenValues {
  const values: Record<string, unknown> = {};
  const opts = cmd.opts();
  for (const spec of specs) {
    const key = attributeOf(cmd, spec);
    if (key && cmd.getOptionValueSource(key) === 'cli') values[spec.name] = opts[key];
  }
  return { values, sources: Object.fromEntries(Object.keys(values).map((k) => [k, { kind: 'cli' as const }])) };
}

/** The command line's values over those of --config FILE. */
export function givenValues(cmd: Command, specs: readonly OptionSpec[], command: string): GivenValues {
  const file = cmd.opts().config as string | undefined;
  return overConfigFile(file ? readConfigFile(file, command) : undefined, givenOnCommandLine(cmd, specs));
}

/** Options of a command that are not in its schema but may accompany --resume (how the ranks are started). */
const RESUME_LAUNCH_OPTIONS = new Set(['resume', 'nproc', 'masterPort', 'distTimeout']);

/**
 * --resume continues a run with the values of its config.json. A flag given with it is applied where its schema says
 * so (--epochs), taken as this machine's way of running it (--threads, --workers), or refused: never ignored.
 * Returns the values to apply.
 */
export function resumeChanges(cmd: Command, specs: readonly OptionSpec[]): Record<string, unknown> {
  const given = givenOnCommandLine(cmd, specs).values;
  const refused: string[] = [];
  const apply: Record<string, unknown> = {};
  for (const spec of specs) {
    if (!(spec.name in given) || spec.local) continue;
    if (spec.onResume === 'apply') apply[spec.name] = given[spec.name];
    else refused.push(flagOf(spec));
  }
  const inSchema = new Set(specs.map((s) => attributeOf(cmd, s)));
  for (const o of cmd.options) {
    const key = o.attributeName();
    if (!inSchema.has(key) && !RESUME_LAUNCH_OPTIONS.has(key) && cmd.getOptionValueSource(key) === 'cli') refused.push(o.long ?? o.flags);
  }
  if (refused.length > 0) {
    const applied = specs.filter((s) => s.onResume === 'apply').map((s) => flagOf(s));
    const local = specs.filter((s) => s.local).map((s) => flagOf(s));
    throw new Error(
      `--resume continues a run with the options in its config.json; ${refused.join(', ')} cannot be given with it ` +
        `(to change them, start a new run from this one's values: tsnas ${cmd.name()} --config ${String(cmd.opts().resume)}/config.json ${refused[0]} ...). ` +
        `With --resume, ${applied.join(', ')} changes the run, and ${[...local, '--nproc'].join(', ')} only how it runs here`,
    );
  }
  return apply;
}
