// The options of a command as one schema: each option's name (its flag without dashes, and its key in config files
// and in a run's config.json), its type as a zod schema, its help and its default. The command line, config files,
// resume and rerun all read options through it, so a value is checked, defaulted and recorded the same way wherever it
// comes from.
import { z } from 'zod';
import { DECIMAL } from './option-values.js';

export type OptionValue = number | string | boolean;

/** A value of an option: what it may be, as a zod schema, and how that reads in a message. */
export interface OptionType<T extends OptionValue = OptionValue> {
  schema: z.ZodType<T>;
  /** 'an integer >= 1', 'one of l1, l2' ... */
  expected: string;
  /** A switch takes no value on the command line (--auxiliary, --no-draw). */
  isSwitch?: boolean;
  choices?: readonly string[];
}

// Command-line values arrive as text; config files may hold numbers or text. Text is turned into a number only when it
// is a plain decimal, so '0x10', '' and 'Infinity' stay text and fail the number check instead of becoming numbers.
const fromText = (v: unknown): unknown => (typeof v === 'string' && DECIMAL.test(v) ? Number(v) : v);

function range(min: number, max: number): string {
  if (Number.isFinite(min) && Number.isFinite(max)) return `in [${min}, ${max}]`;
  if (Number.isFinite(min)) return `>= ${min}`;
  if (Number.isFinite(max)) return `<= ${max}`;
  return '';
}

export function integer(min = 0, max = Number.MAX_SAFE_INTEGER): OptionType<number> {
  const expected = `an integer ${range(min, max === Number.MAX_SAFE_INTEGER ? Infinity : max)}`.trim();
  return {
    expected,
    schema: z.preprocess(fromText, z.number().int().min(min).max(max)) as unknown as z.ZodType<number>,
  };
}

export function decimal(min = -Infinity, max = Infinity): OptionType<number> {
  const r = range(min, max);
  let n = z.number();
  if (Number.isFinite(min)) n = n.min(min);
  if (Number.isFinite(max)) n = n.max(max);
  return { expected: r ? `a finite number ${r}` : 'a finite number', schema: z.preprocess(fromText, n) as unknown as z.ZodType<number> };
}

/** One of `choices`; `canonical` maps other spellings of a choice to it (published names: CIFAR-10 → cifar10). */
export function choice<C extends string>(choices: readonly C[], canonical?: (v: string) => C | undefined): OptionType<C> {
  const oneOf = z.enum(choices as [C, ...C[]]);
  const schema = canonical ? z.preprocess((v) => (typeof v === 'string' ? (canonical(v) ?? v) : v), oneOf) : oneOf;
  return { expected: `one of ${choices.join(', ')}`, choices, schema: schema as unknown as z.ZodType<C> };
}

export function text(): OptionType<string> {
  return { expected: 'a text', schema: z.string().min(1) };
}

export function onOff(): OptionType<boolean> {
  const bool = z.preprocess((v) => (v === 'true' ? true : v === 'false' ? false : v), z.boolean());
  return { expected: 'true or false', isSwitch: true, schema: bool as unknown as z.ZodType<boolean> };
}

export type Resolved = Readonly<Record<string, OptionValue>>;

export interface OptionSpec<T extends OptionValue = OptionValue> {
  /** The flag without its dashes ('init-channels'); also the key in config files and config.json. */
  name: string;
  /** Placeholder of the value in --help ('<n>'); switches have none. */
  arg?: string;
  description: string;
  type: OptionType<T>;
  /**
   * The value when none is given: a constant, or worked out from the options resolved before this one (the method's
   * batch size, the space's cells); undefined leaves the option unset.
   */
  default?: T | ((resolved: Resolved) => T | undefined);
  /** How --help states the default when it is computed ("the method's"). */
  defaultText?: string;
  /**
   * How the run is computed here, not what it computes (threads, workers): not recorded in config.json and taken
   * from this command line on resume and rerun.
   */
  local?: boolean;
  /** With --resume, a value given changes the continued run ('apply'); otherwise it is refused. */
  onResume?: 'apply';
}

/** Where a value came from, for messages: a flag on the command line, a key of a file, or a recipe (--recipe NAME). */
export type OptionSource = { kind: 'cli' } | { kind: 'file'; path: string } | { kind: 'recipe'; name: string };

function sourceText(name: string, source: Exclude<OptionSource, { kind: 'cli' }>): string {
  return source.kind === 'file' ? `'${name}' in ${source.path}` : `'${name}' of --recipe ${source.name}`;
}

export function flagOf(spec: Pick<OptionSpec, 'name' | 'type' | 'default'>): string {
  return spec.type.isSwitch && spec.default === true ? `--no-${spec.name}` : `--${spec.name}`;
}

export function whereOf(name: string, source: OptionSource | undefined, spec?: OptionSpec): string {
  if (!source || source.kind === 'cli') return spec ? flagOf(spec) : `--${name}`;
  return sourceText(name, source);
}

