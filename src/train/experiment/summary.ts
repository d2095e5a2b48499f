// What an experiment found, read from its runs' folders: per method and grid point, mean ± std over seeds of the
// search's validation accuracy, the final test accuracy, parameters and wall times; as Markdown, CSV and JSON. Also
// the select stage's choice of cell, which the scheduler needs before the final training starts.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../run-dir.js';
import { summarizeRun } from '../run-summary.js';
import type { ExperimentPlan, OptionValue } from './plan.js';

export interface MeanStd {
  mean: number;
  /** Sample standard deviation (n - 1, as numpy's std(ddof=1) and pandas' std); null for a single value. */
  std: number | null;
  n: number;
}

export function meanStd(values: readonly number[]): MeanStd | null {
  const n = values.length;
  if (n === 0) return null;
  const mean = values.reduce((a, b) => a + b, 0) / n;
  if (n === 1) return { mean, std: null, n };
  const variance = values.reduce((a, v) => a + (v - mean) ** 2, 0) / (n - 1);
  return { mean, std: Math.sqrt(variance), n };
}

/**
 * The cell a group's select stage kept: the search run whose cell trained best for select.epochs, by the top-1 of
 * the select runs' last epoch on their validation split when they held one out (`train-portion` in select:), else on
 * the test set.
 */
export interface Selection {
  seed: number;
  /** The search run (its id under the experiment folder) whose genotype is trained. */
  search: string;
  /** Its select run's top-1 (%), on `on`. */
  top1: number;
  on: 'validation' | 'test';
  candidates: { seed: number; search: string; select: string; top1: number }[];
}

function readJson<T>(path: string): T | undefined {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as T;
  } catch {
    return undefined;
  }
}

const selectionPath = (plan: ExperimentPlan, group: string): string => join(plan.output, group, 'selection.json');

/**
 * The select stage's choice for `group` once all its select runs finished (ties: the first seed), recorded in
 * `<group>/selection.json`. A choice already recorded stands: if the runs now pick another cell (seeds were added),
 * the final training runs of the old one would be mixed with the new, so that is refused.
 */
export function selectedCell(plan: ExperimentPlan, group: string): Selection {
  const candidates = plan.seeds.map((seed) => {
    const select = `${group}/select-s${seed}`;
    const dir = join(plan.output, select);
    const run = existsSync(join(dir, 'config.json')) ? summarizeRun(dir) : undefined;
    if (run?.state !== 'finished' || run.last === undefined)
      throw new Error(`${select} has not finished: the select stage of ${group} cannot choose yet`);
    return { seed, search: `${group}/search-s${seed}`, select, val: run.lastVal, test: run.last };
  });
  const on = candidates.every((c) => c.val !== undefined) ? 'validation' : 'test';
  const ranked = candidates.map(({ val, test, ...c }) => ({ ...c, top1: on === 'validation' ? val! : test }));
  const best = ranked.reduce((a, c) => (c.top1 > a.top1 ? c : a));
  const selection: Selection = { seed: best.seed, search: best.search, top1: best.top1, on, candidates: ranked };
  const recorded = readJson<Selection>(selectionPath(plan, group));
  if (recorded && recorded.search !== selection.search)
    throw new Error(
      `${group}: the select stage kept ${recorded.search} before, and its runs now point at ${selection.search} (seeds added?): remove ` +
        `${selectionPath(plan, group)} and ${group}'s train-s* and eval-s* runs to train the new choice`,
    );
  if (!recorded) writeFileAtomic(selectionPath(plan, group), JSON.stringify(selection, null, 2) + '\n');
  return selection;
}

export interface SeedResult {
  seed: number;
  /** The search run of this seed: its state and best validation accuracy (%). */
  search?: { state: string; valAccuracy?: number; seconds?: number };
  /** The final training run of this seed and its evaluation. */
  train?: { state: string; seconds?: number };
  eval?: { top1: number; params: number };
}

export interface GroupSummary {
  id: string;
  method: string;
  label: string;
  grid: Record<string, OptionValue>;
  /** Evaluations finished, and planned. */
  finished: number;
  planned: number;
  selected?: Pick<Selection, 'seed' | 'search' | 'top1' | 'on'>;
  searchVal: MeanStd | null;
  testTop1: MeanStd | null;
  params: MeanStd | null;
  searchSeconds: MeanStd | null;
  trainSeconds: MeanStd | null;
  seeds: SeedResult[];
}

export interface ExperimentSummary {
  name: string;
  output: string;
  select: boolean;
  gridKeys: string[];
  groups: GroupSummary[];
  notes: string[];
}

const defined = <T>(xs: (T | undefined)[]): T[] => xs.filter((x): x is T => x !== undefined);

