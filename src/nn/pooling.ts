import { maxPool2dLean, ops, type Tensor } from '../tensor/index.js';
import { fastPaths } from './fast-paths.js';
import type { Pair } from './conv.js';
import { Module } from './module.js';

export class MaxPool2d extends Module {
  constructor(
    readonly kernelSize: Pair,
    readonly stride: Pair = kernelSize,
    readonly padding: Pair = 0,
    readonly opts: { dilation?: Pair; ceilMode?: boolean } = {},
  ) {
    super();
  }
  forward(x: Tensor): Tensor {
    if (fastPaths.leanMaxPool && x.requiresGrad) {
      return maxPool2dLean(x, this.kernelSize, this.stride, this.padding, this.opts.dilation ?? 1, this.opts.ceilMode ?? false);
    }
    return ops.maxPool2d(x, this.kernelSize, this.stride, this.padding, this.opts.dilation ?? 1, this.opts.ceilMode ?? false);
  }
  protected override extraRepr(): string {
    return `kernel_size=${this.kernelSize}, stride=${this.stride}, padding=${this.padding}`;
  }
}

export class AvgPool2d extends Module {
  constructor(
    readonly kernelSize: Pair,
    readonly stride: Pair = kernelSize,
    readonly padding: Pair = 0,
    readonly opts: { ceilMode?: boolean; countIncludePad?: boolean } = {},
  ) {
    super();
  }
  forward(x: Tensor): Tensor {
    return ops.avgPool2d(x, this.kernelSize, this.stride, this.padding, this.opts.ceilMode ?? false, this.opts.countIncludePad ?? true);
  }
  protected override extraRepr(): string {
    return `kernel_size=${this.kernelSize}, stride=${this.stride}, padding=${this.padding}`;
  }
}

export class AdaptiveAvgPool2d extends Module {
  constructor(readonly outputSize: Pair) {
    super();
  }
  forward(x: Tensor): Tensor {
    return ops.adaptiveAvgPool2d(x, this.outputSize);
  }
  protected override extraRepr(): string {
    return `output_size=${this.outputSize}`;
  }
}
