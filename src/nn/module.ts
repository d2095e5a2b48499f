// The Module system, after torch.nn.Module: parameters, buffers and children registered by name, giving
// PyTorch's dotted state_dict keys (`features.0.weight`, `bn.running_mean`), train/eval, moves and counts.
import { type Device, type DType, type MemoryFormat, noGrad, type Tensor, zeroGrads } from '../tensor/index.js';

export type StateDict = Map<string, Tensor>;

export interface LoadResult {
  missingKeys: string[];
  unexpectedKeys: string[];
}

export interface LoadOptions {
  /** Missing or unexpected keys are an error (PyTorch's default). `num_batches_tracked` may always be missing. */
  strict?: boolean;
}

export abstract class Module {
  training = true;
  private readonly params = new Map<string, Tensor | null>();
  private readonly bufs = new Map<string, Tensor | null>();
  private readonly nonPersistent = new Set<string>();
  private readonly children_ = new Map<string, Module | null>();

  /** Registers a trainable tensor; the module owns it from now on (it leaves any tidy scope). */
  registerParameter(name: string, t: Tensor | null): Tensor | null {
    this.checkName(name, this.params);
    if (t) {
      t.keep();
      if (!t.requiresGrad) t.requiresGrad_(true);
    }
    this.params.set(name, t);
    return t;
  }

  /** Registers a state tensor that is not trained (BatchNorm statistics); saved unless `persistent` is false. */
  registerBuffer(name: string, t: Tensor | null, persistent = true): Tensor | null {
    this.checkName(name, this.bufs);
    t?.keep();
    this.bufs.set(name, t);
    if (!persistent) this.nonPersistent.add(name);
    return t;
  }

  registerModule<M extends Module | null>(name: string, m: M): M {
    this.checkName(name, this.children_);
    this.children_.set(name, m);
    return m;
  }

  private checkName(name: string, own: Map<string, unknown>): void {
    if (name === '' || name.includes('.')) throw new Error(`${this.constructor.name}: invalid name '${name}' (empty or contains '.')`);
    const taken = [this.params, this.bufs, this.children_].some((m) => m !== own && m.has(name));
    if (taken) throw new Error(`${this.constructor.name}: '${name}' is already registered as another kind of attribute`);
  }

  /** A registered parameter by local name (throws if absent). */
  param(name: string): Tensor {
    const p = this.params.get(name);
    if (!p) throw new Error(`${this.constructor.name} has no parameter '${name}'`);
    return p;
  }
  optionalParam(name: string): Tensor | null {
    return this.params.get(name) ?? null;
  }
  buffer(name: string): Tensor {
    const b = this.bufs.get(name);
    if (!b) throw new Error(`${this.constructor.name} has no buffer '${name}'`);
    return b;
  }
  child<M extends Module = Module>(name: string): M {
    const m = this.children_.get(name);
    if (!m) throw new Error(`${this.constructor.name} has no submodule '${name}'`);
    return m as M;
  }

  *namedChildren(): Generator<[string, Module]> {
    for (const [n, m] of this.children_) if (m) yield [n, m];
  }
  children(): Module[] {
    return [...this.namedChildren()].map(([, m]) => m);
  }
  *namedModules(prefix = ''): Generator<[string, Module]> {
    yield [prefix, this];
    for (const [n, m] of this.namedChildren()) yield* m.namedModules(prefix ? `${prefix}.${n}` : n);
  }
  modules(): Module[] {
    return [...this.namedModules()].map(([, m]) => m);
  }

  /** Parameters in PyTorch's registration order, each once even when shared. */
  namedParameters(prefix = ''): [string, Tensor][] {
    const out: [string, Tensor][] = [];
    const seen = new Set<Tensor>();
    for (const [mp, m] of this.namedModules(prefix)) {
      for (const [n, p] of m.params) {
        if (!p || seen.has(p)) continue;
        seen.add(p);
        out.push([mp ? `${mp}.${n}` : n, p]);
      }
    }
    return out;
  }
  parameters(): Tensor[] {
    return this.namedParameters().map(([, p]) => p);
  }
  namedBuffers(prefix = ''): [string, Tensor][] {
    const out: [string, Tensor][] = [];
    for (const [mp, m] of this.namedModules(prefix)) for (const [n, b] of m.bufs) if (b) out.push([mp ? `${mp}.${n}` : n, b]);
    return out;
  }
  buffers(): Tensor[] {
    return this.namedBuffers().map(([, b]) => b);
  }

  /** Element count of the parameters, optionally only those whose dotted name passes `filter`. */
  numParameters(filter?: (name: string) => boolean): number {
    let n = 0;
    for (const [name, p] of this.namedParameters()) if (!filter || filter(name)) n += p.numel;
    return n;
  }

  /**
   * PyTorch's state_dict: for each module depth-first, its parameters then its persistent buffers, keyed by
   * dotted path. The tensors are the module's own (not copies).
   */
  stateDict(prefix = ''): StateDict {
    const sd: StateDict = new Map();
    const visit = (m: Module, p: string): void => {
      for (const [n, t] of m.params) if (t) sd.set(p + n, t);
      for (const [n, t] of m.bufs) if (t && !m.nonPersistent.has(n)) sd.set(p + n, t);
      for (const [n, c] of m.children_) if (c) visit(c, `${p}${n}.`);
    };
    visit(this, prefix ? `${prefix}.` : '');
    return sd;
  }

