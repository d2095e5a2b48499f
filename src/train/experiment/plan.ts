// An experiment file (YAML or JSON) and the plan it expands to: every run of every stage (search -> select -> train
// -> eval) of every method x grid point x seed, each with its command-line options and the runs it needs first. The
// plan is data (experiment.json), so that a re-run can tell which runs it already holds and what a changed file
// changed. Run options are passed to each run as flags built from the file's keys (`init-channels: 8` ->
// `--init-channels 8`), so an unknown option fails in that run's own option check, with that command's message.
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import YAML from 'yaml';
import { z } from 'zod';
import { searchMethodNames } from '../../nas/search/registry.js';
import { didYouMean } from '../../nas/genotype/suggest.js';

export type OptionValue = string | number | boolean;
export type StageOptions = Record<string, OptionValue>;

export type Stage = 'search' | 'select' | 'train' | 'eval';

/** Option groups of the file, in the order they are merged (later ones win). */
const OPTION_SECTIONS = ['shared', 'search', 'select', 'train', 'eval'] as const;
type OptionSection = (typeof OPTION_SECTIONS)[number];

/** Which option sections each stage's runs take, in merge order: select trains like train, for fewer epochs. */
const SECTIONS_OF: Record<Stage, readonly OptionSection[]> = {
  search: ['shared', 'search'],
  select: ['shared', 'train', 'select'],
  train: ['shared', 'train'],
  // eval reads the data of the training run it evaluates; shared data options would override that.
  eval: ['eval'],
};

/** Options the experiment sets itself on every run (where its output goes, which device and seed). */
const RESERVED = ['out', 'resume', 'overwrite', 'device', 'threads', 'seed', 'nproc', 'master-port', 'config'];
const RESERVED_IN: Record<OptionSection, readonly string[]> = {
  shared: [...RESERVED, 'method', 'arch', 'json', 'checkpoint'],
  search: [...RESERVED, 'method'],
  select: [...RESERVED, 'arch'],
  train: [...RESERVED, 'arch'],
  eval: [...RESERVED, 'arch', 'json', 'checkpoint'],
};

const scalar = z.union([z.string(), z.number(), z.boolean()]);
const options = z.record(z.string(), scalar);
const FILE_KEYS = ['name', 'output', 'seeds', 'methods', 'grid', ...OPTION_SECTIONS] as const;

const fileSchema = z.strictObject({
  name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'a name of letters, digits, ".", "_" and "-" (it names the output folder)'),
  output: z.string().min(1).optional(),
  seeds: z.array(z.number().int().min(0)).min(1, 'at least one seed'),
  methods: z.union([z.array(z.string()).min(1, 'at least one method'), z.record(z.string(), z.union([options, z.null()]))]),
  grid: z.record(z.string(), z.array(scalar).min(1, 'at least one value')).optional(),
  shared: options.optional(),
  search: options.optional(),
  select: options.optional(),
  train: options.optional(),
  eval: options.optional(),
});
type ExperimentFile = z.infer<typeof fileSchema>;

/** One method x grid point: the runs of all seeds that the summary puts in one row. */
export interface ExperimentGroup {
  /** Folder of its runs under the experiment's, and its name in messages: `darts`, `darts+search.lr=0.1`. */
  id: string;
  /** The label in the file (`methods:` key or list entry). */
  label: string;
  method: string;
  /** `stage.option` -> value of this grid point. */
  grid: Record<string, OptionValue>;
}

/** What a job runs on: a run of an earlier job, or the cell the group's select stage kept. */
export type JobInput = { run: string } | { selectedIn: string };

export interface ExperimentJob {
  /** Path of its output under the experiment folder (a run directory; eval: `<id>.json`); logs go to `<id>.log`. */
  id: string;
  stage: Stage;
  group: string;
  seed: number;
  command: 'search' | 'train' | 'eval';
  input?: JobInput;
  /** --method (search), then the file's options in merge order (no --out, --device, --threads, --seed: the experiment adds those). */
  options: string[];
  /** Jobs that must have finished first. */
  deps: string[];
}

