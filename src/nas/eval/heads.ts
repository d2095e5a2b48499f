// Auxiliary classifier heads (spec §7.4), child-numbered as the reference (`features.2.weight`, ...).
import { AdaptiveAvgPool2d, AvgPool2d, BatchNorm2d, Conv2d, Linear, Module, ReLU, Sequential, type TensorModule } from '../../nn/index.js';
import type { Tensor } from '../../tensor/index.js';

/**
 * The pooling that opens an auxiliary head. The reference pools with a fixed 5×5 window sized for the 8×8
 * (CIFAR) or 7×7 (ImageNet) map; for other input sizes (28×28 Fashion-MNIST gives 7×7 at CIFAR depth) that window
 * would not produce the 2×2 map the next conv needs, so those sizes pool adaptively to 2×2. No parameters
 * differ, so checkpoints are unaffected.
 */
export class AuxPool extends Module implements TensorModule {
  private readonly fixed: AvgPool2d;
  private readonly adaptive = new AdaptiveAvgPool2d(2);
  constructor(
    stride: number,
    private readonly nativeSize: number,
  ) {
    super();
    this.fixed = new AvgPool2d(5, stride, 0, { countIncludePad: false });
  }
  forward(x: Tensor): Tensor {
    return x.shape[2] === this.nativeSize && x.shape[3] === this.nativeSize ? this.fixed.forward(x) : this.adaptive.forward(x);
  }
}

export interface AuxiliaryHeadOptions {
  /** Stride of the 5×5 pool: 3 on CIFAR's 8×8 map, 2 on ImageNet's 7×7. */
  stride: number;
  /** The map size the fixed pool is meant for (other sizes pool adaptively, see AuxPool). */
  nativeSize: number;
  /** BN(768) after the second conv: the CIFAR head has it; DARTS' ImageNet head omits it (D-DARTS' keeps it). */
  finalBatchNorm: boolean;
}

/** ReLU, 5×5 average pool, conv1×1 → 128, BN, ReLU, conv2×2 → 768, [BN], ReLU, linear. */
export class AuxiliaryHead extends Module implements TensorModule {
  readonly features: Sequential;
  readonly classifier: Linear;
  constructor(cIn: number, numClasses: number, o: AuxiliaryHeadOptions) {
    super();
    this.features = this.registerModule(
      'features',
      new Sequential(
        new ReLU(),
        new AuxPool(o.stride, o.nativeSize),
        new Conv2d(cIn, 128, 1, { bias: false }),
        new BatchNorm2d(128),
        new ReLU(),
        new Conv2d(128, 768, 2, { bias: false }),
        ...(o.finalBatchNorm ? [new BatchNorm2d(768)] : []),
        new ReLU(),
      ),
    );
    this.classifier = this.registerModule('classifier', new Linear(768, numClasses));
  }
  forward(x: Tensor): Tensor {
    const f = this.features.forward(x);
    return this.classifier.forward(f.view([f.shape[0]!, -1]));
  }
}

export class AuxiliaryHeadCIFAR extends AuxiliaryHead {
  constructor(cIn: number, numClasses: number) {
    super(cIn, numClasses, { stride: 3, nativeSize: 8, finalBatchNorm: true });
  }
}

/** Stride 2 on the 7×7 map; without the BN(768) in DARTS (deliberately omitted in the reference), with it in D-DARTS. */
export class AuxiliaryHeadImageNet extends AuxiliaryHead {
  constructor(cIn: number, numClasses: number, finalBatchNorm = false) {
    super(cIn, numClasses, { stride: 2, nativeSize: 7, finalBatchNorm });
  }
}
