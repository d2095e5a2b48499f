// Per-op dispatch overhead: small-tensor ops in a loop, and the same `add` peeled layer by layer (N-API
// crossing, boxed call through opCall, the ops.ts wrapper, Tensor objects, scope tracking, FinalizationRegistry).
import { native } from '../../src/native.js';
import { ops, randn, Tensor, tidy } from '../../src/tensor/index.js';

const registry = new FinalizationRegistry<number>(() => undefined);
const weak = new WeakSet<object>();

export type DispatchWorkload = 'add' | 'mul' | 'view' | 'relu';

export function timeMin(reps: number, fn: () => void): number {
  let best = Infinity;
  for (let r = 0; r < reps; r++) {
    const t0 = performance.now();
    fn();
    best = Math.min(best, performance.now() - t0);
  }
  return best;
}

/** The loops Python runs in reference.py; each result is freed at once, as CPython's refcount does. */
export function dispatchLoops(n: number): Record<DispatchWorkload, () => void> {
  const a = randn([4]).keep();
  const b = randn([4]).keep();
  const m = randn([2, 8]).keep();
  return {
    add: () => {
      for (let i = 0; i < n; i++) a.add(b).dispose();
    },
    mul: () => {
      for (let i = 0; i < n; i++) a.mul(b).dispose();
    },
    view: () => {
      for (let i = 0; i < n; i++) m.view([4, 4]).dispose();
    },
    relu: () => {
      for (let i = 0; i < n; i++) a.relu().dispose();
    },
  };
}

export interface Layer {
  name: string;
  what: string;
  fn: () => void;
}

/** `add` on [4] tensors, from the bare N-API crossing up to the Tensor method. */
export function dispatchLayers(n: number): Layer[] {
  const a = randn([4]).keep();
  const b = randn([4]).keep();
  const [id] = native.opRegister('aten::add', 'Tensor');
  const ah = a.handle;
  const bh = b.handle;
  const chunk = 1000;
  return [
    {
      name: 'napi: empty call',
      what: 'native.isGradEnabled()',
      fn: () => {
        for (let i = 0; i < n; i++) native.isGradEnabled();
      },
    },
    {
      name: 'napi: release(dead handle)',
      what: 'native.release(-1)',
      fn: () => {
        for (let i = 0; i < n; i++) native.release(-1);
      },
    },
    {
      name: 'opCall + release',
      what: 'native.opCall(id, a, b); native.release(h)',
      fn: () => {
        for (let i = 0; i < n; i++) native.release(native.opCall(id, ah, bh) as number);
      },
    },
    {
      name: 'opCall + new Tensor, tidy',
      what: 'tidy: 1000 x new Tensor(opCall(id, a, b)).dispose()',
      fn: () => {
        for (let i = 0; i < n; i += chunk)
          tidy(() => {
            for (let k = 0; k < chunk; k++) new Tensor(native.opCall(id, ah, bh) as number).dispose();
          });
      },
    },
    {
      name: 'a.add(b) + dispose, in tidy',
      what: 'tidy: 1000 x a.add(b).dispose()  (no FinalizationRegistry)',
      fn: () => {
        for (let i = 0; i < n; i += chunk)
          tidy(() => {
            for (let k = 0; k < chunk; k++) a.add(b).dispose();
          });
      },
    },
    {
      name: 'ops.add + dispose',
      what: 'ops.add(a, b).dispose()',
      fn: () => {
        for (let i = 0; i < n; i++) ops.add(a, b).dispose();
      },
    },
    {
      name: 'a.add(b) + dispose',
      what: 'a.add(b).dispose()',
      fn: () => {
        for (let i = 0; i < n; i++) a.add(b).dispose();
      },
    },
    {
      name: 'a.add(b) in tidy',
      what: 'tidy(() => 1000 x a.add(b))',
      fn: () => {
        for (let i = 0; i < n; i += chunk)
          tidy(() => {
            for (let k = 0; k < chunk; k++) a.add(b);
          });
      },
    },
    {
      name: 'JS only: FR register+unregister',
      what: 'registry.register(o, h, o); registry.unregister(o)',
      fn: () => {
        for (let i = 0; i < n; i++) {
          const o = { h: i };
          registry.register(o, i, o);
          registry.unregister(o);
        }
      },
    },
    {
      name: 'JS only: WeakSet add+delete',
      what: 'registered.add(o); registered.delete(o)',
      fn: () => {
        for (let i = 0; i < n; i++) {
          const o = { h: i };
          weak.add(o);
          weak.delete(o);
        }
      },
    },
    {
      name: 'a.add(b), left to GC',
      what: 'a.add(b) (FinalizationRegistry frees)',
      fn: () => {
        let keep: Tensor | undefined;
        for (let i = 0; i < n; i++) keep = a.add(b);
        keep?.dispose();
      },
    },
  ];
}
