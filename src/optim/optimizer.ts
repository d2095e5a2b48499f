// The optimiser base, after torch.optim.Optimizer: parameter groups with their own hyperparameters, per-parameter
// state, zeroGrad, and state_dict / load_state_dict in PyTorch's format (integer parameter ids, snake_case group
// keys, `params` last), so a checkpoint written by tsnas reads as PyTorch's and back.
//
// Ownership: state tensors belong to the optimiser (kept out of every tidy scope) until `dispose()`.
// `stateDict()` hands out references to them, as PyTorch does; `loadStateDict()` copies what it is given.
import { enableGrad, getGrads, noGrad, type Tensor, tidy, zeroGrads } from '../tensor/index.js';

/** A value in a saved parameter group: numbers, flags, `null` (PyTorch's None), tuples such as `betas`. */
export type GroupValue = number | boolean | string | null | readonly number[];

/** A value in a saved per-parameter state: a tensor, a number (`step`), or null (SGD's absent momentum buffer). */
export type StateValue = Tensor | number | null;

/** One saved parameter group: the hyperparameters under PyTorch's names, then `params` (integer ids). */
export interface SavedParamGroup {
  [key: string]: GroupValue;
  params: readonly number[];
}

/** `optimizer.state_dict()`: per-parameter state keyed by id, and the groups, as PyTorch lays them out. */
export interface OptimizerStateDict {
  state: Map<number, Record<string, StateValue>>;
  param_groups: SavedParamGroup[];
}

/** What every parameter group carries besides its hyperparameters. */
export interface ParamGroupBase {
  params: Tensor[];
  lr: number;
  /** The lr a scheduler started from (PyTorch's `initial_lr`), set by the first scheduler attached. */
  initialLr?: number;
}

/** A group as passed to a constructor: its parameters and any hyperparameters that differ from the defaults. */
export type ParamGroupInput<O> = Partial<O> & { params: Iterable<Tensor> };

/** A list of parameters (one group), or several groups with per-group options. */
export type ParamsInput<O> = Iterable<Tensor> | readonly ParamGroupInput<O>[];

/** What schedulers and training loops need of any optimiser. */
export interface OptimizerLike {
  readonly paramGroups: readonly { lr: number; initialLr?: number }[];
}

function isGroupList<O>(p: ParamsInput<O>): p is readonly ParamGroupInput<O>[] {
  if (!Array.isArray(p) || p.length === 0) return false;
  const first: unknown = p[0];
  return typeof first === 'object' && first !== null && 'params' in first;
}

/**
 * Base of SGD, Adam and AdamW. `O` is the hyperparameter record (camelCase; saved under PyTorch's snake_case
 * names), `S` the per-parameter state.
 */
export abstract class Optimizer<O extends { lr: number }, S extends object> implements OptimizerLike {
  readonly defaults: Readonly<O>;
  readonly paramGroups: (O & ParamGroupBase)[] = [];
  /** Per-parameter state, created on a parameter's first step (PyTorch's `optimizer.state`). */
  protected readonly state = new Map<Tensor, S>();
  private disposed = false;
  /** Saved key order per group, as Python's dict would have it (options given first, then the defaults). */
  private readonly keyOrder = new WeakMap<object, string[]>();

  protected constructor(params: ParamsInput<O>, defaults: O) {
    this.defaults = Object.freeze({ ...defaults });
    const groups: ParamGroupInput<O>[] = isGroupList(params) ? [...params] : [{ params } as ParamGroupInput<O>];
    if (groups.length === 0) throw new Error(`${this.constructor.name}: optimizer got an empty parameter list`);
    for (const g of groups) this.addParamGroup(g);
  }

  /** The saved names of the hyperparameters, in PyTorch's order, with the Python-only flags tsnas fixes. */
  protected abstract pyGroupKeys(): readonly (readonly [py: string, ts: keyof O | null, fixed?: GroupValue])[];
  /** Checks one group's hyperparameters (throws PyTorch's messages). */
  protected abstract validate(o: O): void;
  /** Updates the parameters of one group that have gradients; runs inside noGrad + tidy. */
  protected abstract updateGroup(group: O & ParamGroupBase): void;
  /** The saved form of one parameter's state (PyTorch's keys; tensors by reference). */
  protected abstract saveState(s: S): Record<string, StateValue>;
  /** One parameter's state from its saved form; tensors are already private copies on the parameter's device. */
  protected abstract loadState(saved: Record<string, StateValue>, param: Tensor): S;
  /** The tensors of one state, for disposal. */
  protected abstract stateTensors(s: S): Tensor[];

