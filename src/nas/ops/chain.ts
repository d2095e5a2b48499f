// Most candidate ops are one chain of layers that starts with a ReLU and ends in a BatchNorm2d. What MixedOp's fast
// paths need from such an op (relu(x) shared by the edge, the edge weight folded into the final BN) follows from
// that layout, which the chain checks once when it is built, so no op class repeats it with its own layer indices.
import { BatchNorm2d, Module, ReLU, runChain, Sequential, type TensorModule } from '../../nn/index.js';
import type { Tensor } from '../../tensor/index.js';

/**
 * An op whose first layer is a ReLU on the input can take that ReLU precomputed: a MixedOp computes relu(x)
 * once and hands it to every such op (the math is unchanged; only duplicate ReLUs are saved).
 */
export interface PreActivated {
  forwardPreActivated(reluX: Tensor): Tensor;
}
export function isPreActivated(m: unknown): m is PreActivated {
  return typeof (m as Partial<PreActivated>).forwardPreActivated === 'function';
}

/**
 * An op that ends in a BatchNorm2d. A MixedOp folds its architecture weight into that BN when the BN has no affine
 * parameters (search time): w·BN(z) = BatchNorm2d.forwardScaled(z, w), one kernel instead of BN + multiply.
 */
export interface NormTerminated {
  /** Everything before the final BN: on x, or on relu(x) already computed when `preActivated` (a PreActivated op). */
  forwardBeforeNorm(x: Tensor, preActivated: boolean): Tensor;
  readonly finalNorm: BatchNorm2d;
}
export function isNormTerminated(m: unknown): m is NormTerminated {
  return typeof (m as Partial<NormTerminated>).forwardBeforeNorm === 'function';
}

/** A Sequential (children `0`, `1`, ...) whose last layer is a BatchNorm2d. */
export class NormChain extends Sequential implements NormTerminated {
  readonly finalNorm: BatchNorm2d;
  constructor(...layers: TensorModule[]) {
    super(...layers);
    const last = layers[layers.length - 1];
    if (!(last instanceof BatchNorm2d)) throw new Error(`${new.target.name}: the last layer must be a BatchNorm2d`);
    this.finalNorm = last;
  }
  /** `preActivated` is true only from a MixedOp that found the chain PreActivated (a ReluNormChain). */
  forwardBeforeNorm(x: Tensor, preActivated: boolean): Tensor {
    return runChain(this.layers, x, preActivated ? 1 : 0, this.layers.length - 1);
  }
}

/** A NormChain whose first layer is a ReLU, so it also takes relu(x) precomputed. */
export class ReluNormChain extends NormChain implements PreActivated {
  constructor(...layers: TensorModule[]) {
    if (!(layers[0] instanceof ReLU)) throw new Error(`${new.target.name}: the first layer must be a ReLU`);
    super(...layers);
  }
  forwardPreActivated(rx: Tensor): Tensor {
    return runChain(this.layers, rx, 1, this.layers.length);
  }
}

/** An op made of one ReluNormChain registered as `op`, as the reference's `self.op = nn.Sequential(...)`: `op.1.weight`. */
export class ChainOp extends Module implements TensorModule, PreActivated, NormTerminated {
  readonly op: ReluNormChain;
  readonly finalNorm: BatchNorm2d;
  constructor(...layers: TensorModule[]) {
    super();
    this.op = this.registerModule('op', new ReluNormChain(...layers));
    this.finalNorm = this.op.finalNorm;
  }
  forward(x: Tensor): Tensor {
    return this.op.forward(x);
  }
  forwardPreActivated(rx: Tensor): Tensor {
    return this.op.forwardPreActivated(rx);
  }
  forwardBeforeNorm(x: Tensor, preActivated: boolean): Tensor {
    return this.op.forwardBeforeNorm(x, preActivated);
  }
}
