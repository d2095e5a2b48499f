import { convPairRecompute, isAutocastEnabled, isGradEnabled, type Tensor } from '../tensor/index.js';
import { ReLU } from './activation.js';
import { BatchNorm2d } from './batchnorm.js';
import { Conv2d } from './conv.js';
import { fastPaths } from './fast-paths.js';
import { Module, type TensorModule } from './module.js';
import { countingMacs } from './profile.js';

/**
 * Applies `layers[from..to)` to x in order, as Sequential does. Each intermediate's handle is dropped as soon as the
 * next layer has consumed it (what Python's refcount does): autograd keeps what it saved, everything else is freed
 * at once instead of at the end of the enclosing scope. With the fast paths on (nn/fast-paths.ts), a ReLU whose input
 * is a fresh conv/BN output runs in place, and in eval mode without grad a Conv2d followed by a BatchNorm2d with
 * running statistics runs as one convolution with the BN folded in (Conv2d.forwardFolded).
 */
export function runChain(layers: readonly TensorModule[], x: Tensor, from: number, to: number): Tensor {
  let y = x;
  let grad: boolean | undefined;
  let autocast: boolean | undefined;
  for (let i = from; i < to; i++) {
    const m = layers[i]!;
    let next: Tensor;
    const prev = i > from ? layers[i - 1] : undefined;
    if (m instanceof ReLU && !m.inplace && y !== x && fastPaths.inplace && (prev instanceof BatchNorm2d || prev instanceof Conv2d)) {
      next = y.relu_();
    } else if (m instanceof Conv2d && i + 1 < to && fastPaths.foldBatchNorm && canFold(layers[i + 1]!) && !(grad ??= isGradEnabled())) {
      next = m.forwardFolded(y, layers[i + 1] as BatchNorm2d);
      i++;
    } else if (
      m instanceof Conv2d &&
      i + 1 < to &&
      fastPaths.recomputeDepthwise &&
      recomputablePair(m, layers[i + 1]!) &&
      (grad ??= isGradEnabled()) &&
      !(autocast ??= isAutocastEnabled('cpu') || isAutocastEnabled('cuda')) &&
      y.requiresGrad
    ) {
      const pw = layers[i + 1] as Conv2d;
      next = convPairRecompute(y, m.weight, { stride: m.stride, padding: m.padding, dilation: m.dilation, groups: m.groups }, pw.weight);
      i++;
    } else {
      next = m.forward(y);
    }
    if (y !== x && next !== y && !y.kept) y.dispose();
    y = next;
  }
  return y;
}

/**
 * A bias-free depthwise convolution then a bias-free 1×1 one, outside MAC counting and the subsampled dilated path
 * (which runs its own subsampling first). Autocast is excluded by the caller: the backward's recomputation would
 * run outside it, in another precision.
 */
function recomputablePair(dw: Conv2d, next: TensorModule): boolean {
  return (
    dw.bias === null &&
    dw.groups > 1 &&
    dw.groups === dw.inChannels &&
    !(fastPaths.subsampledDilatedConv && dw.subsamplable) &&
    next instanceof Conv2d &&
    next.bias === null &&
    next.groups === 1 &&
    isOne(next.kernelSize) &&
    isOne(next.stride) &&
    next.padding.every((p) => p === 0) &&
    !countingMacs()
  );
}

function isOne(p: number | readonly number[]): boolean {
  return typeof p === 'number' ? p === 1 : p.every((v) => v === 1);
}

function canFold(m: TensorModule): boolean {
  return m instanceof BatchNorm2d && !m.training && m.runningMean !== null && m.runningVar !== null;
}

/** Children named '0', '1', ... as in PyTorch, applied in order. */
export class Sequential extends Module implements TensorModule {
  readonly layers: TensorModule[];
  constructor(...layers: TensorModule[]) {
    super();
    this.layers = layers;
    layers.forEach((m, i) => this.registerModule(String(i), m));
  }
  forward(x: Tensor): Tensor {
    return runChain(this.layers, x, 0, this.layers.length);
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