  /** Adds a group (PyTorch's add_param_group): missing options take the defaults. */
  addParamGroup(input: ParamGroupInput<O>): void {
    const params = [...input.params];
    if (params.length === 0) throw new Error(`${this.constructor.name}: optimizer got an empty parameter list`);
    const seen = new Set(this.paramGroups.flatMap((g) => g.params));
    const mine = new Set<Tensor>();
    for (const p of params) {
      if (p.isDisposed) throw new Error(`${this.constructor.name}: a parameter was disposed`);
      if (!p.isLeaf) throw new Error(`${this.constructor.name}: can't optimize a non-leaf Tensor`);
      if (seen.has(p)) throw new Error(`${this.constructor.name}: some parameters appear in more than one parameter group`);
      if (mine.has(p)) throw new Error(`${this.constructor.name}: a parameter appears twice in one parameter group`);
      mine.add(p);
    }
    // options left undefined take the default, as if absent
    const opts = Object.fromEntries(Object.entries(input).filter(([k, v]) => k !== 'params' && v !== undefined));
    const group = { ...this.defaults, ...(opts as Partial<O>), params } as O & ParamGroupBase;
    this.validate(group);
    const keys = this.pyGroupKeys();
    const given = Object.keys(opts);
    const order = given.flatMap((k) => keys.filter(([, ts]) => ts === k).map(([py]) => py));
    for (const [py] of keys) if (!order.includes(py)) order.push(py);
    this.keyOrder.set(group, order);
    this.paramGroups.push(group);
  }

  /** Every parameter of every group, in order. */
  parameters(): Tensor[] {
    return this.paramGroups.flatMap((g) => g.params);
  }

  /** Clears the gradients of all parameters in one native crossing (undefined by default, as PyTorch 2). */
  zeroGrad(setToNone = true): void {
    zeroGrads(this.parameters(), setToNone);
  }

  /**
   * One optimisation step over every parameter that has a gradient. With a closure (re-evaluating the loss, as
   * PyTorch's `step(closure)`), it is called first with gradients enabled and its result returned.
   */
  step(): void;
  step<L>(closure: () => L): L;
  step<L>(closure?: () => L): L | undefined {
    this.checkLive();
    const loss = closure ? enableGrad(closure) : undefined;
    noGrad(() =>
      tidy(() => {
        for (const g of this.paramGroups) this.updateGroup(g);
      }),
    );
    return loss;
  }

  /** The state of one parameter (undefined before its first step). */
  stateOf(param: Tensor): Readonly<S> | undefined {
    return this.state.get(param);
  }

  /**
   * PyTorch's `optimizer.state_dict()`: `{state: Map<id, {...}>, param_groups: [{lr, ..., params: [ids]}]}`.
   * Ids number the parameters across groups in order. State tensors are the optimiser's own (do not dispose).
   */
  stateDict(): OptimizerStateDict {
    this.checkLive();
    const ids = new Map<Tensor, number>();
    const paramGroups: SavedParamGroup[] = [];
    for (const g of this.paramGroups) {
      const saved: Record<string, GroupValue> = {};
      const keys = this.pyGroupKeys();
      const order = [...(this.keyOrder.get(g) ?? keys.map(([py]) => py))];
      if (g.initialLr !== undefined && !order.includes('initial_lr')) order.push('initial_lr');
      for (const py of order) {
        if (py === 'initial_lr') {
          if (g.initialLr !== undefined) saved.initial_lr = g.initialLr;
          continue;
        }
        const spec = keys.find(([k]) => k === py);
        if (!spec) continue;
        const [, ts, fixed] = spec;
        const v = ts === null ? (fixed ?? null) : (g[ts] as GroupValue);
        saved[py] = Array.isArray(v) ? [...(v as number[])] : v;
      }
      const params = g.params.map((p) => {
        const id = ids.size;
        ids.set(p, id);
        return id;
      });
      paramGroups.push({ ...saved, params });
    }
    const state = new Map<number, Record<string, StateValue>>();
    for (const [p, s] of this.state) {
      const id = ids.get(p);
      if (id !== undefined) state.set(id, this.saveState(s));
    }
    return { state, param_groups: paramGroups };
  }

