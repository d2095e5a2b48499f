// A module whose 4-d weights are held in one memory format and whose forward converts its input to it once.
// channels_last (NHWC) is what oneDNN's convolutions, BN and pooling run natively on CPU; the numbers are those of
// the contiguous layout. The search supernet and both evaluation networks are such modules.
import type { MemoryFormat, Tensor } from '../tensor/index.js';
import { preferredMemoryFormat, targetDevice } from './fast-paths.js';
import { Module } from './module.js';

export abstract class FormattedModule extends Module {
  private format: MemoryFormat = 'contiguous';

  /** The layout inputs are converted to and the 4-d weights are held in (see useMemoryFormat). */
  get memoryFormat(): MemoryFormat {
    return this.format;
  }

  /** Holds the 4-d weights in `format` and converts each forward's input to it. */
  useMemoryFormat(format: MemoryFormat): this {
    this.to({ memoryFormat: format });
    this.format = format;
    return this;
  }

  /** Moves like Module.to, then re-picks the memory format for the new device (fastPaths.channelsLast[OnCuda]). */
  override to(target: Parameters<Module['to']>[0]): this {
    super.to(target);
    const device = targetDevice(target);
    if (device !== undefined) {
      const want = preferredMemoryFormat(device);
      if (want !== this.format) this.useMemoryFormat(want);
    }
    return this;
  }

  /** Called at the end of a subclass constructor, once every weight is registered. */
  protected applyPreferredFormat(): void {
    if (preferredMemoryFormat('cpu') !== 'contiguous') this.useMemoryFormat(preferredMemoryFormat('cpu'));
  }

  /** The input in the module's format: `x` itself when it already is, else a copy the caller disposes. */
  protected formatInput(x: Tensor): Tensor {
    return this.format === 'channels_last' ? x.contiguous('channels_last') : x;
  }
}
