// Functional forms with option objects where aten's positional signatures are unfriendly.
import { ops, type Tensor, tidy } from '../tensor/index.js';

export type Reduction = 'none' | 'mean' | 'sum';
const reductionCode = (r: Reduction = 'mean'): number => ({ none: 0, mean: 1, sum: 2 })[r];

export function crossEntropy(
  logits: Tensor,
  target: Tensor,
  o: { labelSmoothing?: number; reduction?: Reduction; ignoreIndex?: number; weight?: Tensor } = {},
): Tensor {
  return ops.crossEntropyLoss(logits, target, o.weight ?? null, reductionCode(o.reduction), o.ignoreIndex ?? -100, o.labelSmoothing ?? 0);
}
export function nllLoss(logProbs: Tensor, target: Tensor, o: { reduction?: Reduction; ignoreIndex?: number; weight?: Tensor } = {}): Tensor {
  return ops.nllLoss(logProbs, target, o.weight ?? null, reductionCode(o.reduction), o.ignoreIndex ?? -100);
}
export function mseLoss(input: Tensor, target: Tensor, o: { reduction?: Reduction } = {}): Tensor {
  return ops.mseLoss(input, target, reductionCode(o.reduction));
}
export function l1Loss(input: Tensor, target: Tensor, o: { reduction?: Reduction } = {}): Tensor {
  return ops.l1Loss(input, target, reductionCode(o.reduction));
}
export function binaryCrossEntropyWithLogits(input: Tensor, target: Tensor, o: { reduction?: Reduction } = {}): Tensor {
  return ops.binaryCrossEntropyWithLogits(input, target, null, null, reductionCode(o.reduction));
}
export function softmax(x: Tensor, dim: number): Tensor {
  return x.softmax(dim);
}
export function logSoftmax(x: Tensor, dim: number): Tensor {
  return x.logSoftmax(dim);
}
export function dropout(x: Tensor, p: number, training: boolean): Tensor {
  return ops.dropout(x, p, training);
}
export function relu(x: Tensor): Tensor {
  return x.relu();
}

/** Top-k accuracies in percent (as the DARTS utils.accuracy), for each k in `ks`. */
export function accuracy(logits: Tensor, target: Tensor, ks: readonly number[] = [1]): number[] {
  return tidy(() => {
    const maxk = Math.min(Math.max(...ks), logits.shape[1]!);
    const [, pred] = logits.topk(maxk, 1, true, true);
    const correct = pred.eq(target.view([-1, 1]));
    const n = target.shape[0]!;
    return ks.map((k) => (correct.narrow(1, 0, Math.min(k, maxk)).sum().item() * 100) / n);
  });
}