  /**
   * Copies values from `sd` into this module's tensors (shapes must match; dtype converts). A `module.` prefix
   * on every key (DataParallel checkpoints) is stripped; a missing `num_batches_tracked` is tolerated, as
   * PyTorch's BatchNorm does for checkpoints older than 0.4.1.
   */
  loadStateDict(sd: StateDict | Record<string, Tensor>, opts: LoadOptions = {}): LoadResult {
    let entries = sd instanceof Map ? new Map(sd) : new Map(Object.entries(sd));
    if (entries.size > 0 && [...entries.keys()].every((k) => k.startsWith('module.')))
      entries = new Map([...entries].map(([k, v]) => [k.slice('module.'.length), v]));
    const own = this.stateDict();
    const missingKeys = [...own.keys()].filter((k) => !entries.has(k) && !k.endsWith('num_batches_tracked'));
    const unexpectedKeys = [...entries.keys()].filter((k) => !own.has(k));
    const mismatched: string[] = [];
    for (const [k, t] of own) {
      const src = entries.get(k);
      if (!src) continue;
      const a = t.shape,
        b = src.shape;
      if (a.length !== b.length || a.some((d, i) => d !== b[i])) mismatched.push(`${k}: checkpoint [${b.join(', ')}] vs model [${a.join(', ')}]`);
    }
    const problems: string[] = [];
    if (mismatched.length) problems.push(`size mismatch for ${mismatched.length} key(s):\n    ${mismatched.slice(0, 20).join('\n    ')}`);
    if (opts.strict !== false) {
      if (missingKeys.length)
        problems.push(`missing key(s) (${missingKeys.length}): ${missingKeys.slice(0, 20).join(', ')}${missingKeys.length > 20 ? ', ...' : ''}`);
      if (unexpectedKeys.length)
        problems.push(
          `unexpected key(s) (${unexpectedKeys.length}): ${unexpectedKeys.slice(0, 20).join(', ')}${unexpectedKeys.length > 20 ? ', ...' : ''}`,
        );
    }
    if (problems.length) throw new Error(`Error(s) in loading state_dict for ${this.constructor.name}:\n  ${problems.join('\n  ')}`);
    noGrad(() => {
      for (const [k, t] of own) {
        const src = entries.get(k);
        if (src) t.copy_(src);
      }
    });
    return { missingKeys, unexpectedKeys };
  }

  train(mode = true): this {
    for (const m of this.modules()) m.training = mode;
    return this;
  }
  eval(): this {
    return this.train(false);
  }

  /**
   * Moves/converts every parameter and buffer in place: JS references to them stay valid (the handle is kept,
   * the tensor behind it replaced). dtype applies to floating-point tensors only; memory format to 4-d ones.
   */
  to(target: { device?: Device | string; dtype?: DType; memoryFormat?: MemoryFormat } | Device | DType | MemoryFormat): this {
    const o =
      typeof target === 'string'
        ? target === 'cpu' || target.startsWith('cuda')
          ? { device: target }
          : target === 'channels_last' || target === 'contiguous' || target === 'preserve'
            ? { memoryFormat: target as MemoryFormat }
            : { dtype: target as DType }
        : target;
    noGrad(() => {
      for (const m of this.modules()) {
        for (const [isParam, map] of [
          [true, m.params],
          [false, m.bufs],
        ] as const) {
          for (const t of map.values()) {
            if (!t) continue;
            const dtype = o.dtype && t.isFloatingPoint ? o.dtype : undefined;
            const memoryFormat = o.memoryFormat && t.ndim === 4 ? o.memoryFormat : undefined;
            if (!dtype && !memoryFormat && (!o.device || o.device === t.device)) continue;
            const moved = t.to({ device: o.device, dtype, memoryFormat });
            const fresh = isParam ? moved.detach().requiresGrad_(t.requiresGrad) : moved; // frozen stays frozen
            t.assignFrom(fresh);
            if (fresh !== moved) fresh.dispose();
            moved.dispose();
          }
        }
      }
    });
    return this;
  }

  /** Clears parameter gradients in one crossing (set to undefined by default, as PyTorch 2 does). */
  zeroGrad(setToNone = true): void {
    zeroGrads(this.parameters(), setToNone);
  }

  apply(fn: (m: Module) => void): this {
    for (const m of this.modules()) fn(m);
    return this;
  }

  /** Frees every parameter and buffer now. */
  dispose(): void {
    for (const m of this.modules()) {
      for (const t of m.params.values()) t?.dispose();
      for (const t of m.bufs.values()) t?.dispose();
    }
  }

  /** A one-line-per-module summary, like printing a torch module. */
  toString(indent = ''): string {
    const head = this.constructor.name + '(' + this.extraRepr() + ')';
    const kids = [...this.namedChildren()];
    if (kids.length === 0) return head;
    const inner = kids.map(([n, m]) => `${indent}  (${n}): ${m.toString(indent + '  ')}`).join('\n');
    return `${this.constructor.name}(\n${inner}\n${indent})`;
  }
  protected extraRepr(): string {
    return '';
  }
}

/** A module mapping one tensor to one tensor: what Sequential chains. */
export interface TensorModule extends Module {
  forward(x: Tensor): Tensor;
}
