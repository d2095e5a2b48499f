import { empty, ops, type Tensor } from '../tensor/index.js';
import { resetLinearLike } from './init.js';
import { Module } from './module.js';
import { countingMacs, reportMacs } from './profile.js';

export type Pair = number | [number, number];
const pair = (v: Pair): [number, number] => (typeof v === 'number' ? [v, v] : v);

export interface Conv2dOptions {
  stride?: Pair;
  padding?: Pair;
  dilation?: Pair;
  groups?: number;
  bias?: boolean;
}

/** torch.nn.Conv2d: `weight` [out, in/groups, kh, kw], optional `bias` [out]. */
export class Conv2d extends Module {
  readonly stride: [number, number];
  readonly padding: [number, number];
  readonly dilation: [number, number];
  readonly groups: number;
  readonly weight: Tensor;
  readonly bias: Tensor | null;

  constructor(readonly inChannels: number, readonly outChannels: number, readonly kernelSize: Pair, o: Conv2dOptions = {}) {
    super();
    this.stride = pair(o.stride ?? 1);
    this.padding = pair(o.padding ?? 0);
    this.dilation = pair(o.dilation ?? 1);
    this.groups = o.groups ?? 1;
    if (inChannels % this.groups !== 0 || outChannels % this.groups !== 0)
      throw new Error(`Conv2d: in (${inChannels}) and out (${outChannels}) channels must be divisible by groups (${this.groups})`);
    const [kh, kw] = pair(kernelSize);
    this.weight = this.registerParameter('weight', empty([outChannels, inChannels / this.groups, kh, kw]))!;
    this.bias = this.registerParameter('bias', o.bias === false ? null : empty([outChannels]));
    resetLinearLike(this.weight, this.bias);
  }

  forward(x: Tensor): Tensor {
    const y = ops.conv2d(x, this.weight, this.bias, this.stride, this.padding, this.dilation, this.groups);
    if (countingMacs()) {
      const w = this.weight.shape;
      reportMacs(y.numel, w[1]! * w[2]! * w[3]!);
    }
    return y;
  }

  protected override extraRepr(): string {
    return `${this.inChannels}, ${this.outChannels}, kernel_size=${JSON.stringify(pair(this.kernelSize))}, stride=${JSON.stringify(this.stride)}` +
      (this.padding[0] || this.padding[1] ? `, padding=${JSON.stringify(this.padding)}` : '') +
      (this.dilation[0] !== 1 || this.dilation[1] !== 1 ? `, dilation=${JSON.stringify(this.dilation)}` : '') +
      (this.groups !== 1 ? `, groups=${this.groups}` : '') + (this.bias ? '' : ', bias=False');
  }
}