function shown(v: unknown): string {
  return typeof v === 'string' ? `'${v}'` : (JSON.stringify(v) ?? String(v));
}

/** Levenshtein distance, for "did you mean" suggestions (options here, genotype and op names in nas). */
export function editDistance(a: string, b: string): number {
  const d = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = d[0]!;
    d[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = d[j]!;
      d[j] = Math.min(d[j]! + 1, d[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = cur;
    }
  }
  return d[b.length]!;
}

/** The closest of `names` to `key` (snake_case and camelCase spellings of a name count as the name). */
export function suggestion(key: string, names: readonly string[]): string | undefined {
  const kebab = key
    .replace(/^-+/, '')
    .replace(/_/g, '-')
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .toLowerCase();
  if (names.includes(kebab)) return kebab;
  let best: string | undefined;
  let bestD = Infinity;
  for (const n of names) {
    const dist = editDistance(kebab, n);
    if (dist < bestD) [best, bestD] = [n, dist];
  }
  return best !== undefined && bestD <= Math.max(2, Math.floor(best.length / 3)) ? best : undefined;
}

export function unknownOptionError(key: string, names: readonly string[], source: OptionSource, what = 'option'): Error {
  const near = suggestion(key, names);
  const where = source.kind === 'cli' ? `--${key}` : sourceText(key, source);
  return new Error(`${where}: unknown ${what}${near ? `; did you mean '${near}'?` : ''} (the ${what}s are the flag names: ${names.join(', ')})`);
}

/** Why a value that looks like a number is not one the option takes, as intOption / floatOption say it. */
function valueHint(value: unknown, type: OptionType): string {
  if (typeof value === 'string') {
    if (/^\s|\s$/.test(value)) return ' (no spaces)';
    if (/^[+-]?0x/i.test(value)) return ' (decimal, not hex)';
  }
  const n = typeof value === 'number' ? value : typeof value === 'string' && DECIMAL.test(value) ? Number(value) : undefined;
  if (n === undefined) return '';
  const isInteger = type.expected.startsWith('an integer');
  if (!Number.isFinite(n))
    return isInteger
      ? ` (${n > 0 ? 'too large' : 'too small'} for an integer option)`
      : ` (${n > 0 ? 'too large' : 'too small'}: beyond the double range)`;
  if (isInteger && !Number.isInteger(n)) return ' (not a whole number)';
  if (isInteger && !Number.isSafeInteger(n)) return ` (${n > 0 ? 'too large' : 'too small'} for an integer option)`;
  return '';
}

/** One value checked against its option's schema; the message names the flag or the file's key. */
export function parseValue<T extends OptionValue>(spec: OptionSpec<T>, value: unknown, source: OptionSource | undefined): T {
  const r = spec.type.schema.safeParse(value);
  if (r.success) return r.data;
  throw new Error(`${whereOf(spec.name, source, spec)} must be ${spec.type.expected}, got ${shown(value)}${valueHint(value, spec.type)}`);
}

export interface GivenValues {
  values: Record<string, unknown>;
  /** Where each given value came from. */
  sources: Record<string, OptionSource>;
}

/**
 * Every option of `specs` resolved in order: the given value (checked), else the default (which may depend on the
 * options resolved before it, `before` included). Options left unset are absent. A given key that no spec names is an
 * error with a suggestion.
 */
export function resolveOptions(specs: readonly OptionSpec[], given: GivenValues, before: Resolved = {}): Record<string, OptionValue> {
  const byName = new Map(specs.map((s) => [s.name, s]));
  for (const key of Object.keys(given.values)) {
    if (!byName.has(key))
      throw unknownOptionError(
        key,
        specs.map((s) => s.name),
        given.sources[key] ?? { kind: 'cli' },
      );
  }
  const out: Record<string, OptionValue> = {};
  for (const spec of specs) {
    const v = given.values[spec.name];
    if (v !== undefined) {
      out[spec.name] = parseValue(spec, v, given.sources[spec.name]);
      continue;
    }
    const d = typeof spec.default === 'function' ? spec.default({ ...before, ...out }) : spec.default;
    if (d !== undefined) out[spec.name] = d;
  }
  return out;
}

/** The help text of an option: its description, its choices and its default (worked out from `resolved` when given). */
export function helpOf(spec: OptionSpec, resolved?: Resolved): string {
  let d: string | undefined;
  if (typeof spec.default === 'function') {
    const v = resolved ? spec.default(resolved) : undefined;
    d = v === undefined ? spec.defaultText : String(v);
  } else if (spec.default !== undefined && !spec.type.isSwitch) d = String(spec.default);
  const choices = spec.type.choices && !spec.description.includes(spec.type.choices[0]!) ? `one of: ${spec.type.choices.join(', ')}` : undefined;
  const extra = [choices, d === undefined ? undefined : `default: ${d}`].filter((x) => x !== undefined);
  return extra.length ? `${spec.description} (${extra.join('; ')})` : spec.description;
}
