// torch.optim.Adam (coupled L2: weight decay added to the gradient) and torch.optim.AdamW (decoupled: the
// parameter is scaled by 1 - lr * weight_decay before the update), PyTorch 1.13 semantics:
//   m = b1 m + (1 - b1) g;  v = b2 v + (1 - b2) g^2;  (amsgrad: vmax = max(vmax, v), used in place of v)
//   p -= lr / (1 - b1^t) * m / (sqrt(v) / sqrt(1 - b2^t) + eps)
// Parameters are bucketed by step count (one bucket in ordinary training) so each bucket's bias corrections are
// plain scalars and the whole update is a few _foreach_ calls.
import { ops, type Tensor, zerosLike } from '../tensor/index.js';
import { bucketBy, type GroupValue, Optimizer, type ParamGroupBase, type ParamsInput, pick, type StateValue, withGrads } from './optimizer.js';

export interface AdamOptions {
  lr?: number;
  betas?: readonly [number, number];
  eps?: number;
  weightDecay?: number;
  amsgrad?: boolean;
  maximize?: boolean;
}

export interface AdamHyper {
  lr: number;
  betas: readonly [number, number];
  eps: number;
  weightDecay: number;
  amsgrad: boolean;
  maximize: boolean;
}
export type AdamParamGroup = AdamHyper & ParamGroupBase;

export interface AdamState {
  /** Steps taken by this parameter (PyTorch 1.13 keeps a 0-d float tensor; tsnas a number, saved as one). */
  step: number;
  expAvg: Tensor;
  expAvgSq: Tensor;
  maxExpAvgSq: Tensor | null;
}

abstract class AdamBase extends Optimizer<AdamHyper, AdamState> {
  protected abstract readonly decoupled: boolean;

  protected constructor(params: ParamsInput<AdamOptions>, o: AdamOptions, defaultWeightDecay: number) {
    super(params as ParamsInput<AdamHyper>, {
      lr: o.lr ?? 1e-3,
      betas: o.betas ? [o.betas[0], o.betas[1]] : [0.9, 0.999],
      eps: o.eps ?? 1e-8,
      weightDecay: o.weightDecay ?? defaultWeightDecay,
      amsgrad: o.amsgrad ?? false,
      maximize: o.maximize ?? false,
    });
  }

  protected override validate(o: AdamHyper): void {
    const name = this.constructor.name;
    if (!(o.lr >= 0)) throw new Error(`${name}: Invalid learning rate: ${o.lr}`);
    if (!(o.eps >= 0)) throw new Error(`${name}: Invalid epsilon value: ${o.eps}`);
    if (!Array.isArray(o.betas) || o.betas.length !== 2) throw new Error(`${name}: betas must be a pair`);
    if (!(o.betas[0] >= 0 && o.betas[0] < 1)) throw new Error(`${name}: Invalid beta parameter at index 0: ${o.betas[0]}`);
    if (!(o.betas[1] >= 0 && o.betas[1] < 1)) throw new Error(`${name}: Invalid beta parameter at index 1: ${o.betas[1]}`);
    if (!(o.weightDecay >= 0)) throw new Error(`${name}: Invalid weight_decay value: ${o.weightDecay}`);
  }

