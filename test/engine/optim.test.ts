// Optimisers, schedules and clipping against PyTorch: test/reference/optim_reference.py prints the inputs and
// torch's trajectories; these tests replay the same numbers through tsnas.optim and compare.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type DType, memory, type NestedArray, nn, noGrad, type Tensor, tensor, tidy, zeros } from '../../src/index.js';
import { native } from '../../src/native.js';
import {
  Adam,
  AdamW,
  clipGradNorm,
  clipGradValue,
  CosineAnnealingLR,
  LinearWarmup,
  type OptimizerStateDict,
  type ParamGroupInput,
  type SavedParamGroup,
  SGD,
  type StateValue,
  StepLR,
} from '../../src/optim/index.js';
import { pythonSkip, runPythonJson } from '../helpers/python.js';

// --- reference data ---------------------------------------------------------------------------------------------

type Nested = NestedArray;
interface PlainCase {
  dtype: 'float32' | 'float64';
  init: Nested[];
  grads: (Nested | null)[][];
  traj: Nested[][];
  group_keys: string[][];
  groups: Record<string, unknown>[];
  state_keys: Record<string, string[]>;
  state: Record<string, Record<string, Nested | number | null>>;
}
interface ModelCase {
  init: Record<string, Nested>;
  x: Nested;
  y: number[];
  traj: Record<string, Nested>[];
  losses: number[];
}
interface ScheduleCase {
  recursive: number[][];
  closed: number[][];
  state_dict: Record<string, unknown>;
  group_keys: string[];
}
interface ClipCase {
  max_norm: number;
  norm_type: number | 'inf';
  grads: Nested[];
  total: number;
  clipped: Nested[];
}
interface ResumeCase {
  saved: { state: Record<string, Record<string, Nested | number>>; param_groups: SavedParamGroup[] };
  mid: Nested[];
  grads: Nested[][];
  final: Nested[];
}
interface OptimReference {
  torch: string;
  cases: Record<string, PlainCase>;
  models: Record<'sgd' | 'adam', ModelCase>;
  schedules: Record<'cosine' | 'step', ScheduleCase>;
  clips: ClipCase[];
  resume: ResumeCase;
}

const skip = pythonSkip();
// The reference runs once per file; every comparison test reads from it (and skips when PyTorch is missing).
const R = (skip ? null : runPythonJson<OptimReference>('optim_reference.py')) as OptimReference;
if (skip) console.log(`# skipping PyTorch comparisons: ${skip}`);

// --- helpers ----------------------------------------------------------------------------------------------------

const flat = (v: unknown): number[] => (Array.isArray(v) ? v.flatMap(flat) : [v as number]);
const shapeOf = (v: unknown): number[] => (Array.isArray(v) ? [v.length, ...shapeOf(v[0])] : []);

function assertClose(actual: Tensor | number[] | number, expected: unknown, dtype: DType, what: string): void {
  const a = typeof actual === 'number' ? [actual] : Array.isArray(actual) ? actual : actual.dataNumbers();
  const e = flat(expected);
  assert.equal(a.length, e.length, `${what}: ${a.length} values vs ${e.length} expected`);
  const [rtol, atol] = dtype === 'float64' ? [1e-6, 1e-9] : [1e-5, 1e-6];
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i]! - e[i]!);
    if (!(d <= rtol * Math.abs(e[i]!) + atol)) assert.fail(`${what}[${i}]: got ${a[i]}, PyTorch ${e[i]} (|diff| ${d.toExponential(2)})`);
  }
}

function leaf(values: Nested, dtype: DType): Tensor {
  return tensor(values, { dtype, requiresGrad: true }).keep();
}

function setGrad(p: Tensor, g: Nested | null): void {
  tidy(() => {
    p.grad = g === null ? undefined : tensor(g, { dtype: p.dtype });
  });
}

function twoGroups<O>(ps: Tensor[], second: Partial<O>): ParamGroupInput<O>[] {
  return [{ params: ps.slice(0, 2) } as unknown as ParamGroupInput<O>, { params: ps.slice(2), ...second } as ParamGroupInput<O>];
}

