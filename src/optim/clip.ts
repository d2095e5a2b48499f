// Gradient clipping, after torch.nn.utils.clip_grad_norm_ / clip_grad_value_. The norm stays on the device: no
// host sync unless the caller reads it (`.item()`) or asks for the non-finite check.
import { noGrad, ops, scalar, type Tensor, tidy } from '../tensor/index.js';
import { withGrads } from './optimizer.js';

export interface ClipGradNormOptions {
  /** Throw if the total norm is NaN or infinite (costs one host sync), as PyTorch's error_if_nonfinite. */
  errorIfNonfinite?: boolean;
}

/**
 * Scales the gradients of `params` in place so that their joint `normType`-norm is at most `maxNorm`
 * (clip coefficient maxNorm / (total + 1e-6), clamped to 1) and returns the total norm before clipping as a 0-d
 * tensor (the caller owns it; read it with `.item()`). Parameters without gradients are ignored.
 */
export function clipGradNorm(params: Iterable<Tensor> | Tensor, maxNorm: number, normType = 2, opts: ClipGradNormOptions = {}): Tensor {
  const list = isSingle(params) ? [params] : [...params];
  return noGrad(() =>
    tidy(() => {
      const { grads } = withGrads(list);
      if (grads.length === 0) return scalar(0);
      const norms = ops.foreachNorm(grads, normType);
      const total = normType === Infinity ? (norms.length === 1 ? norms[0]! : ops.stack(norms).amax()) : ops.stack(norms).norm(normType);
      if (opts.errorIfNonfinite && !Number.isFinite(total.item())) {
        throw new Error(
          `The total norm of order ${normType} for gradients from \`parameters\` is non-finite, so it cannot be ` +
            'clipped. To disable this error and scale the gradients by the non-finite norm anyway, set `errorIfNonfinite: false`',
        );
      }
      // PyTorch: clip_coef = max_norm / (total + 1e-6), i.e. reciprocal(total + 1e-6) * max_norm, then clamp(max=1)
      const coef = total.add(1e-6).reciprocal().mul(maxNorm).clampMax(1);
      ops.foreachMul_(
        grads,
        grads.map(() => coef),
      );
      return total;
    }),
  );
}

/** Clamps every gradient element of `params` into [-clipValue, clipValue] in place (clip_grad_value_). */
export function clipGradValue(params: Iterable<Tensor> | Tensor, clipValue: number): void {
  const list = isSingle(params) ? [params] : [...params];
  noGrad(() =>
    tidy(() => {
      for (const g of withGrads(list).grads) g.clamp_(-clipValue, clipValue);
    }),
  );
}

function isSingle(p: Iterable<Tensor> | Tensor): p is Tensor {
  return !(Symbol.iterator in (p as object));
}