export function summarizeExperiment(plan: ExperimentPlan): ExperimentSummary {
  const groups = plan.groups.map((g): GroupSummary => {
    const seeds = plan.seeds.map((seed): SeedResult => {
      const out: SeedResult = { seed };
      const search = join(plan.output, g.id, `search-s${seed}`);
      if (existsSync(join(search, 'config.json'))) {
        const s = summarizeRun(search);
        out.search = {
          state: s.state,
          valAccuracy: s.state === 'finished' ? s.best : undefined,
          seconds: s.state === 'finished' ? s.seconds : undefined,
        };
      }
      const train = join(plan.output, g.id, `train-s${seed}`);
      if (existsSync(join(train, 'config.json'))) {
        const t = summarizeRun(train);
        out.train = { state: t.state, seconds: t.state === 'finished' ? t.seconds : undefined };
      }
      const e = readJson<{ top1: number; params: number }>(join(plan.output, g.id, `eval-s${seed}.json`));
      if (e) out.eval = { top1: e.top1, params: e.params };
      return out;
    });
    const selection = plan.select ? readJson<Selection>(selectionPath(plan, g.id)) : undefined;
    return {
      id: g.id,
      method: g.method,
      label: g.label,
      grid: g.grid,
      finished: seeds.filter((s) => s.eval).length,
      planned: seeds.length,
      ...(selection && { selected: { seed: selection.seed, search: selection.search, top1: selection.top1, on: selection.on } }),
      searchVal: meanStd(defined(seeds.map((s) => s.search?.valAccuracy))),
      testTop1: meanStd(defined(seeds.map((s) => s.eval?.top1))),
      params: meanStd(defined(seeds.map((s) => s.eval?.params))),
      searchSeconds: meanStd(defined(seeds.map((s) => s.search?.seconds))),
      trainSeconds: meanStd(defined(seeds.map((s) => s.train?.seconds))),
      seeds,
    };
  });
  const notes = [
    'mean ± std over seeds (sample standard deviation, n - 1); runs: evaluations finished / planned',
    'search val: best validation accuracy of each search (on the part of the training set --train-portion leaves out)',
    plan.select
      ? "test top-1: the cell the select stage kept (the best select run's last epoch), trained from scratch once per seed and evaluated on the test set"
      : "test top-1: each seed's cell trained from scratch with that seed, evaluated on the test set",
    ...groups
      .filter((g) => g.selected)
      .map((g) => `${g.id}: kept ${g.selected!.search} (${g.selected!.on} top-1 ${g.selected!.top1.toFixed(2)}% in the select stage)`),
  ];
  if (groups.some((g) => g.selected?.on === 'test'))
    notes.push(
      "cells kept on test top-1 (the select runs held out no validation split, as DARTS' released train.py does): the test accuracy of " +
        'the kept cell is not independent of that choice; give select: a train-portion to rank them on held-out training images',
    );
  return { name: plan.name, output: plan.output, select: plan.select, gridKeys: Object.keys(plan.groups[0]?.grid ?? {}), groups, notes };
}

function formatStat(s: MeanStd | null, digits: number, scale = 1): string {
  if (!s) return '-';
  const mean = (s.mean / scale).toFixed(digits);
  return s.std === null ? mean : `${mean} ± ${(s.std / scale).toFixed(digits)}`;
}

function formatSeconds(s: MeanStd | null): string {
  if (!s) return '-';
  const [scale, unit] = s.mean < 90 ? [1, 's'] : s.mean < 5400 ? [60, 'min'] : [3600, 'h'];
  return `${formatStat(s, 1, scale)} ${unit}`;
}

export function summaryMarkdown(s: ExperimentSummary): string {
  const paramScale = Math.max(0, ...s.groups.map((g) => g.params?.mean ?? 0)) < 1e5 ? ([1e3, 'k', 1] as const) : ([1e6, 'M', 3] as const);
  const head = ['method', ...s.gridKeys, 'runs', 'search val top-1 (%)', 'test top-1 (%)', `params (${paramScale[1]})`, 'search time', 'train time'];
  const rows = s.groups.map((g) => [
    g.label,
    ...s.gridKeys.map((k) => String(g.grid[k])),
    `${g.finished}/${g.planned}`,
    formatStat(g.searchVal, 2),
    formatStat(g.testTop1, 2),
    formatStat(g.params, paramScale[2], paramScale[0]),
    formatSeconds(g.searchSeconds),
    formatSeconds(g.trainSeconds),
  ]);
  const line = (cells: string[]): string => `| ${cells.join(' | ')} |`;
  return [line(head), line(head.map(() => '---')), ...rows.map(line), '', ...s.notes.map((n) => `- ${n}`)].join('\n') + '\n';
}

/** One row per method x grid point, numbers unrounded; a missing value is an empty field. */
export function summaryCsv(s: ExperimentSummary): string {
  const stats = ['search_val', 'test_top1', 'params', 'search_seconds', 'train_seconds'] as const;
  const head = [
    'method',
    'label',
    ...s.gridKeys,
    'runs_finished',
    'runs_planned',
    ...stats.flatMap((k) => [`${k}_mean`, `${k}_std`]),
    'selected_seed',
  ];
  const field = (v: unknown): string => {
    const t = v === undefined || v === null ? '' : String(v);
    return /[",\n]/.test(t) ? `"${t.replace(/"/g, '""')}"` : t;
  };
  const rows = s.groups.map((g) => {
    const values = [g.searchVal, g.testTop1, g.params, g.searchSeconds, g.trainSeconds];
    return [
      g.method,
      g.label,
      ...s.gridKeys.map((k) => g.grid[k]),
      g.finished,
      g.planned,
      ...values.flatMap((v) => [v?.mean, v?.std]),
      g.selected?.seed,
    ];
  });
  return [head, ...rows].map((r) => r.map(field).join(',')).join('\n') + '\n';
}

/** Writes summary.md, summary.csv and summary.json into the experiment folder. */
export function writeSummary(s: ExperimentSummary): void {
  writeFileAtomic(join(s.output, 'summary.md'), `# ${s.name}\n\n${summaryMarkdown(s)}`);
  writeFileAtomic(join(s.output, 'summary.csv'), summaryCsv(s));
  writeFileAtomic(join(s.output, 'summary.json'), JSON.stringify(s, null, 2) + '\n');
}
