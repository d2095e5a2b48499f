// torch.nn.SyncBatchNorm for tsnas's BatchNorm2d: training-mode statistics over the batches of every rank.
import { native } from '../native.js';
import { BatchNorm2d, type Module } from '../nn/index.js';
import { Tensor } from '../tensor/index.js';
import { getDefaultGroup, type ProcessGroup } from './process-group.js';

/**
 * torch.distributed.nn.functional.all_reduce (sum): a new tensor, the sum of `t` over the ranks, whose gradient is
 * the sum of the output gradients over the ranks.
 */
export function allReduceWithGrad(t: Tensor, group: ProcessGroup = getDefaultGroup()): Tensor {
  return new Tensor(native.distAllReduceAutograd(group.handle, t.handle));
}

/**
 * torch.nn.SyncBatchNorm.convert_sync_batchnorm: every BatchNorm2d of `module` computes its training-mode
 * statistics over the batches of all ranks of `group` (the parameters and buffers stay where they are). Returns the
 * number of BatchNorms converted. Every rank must run every BN in the same order.
 */
export function convertSyncBatchNorm(module: Module, group: ProcessGroup = getDefaultGroup()): number {
  let converted = 0;
  if (group.size <= 1) return converted;
  for (const m of module.modules())
    if (m instanceof BatchNorm2d) {
      m.crossProcessSum = (t) => allReduceWithGrad(t, group);
      converted++;
    }
  return converted;
}
