// Finite-difference gradient checks, as torch.autograd.gradcheck does them but through a random projection:
// L(x) = sum(fn(x) * w) with a fixed random w, so one backward gives <w, J> for every input at once, and central
// differences (L(x + eps e_i) - L(x - eps e_i)) / 2 eps give the same numbers element by element. Use float64.
import { autograd, noGrad, randn, type Tensor, tensor, tidy } from '../../src/tensor/index.js';

export interface GradcheckOptions {
  eps?: number;
  /** Absolute tolerance; the comparison is |analytic - numeric| <= tol + rtol * |numeric|. */
  tol?: number;
  rtol?: number;
}

export interface GradcheckReport {
  /** Largest |analytic - numeric| over every element of every input. */
  maxAbsError: number;
  /** Elements compared. */
  checked: number;
}

function values(t: Tensor): Float64Array {
  const d = t.data();
  if (!(d instanceof Float64Array)) throw new Error(`gradcheck: inputs must be float64, got ${t.dtype}`);
  return d;
}

/**
 * Checks the autograd gradient of `fn` with respect to each input (all float64, requiring grad) against central
 * differences; throws an Error naming the input, the element and both values at the first mismatch.
 */
export function gradcheck(fn: (...inputs: Tensor[]) => Tensor, inputs: readonly Tensor[], eps = 1e-6, tol = 1e-5, rtol = 1e-3): GradcheckReport {
  return tidy(() => {
    const base = inputs.map((x) => values(x));
    const shapes = inputs.map((x) => [...x.shape]);
    const leaves = inputs.map((x) => x.detach().requiresGrad_(true));
    const out = fn(...leaves);
    const w = randn([...out.shape], { dtype: 'float64' });
    const loss = out.mul(w).sum();
    const grads = autograd.grad(loss, leaves, { allowUnused: true });
    const analytic = grads.map((g, i) => (g === undefined ? new Float64Array(base[i]!.length) : values(g)));
    const objective = (k: number, v: Float64Array): number =>
      noGrad(() =>
        tidy(() => {
          const args = inputs.map((x, j) => (j === k ? tensor(v, { shape: shapes[j]!, dtype: 'float64' }) : x.detach()));
          return fn(...args)
            .mul(w)
            .sum()
            .item();
        }),
      );
    let maxAbsError = 0;
    let checked = 0;
    for (let k = 0; k < inputs.length; k++) {
      const v = Float64Array.from(base[k]!);
      for (let i = 0; i < v.length; i++) {
        const x0 = v[i]!;
        v[i] = x0 + eps;
        const plus = objective(k, v);
        v[i] = x0 - eps;
        const minus = objective(k, v);
        v[i] = x0;
        const numeric = (plus - minus) / (2 * eps);
        const a = analytic[k]![i]!;
        const err = Math.abs(a - numeric);
        maxAbsError = Math.max(maxAbsError, err);
        checked++;
        if (!(err <= tol + rtol * Math.abs(numeric))) {
          throw new Error(
            `gradcheck: input ${k} (shape [${shapes[k]!.join(', ')}]) element ${i}: autograd ${a}, ` +
              `finite differences ${numeric} (|diff| ${err.toExponential(3)} > ${tol} + ${rtol}*|numeric|)`,
          );
        }
      }
    }
    return { maxAbsError, checked };
  });
}
