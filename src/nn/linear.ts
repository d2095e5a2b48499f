import { empty, ops, type Tensor } from '../tensor/index.js';
import { resetLinearLike } from './init.js';
import { Module } from './module.js';
import { countingMacs, reportMacs } from './profile.js';

/** torch.nn.Linear: `weight` [out, in], `bias` [out]. */
export class Linear extends Module {
  readonly weight: Tensor;
  readonly bias: Tensor | null;

  constructor(
    readonly inFeatures: number,
    readonly outFeatures: number,
    opts: { bias?: boolean } = {},
  ) {
    super();
    this.weight = this.registerParameter('weight', empty([outFeatures, inFeatures]))!;
    this.bias = this.registerParameter('bias', opts.bias === false ? null : empty([outFeatures]));
    resetLinearLike(this.weight, this.bias);
  }

  forward(x: Tensor): Tensor {
    const y = ops.linear(x, this.weight, this.bias);
    if (countingMacs()) reportMacs(y.numel, this.inFeatures);
    return y;
  }

  protected override extraRepr(): string {
    return `in_features=${this.inFeatures}, out_features=${this.outFeatures}, bias=${this.bias ? 'True' : 'False'}`;
  }
}
