// Genotypes from spec dropnas-evnas-nasbench201.md: khanrc/pt.darts (§2.7), DropNAS (§3.9), EvNAS (§4.10)
// and the best NAS-Bench-201 cells (§5.7). Verbatim except DropNAS_cifar100, which DropNAS publishes only
// as images. None of the README genotypes has a name, so the names here are descriptive.
// Generated from the spec text; edit only to fix a transcription against the spec.

import type { ZooRecord, ZooSource } from './record.js';

const PT_DARTS: ZooSource = {
  repo: 'khanrc/pt.darts',
  path: 'README.md',
  commit: '48e71375c88772daac376829fb4bfebc4fb78144',
  spec: 'dropnas-evnas-nasbench201.md §2.7',
};

const DROPNAS: ZooSource = {
  repo: 'wiljohnhong/DropNAS',
  path: 'README.md',
  commit: '90582eeead29ba70d6d8e6a33303835d211d0533',
  spec: 'dropnas-evnas-nasbench201.md §3.9',
};

const EVNAS: ZooSource = {
  repo: 'nightstorm0909/EvNAS',
  path: 'genotypes.py',
  commit: '89883cd4fc3a32710d826932cbbaf26f166d1161',
  spec: 'dropnas-evnas-nasbench201.md §4.10',
};

const NATS_BENCH_CSV: ZooSource = {
  repo: 'v-tao/nats-bench-landscape',
  path: 'nats_bench.csv',
  commit: 'b307ae5fe6e8d7043cd4fe7d1c3532288271adb7',
  spec: 'dropnas-evnas-nasbench201.md §5.7',
};

