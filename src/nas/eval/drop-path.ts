import { ops, type Tensor } from '../../tensor/index.js';
import { dtypeCode } from '../../tensor/dtype.js';

/**
 * Per-sample drop path (spec §7.1): keep each sample's branch with probability 1 − p, scaled by 1 / (1 − p).
 * Not in place (the reference's in-place form is a hazard for autograd, and the values are identical).
 */
export function dropPath(x: Tensor, p: number): Tensor {
  if (p <= 0) return x;
  const keep = 1 - p;
  const mask = ops.empty([x.shape[0]!, 1, 1, 1], dtypeCode(x.dtype), null, x.device).bernoulli_(keep);
  return x.div(keep).mul(mask);
}