type AnyOptimizer = SGD | Adam | AdamW;
const factories: Record<string, (ps: Tensor[]) => AnyOptimizer> = {
  sgd_nesterov_wd: (ps) =>
    new SGD(twoGroups(ps, { lr: 0.05, momentum: 0.5, dampening: 0.1, nesterov: false }), {
      lr: 0.1,
      momentum: 0.9,
      nesterov: true,
      weightDecay: 1e-3,
    }),
  sgd_plain_maximize: (ps) => new SGD(twoGroups(ps, { lr: 0.3 }), { lr: 0.1, weightDecay: 0.01, maximize: true }),
  sgd_momentum_f32: (ps) => new SGD(twoGroups(ps, { weightDecay: 0 }), { lr: 0.1, momentum: 0.9, weightDecay: 3e-4 }),
  adam_wd: (ps) => new Adam(twoGroups(ps, { lr: 3e-3 }), { lr: 1e-2, betas: [0.8, 0.95], weightDecay: 0.05 }),
  adam_amsgrad: (ps) => new Adam(twoGroups(ps, { amsgrad: false }), { lr: 1e-2, amsgrad: true }),
  adam_wd_f32: (ps) => new Adam(twoGroups(ps, { lr: 3e-3 }), { lr: 1e-2, weightDecay: 0.05 }),
  adamw: (ps) => new AdamW(twoGroups(ps, { lr: 3e-3, amsgrad: true }), { lr: 1e-2, weightDecay: 0.1 }),
};

function plainValue(v: StateValue): unknown {
  if (v === null || typeof v === 'number') return v;
  return v.toArray();
}

// --- trajectories -----------------------------------------------------------------------------------------------

for (const name of Object.keys(factories)) {
  test(`${name}: 5-step parameter trajectory and state_dict match torch.optim`, { skip }, () => {
    const c = R.cases[name]!;
    const ps = c.init.map((v) => leaf(v, c.dtype));
    const opt = factories[name]!(ps);
    const grads = ps.map(() => [] as (Nested | null)[]);
    c.grads.forEach((gs, step) => {
      ps.forEach((p, i) => {
        setGrad(p, gs[i]!);
        grads[i]!.push(gs[i]!);
      });
      opt.step();
      ps.forEach((p, i) => assertClose(p, c.traj[step]![i], c.dtype, `${name} step ${step + 1} param ${i}`));
      // the live gradients are never modified by a step (unlike torch's multi-tensor Adam with weight decay)
      ps.forEach((p, i) => {
        if (gs[i] !== null) assertClose(p.grad!, gs[i], c.dtype, `${name} step ${step + 1} grad ${i} untouched`);
      });
    });
    const sd = opt.stateDict();
    assert.deepEqual(
      sd.param_groups.map((g) => Object.keys(g)),
      c.group_keys,
      'param_groups keys and order',
    );
    assert.deepEqual(sd.param_groups, c.groups, 'param_groups values');
    assert.deepEqual(Object.fromEntries([...sd.state].map(([k, v]) => [String(k), Object.keys(v)])), c.state_keys, 'state keys');
    for (const [k, entry] of Object.entries(c.state)) {
      const mine = sd.state.get(Number(k))!;
      for (const [kk, vv] of Object.entries(entry)) {
        const v = plainValue(mine[kk]!);
        if (vv === null || typeof vv === 'number') assert.equal(v, vv, `state ${k}.${kk}`);
        else assertClose(flat(v), vv, c.dtype, `state ${k}.${kk}`);
      }
    }
    opt.dispose();
    ps.forEach((p) => p.dispose());
  });
}

function buildModel(): nn.Sequential {
  return new nn.Sequential(
    new nn.Conv2d(1, 4, 3, { padding: 1 }),
    new nn.BatchNorm2d(4),
    new nn.ReLU(),
    new nn.AdaptiveAvgPool2d(1),
    new nn.Flatten(),
    new nn.Linear(4, 3),
  );
}

function loadFromJson(model: nn.Module, values: Record<string, Nested>): void {
  tidy(() => {
    const sd = new Map<string, Tensor>();
    for (const [k, v] of Object.entries(values)) sd.set(k, tensor(v, { dtype: k.endsWith('num_batches_tracked') ? 'int64' : 'float64' }));
    model.loadStateDict(sd);
  });
}