export const DROPNAS_EVNAS_NB201_GENOTYPES: readonly ZooRecord[] = [
  {
    name: 'pt_darts_cifar10',
    source: PT_DARTS,
    notes: [
      'Unnamed in the README, which reports 97.17% final / 97.23% best validation accuracy on CIFAR-10.',
      'Nested pt.darts layout (one list per node).',
    ],
    textFormat: 'python',
    text: String.raw`Genotype(normal=[[('sep_conv_3x3', 0), ('dil_conv_5x5', 1)], [('skip_connect', 0), ('dil_conv_3x3', 2)], [('sep_conv_3x3', 1), ('skip_connect', 0)], [('sep_conv_3x3', 1), ('skip_connect', 0)]], normal_concat=range(2, 6), reduce=[[('max_pool_3x3', 0), ('max_pool_3x3', 1)], [('max_pool_3x3', 0), ('skip_connect', 2)], [('skip_connect', 3), ('max_pool_3x3', 0)], [('skip_connect', 2), ('max_pool_3x3', 0)]], reduce_concat=range(2, 6))`,
  },
  {
    name: 'DropNAS_cifar10',
    source: DROPNAS,
    notes: ['Unnamed in the README (its CIFAR-10 genotype); the committed images img/normal_c10.png and img/reduction_c10.png agree.'],
    textFormat: 'python',
    text: String.raw`Genotype(normal=[[('sep_conv_3x3', 1), ('skip_connect', 0)], [('sep_conv_3x3', 1), ('sep_conv_3x3', 0)], [('sep_conv_3x3', 1), ('sep_conv_3x3', 0)], [('dil_conv_5x5', 4), ('dil_conv_3x3', 1)]], normal_concat=range(2, 6), reduce=[[('max_pool_3x3', 0), ('sep_conv_5x5', 1)], [('dil_conv_5x5', 2), ('sep_conv_5x5', 1)], [('dil_conv_5x5', 3), ('dil_conv_5x5', 2)], [('dil_conv_5x5', 3), ('dil_conv_5x5', 4)]], reduce_concat=range(2, 6))`,
  },
  {
    name: 'DropNAS_cifar100',
    source: { ...DROPNAS, path: 'img/normal_c100.png, img/reduction_c100.png' },
    notes: [
      'Published only as images; this text is the spec transcription (§3.9) written in the nested layout.',
      'The order of the two inputs within a node is not recoverable from the images, so it is the transcription order.',
    ],
    textFormat: 'python',
    transcribed: true,
    text: String.raw`Genotype(normal=[[('sep_conv_3x3', 1), ('skip_connect', 0)], [('sep_conv_3x3', 1), ('max_pool_3x3', 2)], [('sep_conv_3x3', 1), ('sep_conv_5x5', 2)], [('sep_conv_5x5', 1), ('sep_conv_5x5', 0)]], normal_concat=range(2, 6), reduce=[[('max_pool_3x3', 0), ('sep_conv_5x5', 1)], [('dil_conv_5x5', 2), ('sep_conv_5x5', 1)], [('dil_conv_5x5', 3), ('dil_conv_5x5', 2)], [('dil_conv_5x5', 2), ('dil_conv_5x5', 4)]], reduce_concat=range(2, 6))`,
  },
  {
    name: 'EvNASA',
    source: EVNAS,
    textFormat: 'python',
    text: String.raw`EvNASA = Genotype(normal=[('sep_conv_3x3', 0), ('sep_conv_3x3', 1), ('sep_conv_5x5', 2), ('sep_conv_3x3', 1), ('skip_connect', 0), ('skip_connect', 2), ('dil_conv_5x5', 3), ('sep_conv_3x3', 1)], normal_concat=[2, 3, 4, 5], reduce=[('dil_conv_5x5', 1), ('avg_pool_3x3', 0), ('sep_conv_3x3', 0), ('avg_pool_3x3', 2), ('skip_connect', 1), ('skip_connect', 2), ('skip_connect', 1), ('sep_conv_5x5', 0)], reduce_concat=[2, 3, 4, 5])`,
  },
  {
    name: 'EvNASB',
    source: EVNAS,
    textFormat: 'python',
    text: String.raw`EvNASB = Genotype(normal=[('sep_conv_5x5', 0), ('sep_conv_3x3', 1), ('sep_conv_5x5', 2), ('max_pool_3x3', 0), ('sep_conv_3x3', 0), ('sep_conv_3x3', 1), ('skip_connect', 0), ('sep_conv_5x5', 2)], normal_concat=[2, 3, 4, 5], reduce=[('skip_connect', 1), ('max_pool_3x3', 0), ('max_pool_3x3', 0), ('avg_pool_3x3', 1), ('skip_connect', 2), ('avg_pool_3x3', 3), ('sep_conv_5x5', 2), ('sep_conv_5x5', 0)], reduce_concat=[2, 3, 4, 5])`,
  },
  {
    name: 'EvNASC',
    source: EVNAS,
    textFormat: 'python',
    text: String.raw`EvNASC = Genotype(normal=[('skip_connect', 0), ('sep_conv_3x3', 1), ('skip_connect', 2), ('sep_conv_5x5', 1), ('max_pool_3x3', 1), ('sep_conv_3x3', 0), ('sep_conv_3x3', 0), ('sep_conv_5x5', 3)], normal_concat=[2, 3, 4, 5], reduce=[('sep_conv_5x5', 1), ('dil_conv_3x3', 0), ('sep_conv_5x5', 0), ('skip_connect', 1), ('max_pool_3x3', 0), ('max_pool_3x3', 1), ('max_pool_3x3', 0), ('max_pool_3x3', 2)], reduce_concat=[2, 3, 4, 5])`,
  },
  {
    name: 'NB201_best_cifar10',
    source: NATS_BENCH_CSV,
    notes: ['Unnamed: the best cell of the NB201 / NATS-Bench tss table by 200-epoch CIFAR-10 test accuracy 94.37.'],
    textFormat: 'nb201',
    text: String.raw`|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_1x1~2|`,
  },
  {
    name: 'NB201_best_cifar100',
    source: NATS_BENCH_CSV,
    notes: ['Unnamed: the best cell of the NB201 / NATS-Bench tss table by 200-epoch CIFAR-100 test accuracy 73.51 (94.36 on CIFAR-10).'],
    textFormat: 'nb201',
    text: String.raw`|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_3x3~2|`,
  },
  {
    name: 'NB201_best_ImageNet16_120',
    source: NATS_BENCH_CSV,
    notes: ['Unnamed: the best cell of the NB201 / NATS-Bench tss table by 200-epoch ImageNet16-120 test accuracy 47.31.'],
    textFormat: 'nb201',
    text: String.raw`|nor_conv_1x1~0|+|nor_conv_1x1~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_3x3~2|`,
  },
];
