// How NAS-Bench-201 trained every cell (spec §5.4), checked against AutoDL-Projects
// configs/nas-benchmark/hyper-opts/200E.config and exps/NAS-Bench-201/functions.py: SGD with Nesterov momentum 0.9,
// lr 0.1 cosine-annealed to 0 (eta_min 0.0), weight decay 5e-4, batch 256, cross-entropy, 200 epochs, no warm-up,
// no gradient clipping, no auxiliary head, cutout or drop path; flip + crop (pad 4) augmentation; the TinyNetwork
// with C = 16 and N = 5 cells per stage; seeds 777, 888, 999.
//
// As data, with the names of `tsnas train`'s options (TrainOptions), so that train's option schema takes them as its
// defaults when --arch is an NB201 cell. Differences left: AutoDL anneals the learning rate every iteration (here:
// every epoch), and normalises with its own CIFAR means (125.3, 123.0, 113.9)/255 (here: the DARTS constants).

/** `tsnas train` defaults for an NB201 cell: the benchmark's 200-epoch protocol ('200E'). */
export const NB201_TRAIN_DEFAULTS = {
  epochs: 200,
  channels: 16,
  layers: 5,
  batchSize: 256,
  lr: 0.1,
  lrMin: 0,
  momentum: 0.9,
  nesterov: true,
  weightDecay: 5e-4,
  /** 0: no clipping. */
  gradClip: 0,
  auxiliary: false,
  cutout: false,
  dropPath: 0,
  labelSmoothing: 0,
} as const;

/** The seeds each cell was trained with (the API's dataset_seed at 200 epochs). */
export const NB201_SEEDS: readonly number[] = [777, 888, 999];