for (const kind of ['sgd', 'adam'] as const) {
  test(`${kind}: conv+BN+linear model trained 5 steps in float64 matches PyTorch (params, BN buffers, losses)`, { skip }, () => {
    const c = R.models[kind];
    const model = buildModel().to('float64');
    loadFromJson(model, c.init);
    const x = tensor(c.x, { dtype: 'float64' }).keep();
    const y = tensor(c.y, { dtype: 'int64' }).keep();
    const opt =
      kind === 'sgd'
        ? new SGD(model.parameters(), { lr: 0.1, momentum: 0.9, nesterov: true, weightDecay: 1e-2 })
        : new Adam(model.parameters(), { lr: 1e-2, weightDecay: 1e-2 });
    for (let step = 0; step < c.traj.length; step++) {
      opt.zeroGrad();
      const loss = tidy(() => {
        const l = nn.functional.crossEntropy(model.forward(x), y);
        l.backward();
        return l.item();
      });
      opt.step();
      assertClose([loss], c.losses[step], 'float64', `${kind} loss ${step + 1}`);
      for (const [k, t] of model.stateDict()) {
        if (k.endsWith('num_batches_tracked')) assert.equal(t.item(), c.traj[step]![k], `${k} at step ${step + 1}`);
        else assertClose(t, c.traj[step]![k], 'float64', `${kind} ${k} after step ${step + 1}`);
      }
    }
    opt.dispose();
    model.dispose();
    x.dispose();
    y.dispose();
  });
}

test('loadStateDict of a PyTorch Adam checkpoint taken mid-run continues the same trajectory', { skip }, () => {
  const c = R.resume;
  const ps = c.mid.map((v) => leaf(v, 'float64'));
  const opt = new Adam(twoGroups(ps, { lr: 0.7 }), { lr: 0.5, betas: [0.5, 0.5], weightDecay: 0 });
  const before = memory().tensors;
  tidy(() => {
    const state = new Map<number, Record<string, StateValue>>();
    for (const [k, v] of Object.entries(c.saved.state)) {
      const rec: Record<string, StateValue> = {};
      // as torch 1.13 saves it: `step` a 0-d float32 tensor, the moments float64 tensors
      for (const [kk, vv] of Object.entries(v)) rec[kk] = tensor(vv, { dtype: kk === 'step' ? 'float32' : 'float64' });
      state.set(Number(k), rec);
    }
    opt.loadStateDict({ state, param_groups: c.saved.param_groups });
  }); // the checkpoint's tensors are freed here: the optimiser holds copies
  assert.equal(memory().tensors, before + 2 * ps.length, 'exp_avg and exp_avg_sq copied for each parameter');
  assert.deepEqual(
    opt.paramGroups.map((g) => [g.lr, g.betas, g.weightDecay]),
    [
      [0.01, [0.9, 0.999], 0.01],
      [0.002, [0.9, 0.999], 0.01],
    ],
  );
  assert.equal(opt.stateOf(ps[0]!)!.step, 3);
  for (let s = 3; s < c.grads.length; s++) {
    ps.forEach((p, i) => setGrad(p, c.grads[s]![i]!));
    opt.step();
  }
  ps.forEach((p, i) => assertClose(p, c.final[i], 'float64', `resumed param ${i}`));
  opt.dispose();
  ps.forEach((p) => p.dispose());
});

// --- schedules --------------------------------------------------------------------------------------------------

function scheduleRun(make: (o: SGD) => CosineAnnealingLR | StepLR, epochs: number) {
  const ps = [zeros([1], { requiresGrad: true }).keep(), zeros([1], { requiresGrad: true }).keep()];
  const opt = new SGD([{ params: [ps[0]!] }, { params: [ps[1]!], lr: 0.01 }], { lr: 0.1, momentum: 0.9 });
  const sched = make(opt);
  const lrs = [sched.getLastLr()];
  for (let e = 0; e < epochs; e++) {
    sched.step();
    lrs.push(sched.getLastLr());
    assert.deepEqual(
      opt.paramGroups.map((g) => g.lr),
      sched.getLastLr(),
      'the optimizer groups carry the scheduled lr',
    );
  }
  return { opt, sched, lrs, ps };
}

