// Deterministic tensor lifetime. Every tensor made inside `tidy(fn)` is freed when fn returns, except what fn
// returns (handed to the enclosing scope) and what was `keep()`-ed. Tensors made outside any scope are freed by
// `dispose()` or, as a backstop only, by a FinalizationRegistry when the JS object is collected.
import { native } from '../native.js';

/** What the scope machinery needs of a tensor; implemented by Tensor. */
export interface Scoped {
  readonly handleOrDead: number;
  readonly kept: boolean;
  disposeNow(): void;
}

const scopes: Scoped[][] = [];
const registry = new FinalizationRegistry<number>((h) => native.release(h));
const registered = new WeakSet<Scoped>();

// Tensors made outside any scope are registered with the FinalizationRegistry lazily: they wait in a small
// nursery, and only those still alive when it is flushed (at the end of the current job, or every NURSERY_MAX
// new tensors) are registered. `x.op(y).dispose()` outside tidy then never pays for register + unregister
// (~0.45 us of a ~1.6 us small op). At most NURSERY_MAX undisposed tensors are pinned until the flush.
const NURSERY_MAX = 256;
const nursery: Scoped[] = [];
let flushQueued = false;

function flushNursery(): void {
  flushQueued = false;
  for (const t of nursery) if (t.handleOrDead >= 0 && !t.kept) watch(t);
  nursery.length = 0;
}

/** Called once for every new tensor object. */
export function track(t: Scoped): void {
  const top = scopes[scopes.length - 1];
  if (top !== undefined) {
    top.push(t);
    return;
  }
  nursery.push(t);
  if (nursery.length >= NURSERY_MAX) flushNursery();
  else if (!flushQueued) {
    flushQueued = true;
    queueMicrotask(flushNursery);
  }
}

function watch(t: Scoped): void {
  if (registered.has(t)) return;
  registered.add(t);
  registry.register(t, t.handleOrDead, t);
}

/** Called by dispose(): the finalizer must not free the handle again (it may be reused). */
export function untrack(t: Scoped): void {
  if (registered.delete(t)) registry.unregister(t);
}

/** Takes `t` out of scope management (its `kept` flag is already set): it lives until `dispose()` or collection. */
export function escapeScope(t: Scoped): void {
  watch(t);
}

function collect(value: unknown, out: Set<Scoped>, depth: number): void {
  if (value === null || typeof value !== 'object' || depth > 4) return;
  if ('disposeNow' in value && 'handleOrDead' in value) {
    out.add(value as Scoped);
    return;
  }
  if (Array.isArray(value)) {
    for (const v of value) collect(v, out, depth + 1);
    return;
  }
  if (value instanceof Map) {
    for (const v of value.values()) collect(v, out, depth + 1);
    return;
  }
  if (Object.getPrototypeOf(value) === Object.prototype) for (const v of Object.values(value)) collect(v, out, depth + 1);
}

/**
 * Runs `fn` in a new scope. Tensors reachable from the result (arrays, Maps, plain objects, 4 levels deep)
 * survive into the enclosing scope; all others made inside are freed. `fn` must be synchronous.
 */
export function tidy<T>(fn: () => T): T {
  const mine: Scoped[] = [];
  scopes.push(mine);
  let result: T;
  try {
    result = fn();
  } catch (e) {
    scopes.pop();
    for (const t of mine) if (!t.kept) t.disposeNow();
    throw e;
  }
  scopes.pop();
  if (result instanceof Promise) throw new Error('tidy(fn): fn must be synchronous (it returned a Promise)');
  const survivors = new Set<Scoped>();
  collect(result, survivors, 0);
  const parent = scopes[scopes.length - 1];
  for (const t of mine) {
    if (t.kept) continue;
    if (survivors.has(t)) {
      if (parent !== undefined) parent.push(t);
      else watch(t);
    } else {
      t.disposeNow();
    }
  }
  return result;
}

/** Number of open scopes (0 outside any tidy). */
export function scopeDepth(): number {
  return scopes.length;
}
