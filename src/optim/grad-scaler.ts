// torch.cuda.amp.GradScaler (PyTorch 1.13 semantics): the loss is multiplied by a scale before backward so that
// float16 gradients do not underflow; before the optimiser step the gradients are unscaled and checked for inf/NaN
// (`_amp_foreach_non_finite_check_and_unscale_`), the step is skipped if any is non-finite, and the scale is backed
// off (×0.5) on overflow or grown (×2) after `growthInterval` clean steps (`_amp_update_scale_`). Everything stays on
// the device except one read of the found-inf flag per step, as in PyTorch. libtorch 1.13 has these two kernels
// for CUDA only; on CPU tensors (tests, or float16 on CPU) the same arithmetic runs as ordinary ops.
import { noGrad, ops, type Tensor, tidy, full, zeros } from '../tensor/index.js';
import { withGrads } from './optimizer.js';

export interface GradScalerOptions {
  initScale?: number;
  growthFactor?: number;
  backoffFactor?: number;
  growthInterval?: number;
  /** false: every method is a pass-through (scale returns the loss, step just steps). */
  enabled?: boolean;
}

interface Steppable {
  step(): void;
  parameters(): Tensor[];
}

type StageOf = 'ready' | 'unscaled' | 'stepped';

export class GradScaler {
  readonly enabled: boolean;
  readonly growthFactor: number;
  readonly backoffFactor: number;
  readonly growthInterval: number;
  private readonly initScale: number;
  private scaleT: Tensor | undefined;
  private tracker: Tensor | undefined;
  private readonly stage = new Map<Steppable, { stage: StageOf; foundInf?: Tensor }>();

  constructor(o: GradScalerOptions = {}) {
    this.enabled = o.enabled ?? true;
    this.initScale = o.initScale ?? 2 ** 16;
    this.growthFactor = o.growthFactor ?? 2;
    this.backoffFactor = o.backoffFactor ?? 0.5;
    this.growthInterval = o.growthInterval ?? 2000;
    if (!(this.growthFactor > 1)) throw new Error('GradScaler: growthFactor must be > 1');
    if (!(this.backoffFactor < 1)) throw new Error('GradScaler: backoffFactor must be < 1');
  }

  private lazyInit(device: string): void {
    if (this.scaleT) return;
    this.scaleT = full([1], this.initScale, { dtype: 'float32', device }).keep();
    this.tracker = zeros([1], { dtype: 'int32', device }).keep();
  }

  /** loss × scale (a new tensor; backward through it gives scaled gradients). */
  scale(loss: Tensor): Tensor {
    if (!this.enabled) return loss;
    this.lazyInit(loss.device);
    return loss.mul(this.scaleT!);
  }

  /** The current scale as a number (one read). */
  getScale(): number {
    return this.scaleT ? this.scaleT.item() : this.initScale;
  }

  /**
   * Divides the gradients of `optimizer`'s parameters by the scale in place and records whether any is inf/NaN
   * (call it before clipping; step() calls it if you did not).
   */
  unscale_(optimizer: Steppable): void {
    if (!this.enabled) return;
    const st = this.stage.get(optimizer) ?? { stage: 'ready' as StageOf };
    if (st.stage === 'unscaled') throw new Error('GradScaler: unscale_() has already been called on this optimizer since the last update()');
    if (st.stage === 'stepped') throw new Error('GradScaler: unscale_() is being called after step()');
    if (!this.scaleT) throw new Error('GradScaler: scale() was never called (no scale to unscale by)');
    const foundInf = noGrad(() =>
      tidy(() => {
        const inv = this.scaleT!.to({ dtype: 'float64' }).reciprocal().to({ dtype: 'float32' });
        let found = zeros([1], { dtype: 'float32', device: this.scaleT!.device });
        const { grads } = withGrads(optimizer.parameters());
        if (grads.length > 0) {
          if (this.scaleT!.isCuda) ops.ampForeachNonFiniteCheckAndUnscale_(grads, found, inv);
          else {
            // The same arithmetic as the CUDA kernel: found_inf = 1 if any element is non-finite; g *= inv_scale.
            for (const g of grads) found = found.maximum(g.isfinite().logicalNot().any().to({ dtype: 'float32' }).view([1]));
            ops.foreachMul_(
              grads,
              grads.map(() => inv),
            );
          }
        }
        return found;
      }),
    ).keep();
    this.stage.set(optimizer, { stage: 'unscaled', foundInf });
  }

  /** Unscales if needed, then steps the optimiser unless a gradient was inf/NaN. Returns whether it stepped. */
  step(optimizer: Steppable): boolean {
    if (!this.enabled) {
      optimizer.step();
      return true;
    }
    if (this.stage.get(optimizer)?.stage === 'stepped') throw new Error('GradScaler: step() has already been called since the last update()');
    if (this.stage.get(optimizer)?.stage !== 'unscaled') this.unscale_(optimizer);
    const st = this.stage.get(optimizer)!;
    const skip = st.foundInf!.item() !== 0;
    if (!skip) optimizer.step();
    st.stage = 'stepped';
    return !skip;
  }

  /** Updates the scale from this iteration's found-inf flags (back off, or grow after growthInterval clean steps). */
  update(): void {
    if (!this.enabled || !this.scaleT) return;
    const flags = [...this.stage.values()].map((s) => s.foundInf).filter((t): t is Tensor => t !== undefined);
    if (flags.length === 0) throw new Error('GradScaler: no inf checks were recorded prior to update()');
    noGrad(() =>
      tidy(() => {
        let found = flags[0]!;
        for (const f of flags.slice(1)) found = found.add(f);
        if (this.scaleT!.isCuda) {
          ops.ampUpdateScale_(this.scaleT!, this.tracker!, found, this.growthFactor, this.backoffFactor, this.growthInterval);
        } else if (found.item() !== 0) {
          this.scaleT!.mul_(this.backoffFactor);
          this.tracker!.zero_();
        } else {
          const n = this.tracker!.item() + 1;
          if (n === this.growthInterval) {
            this.scaleT!.mul_(this.growthFactor);
            this.tracker!.zero_();
          } else this.tracker!.fill_(n);
        }
      }),
    );
    for (const s of this.stage.values()) s.foundInf?.dispose();
    this.stage.clear();
  }

  /** PyTorch's state_dict keys: scale, growth_factor, backoff_factor, growth_interval, _growth_tracker. */
  stateDict(): Record<string, number> {
    return {
      scale: this.getScale(),
      growth_factor: this.growthFactor,
      backoff_factor: this.backoffFactor,
      growth_interval: this.growthInterval,
      _growth_tracker: this.tracker ? this.tracker.item() : 0,
    };
  }

  dispose(): void {
    this.scaleT?.dispose();
    this.tracker?.dispose();
    for (const s of this.stage.values()) s.foundInf?.dispose();
    this.stage.clear();
  }
}
