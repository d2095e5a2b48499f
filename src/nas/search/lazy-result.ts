// Step results that stay on the device until read: a step queues its work and returns at once, and the runner
// reads loss and accuracy when it needs them (typically after queuing the next step), so no step waits for the
// device to drain. On CPU the read is free of waiting anyway; what is saved there is the per-step crossings.
import { cat, noGrad, type Tensor, tidy } from '../../tensor/index.js';
import type { StepResult } from './method.js';

export interface LazyStepResult {
  /** Training loss (reads the device on first use). */
  loss(): number;
  /** Top-1 accuracy in percent. */
  accuracy(): number;
  /** Both numbers, as StepResult; frees the held tensors. */
  result(): StepResult;
  /** Frees the held tensors without reading them. */
  dispose(): void;
}

/** Top-1 accuracy (%) of `logits` against `y` as a 1-element tensor (same tie rule as F.accuracy: topk). */
export function top1Tensor(logits: Tensor, y: Tensor): Tensor {
  return noGrad(() =>
    tidy(() => {
      const [, pred] = logits.topk(1, 1, true, true);
      return pred
        .view([-1])
        .eq(y)
        .sum()
        .to({ dtype: 'float32' })
        .mul(100 / y.shape[0]!)
        .view([1]);
    }),
  );
}

/** A LazyStepResult over a detached loss and a logits batch; computes the accuracy on the device now, reads later. */
export function deferredResult(loss: Tensor, logits: Tensor, y: Tensor): LazyStepResult {
  const stats = noGrad(() => tidy(() => cat([loss.detach().to({ dtype: 'float32' }).view([1]), top1Tensor(logits, y)], 0))).keep();
  let values: [number, number] | undefined;
  const read = (): [number, number] => {
    if (!values) {
      const d = stats.data() as Float32Array;
      values = [d[0]!, d[1]!];
      stats.dispose();
    }
    return values;
  };
  return {
    loss: () => read()[0],
    accuracy: () => read()[1],
    result: () => {
      const [loss_, accuracy] = read();
      return { loss: loss_, accuracy };
    },
    dispose: () => {
      if (!values) stats.dispose();
    },
  };
}
