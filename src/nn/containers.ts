import type { Tensor } from '../tensor/index.js';
import { Module, type TensorModule } from './module.js';

/** Children named '0', '1', ... as in PyTorch, applied in order. */
export class Sequential extends Module implements TensorModule {
  readonly layers: TensorModule[];
  constructor(...layers: TensorModule[]) {
    super();
    this.layers = layers;
    layers.forEach((m, i) => this.registerModule(String(i), m));
  }
  forward(x: Tensor): Tensor {
    let y = x;
    for (const m of this.layers) y = m.forward(y);
    return y;
  }
  get length(): number {
    return this.layers.length;
  }
  at(i: number): TensorModule {
    const m = this.layers[i < 0 ? i + this.layers.length : i];
    if (!m) throw new Error(`Sequential: index ${i} out of range (${this.layers.length} layers)`);
    return m;
  }
}

/** An indexed list of modules ('0', '1', ...) with no forward of its own. */
export class ModuleList<M extends Module = Module> extends Module {
  private readonly items: M[] = [];
  constructor(items: M[] = []) {
    super();
    for (const m of items) this.push(m);
  }
  push(m: M): this {
    this.registerModule(String(this.items.length), m);
    this.items.push(m);
    return this;
  }
  at(i: number): M {
    const m = this.items[i < 0 ? i + this.items.length : i];
    if (!m) throw new Error(`ModuleList: index ${i} out of range (${this.items.length} modules)`);
    return m;
  }
  get length(): number {
    return this.items.length;
  }
  [Symbol.iterator](): Iterator<M> {
    return this.items[Symbol.iterator]();
  }
  map<R>(fn: (m: M, i: number) => R): R[] {
    return this.items.map(fn);
  }
}

/** Modules keyed by name, in insertion order. */
export class ModuleDict<M extends Module = Module> extends Module {
  private readonly items = new Map<string, M>();
  constructor(entries: Iterable<[string, M]> = []) {
    super();
    for (const [k, m] of entries) this.set(k, m);
  }
  set(key: string, m: M): this {
    this.registerModule(key, m);
    this.items.set(key, m);
    return this;
  }
  get(key: string): M {
    const m = this.items.get(key);
    if (!m) throw new Error(`ModuleDict: no module '${key}' (have: ${[...this.items.keys()].join(', ')})`);
    return m;
  }
  has(key: string): boolean {
    return this.items.has(key);
  }
  keys(): string[] {
    return [...this.items.keys()];
  }
  entries(): [string, M][] {
    return [...this.items.entries()];
  }
}