export interface ExperimentPlan {
  name: string;
  /** The experiment file, absolute; relative paths in its options mean relative to its folder (runs start there). */
  file: string;
  /** The experiment folder, absolute. */
  output: string;
  seeds: number[];
  select: boolean;
  groups: ExperimentGroup[];
  jobs: ExperimentJob[];
}

/** A file that is not a valid experiment, with every problem on its own line. */
export class ExperimentFileError extends Error {}

function issueText(issue: z.core.$ZodIssue, value: unknown): string {
  const where = issue.path.length > 0 ? issue.path.join('.') : 'the file';
  if (issue.code === 'unrecognized_keys') {
    // Only the top level is a fixed set of keys: option sections take any flag name.
    return issue.keys.map((k) => `${where}: unknown key '${k}'${didYouMean(k, FILE_KEYS)} (known: ${FILE_KEYS.join(', ')})`).join('\n');
  }
  if (issue.code === 'invalid_union' && issue.path.join('.') === 'methods')
    return "methods: a list of method names, or a map of label -> that method's own options (or nothing)";
  const got = issue.path.reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[k] : undefined), value);
  return `${where}: ${issue.message}${got !== undefined && typeof got !== 'object' ? ` (got ${JSON.stringify(got)})` : ''}`;
}

/** Option keys are the flags' names without their dashes; those the experiment sets are refused. */
function checkOptionKeys(section: string, reserved: readonly string[], o: StageOptions, problems: string[]): void {
  for (const key of Object.keys(o)) {
    if (!/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(key)) {
      const kebab = key
        .replace(/^-+/, '')
        .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
        .toLowerCase();
      problems.push(`${section}.${key}: option keys are the flag names without the dashes, e.g. '${kebab}' for --${kebab}`);
    } else if (reserved.includes(key)) {
      problems.push(
        `${section}.${key}: set by the experiment itself (${key === 'method' ? 'list methods under methods:' : key === 'seed' ? 'list seeds under seeds:' : 'each run gets its own'}); remove it`,
      );
    }
  }
}

function checkGridKey(key: string, problems: string[]): void {
  const dot = key.indexOf('.');
  const section = key.slice(0, dot) as OptionSection;
  const option = key.slice(dot + 1);
  if (dot < 0 || !OPTION_SECTIONS.includes(section)) {
    problems.push(
      `grid.${key}: name the stage the option is for: ${OPTION_SECTIONS.map((s) => `${s}.${dot < 0 ? key : option}`).join(', ')}` +
        (dot < 0 ? '' : didYouMean(key.slice(0, dot), OPTION_SECTIONS)),
    );
    return;
  }
  checkOptionKeys(section, RESERVED_IN[section], { [option]: true }, problems);
}

/** The methods as label -> own options (a list names methods with none). */
function methodEntries(f: ExperimentFile): [string, StageOptions | null][] {
  return Array.isArray(f.methods) ? f.methods.map((m) => [m, null]) : Object.entries(f.methods);
}

/** The flags an option map stands for: `key: v` -> `--key v`, `true` -> `--key`, `false` -> `--no-key`. */
export function optionFlags(o: StageOptions): string[] {
  return Object.entries(o).flatMap(([k, v]) => (v === true ? [`--${k}`] : v === false ? [`--no-${k}`] : [`--${k}`, String(v)]));
}

/** A grid value as part of a folder name. */
const folderPart = (v: OptionValue): string => String(v).replace(/[^A-Za-z0-9._-]/g, '_');

function cartesian(grid: [string, OptionValue[]][]): Record<string, OptionValue>[] {
  return grid.reduce<Record<string, OptionValue>[]>((points, [key, values]) => points.flatMap((p) => values.map((v) => ({ ...p, [key]: v }))), [{}]);
}

