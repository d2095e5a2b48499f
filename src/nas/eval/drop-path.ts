import { fastPaths } from '../../nn/index.js';
import { ops, type Tensor } from '../../tensor/index.js';
import { dtypeCode } from '../../tensor/dtype.js';

/**
 * Per-sample drop path (spec §7.1): keep each sample's branch with probability 1 − p, scaled by 1 / (1 − p).
 * `x` is left alone (the reference's in-place form is a hazard for autograd); the mask multiplies the scaled copy in
 * place where that fast path is on (mul keeps only the mask for backward), with the same values.
 */
export function dropPath(x: Tensor, p: number): Tensor {
  if (p <= 0) return x;
  const keep = 1 - p;
  const mask = ops.empty([x.shape[0]!, 1, 1, 1], dtypeCode(x.dtype), null, x.device).bernoulli_(keep);
  const scaled = x.div(keep);
  const out = fastPaths.inplace ? scaled.mul_(mask) : scaled.mul(mask);
  if (out !== scaled) scaled.dispose();
  mask.dispose();
  return out;
}