  protected override updateGroup(group: AdamParamGroup): void {
    const { params, grads: raw } = withGrads(group.params);
    if (params.length === 0) return;
    const { lr, eps, weightDecay, amsgrad, maximize } = group;
    const [beta1, beta2] = group.betas;
    const states = params.map((p) => {
      let s = this.state.get(p);
      if (!s) {
        s = {
          step: 0,
          expAvg: zerosLike(p).keep(),
          expAvgSq: zerosLike(p).keep(),
          maxExpAvgSq: amsgrad ? zerosLike(p).keep() : null,
        };
        this.state.set(p, s);
      } else if (amsgrad && !s.maxExpAvgSq) {
        s.maxExpAvgSq = zerosLike(p).keep();
      }
      s.step += 1;
      return s;
    });

    let grads = maximize ? ops.foreachNeg(raw) : raw;
    if (weightDecay !== 0) {
      if (this.decoupled) ops.foreachMul_(params, 1 - lr * weightDecay);
      else grads = ops.foreachAdd(grads, params, weightDecay);
    }
    const expAvgs = states.map((s) => s.expAvg);
    const expAvgSqs = states.map((s) => s.expAvgSq);
    ops.foreachMul_(expAvgs, beta1);
    ops.foreachAdd_(expAvgs, grads, 1 - beta1);
    ops.foreachMul_(expAvgSqs, beta2);
    ops.foreachAddcmul_(expAvgSqs, grads, grads, 1 - beta2);

    for (const idx of bucketBy(states, (s) => s.step)) {
      const step = states[idx[0]!]!.step;
      const biasCorrection1 = 1 - beta1 ** step;
      const biasCorrection2 = 1 - beta2 ** step;
      const stepSize = lr / biasCorrection1;
      const biasCorrection2Sqrt = Math.sqrt(biasCorrection2);
      let second = pick(expAvgSqs, idx);
      if (amsgrad) {
        const maxes = pick(states, idx).map((s) => s.maxExpAvgSq!);
        ops.foreachMaximum_(maxes, second);
        second = maxes;
      }
      const denom = ops.foreachSqrt(second);
      ops.foreachDiv_(denom, biasCorrection2Sqrt);
      ops.foreachAdd_(denom, eps);
      ops.foreachAddcdiv_(pick(params, idx), pick(expAvgs, idx), denom, -stepSize);
    }
  }

  protected override saveState(s: AdamState): Record<string, StateValue> {
    const out: Record<string, StateValue> = { step: s.step, exp_avg: s.expAvg, exp_avg_sq: s.expAvgSq };
    if (s.maxExpAvgSq) out.max_exp_avg_sq = s.maxExpAvgSq;
    return out;
  }

  protected override loadState(saved: Record<string, StateValue>): AdamState {
    const name = this.constructor.name;
    const tensorOf = (k: string): Tensor => {
      const v = saved[k];
      if (v === null || v === undefined || typeof v === 'number') throw new Error(`${name}: saved state has no tensor '${k}'`);
      return v;
    };
    const step = saved.step;
    if (typeof step !== 'number') throw new Error(`${name}: saved state has no 'step'`);
    const m = saved.max_exp_avg_sq;
    return {
      step,
      expAvg: tensorOf('exp_avg'),
      expAvgSq: tensorOf('exp_avg_sq'),
      maxExpAvgSq: m === undefined || m === null || typeof m === 'number' ? null : m,
    };
  }

  protected override stateTensors(s: AdamState): Tensor[] {
    return s.maxExpAvgSq ? [s.expAvg, s.expAvgSq, s.maxExpAvgSq] : [s.expAvg, s.expAvgSq];
  }
}

/** torch.optim.Adam: lr 1e-3, betas (0.9, 0.999), eps 1e-8, L2 weight decay (default 0) added to the gradient. */
export class Adam extends AdamBase {
  protected override readonly decoupled = false;
  constructor(params: ParamsInput<AdamOptions>, options: AdamOptions = {}) {
    super(params, options, 0);
  }
  protected override pyGroupKeys(): readonly (readonly [string, keyof AdamHyper | null, GroupValue?])[] {
    return [
      ['lr', 'lr'],
      ['betas', 'betas'],
      ['eps', 'eps'],
      ['weight_decay', 'weightDecay'],
      ['amsgrad', 'amsgrad'],
      ['maximize', 'maximize'],
      ['foreach', null, null],
      ['capturable', null, false],
      ['differentiable', null, false],
      ['fused', null, false],
    ];
  }
}

/** torch.optim.AdamW: as Adam but with decoupled weight decay (default 1e-2): p *= 1 - lr * weight_decay. */
export class AdamW extends AdamBase {
  protected override readonly decoupled = true;
  constructor(params: ParamsInput<AdamOptions>, options: AdamOptions = {}) {
    super(params, options, 1e-2);
  }
  protected override pyGroupKeys(): readonly (readonly [string, keyof AdamHyper | null, GroupValue?])[] {
    return [
      ['lr', 'lr'],
      ['betas', 'betas'],
      ['eps', 'eps'],
      ['weight_decay', 'weightDecay'],
      ['amsgrad', 'amsgrad'],
      ['foreach', null, null],
      ['maximize', 'maximize'],
      ['capturable', null, false],
    ];
  }
}
