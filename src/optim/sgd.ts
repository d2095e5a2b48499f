// torch.optim.SGD (PyTorch 1.13 semantics): weight decay added to the gradient, momentum buffer = clone of the
// first (decayed) gradient, then buf = momentum * buf + (1 - dampening) * g; Nesterov uses g + momentum * buf.
// A step is a handful of multi-tensor (_foreach_) calls per group, whatever the number of parameters.
import { ops, type Tensor } from '../tensor/index.js';
import { type GroupValue, Optimizer, type ParamGroupBase, type ParamsInput, pick, type StateValue, withGrads } from './optimizer.js';

export interface SGDOptions {
  lr: number;
  momentum?: number;
  dampening?: number;
  weightDecay?: number;
  nesterov?: boolean;
  /** Ascend instead of descend (PyTorch's `maximize`). */
  maximize?: boolean;
}

export type SGDHyper = Required<SGDOptions>;
export type SGDParamGroup = SGDHyper & ParamGroupBase;

export interface SGDState {
  /** null while momentum is 0 (PyTorch stores None). */
  momentumBuffer: Tensor | null;
}

export class SGD extends Optimizer<SGDHyper, SGDState> {
  constructor(params: ParamsInput<SGDOptions>, options: SGDOptions) {
    if (options === undefined || typeof options.lr !== 'number') throw new Error('SGD: lr is required');
    super(params as ParamsInput<SGDHyper>, {
      lr: options.lr,
      momentum: options.momentum ?? 0,
      dampening: options.dampening ?? 0,
      weightDecay: options.weightDecay ?? 0,
      nesterov: options.nesterov ?? false,
      maximize: options.maximize ?? false,
    });
  }

  protected override pyGroupKeys(): readonly (readonly [string, keyof SGDHyper | null, GroupValue?])[] {
    return [
      ['lr', 'lr'],
      ['momentum', 'momentum'],
      ['dampening', 'dampening'],
      ['weight_decay', 'weightDecay'],
      ['nesterov', 'nesterov'],
      ['maximize', 'maximize'],
      ['foreach', null, null],
      ['differentiable', null, false],
    ];
  }

  protected override validate(o: SGDHyper): void {
    if (!(o.lr >= 0)) throw new Error(`SGD: Invalid learning rate: ${o.lr}`);
    if (!(o.momentum >= 0)) throw new Error(`SGD: Invalid momentum value: ${o.momentum}`);
    if (!(o.weightDecay >= 0)) throw new Error(`SGD: Invalid weight_decay value: ${o.weightDecay}`);
    if (o.nesterov && (o.momentum <= 0 || o.dampening !== 0)) throw new Error('SGD: Nesterov momentum requires a momentum and zero dampening');
  }

  protected override updateGroup(group: SGDParamGroup): void {
    const { params, grads } = withGrads(group.params);
    if (params.length === 0) return;
    const { lr, momentum, dampening, weightDecay, nesterov, maximize } = group;
    // `d` is the live .grad list until an op makes a fresh one; the gradients themselves are never modified.
    let d = grads;
    let fresh = false;
    if (maximize) {
      d = ops.foreachNeg(d);
      fresh = true;
    }
    if (weightDecay !== 0) {
      d = ops.foreachAdd(d, params, weightDecay);
      fresh = true;
    }
    if (momentum !== 0) {
      const bufs: Tensor[] = new Array<Tensor>(params.length);
      const have: number[] = [];
      params.forEach((p, i) => {
        const buf = this.state.get(p)?.momentumBuffer;
        if (buf) {
          bufs[i] = buf;
          have.push(i);
        } else {
          const nb = ops.clone(d[i]!).keep();
          bufs[i] = nb;
          this.state.set(p, { momentumBuffer: nb });
        }
      });
      if (have.length > 0) {
        const hb = pick(bufs, have);
        ops.foreachMul_(hb, momentum);
        ops.foreachAdd_(hb, pick(d, have), 1 - dampening);
      }
      if (nesterov) {
        if (fresh) ops.foreachAdd_(d, bufs, momentum);
        else d = ops.foreachAdd(d, bufs, momentum);
      } else d = bufs;
    } else {
      for (const p of params) if (!this.state.has(p)) this.state.set(p, { momentumBuffer: null });
    }
    ops.foreachAdd_(params, d, -lr);
  }

  protected override saveState(s: SGDState): Record<string, StateValue> {
    return { momentum_buffer: s.momentumBuffer };
  }

  protected override loadState(saved: Record<string, StateValue>): SGDState {
    const b = saved.momentum_buffer;
    if (typeof b === 'number') throw new Error('SGD: momentum_buffer must be a tensor or null');
    return { momentumBuffer: b ?? null };
  }

  protected override stateTensors(s: SGDState): Tensor[] {
    return s.momentumBuffer ? [s.momentumBuffer] : [];
  }
}
