// PyTorch's default initialisers (torch.nn.init), in place and without recording gradients.
import { noGrad, type Tensor } from '../tensor/index.js';

/** fan_in / fan_out of a Linear [out, in] or Conv [out, in/groups, kh, kw] weight. */
export function fans(weight: Tensor): { fanIn: number; fanOut: number } {
  const s = weight.shape;
  if (s.length < 2) throw new Error(`fans: need at least 2 dimensions, got [${s.join(', ')}]`);
  const receptive = s.slice(2).reduce((a, b) => a * b, 1);
  return { fanIn: s[1]! * receptive, fanOut: s[0]! * receptive };
}

export function uniform_(t: Tensor, low: number, high: number): Tensor {
  return noGrad(() => t.uniform_(low, high));
}
export function normal_(t: Tensor, mean = 0, std = 1): Tensor {
  return noGrad(() => t.normal_(mean, std));
}
export function constant_(t: Tensor, value: number): Tensor {
  return noGrad(() => t.fill_(value));
}

/** kaiming_uniform_(a, mode='fan_in', nonlinearity='leaky_relu'): bound = gain * sqrt(3 / fan_in). */
export function kaimingUniform_(t: Tensor, a = 0): Tensor {
  const gain = Math.sqrt(2 / (1 + a * a));
  const bound = gain * Math.sqrt(3 / fans(t).fanIn);
  return uniform_(t, -bound, bound);
}

export function kaimingNormal_(t: Tensor, a = 0, mode: 'fan_in' | 'fan_out' = 'fan_in'): Tensor {
  const gain = Math.sqrt(2 / (1 + a * a));
  const f = fans(t);
  return normal_(t, 0, gain / Math.sqrt(mode === 'fan_in' ? f.fanIn : f.fanOut));
}

/** The default of Conv2d and Linear: weight kaiming_uniform_(a=sqrt(5)) = U(±1/sqrt(fan_in)), bias U(±1/sqrt(fan_in)). */
export function resetLinearLike(weight: Tensor, bias: Tensor | null): void {
  kaimingUniform_(weight, Math.sqrt(5));
  if (bias) {
    const bound = 1 / Math.sqrt(fans(weight).fanIn);
    uniform_(bias, -bound, bound);
  }
}