for (const kind of ['cosine', 'step'] as const) {
  test(`${kind} schedule: closed-form lr per group equals torch's, state_dict in torch's layout`, { skip }, () => {
    const c = R.schedules[kind];
    const epochs = c.closed.length - 1;
    const { opt, sched, lrs, ps } = scheduleRun((o) => (kind === 'cosine' ? new CosineAnnealingLR(o, 10, 0.001) : new StepLR(o, 3, 0.5)), epochs);
    lrs.forEach((l, e) => {
      // V8's Math.cos (fdlibm) and glibc's cos may differ in the last bit: allow a few ulps
      l.forEach((v, g) =>
        assert.ok(Math.abs(v - c.closed[e]![g]!) <= 4 * Number.EPSILON * c.closed[e]![g]!, `closed form at epoch ${e}: ${v} vs ${c.closed[e]![g]}`),
      );
      l.forEach((v, g) => assert.ok(Math.abs(v - c.recursive[e]![g]!) <= 1e-12, `torch's recursive lr at epoch ${e}`));
    });
    const sd = sched.stateDict();
    assert.deepEqual(Object.keys(sd), Object.keys(c.state_dict));
    for (const [k, v] of Object.entries(c.state_dict)) {
      if (k === '_last_lr') (v as number[]).forEach((x, i) => assert.ok(Math.abs(x - (sd[k] as number[])[i]!) < 1e-12));
      else assert.deepEqual(sd[k], v, k);
    }
    assert.deepEqual(Object.keys(opt.stateDict().param_groups[0]!), c.group_keys, "initial_lr is saved in the group, before 'params'");
    opt.dispose();
    ps.forEach((p) => p.dispose());
  });
}

test('CosineAnnealingLR is the DARTS closed form; stateDict round-trips; resuming needs initial_lr', () => {
  const p = zeros([1], { requiresGrad: true }).keep();
  const opt = new SGD([p], { lr: 0.025, momentum: 0.9 });
  const s = new CosineAnnealingLR(opt, 50, 0.001);
  for (let e = 0; e <= 60; e++) {
    const want = 0.001 + ((0.025 - 0.001) * (1 + Math.cos((Math.PI * e) / 50))) / 2;
    assert.equal(s.getLastLr()[0], want, `epoch ${e}`);
    assert.equal(opt.paramGroups[0]!.lr, want);
    s.step();
  }
  const saved = s.stateDict();
  const opt2 = new SGD([p], { lr: 0.025 });
  opt2.loadStateDict(opt.stateDict());
  assert.equal(opt2.paramGroups[0]!.initialLr, 0.025);
  const s2 = new CosineAnnealingLR(opt2, 50, 0.001, 10);
  s2.loadStateDict(saved);
  assert.deepEqual(s2.getLastLr(), s.getLastLr());
  s.step();
  s2.step();
  assert.deepEqual(s2.getLastLr(), s.getLastLr());
  assert.equal(s2.lastEpoch, 62);
  assert.throws(() => new StepLR(new SGD([p], { lr: 0.1 }), 3, 0.1, 5), /initial_lr.*param_groups\[0\]/);
  opt.dispose();
  opt2.dispose();
  p.dispose();
});

