// Automatic mixed precision: autocast regions (torch.autocast) through libtorch's Autocast / AutocastCPU dispatch
// keys. Inside `autocast(fn, ...)`, the ops PyTorch's autocast lists name (convolutions, matmuls, linear, ...) run in
// the lower precision and the precision-sensitive ones (softmax, losses, norms' statistics) in float32, exactly as in
// PyTorch, because every tsnas op goes through the same dispatcher.
import { native } from '../native.js';
import { type DType, dtypeCode } from './dtype.js';

export interface AutocastOptions {
  /** 'cuda' (or 'cuda:N') or 'cpu'. */
  device: string;
  /** float16 (CUDA default) or bfloat16 (CPU default; also on CUDA where supported). */
  dtype?: DType;
  /** false runs fn unchanged (convenient for a --amp switch). */
  enabled?: boolean;
}

function deviceType(device: string): 'cuda' | 'cpu' {
  if (device === 'cpu') return 'cpu';
  if (device.startsWith('cuda')) return 'cuda';
  throw new Error(`autocast: unknown device '${device}' (cpu or cuda)`);
}

/** The default autocast precision of a device: float16 on CUDA, bfloat16 on CPU (as torch.autocast). */
export function autocastDtype(device: string): DType {
  return deviceType(device) === 'cuda' ? 'float16' : 'bfloat16';
}

/**
 * Runs fn with autocast on for `device` (torch.autocast(device_type, dtype)). fn must be synchronous. Regions nest;
 * leaving the outermost one drops the cache of cast weights, as PyTorch does. Backward passes belong outside.
 */
export function autocast<T>(fn: () => T, o: AutocastOptions): T {
  if (o.enabled === false) return fn();
  const dev = deviceType(o.device);
  const dtype = o.dtype ?? autocastDtype(dev);
  if (dev === 'cpu' && dtype !== 'bfloat16') throw new Error(`autocast: CPU autocast runs in bfloat16 only (libtorch 1.13), not ${dtype}`);
  if (dev === 'cuda' && dtype !== 'float16' && dtype !== 'bfloat16')
    throw new Error(`autocast: CUDA autocast runs in float16 or bfloat16, not ${dtype}`);
  const [prevOn, prevDtype] = native.setAutocastEnabled(dev, dtypeCode(dtype), true);
  native.autocastNesting(1);
  try {
    return fn();
  } finally {
    native.autocastNesting(-1);
    native.setAutocastEnabled(dev, prevDtype, prevOn);
  }
}

/** Whether an autocast region for `device` ('cuda' or 'cpu') is open. */
export function isAutocastEnabled(device = 'cuda'): boolean {
  return native.isAutocastEnabled(deviceType(device));
}
