// quark0/darts `cnn/genotypes.py`, verbatim (spec darts-fairdarts-noisydarts.md Appendix A.1).
// The same four genotypes appear in FairDARTS, NoisyDARTS and EvNAS; `alsoIn` lists those copies.
// Generated from the spec text; edit only to fix a transcription against the spec.

import type { ZooRecord, ZooSource } from './record.js';

const QUARK0: ZooSource = {
  repo: 'quark0/darts',
  path: 'cnn/genotypes.py',
  commit: 'f276dd346a09ae3160f8e3aca5c7b193fda1da37',
  spec: 'darts-fairdarts-noisydarts.md §A.1',
};

const FAIRDARTS: ZooSource = {
  repo: 'xiaomi-automl/FairDARTS',
  path: 'fairdarts/genotypes.py',
  commit: '270cfc94ef4bf851f359ab5caf741f23316ea7c9',
  spec: 'darts-fairdarts-noisydarts.md §A.2',
};

const FAIRDARTS_DARTS_FOLDER: ZooSource = {
  repo: 'xiaomi-automl/FairDARTS',
  path: 'darts/genotypes.py',
  commit: '270cfc94ef4bf851f359ab5caf741f23316ea7c9',
  spec: 'darts-fairdarts-noisydarts.md §A.3',
};

const NOISYDARTS: ZooSource = {
  repo: 'xiaomi-automl/NoisyDARTS',
  path: 'genotypes.py',
  commit: '9885bdf94e98d4eb2c811018d0ff1240ffdec771',
  spec: 'darts-fairdarts-noisydarts.md §A.4',
};

const EVNAS: ZooSource = { repo: 'nightstorm0909/EvNAS', path: 'genotypes.py', commit: '89883cd4fc3a32710d826932cbbaf26f166d1161', spec: 'dropnas-evnas-nasbench201.md §4.10' };

export const QUARK0_DARTS_GENOTYPES: readonly ZooRecord[] = [
  {
    name: 'NASNet',
    source: { ...QUARK0, line: 16 },
    alsoIn: [{ ...FAIRDARTS, line: 20 }, { ...FAIRDARTS_DARTS_FOLDER, line: 19 }, { ...NOISYDARTS, line: 16 }, EVNAS],
    textFormat: 'python',
    text: String.raw`NASNet = Genotype(
  normal = [
    ('sep_conv_5x5', 1),
    ('sep_conv_3x3', 0),
    ('sep_conv_5x5', 0),
    ('sep_conv_3x3', 0),
    ('avg_pool_3x3', 1),
    ('skip_connect', 0),
    ('avg_pool_3x3', 0),
    ('avg_pool_3x3', 0),
    ('sep_conv_3x3', 1),
    ('skip_connect', 1),
  ],
  normal_concat = [2, 3, 4, 5, 6],
  reduce = [
    ('sep_conv_5x5', 1),
    ('sep_conv_7x7', 0),
    ('max_pool_3x3', 1),
    ('sep_conv_7x7', 0),
    ('avg_pool_3x3', 1),
    ('sep_conv_5x5', 0),
    ('skip_connect', 3),
    ('avg_pool_3x3', 2),
    ('sep_conv_3x3', 2),
    ('max_pool_3x3', 1),
  ],
  reduce_concat = [4, 5, 6],
)`,
  },
  {
    name: 'AmoebaNet',
    source: { ...QUARK0, line: 45 },
    alsoIn: [{ ...FAIRDARTS, line: 49 }, { ...FAIRDARTS_DARTS_FOLDER, line: 48 }, { ...NOISYDARTS, line: 45 }, EVNAS],
    textFormat: 'python',
    text: String.raw`AmoebaNet = Genotype(
  normal = [
    ('avg_pool_3x3', 0),
    ('max_pool_3x3', 1),
    ('sep_conv_3x3', 0),
    ('sep_conv_5x5', 2),
    ('sep_conv_3x3', 0),
    ('avg_pool_3x3', 3),
    ('sep_conv_3x3', 1),
    ('skip_connect', 1),
    ('skip_connect', 0),
    ('avg_pool_3x3', 1),
    ],
  normal_concat = [4, 5, 6],
  reduce = [
    ('avg_pool_3x3', 0),
    ('sep_conv_3x3', 1),
    ('max_pool_3x3', 0),
    ('sep_conv_7x7', 2),
    ('sep_conv_7x7', 0),
    ('avg_pool_3x3', 1),
    ('max_pool_3x3', 0),
    ('max_pool_3x3', 1),
    ('conv_7x1_1x7', 0),
    ('sep_conv_3x3', 5),
  ],
  reduce_concat = [3, 4, 6]
)`,
  },
  {
    name: 'DARTS_V1',
    source: { ...QUARK0, line: 74 },
    alsoIn: [{ ...FAIRDARTS_DARTS_FOLDER, line: 77 }, EVNAS],
    textFormat: 'python',
    text: String.raw`DARTS_V1 = Genotype(normal=[('sep_conv_3x3', 1), ('sep_conv_3x3', 0), ('skip_connect', 0), ('sep_conv_3x3', 1), ('skip_connect', 0), ('sep_conv_3x3', 1), ('sep_conv_3x3', 0), ('skip_connect', 2)], normal_concat=[2, 3, 4, 5], reduce=[('max_pool_3x3', 0), ('max_pool_3x3', 1), ('skip_connect', 2), ('max_pool_3x3', 0), ('max_pool_3x3', 0), ('skip_connect', 2), ('skip_connect', 2), ('avg_pool_3x3', 0)], reduce_concat=[2, 3, 4, 5])`,
  },
  {
    name: 'DARTS_V2',
    source: { ...QUARK0, line: 75 },
    alsoIn: [{ ...FAIRDARTS, line: 119 }, { ...FAIRDARTS_DARTS_FOLDER, line: 80 }, EVNAS],
    notes: [
      'quark0/darts, FairDARTS darts/ and EvNAS alias DARTS = DARTS_V2.',
    ],
    textFormat: 'python',
    text: String.raw`DARTS_V2 = Genotype(normal=[('sep_conv_3x3', 0), ('sep_conv_3x3', 1), ('sep_conv_3x3', 0), ('sep_conv_3x3', 1), ('sep_conv_3x3', 1), ('skip_connect', 0), ('skip_connect', 0), ('dil_conv_3x3', 2)], normal_concat=[2, 3, 4, 5], reduce=[('max_pool_3x3', 0), ('max_pool_3x3', 1), ('skip_connect', 2), ('max_pool_3x3', 1), ('max_pool_3x3', 0), ('skip_connect', 2), ('skip_connect', 2), ('max_pool_3x3', 1)], reduce_concat=[2, 3, 4, 5])`,
  },
];