test('StepLR and LinearWarmup (alone and before cosine) follow their closed forms', () => {
  const p = zeros([1], { requiresGrad: true }).keep();
  const opt = new SGD([p], { lr: 0.2 });
  const st = new StepLR(opt, 4, 0.5);
  const got = [st.getLastLr()[0]];
  for (let e = 1; e <= 9; e++) {
    st.step();
    got.push(st.getLastLr()[0]);
  }
  assert.deepEqual(got, [0.2, 0.2, 0.2, 0.2, 0.1, 0.1, 0.1, 0.1, 0.05, 0.05]);

  const opt2 = new SGD([p], { lr: 0.1 });
  const cos = new CosineAnnealingLR(opt2, 10, 0);
  const w = new LinearWarmup(opt2, { warmupEpochs: 4, startFactor: 0.2, after: cos });
  const lrs = [w.getLastLr()[0]!];
  for (let e = 1; e <= 14; e++) {
    w.step();
    lrs.push(opt2.paramGroups[0]!.lr);
  }
  for (let e = 0; e < 4; e++) assert.ok(Math.abs(lrs[e]! - 0.1 * (0.2 + (0.8 * e) / 4)) < 1e-15, `warmup epoch ${e}`);
  for (let e = 4; e <= 14; e++) assert.ok(Math.abs(lrs[e]! - 0.05 * (1 + Math.cos((Math.PI * (e - 4)) / 10))) < 1e-15, `cosine epoch ${e}`);
  assert.equal(cos.lastEpoch, 10);
  const sd = w.stateDict();
  assert.equal(sd.warmup_epochs, 4);
  assert.equal((sd.after as Record<string, unknown>).T_max, 10);

  const opt3 = new SGD([p], { lr: 1 });
  const plain = new LinearWarmup(opt3, { warmupEpochs: 3 });
  const seq = [plain.getLastLr()[0]];
  for (let e = 0; e < 4; e++) {
    plain.step();
    seq.push(plain.getLastLr()[0]);
  }
  assert.deepEqual(seq, [0.25, 0.5, 0.75, 1, 1]);
  for (const o of [opt, opt2, opt3]) o.dispose();
  p.dispose();
});

// --- clipping ---------------------------------------------------------------------------------------------------

test('clipGradNorm equals torch.nn.utils.clip_grad_norm_ (norms 2, 1, inf; clipping and not)', { skip }, () => {
  for (const c of R.clips) {
    const ps = c.grads.map((g) => {
      const p = zeros(shapeOf(g), { requiresGrad: true }).keep();
      setGrad(p, g);
      return p;
    });
    const normType = c.norm_type === 'inf' ? Infinity : c.norm_type;
    const before = memory().tensors;
    const total = clipGradNorm(ps, c.max_norm, normType);
    assert.equal(memory().tensors, before + 1, 'only the returned norm stays alive');
    assertClose([total.item()], c.total, 'float32', `total ${c.norm_type}-norm`);
    ps.forEach((p, i) => assertClose(p.grad!, c.clipped[i], 'float32', `clipped grad ${i} (${c.norm_type})`));
    total.dispose();
    ps.forEach((p) => p.dispose());
  }
});

test('clipGradNorm with no gradients returns 0; clipGradValue clamps in place', () => {
  const p = zeros([3], { requiresGrad: true }).keep();
  const n = clipGradNorm([p], 1);
  assert.equal(n.item(), 0);
  n.dispose();
  setGrad(p, [-3, 0.5, 2]);
  clipGradValue(p, 1);
  assert.deepEqual(p.grad!.toArray(), [-1, 0.5, 1]);
  p.dispose();
});

// --- engine properties (no PyTorch needed) --------------------------------------------------------------------

function toyParams(n: number): Tensor[] {
  return Array.from({ length: n }, (_, i) => tidy(() => tensor([i + 1, 0 - i, 0.5 * i], { requiresGrad: true })).keep());
}
function fillGrads(ps: Tensor[], scale: number): void {
  tidy(() =>
    ps.forEach((p, i) => {
      p.grad = tensor([scale, -scale * i, 0.1 * i + scale]);
    }),
  );
}

