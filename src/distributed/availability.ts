// Whether this build of the addon has torch.distributed's engine, and which backends.
import { native } from '../native.js';

/** torch.distributed.is_available(): the addon was built with c10d (Gloo, NCCL or both). */
export function isAvailable(): boolean {
  return native.distBackends.gloo || native.distBackends.nccl;
}

/** torch.distributed.is_gloo_available(). */
export function isGlooAvailable(): boolean {
  return native.distBackends.gloo;
}

/** torch.distributed.is_nccl_available(): the addon was built against a CUDA libtorch with NCCL. */
export function isNcclAvailable(): boolean {
  return native.distBackends.nccl;
}

export function requireC10d(): void {
  if (!isAvailable())
    throw new Error(
      "torch.distributed is not in this build of tsnas's addon: neither Gloo's nor NCCL's headers were found when it was built. " +
        'Install them (Debian: apt-get install libgloo-dev) and rebuild: `npm run build:native` (or `bash scripts/setup.sh`).',
    );
}
