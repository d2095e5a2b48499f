// A resumable state as nested plain data with tensors at the leaves; written with torch.save (Python can read
// a tsnas search checkpoint) by the run machinery.
import type { PickleTree } from '../../io/index.js';
import type { OptimizerStateDict, SavedParamGroup, StateValue } from '../../optim/index.js';
import { Tensor } from '../../tensor/index.js';

export type { PickleTree };

export function mapOf(tree: PickleTree | undefined, what: string): Map<PickleTree, PickleTree> {
  if (tree instanceof Map) return tree;
  if (tree && typeof tree === 'object' && Object.getPrototypeOf(tree) === Object.prototype)
    return new Map(Object.entries(tree as Record<string, PickleTree>));
  throw new Error(`checkpoint: '${what}' is not a dictionary`);
}

export function field(tree: PickleTree | undefined, key: string, what: string): PickleTree {
  const m = mapOf(tree, what);
  const v = m.get(key);
  if (v === undefined) throw new Error(`checkpoint: '${what}' has no '${key}'`);
  return v;
}

export function tensorMap(tree: PickleTree | undefined, what: string): Map<string, Tensor> {
  const out = new Map<string, Tensor>();
  for (const [k, v] of mapOf(tree, what)) {
    if (!(v instanceof Tensor)) throw new Error(`checkpoint: '${what}.${String(k)}' is not a tensor`);
    out.set(String(k), v);
  }
  return out;
}

/**
 * An optimiser state_dict as torch.load gives it (nested dicts as Maps) in the shape Optimizer.loadStateDict
 * takes: `{state: Map<id, {...}>, param_groups: [{...}]}`.
 */
export function optimizerStateFrom(tree: PickleTree | undefined, what: string): OptimizerStateDict {
  const m = mapOf(tree, what);
  const state = new Map<number, Record<string, StateValue>>();
  for (const [id, s] of mapOf(m.get('state') ?? new Map(), `${what}.state`))
    state.set(Number(id), Object.fromEntries([...mapOf(s, `${what}.state.${String(id)}`)].map(([k, v]) => [String(k), v as StateValue])));
  const groups = m.get('param_groups');
  if (!Array.isArray(groups)) throw new Error(`checkpoint: '${what}.param_groups' is not a list`);
  const paramGroups = groups.map(
    (g, i) => Object.fromEntries([...mapOf(g, `${what}.param_groups[${i}]`)].map(([k, v]) => [String(k), v])) as unknown as SavedParamGroup,
  );
  return { state, param_groups: paramGroups };
}