test('every step leaves the live tensor count unchanged (state is created once, temporaries freed)', () => {
  const makers: [string, (ps: Tensor[]) => AnyOptimizer, number][] = [
    ['SGD momentum+nesterov+wd', (ps) => new SGD(ps, { lr: 0.1, momentum: 0.9, nesterov: true, weightDecay: 1e-3 }), 1],
    ['SGD plain', (ps) => new SGD(ps, { lr: 0.1 }), 0],
    ['Adam wd', (ps) => new Adam(ps, { weightDecay: 0.1 }), 2],
    ['Adam amsgrad maximize', (ps) => new Adam(ps, { amsgrad: true, maximize: true }), 3],
    ['AdamW', (ps) => new AdamW(ps), 2],
  ];
  for (const [name, make, perParam] of makers) {
    const ps = toyParams(6);
    const opt = make(ps);
    fillGrads(ps, 1);
    const base = memory().tensors;
    opt.step();
    assert.equal(memory().tensors, base + perParam * ps.length, `${name}: state tensors after the first step`);
    const after1 = memory().tensors;
    for (let s = 0; s < 5; s++) {
      fillGrads(ps, 1 + s);
      opt.step();
      const total = clipGradNorm(ps, 0.5);
      total.dispose();
      assert.equal(memory().tensors, after1, `${name}: step ${s + 2}`);
    }
    opt.dispose();
    assert.equal(memory().tensors, base, `${name}: dispose() frees the state`);
    ps.forEach((p) => p.dispose());
  }
});

test('a step is a handful of native op calls, independent of the number of parameters', () => {
  const counts: number[] = [];
  for (const n of [10, 200]) {
    const ps = toyParams(n);
    for (const make of [() => new SGD(ps, { lr: 0.1, momentum: 0.9, weightDecay: 1e-4 }), () => new Adam(ps, { weightDecay: 1e-4 })]) {
      const opt = make();
      fillGrads(ps, 1);
      opt.step(); // first step creates state (per-parameter zeros / clones)
      fillGrads(ps, 2);
      const orig = native.opCall;
      let calls = 0;
      native.opCall = (...a: Parameters<typeof orig>) => {
        calls++;
        return orig(...a);
      };
      try {
        opt.step();
        clipGradNorm(ps, 1).dispose();
      } finally {
        native.opCall = orig;
      }
      counts.push(calls);
      opt.dispose();
    }
    ps.forEach((p) => p.dispose());
  }
  // [SGD@10, Adam@10, SGD@200, Adam@200]: same call count at both sizes, and small
  assert.equal(counts[2], counts[0], `SGD op calls ${counts}`);
  assert.equal(counts[3], counts[1], `Adam op calls ${counts}`);
  assert.ok(counts[0]! <= 12 && counts[1]! <= 20, `SGD / Adam step + clip: ${counts[0]} / ${counts[1]} op calls`);
});

test('zeroGrad sets gradients to undefined, or to zeros with setToNone=false', () => {
  const ps = toyParams(3);
  const opt = new SGD(ps, { lr: 0.1 });
  fillGrads(ps, 1);
  opt.zeroGrad(false);
  ps.forEach((p) =>
    assert.deepEqual(
      tidy(() => p.grad!.toArray()),
      [0, 0, 0],
    ),
  );
  opt.zeroGrad();
  ps.forEach((p) => assert.equal(p.grad, undefined));
  opt.step(); // no gradients: nothing happens, no state
  assert.equal(opt.stateOf(ps[0]!), undefined);
  opt.dispose();
  ps.forEach((p) => p.dispose());
});

test('per-group lr: a group with lr 0 does not move; params without grad are skipped', () => {
  const ps = toyParams(3);
  const opt = new SGD([{ params: [ps[0]!, ps[1]!], lr: 0 }, { params: [ps[2]!] }], { lr: 1 });
  const start = ps.map((p) => p.toArray());
  tidy(() => {
    ps[0]!.grad = tensor([1, 1, 1]);
    ps[2]!.grad = tensor([1, 1, 1]);
  });
  opt.step();
  assert.deepEqual(ps[0]!.toArray(), start[0]);
  assert.deepEqual(ps[1]!.toArray(), start[1]);
  assert.deepEqual(
    ps[2]!.toArray(),
    (start[2] as number[]).map((v) => v - 1),
  );
  opt.dispose();
  ps.forEach((p) => p.dispose());
});

