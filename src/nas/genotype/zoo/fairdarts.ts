// xiaomi-automl/FairDARTS `fairdarts/genotypes.py`, verbatim (spec darts-fairdarts-noisydarts.md Appendix A.2).
// NASNet, AmoebaNet and DARTS_V2 of this file are identical to quark0/darts and live in quark0-darts.ts.
// Generated from the spec text; edit only to fix a transcription against the spec.

import type { ZooRecord, ZooSource } from './record.js';

const FAIRDARTS: ZooSource = {
  repo: 'xiaomi-automl/FairDARTS',
  path: 'fairdarts/genotypes.py',
  commit: '270cfc94ef4bf851f359ab5caf741f23316ea7c9',
  spec: 'darts-fairdarts-noisydarts.md §A.2',
};

export const FAIRDARTS_GENOTYPES: readonly ZooRecord[] = [
  {
    name: 'ENASNet',
    source: { ...FAIRDARTS, line: 80 },
    comments: ['https://arxiv.org/pdf/1802.03268.pdf', '627M, 4.02M'],
    textFormat: 'python',
    text: String.raw`ENASNet = Genotype(
  normal = [
    ('sep_conv_3x3', 1),
    ('skip_connect', 1),
    ('sep_conv_5x5', 1),
    ('skip_connect', 0),
    ('avg_pool_3x3', 0),
    ('sep_conv_3x3', 1),
    ('sep_conv_3x3', 0),
    ('avg_pool_3x3', 1),
    ('sep_conv_5x5', 1),
    ('avg_pool_3x3', 0),
  ],
  normal_concat = [2, 3, 4, 5, 6],
  reduce = [
    ('sep_conv_5x5', 0),
    ('sep_conv_3x3', 1), # 2
    ('sep_conv_3x3', 1),
    ('avg_pool_3x3', 1), # 3
    ('sep_conv_3x3', 1),
    ('avg_pool_3x3', 1), # 4
    ('avg_pool_3x3', 1),
    ('sep_conv_5x5', 4), # 5
    ('sep_conv_3x3', 5),
    ('sep_conv_5x5', 0),
  ],
  reduce_concat = [2, 3, 4, 5, 6],
)`,
  },
  {
    name: 'GDAS_V1',
    source: { ...FAIRDARTS, line: 111 },
    comments: ['from https://github.com/D-X-Y/NAS-Projects/blob/master/others/GDAS/lib/nas/genotypes.py', '519M, 3.36M'],
    textFormat: 'python',
    text: String.raw`GDAS_V1 = Genotype(
  normal=[('skip_connect', 0), ('skip_connect', 1), ('skip_connect', 0), ('sep_conv_5x5', 2), ('sep_conv_3x3', 3), ('skip_connect', 0), ('sep_conv_5x5', 4), ('sep_conv_3x3', 3)],
  normal_concat=range(2, 6),
  reduce=[('sep_conv_5x5', 0), ('sep_conv_3x3', 1), ('sep_conv_5x5', 2), ('sep_conv_5x5', 1), ('dil_conv_5x5', 2), ('sep_conv_3x3', 1), ('sep_conv_5x5', 0), ('sep_conv_5x5', 2)],
  reduce_concat=range(2, 6)
)`,
  },
  {
    name: 'MdeNAS',
    source: { ...FAIRDARTS, line: 123 },
    comments: ['from https://github.com/tanglang96/MDENAS/blob/master/run_darts_cifar.sh', '599M 3.78M'],
    textFormat: 'python',
    text: String.raw`MdeNAS = Genotype(normal=[('sep_conv_5x5', 1), ('sep_conv_3x3', 0), ('skip_connect', 0), ('sep_conv_5x5', 1), ('sep_conv_5x5', 3), ('sep_conv_3x3', 1), ('dil_conv_5x5', 3), ('max_pool_3x3', 4)], normal_concat=range(2, 6),
                  reduce=[('max_pool_3x3', 0), ('sep_conv_5x5', 1), ('skip_connect', 0), ('skip_connect', 1), ('sep_conv_3x3', 3), ('skip_connect', 2), ('dil_conv_3x3', 3), ('sep_conv_5x5', 0)], reduce_concat=range(2, 6))`,
  },
  {
    name: 'PC_DARTS_cifar',
    source: { ...FAIRDARTS, line: 127 },
    comments: ['558M, 3.63M'],
    textFormat: 'python',
    text: String.raw`PC_DARTS_cifar = Genotype(normal=[('sep_conv_3x3', 1), ('skip_connect', 0), ('sep_conv_3x3', 0), ('dil_conv_3x3', 1), ('sep_conv_5x5', 0), ('sep_conv_3x3', 1), ('avg_pool_3x3', 0), ('dil_conv_3x3', 1)], normal_concat=range(2, 6),
                          reduce=[('sep_conv_5x5', 1), ('max_pool_3x3', 0), ('sep_conv_5x5', 1), ('sep_conv_5x5', 2), ('sep_conv_3x3', 0), ('sep_conv_3x3', 3), ('sep_conv_3x3', 1), ('sep_conv_3x3', 2)], reduce_concat=range(2, 6))`,
  },
  {
    name: 'PDARTS',
    source: { ...FAIRDARTS, line: 132 },
    comments: ['from https://github.com/tanglang96/MDENAS/blob/master/run_darts_cifar.sh', '532M, 3.43M'],
    textFormat: 'python',
    text: String.raw`PDARTS = Genotype(normal=[('skip_connect', 0), ('dil_conv_3x3', 1), ('skip_connect', 0),('sep_conv_3x3', 1), ('sep_conv_3x3', 1), ('sep_conv_3x3', 3), ('sep_conv_3x3',0), ('dil_conv_5x5', 4)], normal_concat=range(2, 6),
                  reduce=[('avg_pool_3x3', 0), ('sep_conv_5x5', 1), ('sep_conv_3x3', 0), ('dil_conv_5x5', 2), ('max_pool_3x3', 0), ('dil_conv_3x3', 1), ('dil_conv_3x3', 1), ('dil_conv_5x5', 3)], reduce_concat=range(2, 6))`,
  },
  {
    name: 'SNAS',
    source: { ...FAIRDARTS, line: 137 },
    comments: ['from https://arxiv.org/abs/1812.09926', '422M, 2.66'],
    textFormat: 'python',
    text: String.raw`SNAS = Genotype(normal=[('sep_conv_3x3', 0), ('sep_conv_3x3', 1),
                        ('skip_connect', 0), ('dil_conv_3x3', 1),
                        ('skip_connect', 1), ('skip_connect', 0), 
                        ('skip_connect',0),  ('sep_conv_3x3', 1)], normal_concat=range(2, 6),
                reduce=[('max_pool_3x3', 0), ('max_pool_3x3', 1),
                 ('max_pool_3x3', 1), ('skip_connect', 2),
                 ('skip_connect', 2), ('max_pool_3x3', 1),
                 ('max_pool_3x3', 0), ('dil_conv_5x5', 2)], reduce_concat=range(2, 6))`,
  },
  {
    name: 'FairDARTS_a',
    source: { ...FAIRDARTS, line: 150 },
    comments: ['threshold = 0.85 for edge and weight=10 lr = 0.0025', 'FLOPS: 373M Params: 2.83'],
    notes: [
      'fairdarts/genotypes.py aliases DARTS = FairDARTS_a, the default --arch of fairdarts/train.py.',
    ],
    textFormat: 'python',
    text: String.raw`FairDARTS_a = Genotype(normal=[('sep_conv_3x3', 2, 0), ('sep_conv_5x5', 2, 1), ('max_pool_3x3', 4, 0), ('sep_conv_3x3', 5, 0)], normal_concat=range(2, 6),
         reduce=[('max_pool_3x3', 2, 0), ('avg_pool_3x3', 2, 1), ('avg_pool_3x3', 3, 0), ('dil_conv_5x5', 3, 1), ('avg_pool_3x3', 4, 0), ('sep_conv_5x5', 4, 1),
                 ('skip_connect', 5, 0), ('skip_connect', 5, 1)], reduce_concat=range(2, 6))`,
  },
  {
    name: 'FairDARTS_b',
    source: { ...FAIRDARTS, line: 155 },
    comments: ['FLOPS: 536M Params: 3.88'],
    textFormat: 'python',
    text: String.raw`FairDARTS_b = Genotype(normal=[('sep_conv_3x3', 2, 0), ('sep_conv_3x3', 2, 1), ('sep_conv_3x3', 3, 1), ('dil_conv_3x3', 4, 0), ('sep_conv_5x5', 4, 1), ('dil_conv_5x5', 5, 1)], normal_concat=range(2, 6),
reduce=[('skip_connect', 2, 0), ('dil_conv_3x3', 2, 1), ('skip_connect', 3, 0), ('dil_conv_3x3', 3, 1), ('max_pool_3x3', 4, 0), ('sep_conv_3x3', 4, 1), ('skip_connect', 5, 2), ('max_pool_3x3', 5, 0)], reduce_concat=range(2, 6))`,
  },
  {
    name: 'FairDARTS_c',
    source: { ...FAIRDARTS, line: 159 },
    comments: ['FLOPS: 400M Params: 2.59M'],
    notes: [
      'Normal edge (\'skip_connect\', 5, 3) reads node 3, which has no inputs: the DCO cell ignores it (parameter-free, so checkpoints are unaffected).',
    ],
    textFormat: 'python',
    text: String.raw`FairDARTS_c = Genotype(normal=[('max_pool_3x3', 2, 0), ('sep_conv_5x5', 2, 1), ('dil_conv_3x3', 4, 0), ('dil_conv_5x5', 4, 2), ('skip_connect', 5, 3), ('sep_conv_3x3', 5, 0)], normal_concat=range(2, 6),
                       reduce=[('dil_conv_3x3', 2, 1), ('dil_conv_5x5', 2, 0), ('dil_conv_3x3', 3, 0), ('sep_conv_3x3', 3, 1), ('sep_conv_5x5', 4, 0), ('sep_conv_5x5', 4, 3), ('sep_conv_5x5', 5, 0), ('skip_connect', 5, 1)], reduce_concat=range(2, 6))`,
  },
  {
    name: 'FairDARTS_d',
    source: { ...FAIRDARTS, line: 163 },
    comments: ['FLOPS: 532M Params: 3.84M'],
    textFormat: 'python',
    text: String.raw`FairDARTS_d = Genotype(normal=[('sep_conv_3x3', 2, 0), ('sep_conv_5x5', 2, 1), ('dil_conv_3x3', 3, 1), ('max_pool_3x3', 3, 0), ('dil_conv_3x3', 4, 0), ('dil_conv_3x3', 4, 1), ('sep_conv_3x3', 5, 0), ('dil_conv_5x5', 5, 1)], normal_concat=range(2, 6),
reduce=[('max_pool_3x3', 2, 0), ('sep_conv_5x5', 2, 1), ('avg_pool_3x3', 3, 0), ('dil_conv_5x5', 3, 2), ('dil_conv_3x3', 4, 3), ('avg_pool_3x3', 4, 0), ('avg_pool_3x3', 5, 0), ('skip_connect', 5, 3)], reduce_concat=range(2, 6))`,
  },
  {
    name: 'FairDARTS_e',
    source: { ...FAIRDARTS, line: 167 },
    comments: ['FLOPS: 414M Params: 3.12M'],
    textFormat: 'python',
    text: String.raw`FairDARTS_e = Genotype(normal=[('sep_conv_3x3', 2, 0), ('sep_conv_3x3', 2, 1), ('dil_conv_3x3', 4, 1), ('dil_conv_3x3', 4, 2), ('dil_conv_3x3', 5, 0), ('dil_conv_5x5', 5, 1)], normal_concat=range(2, 6),
reduce=[('max_pool_3x3', 2, 1), ('max_pool_3x3', 2, 0), ('max_pool_3x3', 3, 1), ('max_pool_3x3', 3, 0), ('sep_conv_5x5', 4, 1), ('max_pool_3x3', 4, 0), ('avg_pool_3x3', 5, 0), ('dil_conv_5x5', 5, 1)], reduce_concat=range(2, 6))`,
  },
  {
    name: 'FairDARTS_f',
    source: { ...FAIRDARTS, line: 171 },
    comments: ['FLOPS: 497M Params: 3.62M'],
    textFormat: 'python',
    text: String.raw`FairDARTS_f = Genotype(normal=[('max_pool_3x3', 2, 0), ('sep_conv_3x3', 2, 1), ('dil_conv_3x3', 3, 1), ('sep_conv_5x5', 4, 1), ('sep_conv_3x3', 5, 0), ('sep_conv_3x3', 5, 1)], normal_concat=range(2, 6),
reduce=[('max_pool_3x3', 2, 0), ('max_pool_3x3', 2, 1), ('max_pool_3x3', 3, 0), ('dil_conv_3x3', 3, 1), ('dil_conv_3x3', 4, 2), ('max_pool_3x3', 4, 0), ('max_pool_3x3', 5, 0), ('sep_conv_3x3', 5, 1)], reduce_concat=range(2, 6))`,
  },
  {
    name: 'FairDARTS_g',
    source: { ...FAIRDARTS, line: 175 },
    comments: ['FLOPS: 453M Params: 3.375M'],
    notes: [
      'Normal edge (\'skip_connect\', 4, 3) reads node 3, which has no inputs: the DCO cell ignores it (parameter-free, so checkpoints are unaffected).',
    ],
    textFormat: 'python',
    text: String.raw`FairDARTS_g = Genotype(normal=[('sep_conv_3x3', 2, 0), ('sep_conv_3x3', 2, 1), ('skip_connect', 4, 3), ('sep_conv_5x5', 4, 1), ('dil_conv_3x3', 5, 0), ('sep_conv_3x3', 5, 1)], normal_concat=range(2, 6),
reduce=[('avg_pool_3x3', 2, 1), ('skip_connect', 2, 0), ('skip_connect', 3, 2), ('max_pool_3x3', 3, 1), ('sep_conv_5x5', 4, 3), ('max_pool_3x3', 4, 0), ('dil_conv_3x3', 5, 1), ('dil_conv_3x3', 5, 4)], reduce_concat=range(2, 6))`,
  },
  {
    name: 'DCO_SPARSE_BS_64',
    source: { ...FAIRDARTS, line: 181 },
    comments: ['FLOPS: 469M Params: 3.01M'],
    textFormat: 'python',
    text: String.raw`DCO_SPARSE_BS_64 = Genotype(normal=[('sep_conv_3x3', 2, 0), ('dil_conv_3x3', 2, 1), ('sep_conv_5x5', 3, 0), ('dil_conv_3x3', 3, 1), ('max_pool_3x3', 4, 0), ('dil_conv_5x5', 5, 0)], normal_concat=range(2, 6),
                    reduce=[('skip_connect', 2, 0), ('dil_conv_5x5', 2, 1), ('sep_conv_5x5', 3, 0), ('sep_conv_5x5', 3, 2), ('sep_conv_5x5', 4, 3), ('avg_pool_3x3', 4, 0), ('dil_conv_3x3', 5, 0), ('dil_conv_5x5', 5, 1)], reduce_concat=range(2, 6))`,
  },
  {
    name: 'DCO_EDGE_BS_64',
    source: { ...FAIRDARTS, line: 185 },
    notes: [
      'Parsed with threshold_edge: up to two ops per edge, no limit on edges per node.',
    ],
    textFormat: 'python',
    text: String.raw`DCO_EDGE_BS_64 = Genotype(normal=[('dil_conv_3x3', 2, 0), ('sep_conv_3x3', 2, 0), ('sep_conv_3x3', 2, 1), ('dil_conv_3x3', 2, 1), ('max_pool_3x3', 3, 0), ('sep_conv_5x5', 3, 0), ('dil_conv_3x3', 3, 1), ('max_pool_3x3', 4, 0), ('dil_conv_5x5', 5, 0)], normal_concat=range(2, 6),
         reduce=[('sep_conv_5x5', 2, 0), ('skip_connect', 2, 0), ('dil_conv_5x5', 2, 1), ('skip_connect', 2, 1), ('skip_connect', 3, 0), ('max_pool_3x3', 3, 0), ('max_pool_3x3', 3, 1), ('sep_conv_3x3', 3, 1), ('skip_connect', 3, 2), ('sep_conv_5x5', 3, 2), ('max_pool_3x3', 4, 0), ('avg_pool_3x3', 4, 0), ('dil_conv_5x5', 4, 1), ('sep_conv_3x3', 4, 1), ('sep_conv_5x5', 4, 2), ('skip_connect', 4, 2), ('skip_connect', 4, 3), ('sep_conv_5x5', 4, 3), ('max_pool_3x3', 5, 0), ('avg_pool_3x3', 5, 0), ('dil_conv_5x5', 5, 1), ('dil_conv_3x3', 5, 1), ('skip_connect', 5, 2), ('sep_conv_5x5', 5, 2), ('sep_conv_5x5', 5, 3), ('dil_conv_5x5', 5, 3), ('dil_conv_3x3', 5, 4), ('skip_connect', 5, 4)], reduce_concat=range(2, 6))`,
  },
];