  /**
   * PyTorch's `load_state_dict`: group hyperparameters are replaced by the saved ones and the state is copied
   * (floating tensors cast to the parameter's dtype, all moved to its device). The caller keeps ownership of
   * `sd`'s tensors. Group count and sizes must match.
   */
  loadStateDict(
    sd:
      | OptimizerStateDict
      | { state: Map<number, Record<string, StateValue>> | Record<string, Record<string, StateValue>>; param_groups: readonly SavedParamGroup[] },
  ): void {
    this.checkLive();
    const saved = sd.param_groups;
    if (saved.length !== this.paramGroups.length)
      throw new Error(
        `${this.constructor.name}: loaded state dict has a different number of parameter groups ` +
          `(${saved.length} saved, ${this.paramGroups.length} here)`,
      );
    saved.forEach((sg, i) => {
      if (sg.params.length !== this.paramGroups[i]!.params.length)
        throw new Error(
          `${this.constructor.name}: loaded state dict contains a parameter group that doesn't match the size of ` +
            `optimizer's group (group ${i}: ${sg.params.length} saved, ${this.paramGroups[i]!.params.length} here)`,
        );
    });
    const idMap = new Map<number, Tensor>();
    saved.forEach((sg, i) => sg.params.forEach((id, k) => idMap.set(Number(id), this.paramGroups[i]!.params[k]!)));

    // Hyperparameters: every key this optimiser knows is taken from the checkpoint when present.
    const updated = saved.map((sg, i) => {
      const g = { ...this.paramGroups[i]! } as O & ParamGroupBase;
      const rec = g as unknown as Record<string, unknown>;
      for (const [py, ts] of this.pyGroupKeys()) {
        if (ts === null || !(py in sg)) continue;
        const v = sg[py];
        rec[ts as string] = Array.isArray(v) ? [...(v as number[])] : v;
      }
      if (typeof sg.initial_lr === 'number') g.initialLr = sg.initial_lr;
      this.validate(g);
      return g;
    });

    const entries: [number, Record<string, StateValue>][] =
      sd.state instanceof Map ? [...sd.state.entries()].map(([k, v]) => [Number(k), v]) : Object.entries(sd.state).map(([k, v]) => [Number(k), v]);
    const fresh = new Map<Tensor, S>();
    try {
      noGrad(() => {
        for (const [id, st] of entries) {
          const p = idMap.get(id);
          if (!p) continue; // PyTorch keeps such entries under their integer key, where nothing reads them
          const copied: Record<string, StateValue> = {};
          for (const [k, v] of Object.entries(st)) {
            if (v === null || typeof v === 'number') copied[k] = v;
            else if (k === 'step') copied[k] = v.item();
            else {
              const dtype = p.isFloatingPoint && v.isFloatingPoint ? p.dtype : undefined;
              copied[k] = v.to({ dtype, device: p.device, copy: true }).keep();
            }
          }
          fresh.set(p, this.loadState(copied, p));
        }
      });
    } catch (e) {
      for (const s of fresh.values()) for (const t of this.stateTensors(s)) t.dispose();
      throw e;
    }
    this.clearState();
    for (const [p, s] of fresh) this.state.set(p, s);
    updated.forEach((g, i) => {
      const mine = this.paramGroups[i]!;
      Object.assign(mine, g);
      const known = new Set([...this.pyGroupKeys().map(([py]) => py), 'initial_lr']);
      const order = Object.keys(saved[i]!).filter((k) => known.has(k));
      for (const [py] of this.pyGroupKeys()) if (!order.includes(py)) order.push(py);
      this.keyOrder.set(mine, order);
    });
  }

  /** Frees the state tensors now (the parameters are the model's and stay). */
  dispose(): void {
    this.clearState();
    this.disposed = true;
  }

  private clearState(): void {
    for (const s of this.state.values()) for (const t of this.stateTensors(s)) t.dispose();
    this.state.clear();
  }

  private checkLive(): void {
    if (this.disposed) throw new Error(`${this.constructor.name}: the optimizer was disposed`);
  }
}

/**
 * The parameters of a group that have gradients, with those gradients (fresh handles, freed by the enclosing
 * tidy), read in one native crossing for the whole list.
 */
export function withGrads(params: readonly Tensor[]): { params: Tensor[]; grads: Tensor[] } {
  const ps: Tensor[] = [];
  const gs: Tensor[] = [];
  const all = getGrads(params);
  for (let i = 0; i < params.length; i++) {
    const g = all[i];
    if (g === undefined) continue;
    ps.push(params[i]!);
    gs.push(g);
  }
  return { params: ps, grads: gs };
}

/** Indices of `items` grouped by a numeric key, in first-seen order (Adam's per-step-count buckets). */
export function bucketBy<T>(items: readonly T[], key: (t: T) => number): number[][] {
  const m = new Map<number, number[]>();
  items.forEach((t, i) => {
    const k = key(t);
    const b = m.get(k);
    if (b) b.push(i);
    else m.set(k, [i]);
  });
  return [...m.values()];
}

/** `list` restricted to `idx` (the whole list, unchanged, when idx covers it in order). */
export function pick<T>(list: readonly T[], idx: readonly number[]): T[] {
  if (idx.length === list.length) return list as T[];
  return idx.map((i) => list[i]!);
}