/** Parses and checks an experiment file's text (YAML, of which JSON is a subset). */
export function parseExperimentFile(text: string, file = 'experiment file'): ExperimentFile {
  let value: unknown;
  try {
    value = YAML.parse(text);
  } catch (e) {
    throw new ExperimentFileError(`${file}: not valid YAML: ${(e as Error).message}`);
  }
  const parsed = fileSchema.safeParse(value);
  if (!parsed.success) throw new ExperimentFileError(`${file}:\n  ${parsed.error.issues.map((i) => issueText(i, value)).join('\n  ')}`);
  const f = parsed.data;
  const problems: string[] = [];
  for (const section of OPTION_SECTIONS) checkOptionKeys(section, RESERVED_IN[section], f[section] ?? {}, problems);
  const known = searchMethodNames();
  const labels = new Set<string>();
  for (const [label, own] of methodEntries(f)) {
    if (labels.has(label)) problems.push(`methods: '${label}' is listed twice`);
    labels.add(label);
    if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(label))
      problems.push(`methods.${label}: a label of letters, digits, ".", "_" and "-" (it names a folder)`);
    const { method = label, ...rest } = own ?? {};
    if (!known.includes(String(method)))
      problems.push(`methods.${label}: unknown search method '${method}'${didYouMean(String(method), known)} (available: ${known.join(', ')})`);
    checkOptionKeys(`methods.${label}`, RESERVED_IN.search, rest, problems);
  }
  if (new Set(f.seeds).size !== f.seeds.length) problems.push(`seeds: a seed is listed twice (${f.seeds.join(', ')})`);
  for (const key of Object.keys(f.grid ?? {})) checkGridKey(key, problems);
  if (f.select) {
    const epochs = f.select.epochs;
    if (typeof epochs !== 'number' || !Number.isInteger(epochs) || epochs < 1)
      problems.push('select.epochs: how many epochs each found cell is trained to pick the best one (a whole number >= 1)');
  }
  if (problems.length > 0) throw new ExperimentFileError(`${file}:\n  ${problems.join('\n  ')}`);
  return f;
}

/**
 * Every job of the experiment, stage by stage (all searches first), each group's seeds in file order.
 * Without `select:`, each seed's cell is trained (with that seed) and evaluated: mean ± std over search seeds. With it,
 * each seed's cell is trained for select.epochs, the group keeps the best one, and that cell is trained and evaluated
 * once per seed: mean ± std over training seeds of the one cell, as DARTS reports.
 */
export function planExperiment(f: ExperimentFile, file: string, output?: string): ExperimentPlan {
  const abs = resolve(file);
  const here = dirname(abs);
  const grid = Object.entries(f.grid ?? {});
  const groups: (ExperimentGroup & { own: StageOptions })[] = [];
  for (const [label, own] of methodEntries(f)) {
    const { method = label, ...rest } = own ?? {};
    for (const point of cartesian(grid)) {
      const id = [label, ...Object.entries(point).map(([k, v]) => `${k}=${folderPart(v)}`)].join('+');
      groups.push({ id, label, method: String(method), grid: point, own: rest });
    }
  }
  const optionsOf = (stage: Stage, g: (typeof groups)[number]): string[] => {
    const merged: StageOptions = {};
    for (const section of SECTIONS_OF[stage]) Object.assign(merged, f[section]);
    if (stage === 'search') Object.assign(merged, g.own);
    for (const [key, v] of Object.entries(g.grid)) {
      const dot = key.indexOf('.');
      if ((SECTIONS_OF[stage] as readonly string[]).includes(key.slice(0, dot))) merged[key.slice(dot + 1)] = v;
    }
    return [...(stage === 'search' ? ['--method', g.method] : []), ...optionFlags(merged)];
  };
  const select = f.select !== undefined;
  const jobs: ExperimentJob[] = [];
  const id = (g: ExperimentGroup, stage: Stage, seed: number): string => `${g.id}/${stage}-s${seed}`;
  // A job waits for the run it takes as input; a cell kept by the select stage, for every select run of its group.
  const depsOf = (g: ExperimentGroup, input: JobInput | undefined): string[] =>
    !input ? [] : 'run' in input ? [input.run] : f.seeds.map((s) => id(g, 'select', s));
  const add = (stage: Stage, command: ExperimentJob['command'], input?: (g: ExperimentGroup, seed: number) => JobInput) => {
    for (const g of groups)
      for (const seed of f.seeds) {
        const from = input?.(g, seed);
        jobs.push({
          id: id(g, stage, seed),
          stage,
          group: g.id,
          seed,
          command,
          ...(from && { input: from }),
          options: optionsOf(stage, g),
          deps: depsOf(g, from),
        });
      }
  };
  const runOf =
    (stage: Stage) =>
    (g: ExperimentGroup, seed: number): JobInput => ({ run: id(g, stage, seed) });
  add('search', 'search');
  if (select) {
    add('select', 'train', runOf('search'));
    add('train', 'train', (g) => ({ selectedIn: g.id }));
  } else add('train', 'train', runOf('search'));
  add('eval', 'eval', runOf('train'));
  const out = output
    ? resolve(output)
    : f.output
      ? isAbsolute(f.output)
        ? f.output
        : resolve(here, f.output)
      : resolve('runs', 'experiments', f.name);
  return {
    name: f.name,
    file: abs,
    output: out,
    seeds: [...f.seeds],
    select,
    groups: groups.map(({ own: _, ...g }) => g),
    jobs,
  };
}

