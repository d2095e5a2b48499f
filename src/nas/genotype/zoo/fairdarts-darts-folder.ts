// xiaomi-automl/FairDARTS `darts/genotypes.py` (its experiments on original DARTS), verbatim
// (spec darts-fairdarts-noisydarts.md Appendix A.3). NASNet, AmoebaNet, DARTS_V1 and DARTS_V2 of this file
// equal the quark0/darts ones and live in quark0-darts.ts.
// Generated from the spec text; edit only to fix a transcription against the spec.

import type { ZooRecord, ZooSource } from './record.js';

const FAIRDARTS_DARTS_FOLDER: ZooSource = {
  repo: 'xiaomi-automl/FairDARTS',
  path: 'darts/genotypes.py',
  commit: '270cfc94ef4bf851f359ab5caf741f23316ea7c9',
  spec: 'darts-fairdarts-noisydarts.md §A.3',
};

export const FAIRDARTS_DARTS_FOLDER_GENOTYPES: readonly ZooRecord[] = [
  {
    name: 'DARTS_EXP1_RE1',
    source: { ...FAIRDARTS_DARTS_FOLDER, line: 86 },
    comments: ['Weight:  Similar'],
    notes: [
      'Reweight genotype (op, input, weight). FairDARTS darts/model.py evaluates it with a cell that appends two states per step (spec §11.8), so networks trained there do not implement it as written.',
    ],
    textFormat: 'python',
    text: String.raw`DARTS_EXP1_RE1 = Genotype(normal=[('skip_connect', 0, 0.2386), ('sep_conv_3x3', 1, 0.2340),
                                  ('dil_conv_3x3', 2, 0.3028), ('sep_conv_3x3', 0, 0.2745),
                                  ('dil_conv_3x3', 3, 0.3016), ('skip_connect', 0, 0.2737),
                                  ('dil_conv_5x5', 4, 0.3499), ('dil_conv_3x3', 3, 0.2212)], normal_concat=range(2, 6),
                         reduce= [('avg_pool_3x3', 0, 0.2173), ('skip_connect', 1, 0.1925),
                                  ('skip_connect', 2, 0.2302), ('max_pool_3x3', 0, 0.1860),
                                  ('skip_connect', 2, 0.3068), ('skip_connect', 3, 0.2695),
                                  ('skip_connect', 2, 0.2690), ('avg_pool_3x3', 0, 0.2323)], reduce_concat=range(2, 6))`,
  },
  {
    name: 'DARTS_EXP1_RE2',
    source: { ...FAIRDARTS_DARTS_FOLDER, line: 96 },
    comments: ['Random Large Weight1 and 2 (0.9, 0.99): Similar'],
    notes: [
      'Reweight genotype (op, input, weight). FairDARTS darts/model.py evaluates it with a cell that appends two states per step (spec §11.8), so networks trained there do not implement it as written.',
    ],
    textFormat: 'python',
    text: String.raw`DARTS_EXP1_RE2 = Genotype(normal=[('skip_connect', 0, 0.9), ('sep_conv_3x3', 1, 0.1),
                                  ('dil_conv_3x3', 2, 0.1), ('sep_conv_3x3', 0, 0.9),
                                  ('dil_conv_3x3', 3, 0.1), ('skip_connect', 0, 0.9),
                                  ('dil_conv_5x5', 4, 0.9), ('dil_conv_3x3', 3, 0.1)], normal_concat=range(2, 6),
                         reduce= [('avg_pool_3x3', 0, 0.1), ('skip_connect', 1, 0.9),
                                  ('skip_connect', 2, 0.9), ('max_pool_3x3', 0, 0.1),
                                  ('skip_connect', 2, 0.9), ('skip_connect', 3, 0.1),
                                  ('skip_connect', 2, 0.9), ('avg_pool_3x3', 0, 0.1)], reduce_concat=range(2, 6))`,
  },
  {
    name: 'DARTS_EXP1_RE3',
    source: { ...FAIRDARTS_DARTS_FOLDER, line: 106 },
    comments: ['Follow Large weight 1: Bad Result: 94.97'],
    notes: [
      'Reweight genotype (op, input, weight). FairDARTS darts/model.py evaluates it with a cell that appends two states per step (spec §11.8), so networks trained there do not implement it as written.',
    ],
    textFormat: 'python',
    text: String.raw`DARTS_EXP1_RE3 = Genotype(normal=[('skip_connect', 0, 0.99), ('sep_conv_3x3', 1, 0.01),
                                  ('dil_conv_3x3', 2, 0.99), ('sep_conv_3x3', 0, 0.01),
                                  ('dil_conv_3x3', 3, 0.99), ('skip_connect', 0, 0.01),
                                  ('dil_conv_5x5', 4, 0.99), ('dil_conv_3x3', 3, 0.01)], normal_concat=range(2, 6),
                          reduce=[('avg_pool_3x3', 0, 0.99), ('skip_connect', 1, 0.01),
                                  ('skip_connect', 2, 0.99), ('max_pool_3x3', 0, 0.01),
                                  ('skip_connect', 2, 0.99), ('skip_connect', 3, 0.01),
                                  ('skip_connect', 2, 0.99), ('avg_pool_3x3', 0, 0.01)], reduce_concat=range(2, 6))`,
  },
  {
    name: 'DARTS_EXP1_RE4',
    source: { ...FAIRDARTS_DARTS_FOLDER, line: 116 },
    comments: ['Follow Large weight2:'],
    notes: [
      'Reweight genotype (op, input, weight). FairDARTS darts/model.py evaluates it with a cell that appends two states per step (spec §11.8), so networks trained there do not implement it as written.',
    ],
    textFormat: 'python',
    text: String.raw`DARTS_EXP1_RE4 = Genotype(normal=[('skip_connect', 0, 0.9), ('sep_conv_3x3', 1, 0.1),
                                  ('dil_conv_3x3', 2, 0.9), ('sep_conv_3x3', 0, 0.1),
                                  ('dil_conv_3x3', 3, 0.9), ('skip_connect', 0, 0.1),
                                  ('dil_conv_5x5', 4, 0.9), ('dil_conv_3x3', 3, 0.1)], normal_concat=range(2, 6),
                          reduce=[('avg_pool_3x3', 0, 0.9), ('skip_connect', 1, 0.1),
                                  ('skip_connect', 2, 0.9), ('max_pool_3x3', 0, 0.1),
                                  ('skip_connect', 2, 0.9), ('skip_connect', 3, 0.1),
                                  ('skip_connect', 2, 0.9), ('avg_pool_3x3', 0, 0.1)], reduce_concat=range(2, 6))`,
  },
  {
    name: 'DARTS_EXP1_RE5',
    source: { ...FAIRDARTS_DARTS_FOLDER, line: 127 },
    comments: ['Invert Large weight: Similar'],
    notes: [
      'Reweight genotype (op, input, weight). FairDARTS darts/model.py evaluates it with a cell that appends two states per step (spec §11.8), so networks trained there do not implement it as written.',
    ],
    textFormat: 'python',
    text: String.raw`DARTS_EXP1_RE5 = Genotype(normal=[('skip_connect', 0, 0.01), ('sep_conv_3x3', 1, 0.99),
                                  ('dil_conv_3x3', 2, 0.01), ('sep_conv_3x3', 0, 0.99),
                                  ('dil_conv_3x3', 3, 0.01), ('skip_connect', 0, 0.99),
                                  ('dil_conv_5x5', 4, 0.01), ('dil_conv_3x3', 3, 0.99)], normal_concat=range(2, 6),
                          reduce=[('avg_pool_3x3', 0, 0.01), ('skip_connect', 1, 0.99),
                                  ('skip_connect', 2, 0.01), ('max_pool_3x3', 0, 0.99),
                                  ('skip_connect', 2, 0.01), ('skip_connect', 3, 0.99),
                                  ('skip_connect', 2, 0.01), ('avg_pool_3x3', 0, 0.99)], reduce_concat=range(2, 6))`,
  },
  {
    name: 'DARTS_EXP2_RE1',
    source: { ...FAIRDARTS_DARTS_FOLDER, line: 138 },
    notes: [
      'Reweight genotype (op, input, weight). FairDARTS darts/model.py evaluates it with a cell that appends two states per step (spec §11.8), so networks trained there do not implement it as written.',
    ],
    textFormat: 'python',
    text: String.raw`DARTS_EXP2_RE1 = Genotype(normal=[
                                ('sep_conv_3x3', 1, 0.2777), ('sep_conv_3x3', 0, 0.2562),
                                ('dil_conv_3x3', 1, 0.2619), ('dil_conv_3x3', 2, 0.2521),
                                ('skip_connect', 0, 0.3661), ('skip_connect', 2, 0.2936),
                                ('dil_conv_3x3', 4, 0.2966), ('dil_conv_5x5', 3, 0.2533)], normal_concat=range(2, 6),
                                reduce=[
                                ('max_pool_3x3', 0, 0.2234), ('sep_conv_3x3', 1, 0.1629),
                                ('max_pool_3x3', 0, 0.2241), ('skip_connect', 2, 0.2205),
                                ('skip_connect', 2, 0.2800), ('max_pool_3x3', 0, 0.2083),
                                ('skip_connect', 2, 0.2475), ('skip_connect', 4, 0.2225)
                                ], reduce_concat=range(2, 6))`,
  },
  {
    name: 'DARTS_EXP2_RE2',
    source: { ...FAIRDARTS_DARTS_FOLDER, line: 151 },
    comments: ['Random Large Weight1 and 2'],
    notes: [
      'Reweight genotype (op, input, weight). FairDARTS darts/model.py evaluates it with a cell that appends two states per step (spec §11.8), so networks trained there do not implement it as written.',
    ],
    textFormat: 'python',
    text: String.raw`DARTS_EXP2_RE2 = Genotype(normal=[
                                ('sep_conv_3x3', 1, 0.99), ('sep_conv_3x3', 0, 0.01),
                                ('dil_conv_3x3', 1, 0.01), ('dil_conv_3x3', 2, 0.99),
                                ('skip_connect', 0, 0.99), ('skip_connect', 2, 0.01),
                                ('dil_conv_3x3', 4, 0.01), ('dil_conv_5x5', 3, 0.99)], normal_concat=range(2, 6),
                                reduce=[
                                ('max_pool_3x3', 0, 0.99), ('sep_conv_3x3', 1, 0.01),
                                ('max_pool_3x3', 0, 0.01), ('skip_connect', 2, 0.99),
                                ('skip_connect', 2, 0.99), ('max_pool_3x3', 0, 0.01),
                                ('skip_connect', 2, 0.99), ('skip_connect', 4, 0.01)
                                ], reduce_concat=range(2, 6))`,
  },
  {
    name: 'DARTS_EXP2_RE3',
    source: { ...FAIRDARTS_DARTS_FOLDER, line: 164 },
    comments: ['Follow Large weight 1'],
    notes: [
      'Reweight genotype (op, input, weight). FairDARTS darts/model.py evaluates it with a cell that appends two states per step (spec §11.8), so networks trained there do not implement it as written.',
    ],
    textFormat: 'python',
    text: String.raw`DARTS_EXP2_RE3 = Genotype(normal=[
                                ('sep_conv_3x3', 1, 0.99), ('sep_conv_3x3', 0, 0.01),
                                ('dil_conv_3x3', 1, 0.99), ('dil_conv_3x3', 2, 0.01),
                                ('skip_connect', 0, 0.99), ('skip_connect', 2, 0.01),
                                ('dil_conv_3x3', 4, 0.99), ('dil_conv_5x5', 3, 0.01)], normal_concat=range(2, 6),
                                reduce=[
                                ('max_pool_3x3', 0, 0.99), ('sep_conv_3x3', 1, 0.01),
                                ('max_pool_3x3', 0, 0.99), ('skip_connect', 2, 0.01),
                                ('skip_connect', 2, 0.99), ('max_pool_3x3', 0, 0.01),
                                ('skip_connect', 2, 0.99), ('skip_connect', 4, 0.01)
                                ], reduce_concat=range(2, 6))`,
  },
  {
    name: 'DARTS_EXP2_RE4',
    source: { ...FAIRDARTS_DARTS_FOLDER, line: 176 },
    comments: ['Follow Large weight 2'],
    notes: [
      'Reweight genotype (op, input, weight). FairDARTS darts/model.py evaluates it with a cell that appends two states per step (spec §11.8), so networks trained there do not implement it as written.',
    ],
    textFormat: 'python',
    text: String.raw`DARTS_EXP2_RE4 = Genotype(normal=[
                                ('sep_conv_3x3', 1, 0.9), ('sep_conv_3x3', 0, 0.1),
                                ('dil_conv_3x3', 1, 0.9), ('dil_conv_3x3', 2, 0.1),
                                ('skip_connect', 0, 0.9), ('skip_connect', 2, 0.1),
                                ('dil_conv_3x3', 4, 0.9), ('dil_conv_5x5', 3, 0.1)], normal_concat=range(2, 6),
                                reduce=[
                                ('max_pool_3x3', 0, 0.9), ('sep_conv_3x3', 1, 0.1),
                                ('max_pool_3x3', 0, 0.9), ('skip_connect', 2, 0.1),
                                ('skip_connect', 2, 0.9), ('max_pool_3x3', 0, 0.1),
                                ('skip_connect', 2, 0.9), ('skip_connect', 4, 0.1)
                                ], reduce_concat=range(2, 6))`,
  },
  {
    name: 'DARTS_EXP2_RE5',
    source: { ...FAIRDARTS_DARTS_FOLDER, line: 189 },
    comments: ['Invert Large weight'],
    notes: [
      'Reweight genotype (op, input, weight). FairDARTS darts/model.py evaluates it with a cell that appends two states per step (spec §11.8), so networks trained there do not implement it as written.',
    ],
    textFormat: 'python',
    text: String.raw`DARTS_EXP2_RE5 = Genotype(normal=[
                                ('sep_conv_3x3', 1, 0.1), ('sep_conv_3x3', 0, 0.9),
                                ('dil_conv_3x3', 1, 0.1), ('dil_conv_3x3', 2, 0.9),
                                ('skip_connect', 0, 0.1), ('skip_connect', 2, 0.9),
                                ('dil_conv_3x3', 4, 0.1), ('dil_conv_5x5', 3, 0.9)], normal_concat=range(2, 6),
                                reduce=[
                                ('max_pool_3x3', 0, 0.1), ('sep_conv_3x3', 1, 0.9),
                                ('max_pool_3x3', 0, 0.1), ('skip_connect', 2, 0.9),
                                ('skip_connect', 2, 0.1), ('max_pool_3x3', 0, 0.9),
                                ('skip_connect', 2, 0.1), ('skip_connect', 4, 0.9)
                                ], reduce_concat=range(2, 6))`,
  },
  {
    name: 'DARTS_ID2_1',
    source: { ...FAIRDARTS_DARTS_FOLDER, line: 204 },
    comments: ['FLOPS: 433M, Params: 3.20M'],
    notes: [
      'Random architecture from darts/ --random_search: exactly 2 skip_connect in the normal cell, FLOPs not controlled.',
    ],
    textFormat: 'python',
    text: String.raw`DARTS_ID2_1 = Genotype(normal=[('skip_connect', 1), ('sep_conv_5x5', 0), ('skip_connect', 1), ('dil_conv_5x5', 0), ('avg_pool_3x3', 1), ('dil_conv_3x3', 0), ('max_pool_3x3', 0), ('sep_conv_3x3', 3)], normal_concat=range(2, 6),
                        reduce=[('dil_conv_3x3', 1), ('dil_conv_5x5', 0), ('max_pool_3x3', 1), ('dil_conv_5x5', 2), ('skip_connect', 0), ('dil_conv_3x3', 1), ('avg_pool_3x3', 4), ('sep_conv_5x5', 1)], reduce_concat=range(2, 6))`,
  },
  {
    name: 'DARTS_ID2_2',
    source: { ...FAIRDARTS_DARTS_FOLDER, line: 208 },
    comments: ['FLOPS: 476, Params: 3.48'],
    notes: [
      'Random architecture from darts/ --random_search: exactly 2 skip_connect in the normal cell, FLOPs not controlled.',
    ],
    textFormat: 'python',
    text: String.raw`DARTS_ID2_2 = Genotype(normal=[('skip_connect', 1), ('skip_connect', 0), ('dil_conv_3x3', 0), ('sep_conv_5x5', 2), ('dil_conv_5x5', 1), ('sep_conv_5x5', 3), ('dil_conv_3x3', 3), ('max_pool_3x3', 4)], normal_concat=range(2, 6),
                       reduce=[('sep_conv_3x3', 1), ('sep_conv_3x3', 0), ('dil_conv_3x3', 2), ('max_pool_3x3', 1), ('sep_conv_3x3', 0), ('sep_conv_3x3', 1), ('max_pool_3x3', 2), ('skip_connect', 3)], reduce_concat=range(2, 6))`,
  },
  {
    name: 'DARTS_ID2_3',
    source: { ...FAIRDARTS_DARTS_FOLDER, line: 212 },
    comments: ['FLOPS: 378, Params: 2.81'],
    notes: [
      'Random architecture from darts/ --random_search: exactly 2 skip_connect in the normal cell, FLOPs not controlled.',
    ],
    textFormat: 'python',
    text: String.raw`DARTS_ID2_3 = Genotype(normal=[('avg_pool_3x3', 0), ('skip_connect', 1), ('dil_conv_5x5', 0), ('dil_conv_3x3', 2), ('sep_conv_5x5', 2), ('skip_connect', 3), ('avg_pool_3x3', 1), ('avg_pool_3x3', 4)], normal_concat=range(2, 6),
                       reduce=[('avg_pool_3x3', 0), ('avg_pool_3x3', 1), ('avg_pool_3x3', 0), ('sep_conv_5x5', 1), ('sep_conv_3x3', 2), ('avg_pool_3x3', 1), ('sep_conv_3x3', 2), ('max_pool_3x3', 1)], reduce_concat=range(2, 6))`,
  },
  {
    name: 'DARTS_ID2_4',
    source: { ...FAIRDARTS_DARTS_FOLDER, line: 216 },
    comments: ['FLOPS: 407M, Params: 3.10'],
    notes: [
      'Random architecture from darts/ --random_search: exactly 2 skip_connect in the normal cell, FLOPs not controlled.',
    ],
    textFormat: 'python',
    text: String.raw`DARTS_ID2_4 = Genotype(normal=[('skip_connect', 1), ('dil_conv_3x3', 0), ('sep_conv_3x3', 0), ('avg_pool_3x3', 2), ('dil_conv_5x5', 0), ('dil_conv_3x3', 3), ('max_pool_3x3', 1), ('skip_connect', 4)], normal_concat=range(2, 6),
                       reduce=[('dil_conv_3x3', 0), ('sep_conv_5x5', 1), ('sep_conv_5x5', 1), ('sep_conv_5x5', 0), ('avg_pool_3x3', 0), ('sep_conv_5x5', 2), ('sep_conv_3x3', 0), ('max_pool_3x3', 1)], reduce_concat=range(2, 6))`,
  },
  {
    name: 'DARTS_ID2_5',
    source: { ...FAIRDARTS_DARTS_FOLDER, line: 220 },
    comments: ['FLOPS: 442M, Params: 3.18'],
    notes: [
      'Random architecture from darts/ --random_search: exactly 2 skip_connect in the normal cell, FLOPs not controlled.',
    ],
    textFormat: 'python',
    text: String.raw`DARTS_ID2_5 = Genotype(normal=[('dil_conv_5x5', 1), ('skip_connect', 0), ('sep_conv_5x5', 0), ('skip_connect', 2), ('sep_conv_5x5', 3), ('dil_conv_5x5', 2), ('avg_pool_3x3', 0), ('max_pool_3x3', 3)], normal_concat=range(2, 6),
                       reduce=[('dil_conv_3x3', 0), ('dil_conv_3x3', 1), ('max_pool_3x3', 0), ('avg_pool_3x3', 2), ('max_pool_3x3', 0), ('avg_pool_3x3', 2), ('dil_conv_3x3', 0), ('dil_conv_3x3', 2)], reduce_concat=range(2, 6))`,
  },
  {
    name: 'DARTS_ID2_6',
    source: { ...FAIRDARTS_DARTS_FOLDER, line: 224 },
    comments: ['FLOPS: 517M, Paramss: 3.76M'],
    notes: [
      'Random architecture from darts/ --random_search: exactly 2 skip_connect in the normal cell, FLOPs not controlled.',
    ],
    textFormat: 'python',
    text: String.raw`DARTS_ID2_6 = Genotype(normal=[('sep_conv_5x5', 0), ('skip_connect', 1), ('sep_conv_3x3', 2), ('sep_conv_3x3', 0), ('avg_pool_3x3', 2), ('skip_connect', 0), ('sep_conv_3x3', 0), ('dil_conv_5x5', 3)], normal_concat=range(2, 6),
                        reduce=[('avg_pool_3x3', 1), ('sep_conv_5x5', 0), ('dil_conv_3x3', 2), ('skip_connect', 1), ('avg_pool_3x3', 2), ('skip_connect', 1), ('sep_conv_3x3', 4), ('dil_conv_3x3', 1)], reduce_concat=range(2, 6))`,
  },
  {
    name: 'DARTS_ID2_7',
    source: { ...FAIRDARTS_DARTS_FOLDER, line: 228 },
    comments: ['FLOPS: 480M, Params: 3.46M'],
    notes: [
      'Random architecture from darts/ --random_search: exactly 2 skip_connect in the normal cell, FLOPs not controlled.',
    ],
    textFormat: 'python',
    text: String.raw`DARTS_ID2_7 = Genotype(normal=[('skip_connect', 1), ('sep_conv_5x5', 0), ('max_pool_3x3', 0), ('dil_conv_3x3', 1), ('sep_conv_5x5', 1), ('avg_pool_3x3', 0), ('skip_connect', 4), ('sep_conv_5x5', 0)], normal_concat=range(2, 6),
                        reduce=[('dil_conv_5x5', 1), ('sep_conv_3x3', 0), ('sep_conv_5x5', 0), ('dil_conv_5x5', 1), ('max_pool_3x3', 1), ('max_pool_3x3', 3), ('dil_conv_5x5', 2), ('max_pool_3x3', 1)], reduce_concat=range(2, 6))`,
  },
  {
    name: 'DARTS_ID2_FPT_1',
    source: { ...FAIRDARTS_DARTS_FOLDER, line: 234 },
    comments: ['FLOPS: 518M, Parmas 3.81'],
    notes: [
      'Random architecture from darts/ --random_search: exactly 2 skip_connect in the normal cell and thop FLOPs >= 500M.',
    ],
    textFormat: 'python',
    text: String.raw`DARTS_ID2_FPT_1 = Genotype(normal=[('skip_connect', 1), ('sep_conv_3x3', 0), ('skip_connect', 0), ('dil_conv_3x3', 2), ('sep_conv_3x3', 1), ('dil_conv_5x5', 2), ('sep_conv_3x3', 2), ('dil_conv_5x5', 1)], normal_concat=range(2, 6),
                           reduce=[('skip_connect', 0), ('sep_conv_5x5', 1), ('avg_pool_3x3', 2), ('dil_conv_5x5', 0), ('sep_conv_3x3', 0), ('dil_conv_5x5', 2), ('sep_conv_5x5', 1), ('dil_conv_5x5', 2)], reduce_concat=range(2, 6))`,
  },
  {
    name: 'DARTS_ID2_FPT_2',
    source: { ...FAIRDARTS_DARTS_FOLDER, line: 238 },
    comments: ['FLOPS: 519M, Parmas 3.72'],
    notes: [
      'Random architecture from darts/ --random_search: exactly 2 skip_connect in the normal cell and thop FLOPs >= 500M.',
    ],
    textFormat: 'python',
    text: String.raw`DARTS_ID2_FPT_2 = Genotype(normal=[('dil_conv_3x3', 0), ('sep_conv_3x3', 1), ('skip_connect', 2), ('skip_connect', 1), ('sep_conv_5x5', 0), ('dil_conv_3x3', 1), ('sep_conv_5x5', 1), ('dil_conv_5x5', 4)], normal_concat=range(2, 6),
                           reduce=[('dil_conv_3x3', 0), ('dil_conv_3x3', 1), ('avg_pool_3x3', 1), ('skip_connect', 0), ('dil_conv_5x5', 1), ('skip_connect', 3), ('skip_connect', 0), ('max_pool_3x3', 3)], reduce_concat=range(2, 6))`,
  },
  {
    name: 'DARTS_ID2_FPT_3',
    source: { ...FAIRDARTS_DARTS_FOLDER, line: 242 },
    comments: ['FLOPS: 505M, Parmas 3.64'],
    notes: [
      'Random architecture from darts/ --random_search: exactly 2 skip_connect in the normal cell and thop FLOPs >= 500M.',
    ],
    textFormat: 'python',
    text: String.raw`DARTS_ID2_FPT_3 = Genotype(normal=[('sep_conv_5x5', 0), ('max_pool_3x3', 1), ('sep_conv_5x5', 1), ('skip_connect', 0), ('skip_connect', 2), ('max_pool_3x3', 1), ('sep_conv_5x5', 3), ('sep_conv_3x3', 2)], normal_concat=range(2, 6),
                           reduce=[('sep_conv_5x5', 0), ('skip_connect', 1), ('max_pool_3x3', 1), ('sep_conv_5x5', 2), ('dil_conv_5x5', 3), ('max_pool_3x3', 0), ('dil_conv_3x3', 1), ('max_pool_3x3', 2)], reduce_concat=range(2, 6))`,
  },
  {
    name: 'DARTS_ID2_FPT_4',
    source: { ...FAIRDARTS_DARTS_FOLDER, line: 246 },
    comments: ['FLOPS: 506M, Parmas 3.64'],
    notes: [
      'Random architecture from darts/ --random_search: exactly 2 skip_connect in the normal cell and thop FLOPs >= 500M.',
    ],
    textFormat: 'python',
    text: String.raw`DARTS_ID2_FPT_4 = Genotype(normal=[('sep_conv_3x3', 0), ('max_pool_3x3', 1), ('dil_conv_5x5', 2), ('dil_conv_5x5', 0), ('sep_conv_5x5', 3), ('sep_conv_5x5', 0), ('skip_connect', 3), ('skip_connect', 0)], normal_concat=range(2, 6),
                           reduce=[('avg_pool_3x3', 0), ('sep_conv_5x5', 1), ('avg_pool_3x3', 1), ('dil_conv_3x3', 0), ('dil_conv_5x5', 3), ('sep_conv_5x5', 2), ('avg_pool_3x3', 1), ('dil_conv_5x5', 4)], reduce_concat=range(2, 6))`,
  },
  {
    name: 'DARTS_ID2_FPT_5',
    source: { ...FAIRDARTS_DARTS_FOLDER, line: 250 },
    comments: ['FLOPS: 543M, Parmas 3.87'],
    notes: [
      'Random architecture from darts/ --random_search: exactly 2 skip_connect in the normal cell and thop FLOPs >= 500M.',
    ],
    textFormat: 'python',
    text: String.raw`DARTS_ID2_FPT_5 = Genotype(normal=[('dil_conv_5x5', 0), ('sep_conv_5x5', 1), ('sep_conv_3x3', 2), ('skip_connect', 0), ('sep_conv_5x5', 3), ('sep_conv_5x5', 0), ('avg_pool_3x3', 1), ('skip_connect', 0)], normal_concat=range(2, 6),
                           reduce=[('max_pool_3x3', 1), ('skip_connect', 0), ('dil_conv_5x5', 1), ('dil_conv_5x5', 2), ('sep_conv_5x5', 0), ('sep_conv_3x3', 1), ('avg_pool_3x3', 1), ('skip_connect', 0)], reduce_concat=range(2, 6))`,
  },
  {
    name: 'DARTS_ID2_FPT_6',
    source: { ...FAIRDARTS_DARTS_FOLDER, line: 254 },
    comments: ['FLOPS: 502M, Parmas 3.64'],
    notes: [
      'Random architecture from darts/ --random_search: exactly 2 skip_connect in the normal cell and thop FLOPs >= 500M.',
    ],
    textFormat: 'python',
    text: String.raw`DARTS_ID2_FPT_6 = Genotype(normal=[('sep_conv_5x5', 1), ('sep_conv_5x5', 0), ('skip_connect', 2), ('sep_conv_3x3', 0), ('dil_conv_5x5', 2), ('dil_conv_3x3', 3), ('max_pool_3x3', 0), ('skip_connect', 2)], normal_concat=range(2, 6),
                           reduce=[('max_pool_3x3', 0), ('dil_conv_5x5', 1), ('max_pool_3x3', 2), ('skip_connect', 0), ('dil_conv_5x5', 0), ('sep_conv_5x5', 3), ('sep_conv_3x3', 1), ('dil_conv_5x5', 3)], reduce_concat=range(2, 6))`,
  },
  {
    name: 'DARTS_ID2_FPT_7',
    source: { ...FAIRDARTS_DARTS_FOLDER, line: 258 },
    comments: ['FLOPS: 553M, Parmas 3.9'],
    notes: [
      'Random architecture from darts/ --random_search: exactly 2 skip_connect in the normal cell and thop FLOPs >= 500M.',
    ],
    textFormat: 'python',
    text: String.raw`DARTS_ID2_FPT_7 = Genotype(normal=[('avg_pool_3x3', 0), ('sep_conv_5x5', 1), ('sep_conv_5x5', 0), ('skip_connect', 1), ('dil_conv_5x5', 0), ('sep_conv_5x5', 1), ('skip_connect', 4), ('sep_conv_5x5', 0)], normal_concat=range(2, 6),
                           reduce=[('dil_conv_5x5', 1), ('avg_pool_3x3', 0), ('avg_pool_3x3', 2), ('sep_conv_5x5', 0), ('max_pool_3x3', 0), ('dil_conv_5x5', 2), ('sep_conv_5x5', 3), ('skip_connect', 0)], reduce_concat=range(2, 6))`,
  },
  {
    name: 'NOISEDARTS_50_1',
    source: { ...FAIRDARTS_DARTS_FOLDER, line: 265 },
    comments: ['Flops: 553M, Params: 3.96', 'drop_path 0.05'],
    notes: [
      'Searched with the darts/ NoiseIdentity prototype (--noise_darts), spec §11.8.',
    ],
    textFormat: 'python',
    text: String.raw`NOISEDARTS_50_1 = Genotype(normal=[('sep_conv_3x3', 1), ('sep_conv_3x3', 0), ('dil_conv_5x5', 1), ('dil_conv_3x3', 2),
                                   ('sep_conv_3x3', 1), ('dil_conv_5x5', 3), ('dil_conv_5x5', 4), ('dil_conv_3x3', 3)], normal_concat=range(2, 6),
                         reduce=[('max_pool_3x3', 0), ('max_pool_3x3', 1), ('avg_pool_3x3', 0), ('dil_conv_5x5', 2),
                                 ('skip_connect', 1), ('max_pool_3x3', 0), ('skip_connect', 3), ('avg_pool_3x3', 1)], reduce_concat=range(2, 6))`,
  },
  {
    name: 'NOISEDARTS_50_2',
    source: { ...FAIRDARTS_DARTS_FOLDER, line: 271 },
    comments: ['flops: 522m, Params: 3.78'],
    notes: [
      'Searched with the darts/ NoiseIdentity prototype (--noise_darts), spec §11.8.',
    ],
    textFormat: 'python',
    text: String.raw`NOISEDARTS_50_2 = Genotype(normal=[('dil_conv_3x3', 1), ('sep_conv_3x3', 0), ('dil_conv_3x3', 2), ('dil_conv_3x3', 1),
                                   ('sep_conv_3x3', 1), ('dil_conv_5x5', 3), ('dil_conv_3x3', 3), ('dil_conv_5x5', 4)], normal_concat=range(2, 6),
                           reduce=[('dil_conv_5x5', 1), ('skip_connect', 0), ('max_pool_3x3', 0), ('dil_conv_3x3', 2),
                                   ('skip_connect', 3), ('skip_connect', 2), ('skip_connect', 2), ('skip_connect', 3)], reduce_concat=range(2, 6))`,
  },
  {
    name: 'NOISEDARTS_50_3',
    source: { ...FAIRDARTS_DARTS_FOLDER, line: 277 },
    comments: ['flops: 489m, Params: 3.5'],
    notes: [
      'Searched with the darts/ NoiseIdentity prototype (--noise_darts), spec §11.8.',
    ],
    textFormat: 'python',
    text: String.raw`NOISEDARTS_50_3 = Genotype(normal=[('dil_conv_3x3', 1), ('skip_connect', 0), ('sep_conv_3x3', 1), ('dil_conv_3x3', 2), ('sep_conv_3x3', 1), ('dil_conv_3x3', 2), ('dil_conv_5x5', 4), ('dil_conv_5x5', 1)], normal_concat=range(2, 6),
                           reduce=[('max_pool_3x3', 1), ('max_pool_3x3', 0), ('avg_pool_3x3', 0), ('dil_conv_5x5', 2), ('avg_pool_3x3', 1), ('skip_connect', 2), ('skip_connect', 3), ('skip_connect', 2)], reduce_concat=range(2, 6))`,
  },
];