test('stateDict -> loadStateDict into a fresh optimizer continues exactly like the original', () => {
  for (const make of [
    (ps: Tensor[]) => new SGD(ps, { lr: 0.1, momentum: 0.9, nesterov: true }),
    (ps: Tensor[]) => new AdamW(ps, { lr: 0.01, amsgrad: true }),
  ]) {
    const a = toyParams(4);
    const b = toyParams(4);
    const oa = make(a);
    for (let s = 0; s < 3; s++) {
      fillGrads(a, s + 1);
      oa.step();
    }
    noGrad(() => b.forEach((p, i) => p.copy_(a[i]!)));
    const ob = make(b);
    const sd: OptimizerStateDict = oa.stateDict();
    ob.loadStateDict(sd);
    for (let s = 3; s < 6; s++) {
      fillGrads(a, s + 1);
      fillGrads(b, s + 1);
      oa.step();
      ob.step();
    }
    a.forEach((p, i) => assert.deepEqual(p.toArray(), b[i]!.toArray()));
    oa.dispose();
    ob.dispose();
    [...a, ...b].forEach((p) => p.dispose());
  }
});

test('constructor and loadStateDict errors use PyTorch messages', () => {
  const ps = toyParams(2);
  assert.throws(() => new SGD(ps, { lr: 0.1, nesterov: true }), /Nesterov momentum requires a momentum and zero dampening/);
  assert.throws(() => new SGD([], { lr: 0.1 }), /empty parameter list/);
  assert.throws(() => new SGD([{ params: [ps[0]!] }, { params: [ps[0]!] }], { lr: 0.1 }), /more than one parameter group/);
  assert.throws(() => new Adam(ps, { lr: -1 }), /Invalid learning rate: -1/);
  assert.throws(() => new Adam(ps, { betas: [1, 0.9] }), /Invalid beta parameter at index 0/);
  const nonLeaf = tidy(() => ps[0]!.mul(2));
  assert.throws(() => new SGD([nonLeaf], { lr: 0.1 }), /non-leaf/);
  nonLeaf.dispose();
  const one = new SGD([ps[0]!], { lr: 0.1 });
  const two = new SGD([{ params: [ps[0]!] }, { params: [ps[1]!] }], { lr: 0.1 });
  assert.throws(() => one.loadStateDict(two.stateDict()), /different number of parameter groups/);
  const both = new SGD(ps, { lr: 0.1 });
  assert.throws(() => one.loadStateDict(both.stateDict()), /doesn't match the size/);
  one.dispose();
  assert.throws(() => one.step(), /disposed/);
  ps.forEach((p) => p.dispose());
});

test('Module.to(float64 / channels_last) keeps the optimizer working on the same parameter objects', () => {
  const model = new nn.Sequential(new nn.Conv2d(2, 3, 3), new nn.Flatten(), new nn.Linear(3 * 2 * 2, 2));
  const opt = new SGD(model.parameters(), { lr: 0.1, momentum: 0.9 });
  model.to('float64').to('channels_last');
  const x = tidy(() =>
    tensor(
      Array.from({ length: 2 * 2 * 4 * 4 }, (_, i) => Math.sin(i)),
      { dtype: 'float64', shape: [2, 2, 4, 4] },
    ).contiguous('channels_last'),
  ).keep();
  for (let s = 0; s < 3; s++) {
    opt.zeroGrad();
    tidy(() => model.forward(x).square().sum().backward());
    opt.step();
  }
  for (const p of model.parameters()) {
    assert.equal(p.dtype, 'float64');
    assert.equal(opt.stateOf(p)!.momentumBuffer!.dtype, 'float64');
  }
  assert.ok((model.layers[0] as nn.Conv2d).weight.isContiguous('channels_last'));
  opt.dispose();
  model.dispose();
  x.dispose();
});

test('step(closure) evaluates the loss with gradients enabled and returns it; undefined group options take defaults', () => {
  const ps = toyParams(1);
  const opt = new SGD([{ params: ps, momentum: undefined }], { lr: 0.5, momentum: 0.25 });
  assert.equal(opt.paramGroups[0]!.momentum, 0.25);
  const loss = noGrad(() =>
    opt.step(() =>
      tidy(() => {
        opt.zeroGrad();
        const l = ps[0]!.square().sum();
        l.backward();
        return l.item();
      }),
    ),
  );
  assert.equal(loss, 1 + 0 + 0);
  assert.deepEqual(ps[0]!.toArray(), [0, 0, 0]); // p - 0.5 * 2p
  opt.dispose();
  ps.forEach((p) => p.dispose());
});