/** Reads, checks and expands an experiment file. `output` (--out) overrides the file's. */
export function loadExperiment(file: string, output?: string): ExperimentPlan {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new Error(`cannot read the experiment file ${file}: ${(e as Error).message}`);
  }
  return planExperiment(parseExperimentFile(text, file), file, output);
}

/** The command line of a job, given the folder of its input run. */
export function jobArgs(job: ExperimentJob, inputPath: string | undefined): string[] {
  const input = inputPath === undefined ? [] : job.command === 'eval' ? [inputPath] : ['--arch', inputPath];
  return [job.command, ...input, ...job.options, ...(job.command === 'eval' ? ['--json'] : ['--seed', String(job.seed)])];
}

/** A job's flags as flag -> value (a bare switch: true), and its command and input under their own keys. */
function jobSettings(j: ExperimentJob): Map<string, string> {
  const out = new Map<string, string>([
    ['command', j.command],
    ['input', JSON.stringify(j.input ?? null)],
  ]);
  for (let i = 0; i < j.options.length; i++) {
    const flag = j.options[i]!;
    const next = j.options[i + 1];
    const bare = next === undefined || next.startsWith('--');
    out.set(flag, bare ? 'true' : next);
    if (!bare) i++;
  }
  return out;
}

/** What differs between two versions of a job: `--epochs 1 -> 2`, `--cutout (none) -> true`. */
function jobDiff(was: ExperimentJob, now: ExperimentJob): string {
  const a = jobSettings(was);
  const b = jobSettings(now);
  return [...new Set([...a.keys(), ...b.keys()])]
    .filter((k) => a.get(k) !== b.get(k))
    .map((k) => `${k} ${a.get(k) ?? '(not given)'} -> ${b.get(k) ?? '(not given)'}`)
    .join(', ');
}

/**
 * How `now` differs from the plan an experiment folder was started with: jobs whose command changed (`lines` says
 * how, one line per kind of change), and jobs no longer planned. Jobs only added (more seeds, methods or grid values)
 * are no change: they just run.
 */
export function planChanges(before: ExperimentPlan, now: ExperimentPlan): { changed: string[]; removed: string[]; lines: string[] } {
  const old = new Map(before.jobs.map((j) => [j.id, j]));
  const byDiff = new Map<string, string[]>();
  for (const j of now.jobs) {
    const was = old.get(j.id);
    const diff = was ? jobDiff(was, j) : '';
    if (diff) byDiff.set(diff, [...(byDiff.get(diff) ?? []), j.id]);
  }
  const planned = new Set(now.jobs.map((j) => j.id));
  const removed = before.jobs.filter((j) => !planned.has(j.id)).map((j) => j.id);
  return {
    changed: [...byDiff.values()].flat(),
    removed,
    lines: [...byDiff].map(([diff, ids]) => `${diff}: ${ids.join(', ')}`),
  };
}

/** `ids` and every job that needs one of them, directly or not (their results would be stale). */
export function withDependents(plan: ExperimentPlan, ids: readonly string[]): Set<string> {
  const out = new Set(ids);
  for (let grew = true; grew; ) {
    grew = false;
    for (const j of plan.jobs)
      if (!out.has(j.id) && j.deps.some((d) => out.has(d))) {
        out.add(j.id);
        grew = true;
      }
  }
  return out;
}
