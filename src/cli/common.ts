// What the commands that run networks share on the command line: this machine's way of running them.
import { setFastPaths } from '../nn/index.js';
import { type GivenValues, type OptionSpec, resolveOptions } from '../option-schema.js';
import { setNumThreads } from '../tensor/index.js';
import { setLogEvery } from '../train/progress.js';

export { MAX_CHANNELS, MAX_LAYERS, maxThreads, maxWorkers, resolveDevice } from '../train/command-options.js';

/**
 * Applies the options that change how this process computes, not what (--threads, --no-recompute, --log-every), from the command
 * line or a config file; they hold on a resume as on a new run.
 */
export function applyLocalOptions(specs: readonly OptionSpec[], given: GivenValues): { threads?: number } {
  const local = specs.filter((s) => s.local);
  const names = new Set(local.map((s) => s.name));
  const values = Object.fromEntries(Object.entries(given.values).filter(([k]) => names.has(k)));
  const r = resolveOptions(local, { values, sources: given.sources });
  if (typeof r.threads === 'number') setNumThreads(r.threads);
  if (r.recompute === false) setFastPaths({ recomputeDepthwise: false });
  if (typeof r['log-every'] === 'number') setLogEvery(r['log-every']);
  return { threads: r.threads as number | undefined };
}
