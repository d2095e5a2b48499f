// Normalisation constants and standard sizes per dataset (values scaled to [0, 1]).

export interface DatasetStats {
  readonly mean: readonly number[];
  readonly std: readonly number[];
}

/** DARTS / FairDARTS / NoisyDARTS CIFAR-10 constants (spec darts §5). */
export const CIFAR10_STATS: DatasetStats = {
  mean: [0.49139968, 0.48215827, 0.44653124],
  std: [0.24703233, 0.24348505, 0.26158768],
};
/** FairDARTS CIFAR-100 constants (spec darts §5, the same as D-DARTS §11). */
export const CIFAR100_STATS: DatasetStats = {
  mean: [0.50707519, 0.48654887, 0.44091785],
  std: [0.26733428, 0.25643846, 0.27615049],
};
/** torchvision ImageNet constants (spec darts §5). */
export const IMAGENET_STATS: DatasetStats = {
  mean: [0.485, 0.456, 0.406],
  std: [0.229, 0.224, 0.225],
};
/** NAS-Bench-201's ImageNet16-120 constants, given ×255 in the spec (nasbench201 §5.4). */
export const IMAGENET16_STATS: DatasetStats = {
  mean: [122.68 / 255, 116.66 / 255, 104.01 / 255],
  std: [63.22 / 255, 61.26 / 255, 65.09 / 255],
};
/**
 * Fashion-MNIST, measured over all 60 000 training images (pixel values / 255, population std):
 * mean 0.28604060, std 0.35302424 — the usual 0.2860 / 0.3530.
 */
export const FASHION_MNIST_STATS: DatasetStats = { mean: [0.2860406], std: [0.35302424] };
/** MNIST, the customary values (training set): 0.1307 / 0.3081. */
export const MNIST_STATS: DatasetStats = { mean: [0.1307], std: [0.3081] };

/** Training-time crop sizes and paddings (spec darts §5; nasbench201 §5.4: ImageNet16 crops 16 with padding 2). */
export const CIFAR_CROP = { size: 32, padding: 4 } as const;
export const IMAGENET16_CROP = { size: 16, padding: 2 } as const;
export const MNIST_CROP = { size: 28, padding: 2 } as const;
/** ImageNet: RandomResizedCrop(224) for training, Resize(256) → CenterCrop(224) for evaluation. */
export const IMAGENET_SIZES = { crop: 224, resize: 256 } as const;
/** DARTS cutout length. */
export const CUTOUT_LENGTH = 16;
