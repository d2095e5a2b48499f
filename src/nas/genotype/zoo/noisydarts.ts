// xiaomi-automl/NoisyDARTS `genotypes.py`, verbatim (spec darts-fairdarts-noisydarts.md Appendix A.4).
// Each family x has eight members (x, x_1 … x_7, presumably eight search runs); the comment line above
// x applies to the whole family. NASNet and AmoebaNet of this file live in quark0-darts.ts.
// Generated from the spec text; edit only to fix a transcription against the spec.

import type { ZooRecord, ZooSource } from './record.js';

const NOISYDARTS: ZooSource = {
  repo: 'xiaomi-automl/NoisyDARTS',
  path: 'genotypes.py',
  commit: '9885bdf94e98d4eb2c811018d0ff1240ffdec771',
  spec: 'darts-fairdarts-noisydarts.md §A.4',
};

export const NOISYDARTS_GENOTYPES: readonly ZooRecord[] = [
  {
    name: 'noisy_darts_a',
    source: { ...NOISYDARTS, line: 77 },
    comments: ['Gaussian, Additive, mu=0, sigma=0.2'],
    textFormat: 'python',
    text: String.raw`noisy_darts_a = Genotype(normal=[('sep_conv_3x3', 1), ('sep_conv_3x3', 0), ('skip_connect', 0), ('dil_conv_3x3', 2), ('dil_conv_3x3', 3), ('sep_conv_3x3', 1), ('dil_conv_5x5', 4), ('dil_conv_3x3', 3)], normal_concat=range(2, 6), reduce=[('max_pool_3x3', 0), ('dil_conv_5x5', 1), ('skip_connect', 2), ('max_pool_3x3', 0), ('skip_connect', 2), ('skip_connect', 3), ('skip_connect', 2), ('dil_conv_5x5', 4)], reduce_concat=range(2, 6))`,
  },
  {
    name: 'noisy_darts_a_1',
    source: { ...NOISYDARTS, line: 78 },
    notes: [
      'Family comment above noisy_darts_a (applies to noisy_darts_a … noisy_darts_a_7): “Gaussian, Additive, mu=0, sigma=0.2”.',
    ],
    textFormat: 'python',
    text: String.raw`noisy_darts_a_1 = Genotype(normal=[('sep_conv_3x3', 0), ('sep_conv_3x3', 1), ('skip_connect', 2), ('skip_connect', 0), ('dil_conv_3x3', 3), ('dil_conv_5x5', 2), ('dil_conv_3x3', 3), ('dil_conv_3x3', 2)], normal_concat=range(2, 6), reduce=[('avg_pool_3x3', 0), ('max_pool_3x3', 1), ('skip_connect', 2), ('max_pool_3x3', 1), ('skip_connect', 2), ('skip_connect', 3), ('dil_conv_5x5', 4), ('skip_connect', 3)], reduce_concat=range(2, 6))`,
  },
  {
    name: 'noisy_darts_a_2',
    source: { ...NOISYDARTS, line: 79 },
    notes: [
      'Family comment above noisy_darts_a (applies to noisy_darts_a … noisy_darts_a_7): “Gaussian, Additive, mu=0, sigma=0.2”.',
    ],
    textFormat: 'python',
    text: String.raw`noisy_darts_a_2 = Genotype(normal=[('dil_conv_3x3', 1), ('sep_conv_3x3', 0), ('dil_conv_3x3', 1), ('sep_conv_3x3', 0), ('skip_connect', 0), ('skip_connect', 1), ('dil_conv_3x3', 4), ('skip_connect', 0)], normal_concat=range(2, 6), reduce=[('max_pool_3x3', 0), ('max_pool_3x3', 1), ('max_pool_3x3', 1), ('sep_conv_5x5', 2), ('max_pool_3x3', 1), ('skip_connect', 2), ('skip_connect', 2), ('avg_pool_3x3', 0)], reduce_concat=range(2, 6))`,
  },
  {
    name: 'noisy_darts_a_3',
    source: { ...NOISYDARTS, line: 80 },
    notes: [
      'Family comment above noisy_darts_a (applies to noisy_darts_a … noisy_darts_a_7): “Gaussian, Additive, mu=0, sigma=0.2”.',
    ],
    textFormat: 'python',
    text: String.raw`noisy_darts_a_3 = Genotype(normal=[('sep_conv_3x3', 1), ('sep_conv_3x3', 0), ('skip_connect', 0), ('sep_conv_5x5', 1), ('dil_conv_3x3', 2), ('dil_conv_5x5', 3), ('dil_conv_3x3', 4), ('dil_conv_3x3', 3)], normal_concat=range(2, 6), reduce=[('avg_pool_3x3', 0), ('avg_pool_3x3', 1), ('avg_pool_3x3', 0), ('skip_connect', 2), ('skip_connect', 2), ('skip_connect', 3), ('skip_connect', 2), ('skip_connect', 3)], reduce_concat=range(2, 6))`,
  },
  {
    name: 'noisy_darts_a_4',
    source: { ...NOISYDARTS, line: 81 },
    notes: [
      'Family comment above noisy_darts_a (applies to noisy_darts_a … noisy_darts_a_7): “Gaussian, Additive, mu=0, sigma=0.2”.',
    ],
    textFormat: 'python',
    text: String.raw`noisy_darts_a_4 = Genotype(normal=[('sep_conv_3x3', 0), ('dil_conv_3x3', 1), ('sep_conv_3x3', 1), ('skip_connect', 2), ('dil_conv_3x3', 3), ('dil_conv_3x3', 1), ('dil_conv_3x3', 3), ('dil_conv_5x5', 2)], normal_concat=range(2, 6), reduce=[('max_pool_3x3', 0), ('max_pool_3x3', 1), ('skip_connect', 2), ('max_pool_3x3', 0), ('skip_connect', 2), ('max_pool_3x3', 0), ('skip_connect', 2), ('skip_connect', 3)], reduce_concat=range(2, 6))`,
  },
  {
    name: 'noisy_darts_a_5',
    source: { ...NOISYDARTS, line: 82 },
    notes: [
      'Family comment above noisy_darts_a (applies to noisy_darts_a … noisy_darts_a_7): “Gaussian, Additive, mu=0, sigma=0.2”.',
    ],
    textFormat: 'python',
    text: String.raw`noisy_darts_a_5 = Genotype(normal=[('sep_conv_3x3', 1), ('skip_connect', 0), ('sep_conv_3x3', 0), ('sep_conv_3x3', 1), ('dil_conv_3x3', 3), ('dil_conv_5x5', 2), ('dil_conv_3x3', 3), ('dil_conv_3x3', 4)], normal_concat=range(2, 6), reduce=[('avg_pool_3x3', 1), ('skip_connect', 0), ('skip_connect', 2), ('sep_conv_5x5', 0), ('skip_connect', 2), ('skip_connect', 3), ('skip_connect', 3), ('avg_pool_3x3', 0)], reduce_concat=range(2, 6))`,
  },
  {
    name: 'noisy_darts_a_6',
    source: { ...NOISYDARTS, line: 83 },
    notes: [
      'Family comment above noisy_darts_a (applies to noisy_darts_a … noisy_darts_a_7): “Gaussian, Additive, mu=0, sigma=0.2”.',
    ],
    textFormat: 'python',
    text: String.raw`noisy_darts_a_6 = Genotype(normal=[('sep_conv_3x3', 0), ('sep_conv_3x3', 1), ('sep_conv_3x3', 2), ('skip_connect', 0), ('dil_conv_5x5', 3), ('dil_conv_3x3', 2), ('dil_conv_5x5', 4), ('dil_conv_5x5', 3)], normal_concat=range(2, 6), reduce=[('avg_pool_3x3', 0), ('avg_pool_3x3', 1), ('skip_connect', 2), ('avg_pool_3x3', 0), ('skip_connect', 3), ('skip_connect', 2), ('skip_connect', 2), ('skip_connect', 3)], reduce_concat=range(2, 6))`,
  },
  {
    name: 'noisy_darts_a_7',
    source: { ...NOISYDARTS, line: 84 },
    notes: [
      'Family comment above noisy_darts_a (applies to noisy_darts_a … noisy_darts_a_7): “Gaussian, Additive, mu=0, sigma=0.2”.',
    ],
    textFormat: 'python',
    text: String.raw`noisy_darts_a_7 = Genotype(normal=[('sep_conv_3x3', 0), ('sep_conv_3x3', 1), ('skip_connect', 0), ('dil_conv_3x3', 2), ('dil_conv_3x3', 3), ('skip_connect', 2), ('dil_conv_5x5', 4), ('dil_conv_5x5', 3)], normal_concat=range(2, 6), reduce=[('max_pool_3x3', 0), ('dil_conv_3x3', 1), ('skip_connect', 2), ('max_pool_3x3', 0), ('skip_connect', 3), ('max_pool_3x3', 0), ('skip_connect', 2), ('skip_connect', 3)], reduce_concat=range(2, 6))`,
  },
  {
    name: 'noisy_darts_b',
    source: { ...NOISYDARTS, line: 87 },
    comments: ['Gaussian, Additive, mu=0, sigma=0.1'],
    textFormat: 'python',
    text: String.raw`noisy_darts_b = Genotype(normal=[('sep_conv_3x3', 1), ('sep_conv_3x3', 0), ('skip_connect', 0), ('dil_conv_5x5', 2), ('skip_connect', 0), ('sep_conv_3x3', 1), ('dil_conv_3x3', 4), ('dil_conv_5x5', 3)], normal_concat=range(2, 6), reduce=[('avg_pool_3x3', 0), ('dil_conv_3x3', 1), ('skip_connect', 2), ('avg_pool_3x3', 0), ('avg_pool_3x3', 0), ('skip_connect', 2), ('skip_connect', 2), ('dil_conv_5x5', 3)], reduce_concat=range(2, 6))`,
  },
  {
    name: 'noisy_darts_b_1',
    source: { ...NOISYDARTS, line: 88 },
    notes: [
      'Family comment above noisy_darts_b (applies to noisy_darts_b … noisy_darts_b_7): “Gaussian, Additive, mu=0, sigma=0.1”.',
    ],
    textFormat: 'python',
    text: String.raw`noisy_darts_b_1 = Genotype(normal=[('sep_conv_3x3', 0), ('sep_conv_3x3', 1), ('skip_connect', 2), ('skip_connect', 0), ('dil_conv_5x5', 3), ('dil_conv_3x3', 1), ('dil_conv_5x5', 4), ('dil_conv_3x3', 3)], normal_concat=range(2, 6), reduce=[('max_pool_3x3', 0), ('sep_conv_5x5', 1), ('max_pool_3x3', 0), ('dil_conv_3x3', 1), ('max_pool_3x3', 0), ('skip_connect', 2), ('skip_connect', 2), ('avg_pool_3x3', 0)], reduce_concat=range(2, 6))`,
  },
  {
    name: 'noisy_darts_b_2',
    source: { ...NOISYDARTS, line: 89 },
    notes: [
      'Family comment above noisy_darts_b (applies to noisy_darts_b … noisy_darts_b_7): “Gaussian, Additive, mu=0, sigma=0.1”.',
    ],
    textFormat: 'python',
    text: String.raw`noisy_darts_b_2 = Genotype(normal=[('dil_conv_3x3', 1), ('sep_conv_5x5', 0), ('dil_conv_3x3', 1), ('sep_conv_3x3', 2), ('dil_conv_5x5', 3), ('skip_connect', 0), ('dil_conv_3x3', 4), ('dil_conv_3x3', 1)], normal_concat=range(2, 6), reduce=[('max_pool_3x3', 0), ('skip_connect', 1), ('skip_connect', 2), ('avg_pool_3x3', 0), ('skip_connect', 2), ('skip_connect', 3), ('skip_connect', 2), ('skip_connect', 3)], reduce_concat=range(2, 6))`,
  },
  {
    name: 'noisy_darts_b_3',
    source: { ...NOISYDARTS, line: 90 },
    notes: [
      'Family comment above noisy_darts_b (applies to noisy_darts_b … noisy_darts_b_7): “Gaussian, Additive, mu=0, sigma=0.1”.',
      'noisy_darts_b_3 and noisy_darts_b_5 are identical.',
    ],
    textFormat: 'python',
    text: String.raw`noisy_darts_b_3 = Genotype(normal=[('dil_conv_5x5', 1), ('sep_conv_3x3', 0), ('skip_connect', 0), ('dil_conv_3x3', 2), ('dil_conv_5x5', 3), ('skip_connect', 0), ('dil_conv_5x5', 4), ('dil_conv_3x3', 3)], normal_concat=range(2, 6), reduce=[('max_pool_3x3', 0), ('avg_pool_3x3', 1), ('skip_connect', 2), ('avg_pool_3x3', 0), ('skip_connect', 2), ('max_pool_3x3', 0), ('skip_connect', 2), ('avg_pool_3x3', 0)], reduce_concat=range(2, 6))`,
  },
  {
    name: 'noisy_darts_b_4',
    source: { ...NOISYDARTS, line: 91 },
    notes: [
      'Family comment above noisy_darts_b (applies to noisy_darts_b … noisy_darts_b_7): “Gaussian, Additive, mu=0, sigma=0.1”.',
    ],
    textFormat: 'python',
    text: String.raw`noisy_darts_b_4 = Genotype(normal=[('sep_conv_3x3', 0), ('dil_conv_5x5', 1), ('sep_conv_3x3', 1), ('skip_connect', 2), ('dil_conv_5x5', 3), ('dil_conv_3x3', 1), ('dil_conv_5x5', 4), ('sep_conv_3x3', 0)], normal_concat=range(2, 6), reduce=[('avg_pool_3x3', 1), ('dil_conv_3x3', 0), ('skip_connect', 2), ('avg_pool_3x3', 0), ('skip_connect', 2), ('skip_connect', 3), ('skip_connect', 3), ('skip_connect', 2)], reduce_concat=range(2, 6))`,
  },
  {
    name: 'noisy_darts_b_5',
    source: { ...NOISYDARTS, line: 92 },
    notes: [
      'Family comment above noisy_darts_b (applies to noisy_darts_b … noisy_darts_b_7): “Gaussian, Additive, mu=0, sigma=0.1”.',
      'noisy_darts_b_3 and noisy_darts_b_5 are identical.',
    ],
    textFormat: 'python',
    text: String.raw`noisy_darts_b_5 = Genotype(normal=[('dil_conv_5x5', 1), ('sep_conv_3x3', 0), ('skip_connect', 0), ('dil_conv_3x3', 2), ('dil_conv_5x5', 3), ('skip_connect', 0), ('dil_conv_5x5', 4), ('dil_conv_3x3', 3)], normal_concat=range(2, 6), reduce=[('max_pool_3x3', 0), ('avg_pool_3x3', 1), ('skip_connect', 2), ('avg_pool_3x3', 0), ('skip_connect', 2), ('max_pool_3x3', 0), ('skip_connect', 2), ('avg_pool_3x3', 0)], reduce_concat=range(2, 6))`,
  },
  {
    name: 'noisy_darts_b_6',
    source: { ...NOISYDARTS, line: 93 },
    notes: [
      'Family comment above noisy_darts_b (applies to noisy_darts_b … noisy_darts_b_7): “Gaussian, Additive, mu=0, sigma=0.1”.',
    ],
    textFormat: 'python',
    text: String.raw`noisy_darts_b_6 = Genotype(normal=[('sep_conv_3x3', 0), ('sep_conv_5x5', 1), ('skip_connect', 0), ('skip_connect', 2), ('dil_conv_5x5', 3), ('skip_connect', 2), ('dil_conv_5x5', 4), ('dil_conv_3x3', 2)], normal_concat=range(2, 6), reduce=[('avg_pool_3x3', 0), ('dil_conv_3x3', 1), ('skip_connect', 2), ('avg_pool_3x3', 1), ('skip_connect', 3), ('skip_connect', 2), ('skip_connect', 3), ('skip_connect', 2)], reduce_concat=range(2, 6))`,
  },
  {
    name: 'noisy_darts_b_7',
    source: { ...NOISYDARTS, line: 94 },
    notes: [
      'Family comment above noisy_darts_b (applies to noisy_darts_b … noisy_darts_b_7): “Gaussian, Additive, mu=0, sigma=0.1”.',
    ],
    textFormat: 'python',
    text: String.raw`noisy_darts_b_7 = Genotype(normal=[('sep_conv_3x3', 0), ('dil_conv_5x5', 1), ('sep_conv_3x3', 2), ('skip_connect', 0), ('dil_conv_5x5', 3), ('dil_conv_3x3', 2), ('dil_conv_5x5', 3), ('sep_conv_3x3', 4)], normal_concat=range(2, 6), reduce=[('avg_pool_3x3', 0), ('dil_conv_3x3', 1), ('skip_connect', 2), ('avg_pool_3x3', 0), ('skip_connect', 2), ('skip_connect', 3), ('skip_connect', 3), ('skip_connect', 2)], reduce_concat=range(2, 6))`,
  },
  {
    name: 'noisy_darts_c',
    source: { ...NOISYDARTS, line: 97 },
    comments: ['Uniform, Additive, mu=0, sigma=0.2'],
    textFormat: 'python',
    text: String.raw`noisy_darts_c = Genotype(normal=[('sep_conv_3x3', 0), ('sep_conv_5x5', 1), ('skip_connect', 2), ('skip_connect', 0), ('dil_conv_5x5', 3), ('sep_conv_3x3', 1), ('sep_conv_3x3', 1), ('dil_conv_3x3', 4)], normal_concat=range(2, 6), reduce=[('avg_pool_3x3', 0), ('sep_conv_5x5', 1), ('avg_pool_3x3', 0), ('skip_connect', 2), ('dil_conv_5x5', 3), ('avg_pool_3x3', 0), ('avg_pool_3x3', 0), ('skip_connect', 3)], reduce_concat=range(2, 6))`,
  },
  {
    name: 'noisy_darts_c_1',
    source: { ...NOISYDARTS, line: 98 },
    notes: [
      'Family comment above noisy_darts_c (applies to noisy_darts_c … noisy_darts_c_7): “Uniform, Additive, mu=0, sigma=0.2”.',
    ],
    textFormat: 'python',
    text: String.raw`noisy_darts_c_1 = Genotype(normal=[('sep_conv_3x3', 1), ('sep_conv_3x3', 0), ('dil_conv_3x3', 2), ('skip_connect', 0), ('dil_conv_5x5', 3), ('sep_conv_3x3', 1), ('dil_conv_3x3', 3), ('dil_conv_3x3', 4)], normal_concat=range(2, 6), reduce=[('max_pool_3x3', 0), ('sep_conv_3x3', 1), ('skip_connect', 2), ('avg_pool_3x3', 0), ('skip_connect', 2), ('skip_connect', 3), ('skip_connect', 2), ('avg_pool_3x3', 0)], reduce_concat=range(2, 6))`,
  },
  {
    name: 'noisy_darts_c_2',
    source: { ...NOISYDARTS, line: 99 },
    notes: [
      'Family comment above noisy_darts_c (applies to noisy_darts_c … noisy_darts_c_7): “Uniform, Additive, mu=0, sigma=0.2”.',
    ],
    textFormat: 'python',
    text: String.raw`noisy_darts_c_2 = Genotype(normal=[('skip_connect', 0), ('dil_conv_5x5', 1), ('skip_connect', 0), ('sep_conv_5x5', 1), ('dil_conv_5x5', 3), ('skip_connect', 0), ('dil_conv_3x3', 4), ('dil_conv_5x5', 3)], normal_concat=range(2, 6), reduce=[('max_pool_3x3', 0), ('dil_conv_5x5', 1), ('skip_connect', 2), ('max_pool_3x3', 0), ('skip_connect', 2), ('max_pool_3x3', 0), ('skip_connect', 2), ('skip_connect', 4)], reduce_concat=range(2, 6))`,
  },
  {
    name: 'noisy_darts_c_3',
    source: { ...NOISYDARTS, line: 100 },
    notes: [
      'Family comment above noisy_darts_c (applies to noisy_darts_c … noisy_darts_c_7): “Uniform, Additive, mu=0, sigma=0.2”.',
    ],
    textFormat: 'python',
    text: String.raw`noisy_darts_c_3 = Genotype(normal=[('sep_conv_3x3', 0), ('dil_conv_5x5', 1), ('skip_connect', 2), ('skip_connect', 0), ('dil_conv_3x3', 3), ('skip_connect', 0), ('dil_conv_3x3', 4), ('dil_conv_3x3', 3)], normal_concat=range(2, 6), reduce=[('max_pool_3x3', 0), ('dil_conv_3x3', 1), ('skip_connect', 2), ('max_pool_3x3', 0), ('skip_connect', 3), ('skip_connect', 2), ('skip_connect', 3), ('dil_conv_5x5', 4)], reduce_concat=range(2, 6))`,
  },
  {
    name: 'noisy_darts_c_4',
    source: { ...NOISYDARTS, line: 101 },
    notes: [
      'Family comment above noisy_darts_c (applies to noisy_darts_c … noisy_darts_c_7): “Uniform, Additive, mu=0, sigma=0.2”.',
    ],
    textFormat: 'python',
    text: String.raw`noisy_darts_c_4 = Genotype(normal=[('sep_conv_3x3', 1), ('sep_conv_5x5', 0), ('dil_conv_3x3', 1), ('skip_connect', 0), ('sep_conv_3x3', 1), ('dil_conv_5x5', 3), ('dil_conv_3x3', 4), ('dil_conv_3x3', 2)], normal_concat=range(2, 6), reduce=[('avg_pool_3x3', 1), ('max_pool_3x3', 0), ('avg_pool_3x3', 1), ('skip_connect', 2), ('skip_connect', 3), ('avg_pool_3x3', 1), ('skip_connect', 3), ('skip_connect', 2)], reduce_concat=range(2, 6))`,
  },
  {
    name: 'noisy_darts_c_5',
    source: { ...NOISYDARTS, line: 102 },
    notes: [
      'Family comment above noisy_darts_c (applies to noisy_darts_c … noisy_darts_c_7): “Uniform, Additive, mu=0, sigma=0.2”.',
    ],
    textFormat: 'python',
    text: String.raw`noisy_darts_c_5 = Genotype(normal=[('dil_conv_3x3', 1), ('sep_conv_3x3', 0), ('dil_conv_3x3', 2), ('sep_conv_3x3', 1), ('dil_conv_5x5', 3), ('skip_connect', 0), ('dil_conv_5x5', 3), ('dil_conv_5x5', 4)], normal_concat=range(2, 6), reduce=[('avg_pool_3x3', 1), ('max_pool_3x3', 0), ('skip_connect', 2), ('max_pool_3x3', 0), ('skip_connect', 2), ('skip_connect', 3), ('skip_connect', 2), ('max_pool_3x3', 0)], reduce_concat=range(2, 6))`,
  },
  {
    name: 'noisy_darts_c_6',
    source: { ...NOISYDARTS, line: 103 },
    notes: [
      'Family comment above noisy_darts_c (applies to noisy_darts_c … noisy_darts_c_7): “Uniform, Additive, mu=0, sigma=0.2”.',
    ],
    textFormat: 'python',
    text: String.raw`noisy_darts_c_6 = Genotype(normal=[('sep_conv_3x3', 0), ('sep_conv_5x5', 1), ('dil_conv_5x5', 2), ('sep_conv_3x3', 0), ('dil_conv_5x5', 3), ('dil_conv_3x3', 1), ('dil_conv_5x5', 4), ('sep_conv_3x3', 1)], normal_concat=range(2, 6), reduce=[('avg_pool_3x3', 0), ('avg_pool_3x3', 1), ('skip_connect', 2), ('skip_connect', 0), ('skip_connect', 2), ('skip_connect', 3), ('avg_pool_3x3', 0), ('skip_connect', 2)], reduce_concat=range(2, 6))`,
  },
  {
    name: 'noisy_darts_c_7',
    source: { ...NOISYDARTS, line: 104 },
    notes: [
      'Family comment above noisy_darts_c (applies to noisy_darts_c … noisy_darts_c_7): “Uniform, Additive, mu=0, sigma=0.2”.',
    ],
    textFormat: 'python',
    text: String.raw`noisy_darts_c_7 = Genotype(normal=[('sep_conv_3x3', 0), ('dil_conv_3x3', 1), ('skip_connect', 0), ('dil_conv_5x5', 2), ('dil_conv_5x5', 3), ('skip_connect', 0), ('dil_conv_3x3', 4), ('dil_conv_3x3', 3)], normal_concat=range(2, 6), reduce=[('max_pool_3x3', 1), ('avg_pool_3x3', 0), ('skip_connect', 2), ('avg_pool_3x3', 0), ('skip_connect', 3), ('skip_connect', 2), ('skip_connect', 2), ('skip_connect', 3)], reduce_concat=range(2, 6))`,
  },
  {
    name: 'noisy_darts_d',
    source: { ...NOISYDARTS, line: 107 },
    comments: ['Uniform, Additive, mu=0, sigma=0.1'],
    textFormat: 'python',
    text: String.raw`noisy_darts_d = Genotype(normal=[('sep_conv_3x3', 1), ('sep_conv_3x3', 0), ('skip_connect', 0), ('sep_conv_5x5', 1), ('dil_conv_3x3', 3), ('skip_connect', 2), ('dil_conv_3x3', 1), ('dil_conv_5x5', 4)], normal_concat=range(2, 6), reduce=[('max_pool_3x3', 0), ('max_pool_3x3', 1), ('skip_connect', 2), ('avg_pool_3x3', 1), ('skip_connect', 2), ('skip_connect', 3), ('skip_connect', 2), ('skip_connect', 3)], reduce_concat=range(2, 6))`,
  },
  {
    name: 'noisy_darts_d_1',
    source: { ...NOISYDARTS, line: 108 },
    notes: [
      'Family comment above noisy_darts_d (applies to noisy_darts_d … noisy_darts_d_7): “Uniform, Additive, mu=0, sigma=0.1”.',
    ],
    textFormat: 'python',
    text: String.raw`noisy_darts_d_1 = Genotype(normal=[('sep_conv_3x3', 0), ('sep_conv_3x3', 1), ('dil_conv_5x5', 2), ('sep_conv_3x3', 1), ('sep_conv_5x5', 3), ('sep_conv_5x5', 2), ('sep_conv_3x3', 4), ('dil_conv_5x5', 3)], normal_concat=range(2, 6), reduce=[('max_pool_3x3', 0), ('sep_conv_5x5', 1), ('dil_conv_5x5', 1), ('dil_conv_5x5', 2), ('dil_conv_5x5', 3), ('dil_conv_5x5', 1), ('dil_conv_5x5', 2), ('dil_conv_5x5', 3)], reduce_concat=range(2, 6))`,
  },
  {
    name: 'noisy_darts_d_2',
    source: { ...NOISYDARTS, line: 109 },
    notes: [
      'Family comment above noisy_darts_d (applies to noisy_darts_d … noisy_darts_d_7): “Uniform, Additive, mu=0, sigma=0.1”.',
    ],
    textFormat: 'python',
    text: String.raw`noisy_darts_d_2 = Genotype(normal=[('skip_connect', 0), ('sep_conv_3x3', 1), ('skip_connect', 0), ('sep_conv_3x3', 1), ('dil_conv_5x5', 3), ('dil_conv_5x5', 1), ('dil_conv_3x3', 4), ('dil_conv_5x5', 3)], normal_concat=range(2, 6), reduce=[('avg_pool_3x3', 0), ('dil_conv_5x5', 1), ('avg_pool_3x3', 0), ('skip_connect', 1), ('dil_conv_5x5', 3), ('skip_connect', 2), ('avg_pool_3x3', 0), ('skip_connect', 2)], reduce_concat=range(2, 6))`,
  },
  {
    name: 'noisy_darts_d_3',
    source: { ...NOISYDARTS, line: 110 },
    notes: [
      'Family comment above noisy_darts_d (applies to noisy_darts_d … noisy_darts_d_7): “Uniform, Additive, mu=0, sigma=0.1”.',
    ],
    textFormat: 'python',
    text: String.raw`noisy_darts_d_3 = Genotype(normal=[('sep_conv_3x3', 1), ('skip_connect', 0), ('dil_conv_3x3', 2), ('skip_connect', 0), ('sep_conv_3x3', 0), ('dil_conv_3x3', 3), ('dil_conv_3x3', 4), ('dil_conv_3x3', 3)], normal_concat=range(2, 6), reduce=[('max_pool_3x3', 0), ('avg_pool_3x3', 1), ('skip_connect', 2), ('avg_pool_3x3', 1), ('skip_connect', 2), ('skip_connect', 3), ('skip_connect', 2), ('skip_connect', 3)], reduce_concat=range(2, 6))`,
  },
  {
    name: 'noisy_darts_d_4',
    source: { ...NOISYDARTS, line: 111 },
    notes: [
      'Family comment above noisy_darts_d (applies to noisy_darts_d … noisy_darts_d_7): “Uniform, Additive, mu=0, sigma=0.1”.',
    ],
    textFormat: 'python',
    text: String.raw`noisy_darts_d_4 = Genotype(normal=[('sep_conv_3x3', 1), ('skip_connect', 0), ('skip_connect', 0), ('dil_conv_3x3', 2), ('sep_conv_3x3', 0), ('dil_conv_5x5', 3), ('dil_conv_5x5', 3), ('dil_conv_3x3', 4)], normal_concat=range(2, 6), reduce=[('max_pool_3x3', 0), ('dil_conv_5x5', 1), ('skip_connect', 2), ('avg_pool_3x3', 1), ('skip_connect', 2), ('skip_connect', 3), ('skip_connect', 2), ('avg_pool_3x3', 0)], reduce_concat=range(2, 6))`,
  },
  {
    name: 'noisy_darts_d_5',
    source: { ...NOISYDARTS, line: 112 },
    notes: [
      'Family comment above noisy_darts_d (applies to noisy_darts_d … noisy_darts_d_7): “Uniform, Additive, mu=0, sigma=0.1”.',
    ],
    textFormat: 'python',
    text: String.raw`noisy_darts_d_5 = Genotype(normal=[('skip_connect', 0), ('sep_conv_3x3', 1), ('sep_conv_3x3', 2), ('sep_conv_3x3', 1), ('dil_conv_3x3', 3), ('dil_conv_3x3', 2), ('dil_conv_3x3', 2), ('dil_conv_3x3', 3)], normal_concat=range(2, 6), reduce=[('avg_pool_3x3', 0), ('max_pool_3x3', 1), ('skip_connect', 2), ('max_pool_3x3', 0), ('skip_connect', 3), ('skip_connect', 2), ('skip_connect', 3), ('avg_pool_3x3', 0)], reduce_concat=range(2, 6))`,
  },
  {
    name: 'noisy_darts_d_6',
    source: { ...NOISYDARTS, line: 113 },
    notes: [
      'Family comment above noisy_darts_d (applies to noisy_darts_d … noisy_darts_d_7): “Uniform, Additive, mu=0, sigma=0.1”.',
    ],
    textFormat: 'python',
    text: String.raw`noisy_darts_d_6 = Genotype(normal=[('sep_conv_3x3', 0), ('sep_conv_3x3', 1), ('skip_connect', 2), ('dil_conv_3x3', 1), ('skip_connect', 2), ('sep_conv_3x3', 1), ('dil_conv_3x3', 4), ('dil_conv_5x5', 3)], normal_concat=range(2, 6), reduce=[('avg_pool_3x3', 0), ('skip_connect', 1), ('skip_connect', 2), ('avg_pool_3x3', 0), ('skip_connect', 3), ('skip_connect', 2), ('skip_connect', 2), ('skip_connect', 4)], reduce_concat=range(2, 6))`,
  },
  {
    name: 'noisy_darts_d_7',
    source: { ...NOISYDARTS, line: 114 },
    notes: [
      'Family comment above noisy_darts_d (applies to noisy_darts_d … noisy_darts_d_7): “Uniform, Additive, mu=0, sigma=0.1”.',
    ],
    textFormat: 'python',
    text: String.raw`noisy_darts_d_7 = Genotype(normal=[('sep_conv_3x3', 0), ('sep_conv_3x3', 1), ('dil_conv_3x3', 1), ('skip_connect', 0), ('skip_connect', 0), ('dil_conv_3x3', 1), ('dil_conv_5x5', 4), ('dil_conv_3x3', 1)], normal_concat=range(2, 6), reduce=[('skip_connect', 0), ('max_pool_3x3', 1), ('skip_connect', 2), ('max_pool_3x3', 1), ('skip_connect', 2), ('max_pool_3x3', 1), ('skip_connect', 2), ('sep_conv_3x3', 4)], reduce_concat=range(2, 6))`,
  },
  {
    name: 'noisy_darts_e',
    source: { ...NOISYDARTS, line: 117 },
    comments: ['Gaussian, Multiplicative, mu=0, sigma=0.2'],
    notes: [
      'Label mismatch: README calls e "Multiplicative, std=0.1", the search script uses --factor_skip 0.2 --noise_mean 1 (this comment says mu=0).',
    ],
    textFormat: 'python',
    text: String.raw`noisy_darts_e = Genotype(normal=[('sep_conv_3x3', 1), ('sep_conv_3x3', 0), ('sep_conv_5x5', 1), ('skip_connect', 0), ('dil_conv_3x3', 3), ('sep_conv_3x3', 0), ('dil_conv_5x5', 4), ('skip_connect', 2)], normal_concat=range(2, 6), reduce=[('max_pool_3x3', 0), ('max_pool_3x3', 1), ('skip_connect', 2), ('avg_pool_3x3', 0), ('skip_connect', 3), ('skip_connect', 2), ('skip_connect', 3), ('skip_connect', 2)], reduce_concat=range(2, 6))`,
  },
  {
    name: 'noisy_darts_e_1',
    source: { ...NOISYDARTS, line: 118 },
    notes: [
      'Family comment above noisy_darts_e (applies to noisy_darts_e … noisy_darts_e_7): “Gaussian, Multiplicative, mu=0, sigma=0.2”.',
    ],
    textFormat: 'python',
    text: String.raw`noisy_darts_e_1 = Genotype(normal=[('sep_conv_3x3', 1), ('skip_connect', 0), ('skip_connect', 0), ('sep_conv_3x3', 1), ('skip_connect', 0), ('dil_conv_5x5', 3), ('dil_conv_3x3', 3), ('dil_conv_5x5', 4)], normal_concat=range(2, 6), reduce=[('max_pool_3x3', 0), ('dil_conv_3x3', 1), ('skip_connect', 2), ('max_pool_3x3', 0), ('skip_connect', 2), ('skip_connect', 3), ('skip_connect', 4), ('skip_connect', 2)], reduce_concat=range(2, 6))`,
  },
  {
    name: 'noisy_darts_e_2',
    source: { ...NOISYDARTS, line: 119 },
    notes: [
      'Family comment above noisy_darts_e (applies to noisy_darts_e … noisy_darts_e_7): “Gaussian, Multiplicative, mu=0, sigma=0.2”.',
    ],
    textFormat: 'python',
    text: String.raw`noisy_darts_e_2 = Genotype(normal=[('sep_conv_3x3', 0), ('sep_conv_3x3', 1), ('sep_conv_3x3', 1), ('sep_conv_3x3', 2), ('dil_conv_5x5', 3), ('sep_conv_3x3', 1), ('dil_conv_5x5', 4), ('dil_conv_3x3', 3)], normal_concat=range(2, 6), reduce=[('avg_pool_3x3', 0), ('skip_connect', 1), ('avg_pool_3x3', 0), ('dil_conv_5x5', 2), ('skip_connect', 3), ('avg_pool_3x3', 0), ('skip_connect', 3), ('skip_connect', 2)], reduce_concat=range(2, 6))`,
  },
  {
    name: 'noisy_darts_e_3',
    source: { ...NOISYDARTS, line: 120 },
    notes: [
      'Family comment above noisy_darts_e (applies to noisy_darts_e … noisy_darts_e_7): “Gaussian, Multiplicative, mu=0, sigma=0.2”.',
    ],
    textFormat: 'python',
    text: String.raw`noisy_darts_e_3 = Genotype(normal=[('sep_conv_3x3', 1), ('sep_conv_3x3', 0), ('dil_conv_5x5', 1), ('sep_conv_3x3', 0), ('dil_conv_3x3', 3), ('skip_connect', 2), ('dil_conv_5x5', 3), ('dil_conv_5x5', 4)], normal_concat=range(2, 6), reduce=[('sep_conv_3x3', 0), ('sep_conv_3x3', 1), ('skip_connect', 2), ('max_pool_3x3', 0), ('skip_connect', 3), ('skip_connect', 2), ('skip_connect', 2), ('dil_conv_5x5', 4)], reduce_concat=range(2, 6))`,
  },
  {
    name: 'noisy_darts_e_4',
    source: { ...NOISYDARTS, line: 121 },
    notes: [
      'Family comment above noisy_darts_e (applies to noisy_darts_e … noisy_darts_e_7): “Gaussian, Multiplicative, mu=0, sigma=0.2”.',
    ],
    textFormat: 'python',
    text: String.raw`noisy_darts_e_4 = Genotype(normal=[('sep_conv_3x3', 0), ('sep_conv_3x3', 1), ('dil_conv_3x3', 1), ('dil_conv_5x5', 2), ('dil_conv_5x5', 2), ('skip_connect', 0), ('dil_conv_5x5', 4), ('dil_conv_5x5', 3)], normal_concat=range(2, 6), reduce=[('avg_pool_3x3', 0), ('max_pool_3x3', 1), ('avg_pool_3x3', 0), ('dil_conv_5x5', 2), ('avg_pool_3x3', 0), ('skip_connect', 2), ('skip_connect', 2), ('skip_connect', 3)], reduce_concat=range(2, 6))`,
  },
  {
    name: 'noisy_darts_e_5',
    source: { ...NOISYDARTS, line: 122 },
    notes: [
      'Family comment above noisy_darts_e (applies to noisy_darts_e … noisy_darts_e_7): “Gaussian, Multiplicative, mu=0, sigma=0.2”.',
    ],
    textFormat: 'python',
    text: String.raw`noisy_darts_e_5 = Genotype(normal=[('sep_conv_3x3', 1), ('skip_connect', 0), ('skip_connect', 0), ('skip_connect', 2), ('dil_conv_5x5', 3), ('skip_connect', 0), ('dil_conv_3x3', 4), ('dil_conv_3x3', 3)], normal_concat=range(2, 6), reduce=[('max_pool_3x3', 0), ('max_pool_3x3', 1), ('max_pool_3x3', 0), ('skip_connect', 2), ('max_pool_3x3', 0), ('skip_connect', 2), ('skip_connect', 2), ('skip_connect', 3)], reduce_concat=range(2, 6))`,
  },
  {
    name: 'noisy_darts_e_6',
    source: { ...NOISYDARTS, line: 123 },
    notes: [
      'Family comment above noisy_darts_e (applies to noisy_darts_e … noisy_darts_e_7): “Gaussian, Multiplicative, mu=0, sigma=0.2”.',
    ],
    textFormat: 'python',
    text: String.raw`noisy_darts_e_6 = Genotype(normal=[('sep_conv_3x3', 1), ('skip_connect', 0), ('skip_connect', 0), ('sep_conv_3x3', 2), ('dil_conv_5x5', 3), ('skip_connect', 1), ('dil_conv_3x3', 4), ('dil_conv_3x3', 3)], normal_concat=range(2, 6), reduce=[('max_pool_3x3', 0), ('avg_pool_3x3', 1), ('skip_connect', 2), ('max_pool_3x3', 0), ('skip_connect', 2), ('skip_connect', 3), ('skip_connect', 2), ('skip_connect', 4)], reduce_concat=range(2, 6))`,
  },
  {
    name: 'noisy_darts_e_7',
    source: { ...NOISYDARTS, line: 124 },
    notes: [
      'Family comment above noisy_darts_e (applies to noisy_darts_e … noisy_darts_e_7): “Gaussian, Multiplicative, mu=0, sigma=0.2”.',
    ],
    textFormat: 'python',
    text: String.raw`noisy_darts_e_7 = Genotype(normal=[('sep_conv_3x3', 0), ('sep_conv_3x3', 1), ('sep_conv_3x3', 1), ('skip_connect', 0), ('dil_conv_3x3', 3), ('sep_conv_3x3', 1), ('dil_conv_5x5', 4), ('dil_conv_3x3', 3)], normal_concat=range(2, 6), reduce=[('max_pool_3x3', 0), ('skip_connect', 1), ('skip_connect', 2), ('max_pool_3x3', 0), ('skip_connect', 3), ('skip_connect', 2), ('skip_connect', 2), ('skip_connect', 3)], reduce_concat=range(2, 6))`,
  },
  {
    name: 'noisy_darts_f',
    source: { ...NOISYDARTS, line: 128 },
    comments: ['Gaussian, Multiplicative, mu=0, sigma=0.1'],
    notes: [
      'Label mismatch: README calls f "Multiplicative, std=0.2", the search script uses --factor_skip 0.1 --noise_mean 1 (this comment says mu=0).',
    ],
    textFormat: 'python',
    text: String.raw`noisy_darts_f = Genotype(normal=[('sep_conv_3x3', 1), ('sep_conv_3x3', 0), ('skip_connect', 0), ('skip_connect', 2), ('skip_connect', 0), ('dil_conv_3x3', 2), ('dil_conv_3x3', 4), ('dil_conv_5x5', 3)], normal_concat=range(2, 6), reduce=[('max_pool_3x3', 1), ('max_pool_3x3', 0), ('skip_connect', 2), ('max_pool_3x3', 0), ('dil_conv_5x5', 3), ('skip_connect', 2), ('skip_connect', 2), ('skip_connect', 4)], reduce_concat=range(2, 6))`,
  },
  {
    name: 'noisy_darts_f_1',
    source: { ...NOISYDARTS, line: 129 },
    notes: [
      'Family comment above noisy_darts_f (applies to noisy_darts_f … noisy_darts_f_7): “Gaussian, Multiplicative, mu=0, sigma=0.1”.',
    ],
    textFormat: 'python',
    text: String.raw`noisy_darts_f_1 = Genotype(normal=[('sep_conv_3x3', 0), ('sep_conv_5x5', 1), ('dil_conv_3x3', 1), ('dil_conv_3x3', 2), ('dil_conv_5x5', 2), ('sep_conv_3x3', 0), ('dil_conv_3x3', 3), ('dil_conv_3x3', 4)], normal_concat=range(2, 6), reduce=[('max_pool_3x3', 0), ('max_pool_3x3', 1), ('skip_connect', 2), ('max_pool_3x3', 0), ('skip_connect', 3), ('skip_connect', 2), ('skip_connect', 3), ('skip_connect', 2)], reduce_concat=range(2, 6))`,
  },
  {
    name: 'noisy_darts_f_2',
    source: { ...NOISYDARTS, line: 130 },
    notes: [
      'Family comment above noisy_darts_f (applies to noisy_darts_f … noisy_darts_f_7): “Gaussian, Multiplicative, mu=0, sigma=0.1”.',
    ],
    textFormat: 'python',
    text: String.raw`noisy_darts_f_2 = Genotype(normal=[('sep_conv_3x3', 1), ('skip_connect', 0), ('skip_connect', 0), ('skip_connect', 2), ('dil_conv_5x5', 3), ('sep_conv_3x3', 0), ('dil_conv_3x3', 3), ('dil_conv_3x3', 4)], normal_concat=range(2, 6), reduce=[('avg_pool_3x3', 0), ('skip_connect', 1), ('avg_pool_3x3', 0), ('sep_conv_3x3', 2), ('dil_conv_5x5', 3), ('avg_pool_3x3', 0), ('skip_connect', 4), ('skip_connect', 3)], reduce_concat=range(2, 6))`,
  },
  {
    name: 'noisy_darts_f_3',
    source: { ...NOISYDARTS, line: 131 },
    notes: [
      'Family comment above noisy_darts_f (applies to noisy_darts_f … noisy_darts_f_7): “Gaussian, Multiplicative, mu=0, sigma=0.1”.',
    ],
    textFormat: 'python',
    text: String.raw`noisy_darts_f_3 = Genotype(normal=[('sep_conv_3x3', 1), ('skip_connect', 0), ('skip_connect', 0), ('skip_connect', 2), ('dil_conv_3x3', 2), ('dil_conv_5x5', 3), ('dil_conv_3x3', 4), ('dil_conv_5x5', 3)], normal_concat=range(2, 6), reduce=[('avg_pool_3x3', 0), ('avg_pool_3x3', 1), ('skip_connect', 2), ('avg_pool_3x3', 0), ('skip_connect', 2), ('dil_conv_5x5', 3), ('skip_connect', 2), ('skip_connect', 4)], reduce_concat=range(2, 6))`,
  },
  {
    name: 'noisy_darts_f_4',
    source: { ...NOISYDARTS, line: 132 },
    notes: [
      'Family comment above noisy_darts_f (applies to noisy_darts_f … noisy_darts_f_7): “Gaussian, Multiplicative, mu=0, sigma=0.1”.',
    ],
    textFormat: 'python',
    text: String.raw`noisy_darts_f_4 = Genotype(normal=[('sep_conv_3x3', 0), ('dil_conv_5x5', 1), ('skip_connect', 2), ('skip_connect', 0), ('dil_conv_3x3', 3), ('dil_conv_5x5', 1), ('dil_conv_3x3', 3), ('dil_conv_5x5', 4)], normal_concat=range(2, 6), reduce=[('max_pool_3x3', 0), ('max_pool_3x3', 1), ('max_pool_3x3', 0), ('avg_pool_3x3', 1), ('skip_connect', 2), ('skip_connect', 3), ('skip_connect', 3), ('skip_connect', 2)], reduce_concat=range(2, 6))`,
  },
  {
    name: 'noisy_darts_f_5',
    source: { ...NOISYDARTS, line: 133 },
    notes: [
      'Family comment above noisy_darts_f (applies to noisy_darts_f … noisy_darts_f_7): “Gaussian, Multiplicative, mu=0, sigma=0.1”.',
    ],
    textFormat: 'python',
    text: String.raw`noisy_darts_f_5 = Genotype(normal=[('sep_conv_3x3', 1), ('skip_connect', 0), ('skip_connect', 0), ('sep_conv_3x3', 1), ('skip_connect', 0), ('dil_conv_3x3', 2), ('dil_conv_5x5', 3), ('dil_conv_3x3', 4)], normal_concat=range(2, 6), reduce=[('max_pool_3x3', 0), ('max_pool_3x3', 1), ('skip_connect', 2), ('max_pool_3x3', 1), ('skip_connect', 2), ('max_pool_3x3', 0), ('skip_connect', 2), ('skip_connect', 4)], reduce_concat=range(2, 6))`,
  },
  {
    name: 'noisy_darts_f_6',
    source: { ...NOISYDARTS, line: 134 },
    notes: [
      'Family comment above noisy_darts_f (applies to noisy_darts_f … noisy_darts_f_7): “Gaussian, Multiplicative, mu=0, sigma=0.1”.',
    ],
    textFormat: 'python',
    text: String.raw`noisy_darts_f_6 = Genotype(normal=[('sep_conv_3x3', 0), ('sep_conv_5x5', 1), ('dil_conv_5x5', 2), ('sep_conv_3x3', 0), ('dil_conv_3x3', 3), ('dil_conv_3x3', 2), ('dil_conv_3x3', 4), ('sep_conv_3x3', 0)], normal_concat=range(2, 6), reduce=[('sep_conv_3x3', 0), ('skip_connect', 1), ('skip_connect', 2), ('max_pool_3x3', 0), ('max_pool_3x3', 0), ('skip_connect', 2), ('skip_connect', 2), ('skip_connect', 3)], reduce_concat=range(2, 6))`,
  },
  {
    name: 'noisy_darts_f_7',
    source: { ...NOISYDARTS, line: 135 },
    notes: [
      'Family comment above noisy_darts_f (applies to noisy_darts_f … noisy_darts_f_7): “Gaussian, Multiplicative, mu=0, sigma=0.1”.',
    ],
    textFormat: 'python',
    text: String.raw`noisy_darts_f_7 = Genotype(normal=[('dil_conv_3x3', 1), ('sep_conv_3x3', 0), ('skip_connect', 0), ('dil_conv_3x3', 2), ('sep_conv_3x3', 1), ('dil_conv_3x3', 3), ('dil_conv_3x3', 4), ('dil_conv_3x3', 3)], normal_concat=range(2, 6), reduce=[('max_pool_3x3', 0), ('sep_conv_3x3', 1), ('avg_pool_3x3', 0), ('skip_connect', 2), ('dil_conv_3x3', 3), ('skip_connect', 2), ('skip_connect', 2), ('skip_connect', 3)], reduce_concat=range(2, 6))`,
  },
  {
    name: 'noisy_darts_g',
    source: { ...NOISYDARTS, line: 138 },
    comments: ['Gaussian, Additive, mu=0.5, sigma=0.2'],
    notes: [
      'The search script also passes --noise_decay for this family; the README does not mention it.',
    ],
    textFormat: 'python',
    text: String.raw`noisy_darts_g = Genotype(normal=[('sep_conv_3x3', 0), ('sep_conv_3x3', 1), ('sep_conv_3x3', 1), ('skip_connect', 0), ('dil_conv_5x5', 3), ('dil_conv_5x5', 2), ('dil_conv_5x5', 4), ('dil_conv_3x3', 1)], normal_concat=range(2, 6), reduce=[('avg_pool_3x3', 0), ('skip_connect', 1), ('avg_pool_3x3', 0), ('skip_connect', 2), ('avg_pool_3x3', 0), ('dil_conv_3x3', 3), ('dil_conv_5x5', 4), ('avg_pool_3x3', 0)], reduce_concat=range(2, 6))`,
  },
  {
    name: 'noisy_darts_g_1',
    source: { ...NOISYDARTS, line: 139 },
    notes: [
      'Family comment above noisy_darts_g (applies to noisy_darts_g … noisy_darts_g_7): “Gaussian, Additive, mu=0.5, sigma=0.2”.',
    ],
    textFormat: 'python',
    text: String.raw`noisy_darts_g_1 = Genotype(normal=[('sep_conv_3x3', 1), ('skip_connect', 0), ('dil_conv_3x3', 2), ('skip_connect', 0), ('dil_conv_5x5', 3), ('dil_conv_3x3', 2), ('dil_conv_3x3', 4), ('dil_conv_3x3', 3)], normal_concat=range(2, 6), reduce=[('avg_pool_3x3', 1), ('avg_pool_3x3', 0), ('avg_pool_3x3', 1), ('avg_pool_3x3', 0), ('avg_pool_3x3', 1), ('avg_pool_3x3', 0), ('dil_conv_5x5', 4), ('avg_pool_3x3', 0)], reduce_concat=range(2, 6))`,
  },
  {
    name: 'noisy_darts_g_2',
    source: { ...NOISYDARTS, line: 140 },
    notes: [
      'Family comment above noisy_darts_g (applies to noisy_darts_g … noisy_darts_g_7): “Gaussian, Additive, mu=0.5, sigma=0.2”.',
    ],
    textFormat: 'python',
    text: String.raw`noisy_darts_g_2 = Genotype(normal=[('sep_conv_5x5', 1), ('skip_connect', 0), ('dil_conv_3x3', 2), ('sep_conv_3x3', 1), ('dil_conv_5x5', 2), ('dil_conv_5x5', 3), ('dil_conv_3x3', 4), ('dil_conv_5x5', 3)], normal_concat=range(2, 6), reduce=[('avg_pool_3x3', 0), ('avg_pool_3x3', 1), ('max_pool_3x3', 0), ('dil_conv_5x5', 2), ('skip_connect', 2), ('avg_pool_3x3', 0), ('avg_pool_3x3', 0), ('skip_connect', 2)], reduce_concat=range(2, 6))`,
  },
  {
    name: 'noisy_darts_g_3',
    source: { ...NOISYDARTS, line: 141 },
    notes: [
      'Family comment above noisy_darts_g (applies to noisy_darts_g … noisy_darts_g_7): “Gaussian, Additive, mu=0.5, sigma=0.2”.',
    ],
    textFormat: 'python',
    text: String.raw`noisy_darts_g_3 = Genotype(normal=[('sep_conv_3x3', 1), ('skip_connect', 0), ('skip_connect', 0), ('dil_conv_3x3', 2), ('dil_conv_5x5', 3), ('dil_conv_3x3', 2), ('dil_conv_5x5', 3), ('dil_conv_5x5', 4)], normal_concat=range(2, 6), reduce=[('max_pool_3x3', 0), ('avg_pool_3x3', 1), ('max_pool_3x3', 0), ('skip_connect', 2), ('skip_connect', 2), ('avg_pool_3x3', 0), ('skip_connect', 2), ('skip_connect', 4)], reduce_concat=range(2, 6))`,
  },
  {
    name: 'noisy_darts_g_4',
    source: { ...NOISYDARTS, line: 142 },
    notes: [
      'Family comment above noisy_darts_g (applies to noisy_darts_g … noisy_darts_g_7): “Gaussian, Additive, mu=0.5, sigma=0.2”.',
    ],
    textFormat: 'python',
    text: String.raw`noisy_darts_g_4 = Genotype(normal=[('sep_conv_3x3', 1), ('sep_conv_3x3', 0), ('skip_connect', 0), ('dil_conv_3x3', 1), ('dil_conv_5x5', 3), ('dil_conv_5x5', 1), ('dil_conv_5x5', 4), ('dil_conv_3x3', 3)], normal_concat=range(2, 6), reduce=[('avg_pool_3x3', 0), ('avg_pool_3x3', 1), ('skip_connect', 2), ('avg_pool_3x3', 0), ('skip_connect', 2), ('avg_pool_3x3', 0), ('skip_connect', 2), ('avg_pool_3x3', 1)], reduce_concat=range(2, 6))`,
  },
  {
    name: 'noisy_darts_g_5',
    source: { ...NOISYDARTS, line: 143 },
    notes: [
      'Family comment above noisy_darts_g (applies to noisy_darts_g … noisy_darts_g_7): “Gaussian, Additive, mu=0.5, sigma=0.2”.',
    ],
    textFormat: 'python',
    text: String.raw`noisy_darts_g_5 = Genotype(normal=[('sep_conv_3x3', 1), ('sep_conv_3x3', 0), ('skip_connect', 0), ('dil_conv_5x5', 2), ('dil_conv_3x3', 3), ('sep_conv_3x3', 0), ('dil_conv_3x3', 4), ('dil_conv_3x3', 3)], normal_concat=range(2, 6), reduce=[('avg_pool_3x3', 0), ('avg_pool_3x3', 1), ('skip_connect', 2), ('avg_pool_3x3', 0), ('skip_connect', 2), ('dil_conv_5x5', 3), ('skip_connect', 4), ('avg_pool_3x3', 0)], reduce_concat=range(2, 6))`,
  },
  {
    name: 'noisy_darts_g_6',
    source: { ...NOISYDARTS, line: 144 },
    notes: [
      'Family comment above noisy_darts_g (applies to noisy_darts_g … noisy_darts_g_7): “Gaussian, Additive, mu=0.5, sigma=0.2”.',
    ],
    textFormat: 'python',
    text: String.raw`noisy_darts_g_6 = Genotype(normal=[('sep_conv_3x3', 0), ('sep_conv_3x3', 1), ('dil_conv_3x3', 2), ('sep_conv_3x3', 0), ('dil_conv_3x3', 3), ('dil_conv_3x3', 2), ('dil_conv_3x3', 4), ('dil_conv_3x3', 2)], normal_concat=range(2, 6), reduce=[('max_pool_3x3', 0), ('max_pool_3x3', 1), ('max_pool_3x3', 0), ('skip_connect', 2), ('skip_connect', 2), ('skip_connect', 3), ('dil_conv_5x5', 2), ('dil_conv_3x3', 4)], reduce_concat=range(2, 6))`,
  },
  {
    name: 'noisy_darts_g_7',
    source: { ...NOISYDARTS, line: 145 },
    notes: [
      'Family comment above noisy_darts_g (applies to noisy_darts_g … noisy_darts_g_7): “Gaussian, Additive, mu=0.5, sigma=0.2”.',
    ],
    textFormat: 'python',
    text: String.raw`noisy_darts_g_7 = Genotype(normal=[('sep_conv_3x3', 1), ('sep_conv_3x3', 0), ('dil_conv_3x3', 2), ('skip_connect', 0), ('dil_conv_3x3', 3), ('dil_conv_3x3', 2), ('dil_conv_3x3', 4), ('dil_conv_3x3', 2)], normal_concat=range(2, 6), reduce=[('max_pool_3x3', 0), ('dil_conv_3x3', 1), ('max_pool_3x3', 0), ('skip_connect', 2), ('max_pool_3x3', 0), ('skip_connect', 3), ('avg_pool_3x3', 0), ('dil_conv_5x5', 4)], reduce_concat=range(2, 6))`,
  },
  {
    name: 'noisy_darts_h',
    source: { ...NOISYDARTS, line: 148 },
    comments: ['Gaussian, Additive, mu=1.0, sigma=0.2'],
    notes: [
      'The search script also passes --noise_decay for this family; the README does not mention it.',
    ],
    textFormat: 'python',
    text: String.raw`noisy_darts_h = Genotype(normal=[('sep_conv_3x3', 1), ('skip_connect', 0), ('dil_conv_5x5', 2), ('sep_conv_3x3', 1), ('dil_conv_3x3', 3), ('dil_conv_3x3', 2), ('dil_conv_3x3', 4), ('dil_conv_5x5', 3)], normal_concat=range(2, 6), reduce=[('max_pool_3x3', 0), ('max_pool_3x3', 1), ('max_pool_3x3', 0), ('max_pool_3x3', 1), ('dil_conv_5x5', 3), ('max_pool_3x3', 0), ('dil_conv_5x5', 3), ('avg_pool_3x3', 0)], reduce_concat=range(2, 6))`,
  },
  {
    name: 'noisy_darts_h_1',
    source: { ...NOISYDARTS, line: 149 },
    notes: [
      'Family comment above noisy_darts_h (applies to noisy_darts_h … noisy_darts_h_7): “Gaussian, Additive, mu=1.0, sigma=0.2”.',
    ],
    textFormat: 'python',
    text: String.raw`noisy_darts_h_1 = Genotype(normal=[('sep_conv_3x3', 1), ('sep_conv_3x3', 0), ('sep_conv_5x5', 1), ('dil_conv_5x5', 2), ('dil_conv_5x5', 3), ('dil_conv_3x3', 1), ('dil_conv_3x3', 4), ('dil_conv_3x3', 2)], normal_concat=range(2, 6), reduce=[('max_pool_3x3', 0), ('max_pool_3x3', 1), ('avg_pool_3x3', 1), ('max_pool_3x3', 0), ('max_pool_3x3', 0), ('skip_connect', 2), ('skip_connect', 3), ('avg_pool_3x3', 1)], reduce_concat=range(2, 6))`,
  },
  {
    name: 'noisy_darts_h_2',
    source: { ...NOISYDARTS, line: 150 },
    notes: [
      'Family comment above noisy_darts_h (applies to noisy_darts_h … noisy_darts_h_7): “Gaussian, Additive, mu=1.0, sigma=0.2”.',
    ],
    textFormat: 'python',
    text: String.raw`noisy_darts_h_2 = Genotype(normal=[('sep_conv_3x3', 1), ('skip_connect', 0), ('skip_connect', 0), ('dil_conv_3x3', 1), ('dil_conv_5x5', 3), ('dil_conv_3x3', 1), ('dil_conv_3x3', 3), ('dil_conv_5x5', 2)], normal_concat=range(2, 6), reduce=[('max_pool_3x3', 0), ('sep_conv_3x3', 1), ('skip_connect', 2), ('max_pool_3x3', 0), ('dil_conv_5x5', 3), ('skip_connect', 2), ('skip_connect', 4), ('skip_connect', 2)], reduce_concat=range(2, 6))`,
  },
  {
    name: 'noisy_darts_h_3',
    source: { ...NOISYDARTS, line: 151 },
    notes: [
      'Family comment above noisy_darts_h (applies to noisy_darts_h … noisy_darts_h_7): “Gaussian, Additive, mu=1.0, sigma=0.2”.',
    ],
    textFormat: 'python',
    text: String.raw`noisy_darts_h_3 = Genotype(normal=[('sep_conv_3x3', 0), ('sep_conv_3x3', 1), ('dil_conv_5x5', 2), ('sep_conv_3x3', 0), ('dil_conv_5x5', 3), ('dil_conv_3x3', 2), ('dil_conv_5x5', 4), ('dil_conv_5x5', 3)], normal_concat=range(2, 6), reduce=[('max_pool_3x3', 1), ('avg_pool_3x3', 0), ('avg_pool_3x3', 1), ('avg_pool_3x3', 0), ('avg_pool_3x3', 1), ('skip_connect', 2), ('avg_pool_3x3', 1), ('avg_pool_3x3', 0)], reduce_concat=range(2, 6))`,
  },
  {
    name: 'noisy_darts_h_4',
    source: { ...NOISYDARTS, line: 152 },
    notes: [
      'Family comment above noisy_darts_h (applies to noisy_darts_h … noisy_darts_h_7): “Gaussian, Additive, mu=1.0, sigma=0.2”.',
    ],
    textFormat: 'python',
    text: String.raw`noisy_darts_h_4 = Genotype(normal=[('sep_conv_5x5', 1), ('skip_connect', 0), ('skip_connect', 0), ('skip_connect', 2), ('dil_conv_5x5', 3), ('dil_conv_3x3', 2), ('dil_conv_3x3', 4), ('dil_conv_5x5', 3)], normal_concat=range(2, 6), reduce=[('avg_pool_3x3', 0), ('dil_conv_3x3', 1), ('avg_pool_3x3', 0), ('dil_conv_5x5', 2), ('skip_connect', 2), ('skip_connect', 3), ('skip_connect', 2), ('skip_connect', 3)], reduce_concat=range(2, 6))`,
  },
  {
    name: 'noisy_darts_h_5',
    source: { ...NOISYDARTS, line: 153 },
    notes: [
      'Family comment above noisy_darts_h (applies to noisy_darts_h … noisy_darts_h_7): “Gaussian, Additive, mu=1.0, sigma=0.2”.',
    ],
    textFormat: 'python',
    text: String.raw`noisy_darts_h_5 = Genotype(normal=[('dil_conv_5x5', 1), ('sep_conv_3x3', 0), ('dil_conv_5x5', 2), ('dil_conv_5x5', 1), ('dil_conv_5x5', 3), ('dil_conv_5x5', 2), ('dil_conv_5x5', 4), ('dil_conv_5x5', 3)], normal_concat=range(2, 6), reduce=[('skip_connect', 0), ('dil_conv_3x3', 1), ('skip_connect', 2), ('skip_connect', 0), ('skip_connect', 2), ('skip_connect', 3), ('skip_connect', 3), ('avg_pool_3x3', 1)], reduce_concat=range(2, 6))`,
  },
  {
    name: 'noisy_darts_h_6',
    source: { ...NOISYDARTS, line: 154 },
    notes: [
      'Family comment above noisy_darts_h (applies to noisy_darts_h … noisy_darts_h_7): “Gaussian, Additive, mu=1.0, sigma=0.2”.',
    ],
    textFormat: 'python',
    text: String.raw`noisy_darts_h_6 = Genotype(normal=[('sep_conv_3x3', 1), ('skip_connect', 0), ('dil_conv_3x3', 1), ('dil_conv_5x5', 2), ('dil_conv_5x5', 3), ('dil_conv_5x5', 2), ('dil_conv_3x3', 4), ('dil_conv_3x3', 3)], normal_concat=range(2, 6), reduce=[('max_pool_3x3', 1), ('sep_conv_3x3', 0), ('max_pool_3x3', 1), ('skip_connect', 2), ('skip_connect', 2), ('dil_conv_5x5', 3), ('skip_connect', 3), ('skip_connect', 2)], reduce_concat=range(2, 6))`,
  },
  {
    name: 'noisy_darts_h_7',
    source: { ...NOISYDARTS, line: 155 },
    notes: [
      'Family comment above noisy_darts_h (applies to noisy_darts_h … noisy_darts_h_7): “Gaussian, Additive, mu=1.0, sigma=0.2”.',
    ],
    textFormat: 'python',
    text: String.raw`noisy_darts_h_7 = Genotype(normal=[('dil_conv_5x5', 1), ('skip_connect', 0), ('dil_conv_3x3', 2), ('sep_conv_5x5', 1), ('dil_conv_3x3', 3), ('dil_conv_3x3', 1), ('dil_conv_5x5', 4), ('dil_conv_3x3', 3)], normal_concat=range(2, 6), reduce=[('max_pool_3x3', 0), ('max_pool_3x3', 1), ('max_pool_3x3', 0), ('max_pool_3x3', 1), ('dil_conv_5x5', 3), ('max_pool_3x3', 1), ('dil_conv_3x3', 4), ('avg_pool_3x3', 1)], reduce_concat=range(2, 6))`,
  },
  {
    name: 'noisy_darts_i',
    source: { ...NOISYDARTS, line: 158 },
    comments: ['Gaussian, Additive, mu=0.5, sigma=0.1'],
    notes: [
      'The search script also passes --noise_decay for this family; the README does not mention it.',
    ],
    textFormat: 'python',
    text: String.raw`noisy_darts_i = Genotype(normal=[('sep_conv_3x3', 0), ('sep_conv_3x3', 1), ('skip_connect', 0), ('dil_conv_3x3', 2), ('dil_conv_5x5', 3), ('dil_conv_3x3', 2), ('dil_conv_3x3', 4), ('dil_conv_3x3', 3)], normal_concat=range(2, 6), reduce=[('max_pool_3x3', 1), ('skip_connect', 0), ('skip_connect', 2), ('avg_pool_3x3', 1), ('skip_connect', 2), ('avg_pool_3x3', 1), ('dil_conv_5x5', 3), ('skip_connect', 4)], reduce_concat=range(2, 6))`,
  },
  {
    name: 'noisy_darts_i_1',
    source: { ...NOISYDARTS, line: 159 },
    notes: [
      'Family comment above noisy_darts_i (applies to noisy_darts_i … noisy_darts_i_7): “Gaussian, Additive, mu=0.5, sigma=0.1”.',
    ],
    textFormat: 'python',
    text: String.raw`noisy_darts_i_1 = Genotype(normal=[('sep_conv_3x3', 1), ('skip_connect', 0), ('skip_connect', 0), ('dil_conv_3x3', 2), ('dil_conv_5x5', 3), ('skip_connect', 0), ('dil_conv_5x5', 3), ('dil_conv_3x3', 4)], normal_concat=range(2, 6), reduce=[('avg_pool_3x3', 0), ('skip_connect', 1), ('avg_pool_3x3', 0), ('avg_pool_3x3', 1), ('avg_pool_3x3', 0), ('avg_pool_3x3', 1), ('avg_pool_3x3', 0), ('avg_pool_3x3', 1)], reduce_concat=range(2, 6))`,
  },
  {
    name: 'noisy_darts_i_2',
    source: { ...NOISYDARTS, line: 160 },
    notes: [
      'Family comment above noisy_darts_i (applies to noisy_darts_i … noisy_darts_i_7): “Gaussian, Additive, mu=0.5, sigma=0.1”.',
    ],
    textFormat: 'python',
    text: String.raw`noisy_darts_i_2 = Genotype(normal=[('sep_conv_3x3', 0), ('sep_conv_3x3', 1), ('skip_connect', 0), ('sep_conv_5x5', 1), ('dil_conv_5x5', 3), ('dil_conv_3x3', 2), ('dil_conv_3x3', 3), ('dil_conv_3x3', 2)], normal_concat=range(2, 6), reduce=[('avg_pool_3x3', 0), ('avg_pool_3x3', 1), ('skip_connect', 2), ('avg_pool_3x3', 0), ('avg_pool_3x3', 0), ('skip_connect', 2), ('skip_connect', 3), ('skip_connect', 2)], reduce_concat=range(2, 6))`,
  },
  {
    name: 'noisy_darts_i_3',
    source: { ...NOISYDARTS, line: 161 },
    notes: [
      'Family comment above noisy_darts_i (applies to noisy_darts_i … noisy_darts_i_7): “Gaussian, Additive, mu=0.5, sigma=0.1”.',
    ],
    textFormat: 'python',
    text: String.raw`noisy_darts_i_3 = Genotype(normal=[('sep_conv_3x3', 0), ('dil_conv_5x5', 1), ('dil_conv_3x3', 2), ('skip_connect', 0), ('dil_conv_3x3', 2), ('dil_conv_5x5', 3), ('dil_conv_5x5', 4), ('dil_conv_3x3', 3)], normal_concat=range(2, 6), reduce=[('max_pool_3x3', 0), ('dil_conv_3x3', 1), ('skip_connect', 2), ('skip_connect', 1), ('skip_connect', 2), ('skip_connect', 3), ('skip_connect', 2), ('skip_connect', 3)], reduce_concat=range(2, 6))`,
  },
  {
    name: 'noisy_darts_i_4',
    source: { ...NOISYDARTS, line: 162 },
    notes: [
      'Family comment above noisy_darts_i (applies to noisy_darts_i … noisy_darts_i_7): “Gaussian, Additive, mu=0.5, sigma=0.1”.',
    ],
    textFormat: 'python',
    text: String.raw`noisy_darts_i_4 = Genotype(normal=[('sep_conv_3x3', 1), ('sep_conv_3x3', 0), ('sep_conv_3x3', 0), ('sep_conv_3x3', 2), ('dil_conv_5x5', 3), ('dil_conv_3x3', 1), ('dil_conv_5x5', 3), ('dil_conv_5x5', 4)], normal_concat=range(2, 6), reduce=[('max_pool_3x3', 0), ('sep_conv_3x3', 1), ('skip_connect', 2), ('max_pool_3x3', 0), ('skip_connect', 3), ('avg_pool_3x3', 0), ('skip_connect', 2), ('avg_pool_3x3', 0)], reduce_concat=range(2, 6))`,
  },
  {
    name: 'noisy_darts_i_5',
    source: { ...NOISYDARTS, line: 163 },
    notes: [
      'Family comment above noisy_darts_i (applies to noisy_darts_i … noisy_darts_i_7): “Gaussian, Additive, mu=0.5, sigma=0.1”.',
    ],
    textFormat: 'python',
    text: String.raw`noisy_darts_i_5 = Genotype(normal=[('sep_conv_3x3', 0), ('dil_conv_5x5', 1), ('dil_conv_5x5', 1), ('dil_conv_3x3', 2), ('dil_conv_3x3', 3), ('dil_conv_3x3', 2), ('dil_conv_3x3', 3), ('dil_conv_5x5', 4)], normal_concat=range(2, 6), reduce=[('max_pool_3x3', 0), ('max_pool_3x3', 1), ('skip_connect', 2), ('max_pool_3x3', 0), ('skip_connect', 2), ('avg_pool_3x3', 1), ('dil_conv_3x3', 3), ('avg_pool_3x3', 0)], reduce_concat=range(2, 6))`,
  },
  {
    name: 'noisy_darts_i_6',
    source: { ...NOISYDARTS, line: 164 },
    notes: [
      'Family comment above noisy_darts_i (applies to noisy_darts_i … noisy_darts_i_7): “Gaussian, Additive, mu=0.5, sigma=0.1”.',
    ],
    textFormat: 'python',
    text: String.raw`noisy_darts_i_6 = Genotype(normal=[('sep_conv_3x3', 1), ('skip_connect', 0), ('sep_conv_3x3', 0), ('sep_conv_3x3', 1), ('dil_conv_3x3', 3), ('dil_conv_3x3', 2), ('dil_conv_3x3', 4), ('dil_conv_3x3', 2)], normal_concat=range(2, 6), reduce=[('avg_pool_3x3', 0), ('avg_pool_3x3', 1), ('skip_connect', 2), ('avg_pool_3x3', 1), ('skip_connect', 2), ('skip_connect', 3), ('dil_conv_3x3', 2), ('dil_conv_3x3', 4)], reduce_concat=range(2, 6))`,
  },
  {
    name: 'noisy_darts_i_7',
    source: { ...NOISYDARTS, line: 165 },
    notes: [
      'Family comment above noisy_darts_i (applies to noisy_darts_i … noisy_darts_i_7): “Gaussian, Additive, mu=0.5, sigma=0.1”.',
    ],
    textFormat: 'python',
    text: String.raw`noisy_darts_i_7 = Genotype(normal=[('sep_conv_3x3', 1), ('sep_conv_3x3', 0), ('sep_conv_3x3', 1), ('sep_conv_3x3', 2), ('dil_conv_5x5', 3), ('dil_conv_5x5', 2), ('dil_conv_3x3', 4), ('dil_conv_5x5', 3)], normal_concat=range(2, 6), reduce=[('avg_pool_3x3', 0), ('skip_connect', 1), ('skip_connect', 2), ('avg_pool_3x3', 0), ('skip_connect', 2), ('skip_connect', 3), ('skip_connect', 2), ('skip_connect', 3)], reduce_concat=range(2, 6))`,
  },
  {
    name: 'noisy_darts_j',
    source: { ...NOISYDARTS, line: 168 },
    comments: ['Gaussian, Additive, mu=1.0, sigma=0.1'],
    notes: [
      'The search script also passes --noise_decay for this family; the README does not mention it.',
    ],
    textFormat: 'python',
    text: String.raw`noisy_darts_j = Genotype(normal=[('sep_conv_3x3', 0), ('sep_conv_3x3', 1), ('skip_connect', 1), ('skip_connect', 0), ('dil_conv_3x3', 3), ('dil_conv_5x5', 2), ('dil_conv_5x5', 4), ('dil_conv_3x3', 3)], normal_concat=range(2, 6), reduce=[('max_pool_3x3', 0), ('sep_conv_3x3', 1), ('max_pool_3x3', 0), ('dil_conv_5x5', 2), ('skip_connect', 3), ('skip_connect', 2), ('skip_connect', 3), ('skip_connect', 4)], reduce_concat=range(2, 6))`,
  },
  {
    name: 'noisy_darts_j_1',
    source: { ...NOISYDARTS, line: 169 },
    notes: [
      'Family comment above noisy_darts_j (applies to noisy_darts_j … noisy_darts_j_7): “Gaussian, Additive, mu=1.0, sigma=0.1”.',
    ],
    textFormat: 'python',
    text: String.raw`noisy_darts_j_1 = Genotype(normal=[('sep_conv_3x3', 0), ('sep_conv_5x5', 1), ('dil_conv_3x3', 2), ('dil_conv_3x3', 0), ('dil_conv_5x5', 3), ('dil_conv_5x5', 2), ('dil_conv_3x3', 4), ('dil_conv_3x3', 3)], normal_concat=range(2, 6), reduce=[('max_pool_3x3', 0), ('avg_pool_3x3', 1), ('skip_connect', 2), ('avg_pool_3x3', 0), ('skip_connect', 3), ('skip_connect', 2), ('dil_conv_5x5', 4), ('skip_connect', 3)], reduce_concat=range(2, 6))`,
  },
  {
    name: 'noisy_darts_j_2',
    source: { ...NOISYDARTS, line: 170 },
    notes: [
      'Family comment above noisy_darts_j (applies to noisy_darts_j … noisy_darts_j_7): “Gaussian, Additive, mu=1.0, sigma=0.1”.',
    ],
    textFormat: 'python',
    text: String.raw`noisy_darts_j_2 = Genotype(normal=[('sep_conv_3x3', 0), ('dil_conv_5x5', 1), ('skip_connect', 0), ('dil_conv_5x5', 2), ('dil_conv_5x5', 3), ('dil_conv_5x5', 1), ('dil_conv_3x3', 3), ('dil_conv_3x3', 4)], normal_concat=range(2, 6), reduce=[('max_pool_3x3', 0), ('avg_pool_3x3', 1), ('skip_connect', 2), ('avg_pool_3x3', 1), ('skip_connect', 3), ('skip_connect', 2), ('skip_connect', 3), ('skip_connect', 4)], reduce_concat=range(2, 6))`,
  },
  {
    name: 'noisy_darts_j_3',
    source: { ...NOISYDARTS, line: 171 },
    notes: [
      'Family comment above noisy_darts_j (applies to noisy_darts_j … noisy_darts_j_7): “Gaussian, Additive, mu=1.0, sigma=0.1”.',
    ],
    textFormat: 'python',
    text: String.raw`noisy_darts_j_3 = Genotype(normal=[('sep_conv_5x5', 1), ('sep_conv_3x3', 0), ('dil_conv_5x5', 2), ('sep_conv_3x3', 0), ('dil_conv_5x5', 3), ('dil_conv_3x3', 2), ('dil_conv_5x5', 3), ('dil_conv_5x5', 4)], normal_concat=range(2, 6), reduce=[('max_pool_3x3', 0), ('avg_pool_3x3', 1), ('avg_pool_3x3', 1), ('max_pool_3x3', 0), ('skip_connect', 2), ('max_pool_3x3', 0), ('avg_pool_3x3', 1), ('skip_connect', 2)], reduce_concat=range(2, 6))`,
  },
  {
    name: 'noisy_darts_j_4',
    source: { ...NOISYDARTS, line: 172 },
    notes: [
      'Family comment above noisy_darts_j (applies to noisy_darts_j … noisy_darts_j_7): “Gaussian, Additive, mu=1.0, sigma=0.1”.',
    ],
    textFormat: 'python',
    text: String.raw`noisy_darts_j_4 = Genotype(normal=[('sep_conv_3x3', 0), ('dil_conv_5x5', 1), ('dil_conv_3x3', 2), ('skip_connect', 0), ('dil_conv_3x3', 3), ('dil_conv_5x5', 2), ('dil_conv_5x5', 4), ('dil_conv_3x3', 3)], normal_concat=range(2, 6), reduce=[('max_pool_3x3', 0), ('skip_connect', 1), ('max_pool_3x3', 0), ('skip_connect', 2), ('max_pool_3x3', 0), ('dil_conv_5x5', 2), ('dil_conv_5x5', 4), ('skip_connect', 3)], reduce_concat=range(2, 6))`,
  },
  {
    name: 'noisy_darts_j_5',
    source: { ...NOISYDARTS, line: 173 },
    notes: [
      'Family comment above noisy_darts_j (applies to noisy_darts_j … noisy_darts_j_7): “Gaussian, Additive, mu=1.0, sigma=0.1”.',
    ],
    textFormat: 'python',
    text: String.raw`noisy_darts_j_5 = Genotype(normal=[('sep_conv_3x3', 0), ('sep_conv_3x3', 1), ('dil_conv_3x3', 1), ('dil_conv_3x3', 2), ('dil_conv_5x5', 2), ('dil_conv_5x5', 3), ('dil_conv_3x3', 4), ('dil_conv_5x5', 3)], normal_concat=range(2, 6), reduce=[('avg_pool_3x3', 0), ('skip_connect', 1), ('skip_connect', 2), ('avg_pool_3x3', 1), ('avg_pool_3x3', 1), ('skip_connect', 2), ('avg_pool_3x3', 0), ('dil_conv_3x3', 4)], reduce_concat=range(2, 6))`,
  },
  {
    name: 'noisy_darts_j_6',
    source: { ...NOISYDARTS, line: 174 },
    notes: [
      'Family comment above noisy_darts_j (applies to noisy_darts_j … noisy_darts_j_7): “Gaussian, Additive, mu=1.0, sigma=0.1”.',
    ],
    textFormat: 'python',
    text: String.raw`noisy_darts_j_6 = Genotype(normal=[('sep_conv_3x3', 0), ('sep_conv_3x3', 1), ('dil_conv_3x3', 2), ('sep_conv_3x3', 1), ('dil_conv_3x3', 3), ('dil_conv_5x5', 2), ('dil_conv_3x3', 4), ('dil_conv_5x5', 3)], normal_concat=range(2, 6), reduce=[('max_pool_3x3', 0), ('avg_pool_3x3', 1), ('skip_connect', 2), ('max_pool_3x3', 0), ('skip_connect', 2), ('skip_connect', 3), ('max_pool_3x3', 0), ('skip_connect', 2)], reduce_concat=range(2, 6))`,
  },
  {
    name: 'noisy_darts_j_7',
    source: { ...NOISYDARTS, line: 175 },
    notes: [
      'Family comment above noisy_darts_j (applies to noisy_darts_j … noisy_darts_j_7): “Gaussian, Additive, mu=1.0, sigma=0.1”.',
    ],
    textFormat: 'python',
    text: String.raw`noisy_darts_j_7 = Genotype(normal=[('sep_conv_3x3', 1), ('skip_connect', 0), ('dil_conv_5x5', 2), ('sep_conv_5x5', 1), ('sep_conv_3x3', 0), ('dil_conv_3x3', 3), ('dil_conv_5x5', 4), ('dil_conv_3x3', 3)], normal_concat=range(2, 6), reduce=[('avg_pool_3x3', 0), ('skip_connect', 1), ('avg_pool_3x3', 0), ('skip_connect', 2), ('avg_pool_3x3', 0), ('skip_connect', 2), ('skip_connect', 3), ('avg_pool_3x3', 0)], reduce_concat=range(2, 6))`,
  },
  {
    name: 'noisy_darts_k',
    source: { ...NOISYDARTS, line: 178 },
    comments: ['Gaussian, Additive, mu=-0.5, sigma=0.1'],
    notes: [
      'No search script or README entry exists for this family.',
    ],
    textFormat: 'python',
    text: String.raw`noisy_darts_k = Genotype(normal=[('sep_conv_3x3', 0), ('sep_conv_5x5', 1), ('sep_conv_3x3', 1), ('dil_conv_3x3', 2), ('dil_conv_3x3', 3), ('skip_connect', 0), ('dil_conv_3x3', 4), ('dil_conv_3x3', 3)], normal_concat=range(2, 6), reduce=[('max_pool_3x3', 0), ('avg_pool_3x3', 1), ('avg_pool_3x3', 0), ('sep_conv_3x3', 1), ('skip_connect', 2), ('avg_pool_3x3', 1), ('skip_connect', 2), ('skip_connect', 3)], reduce_concat=range(2, 6))`,
  },
  {
    name: 'noisy_darts_k_1',
    source: { ...NOISYDARTS, line: 179 },
    notes: [
      'Family comment above noisy_darts_k (applies to noisy_darts_k … noisy_darts_k_7): “Gaussian, Additive, mu=-0.5, sigma=0.1”.',
    ],
    textFormat: 'python',
    text: String.raw`noisy_darts_k_1 = Genotype(normal=[('sep_conv_3x3', 0), ('sep_conv_3x3', 1), ('dil_conv_3x3', 1), ('sep_conv_3x3', 2), ('dil_conv_5x5', 3), ('dil_conv_3x3', 1), ('dil_conv_5x5', 4), ('dil_conv_5x5', 3)], normal_concat=range(2, 6), reduce=[('max_pool_3x3', 1), ('skip_connect', 0), ('skip_connect', 2), ('max_pool_3x3', 0), ('skip_connect', 2), ('skip_connect', 3), ('skip_connect', 4), ('skip_connect', 3)], reduce_concat=range(2, 6))`,
  },
  {
    name: 'noisy_darts_k_2',
    source: { ...NOISYDARTS, line: 180 },
    notes: [
      'Family comment above noisy_darts_k (applies to noisy_darts_k … noisy_darts_k_7): “Gaussian, Additive, mu=-0.5, sigma=0.1”.',
    ],
    textFormat: 'python',
    text: String.raw`noisy_darts_k_2 = Genotype(normal=[('sep_conv_5x5', 1), ('sep_conv_3x3', 0), ('dil_conv_5x5', 2), ('sep_conv_5x5', 1), ('dil_conv_3x3', 3), ('dil_conv_5x5', 2), ('dil_conv_5x5', 4), ('dil_conv_5x5', 3)], normal_concat=range(2, 6), reduce=[('avg_pool_3x3', 1), ('avg_pool_3x3', 0), ('avg_pool_3x3', 0), ('avg_pool_3x3', 1), ('dil_conv_5x5', 3), ('avg_pool_3x3', 0), ('skip_connect', 2), ('skip_connect', 3)], reduce_concat=range(2, 6))`,
  },
  {
    name: 'noisy_darts_k_3',
    source: { ...NOISYDARTS, line: 181 },
    notes: [
      'Family comment above noisy_darts_k (applies to noisy_darts_k … noisy_darts_k_7): “Gaussian, Additive, mu=-0.5, sigma=0.1”.',
    ],
    textFormat: 'python',
    text: String.raw`noisy_darts_k_3 = Genotype(normal=[('sep_conv_3x3', 1), ('sep_conv_5x5', 0), ('dil_conv_3x3', 2), ('sep_conv_3x3', 1), ('dil_conv_3x3', 3), ('sep_conv_3x3', 1), ('dil_conv_5x5', 4), ('sep_conv_3x3', 3)], normal_concat=range(2, 6), reduce=[('avg_pool_3x3', 0), ('avg_pool_3x3', 1), ('skip_connect', 2), ('avg_pool_3x3', 0), ('avg_pool_3x3', 0), ('skip_connect', 3), ('skip_connect', 3), ('skip_connect', 2)], reduce_concat=range(2, 6))`,
  },
  {
    name: 'noisy_darts_k_4',
    source: { ...NOISYDARTS, line: 182 },
    notes: [
      'Family comment above noisy_darts_k (applies to noisy_darts_k … noisy_darts_k_7): “Gaussian, Additive, mu=-0.5, sigma=0.1”.',
    ],
    textFormat: 'python',
    text: String.raw`noisy_darts_k_4 = Genotype(normal=[('sep_conv_3x3', 0), ('sep_conv_3x3', 1), ('dil_conv_5x5', 2), ('skip_connect', 0), ('dil_conv_3x3', 3), ('sep_conv_3x3', 0), ('dil_conv_3x3', 3), ('dil_conv_5x5', 4)], normal_concat=range(2, 6), reduce=[('skip_connect', 1), ('avg_pool_3x3', 0), ('avg_pool_3x3', 0), ('skip_connect', 2), ('avg_pool_3x3', 0), ('skip_connect', 3), ('skip_connect', 3), ('avg_pool_3x3', 0)], reduce_concat=range(2, 6))`,
  },
  {
    name: 'noisy_darts_k_5',
    source: { ...NOISYDARTS, line: 183 },
    notes: [
      'Family comment above noisy_darts_k (applies to noisy_darts_k … noisy_darts_k_7): “Gaussian, Additive, mu=-0.5, sigma=0.1”.',
    ],
    textFormat: 'python',
    text: String.raw`noisy_darts_k_5 = Genotype(normal=[('sep_conv_3x3', 1), ('sep_conv_3x3', 0), ('sep_conv_3x3', 0), ('sep_conv_3x3', 1), ('sep_conv_3x3', 0), ('dil_conv_5x5', 3), ('dil_conv_3x3', 4), ('dil_conv_3x3', 3)], normal_concat=range(2, 6), reduce=[('max_pool_3x3', 0), ('max_pool_3x3', 1), ('max_pool_3x3', 0), ('skip_connect', 2), ('skip_connect', 3), ('avg_pool_3x3', 0), ('skip_connect', 3), ('skip_connect', 2)], reduce_concat=range(2, 6))`,
  },
  {
    name: 'noisy_darts_k_6',
    source: { ...NOISYDARTS, line: 184 },
    notes: [
      'Family comment above noisy_darts_k (applies to noisy_darts_k … noisy_darts_k_7): “Gaussian, Additive, mu=-0.5, sigma=0.1”.',
    ],
    textFormat: 'python',
    text: String.raw`noisy_darts_k_6 = Genotype(normal=[('sep_conv_3x3', 1), ('sep_conv_3x3', 0), ('dil_conv_3x3', 1), ('dil_conv_3x3', 2), ('dil_conv_3x3', 3), ('sep_conv_3x3', 1), ('dil_conv_5x5', 3), ('dil_conv_3x3', 4)], normal_concat=range(2, 6), reduce=[('skip_connect', 1), ('skip_connect', 0), ('avg_pool_3x3', 0), ('skip_connect', 2), ('skip_connect', 3), ('avg_pool_3x3', 1), ('skip_connect', 2), ('skip_connect', 3)], reduce_concat=range(2, 6))`,
  },
  {
    name: 'noisy_darts_k_7',
    source: { ...NOISYDARTS, line: 185 },
    notes: [
      'Family comment above noisy_darts_k (applies to noisy_darts_k … noisy_darts_k_7): “Gaussian, Additive, mu=-0.5, sigma=0.1”.',
    ],
    textFormat: 'python',
    text: String.raw`noisy_darts_k_7 = Genotype(normal=[('sep_conv_3x3', 1), ('sep_conv_3x3', 0), ('sep_conv_3x3', 1), ('dil_conv_3x3', 2), ('dil_conv_3x3', 3), ('dil_conv_3x3', 2), ('dil_conv_3x3', 4), ('sep_conv_3x3', 3)], normal_concat=range(2, 6), reduce=[('avg_pool_3x3', 0), ('sep_conv_5x5', 1), ('skip_connect', 2), ('avg_pool_3x3', 0), ('avg_pool_3x3', 0), ('skip_connect', 2), ('skip_connect', 2), ('skip_connect', 3)], reduce_concat=range(2, 6))`,
  },
  {
    name: 'noisy_darts_l',
    source: { ...NOISYDARTS, line: 188 },
    comments: ['Gaussian, Additive, sigma=0.1, mu=-1.0'],
    notes: [
      'No search script or README entry exists for this family.',
    ],
    textFormat: 'python',
    text: String.raw`noisy_darts_l = Genotype(normal=[('sep_conv_3x3', 0), ('sep_conv_3x3', 1), ('dil_conv_5x5', 1), ('sep_conv_3x3', 0), ('sep_conv_3x3', 1), ('sep_conv_3x3', 0), ('dil_conv_5x5', 3), ('sep_conv_3x3', 1)], normal_concat=range(2, 6), reduce=[('avg_pool_3x3', 1), ('avg_pool_3x3', 0), ('avg_pool_3x3', 0), ('max_pool_3x3', 1), ('dil_conv_5x5', 3), ('skip_connect', 2), ('skip_connect', 2), ('skip_connect', 3)], reduce_concat=range(2, 6))`,
  },
  {
    name: 'noisy_darts_l_1',
    source: { ...NOISYDARTS, line: 189 },
    notes: [
      'Family comment above noisy_darts_l (applies to noisy_darts_l … noisy_darts_l_7): “Gaussian, Additive, sigma=0.1, mu=-1.0”.',
    ],
    textFormat: 'python',
    text: String.raw`noisy_darts_l_1 = Genotype(normal=[('sep_conv_3x3', 1), ('sep_conv_5x5', 0), ('sep_conv_3x3', 0), ('sep_conv_3x3', 1), ('sep_conv_3x3', 3), ('sep_conv_3x3', 1), ('sep_conv_3x3', 4), ('sep_conv_3x3', 1)], normal_concat=range(2, 6), reduce=[('max_pool_3x3', 0), ('max_pool_3x3', 1), ('max_pool_3x3', 0), ('max_pool_3x3', 1), ('skip_connect', 2), ('avg_pool_3x3', 0), ('skip_connect', 2), ('dil_conv_3x3', 4)], reduce_concat=range(2, 6))`,
  },
  {
    name: 'noisy_darts_l_2',
    source: { ...NOISYDARTS, line: 190 },
    notes: [
      'Family comment above noisy_darts_l (applies to noisy_darts_l … noisy_darts_l_7): “Gaussian, Additive, sigma=0.1, mu=-1.0”.',
    ],
    textFormat: 'python',
    text: String.raw`noisy_darts_l_2 = Genotype(normal=[('sep_conv_3x3', 1), ('sep_conv_5x5', 0), ('sep_conv_3x3', 0), ('sep_conv_3x3', 1), ('dil_conv_5x5', 3), ('sep_conv_3x3', 0), ('dil_conv_5x5', 4), ('sep_conv_3x3', 3)], normal_concat=range(2, 6), reduce=[('max_pool_3x3', 1), ('avg_pool_3x3', 0), ('max_pool_3x3', 1), ('skip_connect', 2), ('skip_connect', 2), ('max_pool_3x3', 1), ('skip_connect', 2), ('avg_pool_3x3', 0)], reduce_concat=range(2, 6))`,
  },
  {
    name: 'noisy_darts_l_3',
    source: { ...NOISYDARTS, line: 191 },
    notes: [
      'Family comment above noisy_darts_l (applies to noisy_darts_l … noisy_darts_l_7): “Gaussian, Additive, sigma=0.1, mu=-1.0”.',
    ],
    textFormat: 'python',
    text: String.raw`noisy_darts_l_3 = Genotype(normal=[('sep_conv_3x3', 0), ('sep_conv_5x5', 1), ('sep_conv_3x3', 0), ('sep_conv_5x5', 2), ('sep_conv_3x3', 0), ('sep_conv_3x3', 1), ('sep_conv_3x3', 4), ('dil_conv_5x5', 3)], normal_concat=range(2, 6), reduce=[('max_pool_3x3', 1), ('max_pool_3x3', 0), ('dil_conv_5x5', 2), ('max_pool_3x3', 1), ('skip_connect', 2), ('avg_pool_3x3', 1), ('skip_connect', 2), ('skip_connect', 3)], reduce_concat=range(2, 6))`,
  },
  {
    name: 'noisy_darts_l_4',
    source: { ...NOISYDARTS, line: 192 },
    notes: [
      'Family comment above noisy_darts_l (applies to noisy_darts_l … noisy_darts_l_7): “Gaussian, Additive, sigma=0.1, mu=-1.0”.',
    ],
    textFormat: 'python',
    text: String.raw`noisy_darts_l_4 = Genotype(normal=[('sep_conv_3x3', 1), ('sep_conv_3x3', 0), ('sep_conv_3x3', 1), ('sep_conv_3x3', 0), ('sep_conv_3x3', 1), ('dil_conv_5x5', 3), ('sep_conv_5x5', 4), ('dil_conv_3x3', 3)], normal_concat=range(2, 6), reduce=[('avg_pool_3x3', 0), ('max_pool_3x3', 1), ('avg_pool_3x3', 0), ('max_pool_3x3', 1), ('avg_pool_3x3', 0), ('skip_connect', 2), ('skip_connect', 2), ('avg_pool_3x3', 0)], reduce_concat=range(2, 6))`,
  },
  {
    name: 'noisy_darts_l_5',
    source: { ...NOISYDARTS, line: 193 },
    notes: [
      'Family comment above noisy_darts_l (applies to noisy_darts_l … noisy_darts_l_7): “Gaussian, Additive, sigma=0.1, mu=-1.0”.',
    ],
    textFormat: 'python',
    text: String.raw`noisy_darts_l_5 = Genotype(normal=[('sep_conv_3x3', 0), ('sep_conv_3x3', 1), ('sep_conv_3x3', 0), ('sep_conv_3x3', 2), ('sep_conv_5x5', 1), ('sep_conv_3x3', 0), ('dil_conv_3x3', 3), ('dil_conv_3x3', 4)], normal_concat=range(2, 6), reduce=[('max_pool_3x3', 0), ('dil_conv_3x3', 1), ('avg_pool_3x3', 0), ('dil_conv_5x5', 2), ('max_pool_3x3', 0), ('dil_conv_5x5', 2), ('skip_connect', 2), ('skip_connect', 0)], reduce_concat=range(2, 6))`,
  },
  {
    name: 'noisy_darts_l_6',
    source: { ...NOISYDARTS, line: 194 },
    notes: [
      'Family comment above noisy_darts_l (applies to noisy_darts_l … noisy_darts_l_7): “Gaussian, Additive, sigma=0.1, mu=-1.0”.',
    ],
    textFormat: 'python',
    text: String.raw`noisy_darts_l_6 = Genotype(normal=[('sep_conv_3x3', 0), ('sep_conv_3x3', 1), ('dil_conv_5x5', 1), ('sep_conv_3x3', 2), ('sep_conv_3x3', 1), ('dil_conv_3x3', 3), ('dil_conv_3x3', 4), ('dil_conv_3x3', 3)], normal_concat=range(2, 6), reduce=[('avg_pool_3x3', 0), ('dil_conv_3x3', 1), ('avg_pool_3x3', 0), ('avg_pool_3x3', 1), ('skip_connect', 3), ('skip_connect', 2), ('skip_connect', 2), ('skip_connect', 3)], reduce_concat=range(2, 6))`,
  },
  {
    name: 'noisy_darts_l_7',
    source: { ...NOISYDARTS, line: 195 },
    notes: [
      'Family comment above noisy_darts_l (applies to noisy_darts_l … noisy_darts_l_7): “Gaussian, Additive, sigma=0.1, mu=-1.0”.',
    ],
    textFormat: 'python',
    text: String.raw`noisy_darts_l_7 = Genotype(normal=[('sep_conv_3x3', 1), ('sep_conv_3x3', 0), ('sep_conv_3x3', 1), ('dil_conv_5x5', 2), ('dil_conv_3x3', 2), ('sep_conv_3x3', 1), ('dil_conv_3x3', 4), ('dil_conv_3x3', 3)], normal_concat=range(2, 6), reduce=[('avg_pool_3x3', 1), ('sep_conv_5x5', 0), ('avg_pool_3x3', 1), ('dil_conv_5x5', 2), ('skip_connect', 2), ('dil_conv_5x5', 3), ('skip_connect', 3), ('skip_connect', 2)], reduce_concat=range(2, 6))`,
  },
  {
    name: 'noisy_darts_m',
    source: { ...NOISYDARTS, line: 198 },
    comments: ['Gaussian, Additive, mu=-0.5, sigma=0.2'],
    notes: [
      'No search script or README entry exists for this family.',
    ],
    textFormat: 'python',
    text: String.raw`noisy_darts_m = Genotype(normal=[('sep_conv_3x3', 1), ('sep_conv_3x3', 0), ('sep_conv_3x3', 1), ('dil_conv_3x3', 2), ('sep_conv_3x3', 1), ('skip_connect', 0), ('dil_conv_3x3', 3), ('dil_conv_3x3', 4)], normal_concat=range(2, 6), reduce=[('avg_pool_3x3', 1), ('max_pool_3x3', 0), ('avg_pool_3x3', 1), ('skip_connect', 2), ('skip_connect', 3), ('avg_pool_3x3', 1), ('skip_connect', 2), ('skip_connect', 3)], reduce_concat=range(2, 6))`,
  },
  {
    name: 'noisy_darts_m_1',
    source: { ...NOISYDARTS, line: 199 },
    notes: [
      'Family comment above noisy_darts_m (applies to noisy_darts_m … noisy_darts_m_7): “Gaussian, Additive, mu=-0.5, sigma=0.2”.',
    ],
    textFormat: 'python',
    text: String.raw`noisy_darts_m_1 = Genotype(normal=[('sep_conv_3x3', 0), ('sep_conv_5x5', 1), ('sep_conv_5x5', 0), ('sep_conv_5x5', 2), ('sep_conv_3x3', 1), ('dil_conv_3x3', 3), ('dil_conv_3x3', 4), ('dil_conv_5x5', 3)], normal_concat=range(2, 6), reduce=[('max_pool_3x3', 0), ('sep_conv_5x5', 1), ('skip_connect', 2), ('max_pool_3x3', 0), ('skip_connect', 3), ('skip_connect', 2), ('skip_connect', 2), ('skip_connect', 3)], reduce_concat=range(2, 6))`,
  },
  {
    name: 'noisy_darts_m_2',
    source: { ...NOISYDARTS, line: 200 },
    notes: [
      'Family comment above noisy_darts_m (applies to noisy_darts_m … noisy_darts_m_7): “Gaussian, Additive, mu=-0.5, sigma=0.2”.',
    ],
    textFormat: 'python',
    text: String.raw`noisy_darts_m_2 = Genotype(normal=[('sep_conv_3x3', 1), ('sep_conv_3x3', 0), ('dil_conv_3x3', 1), ('dil_conv_3x3', 2), ('sep_conv_3x3', 1), ('sep_conv_5x5', 0), ('dil_conv_3x3', 4), ('dil_conv_5x5', 3)], normal_concat=range(2, 6), reduce=[('avg_pool_3x3', 0), ('dil_conv_5x5', 1), ('skip_connect', 2), ('avg_pool_3x3', 0), ('skip_connect', 3), ('skip_connect', 2), ('skip_connect', 2), ('skip_connect', 3)], reduce_concat=range(2, 6))`,
  },
  {
    name: 'noisy_darts_m_3',
    source: { ...NOISYDARTS, line: 201 },
    notes: [
      'Family comment above noisy_darts_m (applies to noisy_darts_m … noisy_darts_m_7): “Gaussian, Additive, mu=-0.5, sigma=0.2”.',
    ],
    textFormat: 'python',
    text: String.raw`noisy_darts_m_3 = Genotype(normal=[('sep_conv_3x3', 1), ('sep_conv_3x3', 0), ('sep_conv_3x3', 0), ('dil_conv_3x3', 2), ('dil_conv_3x3', 3), ('sep_conv_3x3', 1), ('dil_conv_5x5', 4), ('sep_conv_3x3', 2)], normal_concat=range(2, 6), reduce=[('avg_pool_3x3', 0), ('sep_conv_3x3', 1), ('avg_pool_3x3', 0), ('skip_connect', 2), ('avg_pool_3x3', 0), ('skip_connect', 2), ('skip_connect', 2), ('avg_pool_3x3', 0)], reduce_concat=range(2, 6))`,
  },
  {
    name: 'noisy_darts_m_4',
    source: { ...NOISYDARTS, line: 202 },
    notes: [
      'Family comment above noisy_darts_m (applies to noisy_darts_m … noisy_darts_m_7): “Gaussian, Additive, mu=-0.5, sigma=0.2”.',
    ],
    textFormat: 'python',
    text: String.raw`noisy_darts_m_4 = Genotype(normal=[('sep_conv_3x3', 0), ('dil_conv_3x3', 1), ('dil_conv_3x3', 2), ('sep_conv_3x3', 0), ('dil_conv_3x3', 3), ('sep_conv_5x5', 1), ('dil_conv_5x5', 4), ('dil_conv_3x3', 3)], normal_concat=range(2, 6), reduce=[('avg_pool_3x3', 0), ('avg_pool_3x3', 1), ('max_pool_3x3', 0), ('skip_connect', 2), ('avg_pool_3x3', 0), ('skip_connect', 2), ('skip_connect', 2), ('skip_connect', 3)], reduce_concat=range(2, 6))`,
  },
  {
    name: 'noisy_darts_m_5',
    source: { ...NOISYDARTS, line: 203 },
    notes: [
      'Family comment above noisy_darts_m (applies to noisy_darts_m … noisy_darts_m_7): “Gaussian, Additive, mu=-0.5, sigma=0.2”.',
    ],
    textFormat: 'python',
    text: String.raw`noisy_darts_m_5 = Genotype(normal=[('sep_conv_3x3', 1), ('dil_conv_3x3', 0), ('sep_conv_3x3', 1), ('sep_conv_5x5', 2), ('dil_conv_5x5', 2), ('dil_conv_5x5', 3), ('dil_conv_3x3', 3), ('dil_conv_5x5', 4)], normal_concat=range(2, 6), reduce=[('avg_pool_3x3', 0), ('avg_pool_3x3', 1), ('avg_pool_3x3', 0), ('avg_pool_3x3', 1), ('skip_connect', 3), ('skip_connect', 2), ('skip_connect', 2), ('skip_connect', 3)], reduce_concat=range(2, 6))`,
  },
  {
    name: 'noisy_darts_m_6',
    source: { ...NOISYDARTS, line: 204 },
    notes: [
      'Family comment above noisy_darts_m (applies to noisy_darts_m … noisy_darts_m_7): “Gaussian, Additive, mu=-0.5, sigma=0.2”.',
    ],
    textFormat: 'python',
    text: String.raw`noisy_darts_m_6 = Genotype(normal=[('sep_conv_3x3', 0), ('sep_conv_3x3', 1), ('skip_connect', 0), ('sep_conv_5x5', 1), ('dil_conv_3x3', 1), ('dil_conv_3x3', 3), ('dil_conv_3x3', 4), ('dil_conv_3x3', 3)], normal_concat=range(2, 6), reduce=[('avg_pool_3x3', 0), ('skip_connect', 1), ('avg_pool_3x3', 0), ('skip_connect', 2), ('avg_pool_3x3', 0), ('skip_connect', 3), ('skip_connect', 2), ('avg_pool_3x3', 0)], reduce_concat=range(2, 6))`,
  },
  {
    name: 'noisy_darts_m_7',
    source: { ...NOISYDARTS, line: 205 },
    notes: [
      'Family comment above noisy_darts_m (applies to noisy_darts_m … noisy_darts_m_7): “Gaussian, Additive, mu=-0.5, sigma=0.2”.',
    ],
    textFormat: 'python',
    text: String.raw`noisy_darts_m_7 = Genotype(normal=[('sep_conv_3x3', 1), ('sep_conv_3x3', 0), ('sep_conv_3x3', 1), ('sep_conv_3x3', 2), ('sep_conv_5x5', 3), ('sep_conv_3x3', 2), ('dil_conv_3x3', 4), ('dil_conv_5x5', 3)], normal_concat=range(2, 6), reduce=[('skip_connect', 1), ('sep_conv_5x5', 0), ('skip_connect', 2), ('max_pool_3x3', 0), ('skip_connect', 3), ('max_pool_3x3', 0), ('skip_connect', 2), ('skip_connect', 3)], reduce_concat=range(2, 6))`,
  },
  {
    name: 'noisy_darts_n',
    source: { ...NOISYDARTS, line: 208 },
    comments: ['Gaussian, Additive, mu=-1.0, sigma=0.2'],
    notes: [
      'No search script or README entry exists for this family.',
    ],
    textFormat: 'python',
    text: String.raw`noisy_darts_n = Genotype(normal=[('sep_conv_3x3', 1), ('sep_conv_3x3', 0), ('sep_conv_3x3', 0), ('sep_conv_3x3', 1), ('sep_conv_3x3', 1), ('sep_conv_3x3', 2), ('dil_conv_3x3', 4), ('sep_conv_3x3', 1)], normal_concat=range(2, 6), reduce=[('max_pool_3x3', 0), ('dil_conv_5x5', 1), ('dil_conv_5x5', 2), ('max_pool_3x3', 0), ('skip_connect', 2), ('sep_conv_3x3', 3), ('skip_connect', 2), ('skip_connect', 3)], reduce_concat=range(2, 6))`,
  },
  {
    name: 'noisy_darts_n_1',
    source: { ...NOISYDARTS, line: 209 },
    notes: [
      'Family comment above noisy_darts_n (applies to noisy_darts_n … noisy_darts_n_7): “Gaussian, Additive, mu=-1.0, sigma=0.2”.',
    ],
    textFormat: 'python',
    text: String.raw`noisy_darts_n_1 = Genotype(normal=[('sep_conv_3x3', 0), ('dil_conv_3x3', 1), ('sep_conv_3x3', 0), ('sep_conv_3x3', 2), ('sep_conv_3x3', 1), ('sep_conv_3x3', 3), ('sep_conv_3x3', 4), ('dil_conv_3x3', 3)], normal_concat=range(2, 6), reduce=[('max_pool_3x3', 1), ('avg_pool_3x3', 0), ('max_pool_3x3', 1), ('dil_conv_5x5', 2), ('max_pool_3x3', 1), ('avg_pool_3x3', 0), ('skip_connect', 3), ('skip_connect', 2)], reduce_concat=range(2, 6))`,
  },
  {
    name: 'noisy_darts_n_2',
    source: { ...NOISYDARTS, line: 210 },
    notes: [
      'Family comment above noisy_darts_n (applies to noisy_darts_n … noisy_darts_n_7): “Gaussian, Additive, mu=-1.0, sigma=0.2”.',
    ],
    textFormat: 'python',
    text: String.raw`noisy_darts_n_2 = Genotype(normal=[('sep_conv_5x5', 0), ('sep_conv_3x3', 1), ('sep_conv_3x3', 2), ('sep_conv_3x3', 1), ('sep_conv_3x3', 0), ('dil_conv_5x5', 3), ('sep_conv_3x3', 2), ('sep_conv_3x3', 0)], normal_concat=range(2, 6), reduce=[('max_pool_3x3', 1), ('sep_conv_5x5', 0), ('max_pool_3x3', 1), ('max_pool_3x3', 0), ('skip_connect', 3), ('dil_conv_3x3', 2), ('skip_connect', 2), ('dil_conv_3x3', 3)], reduce_concat=range(2, 6))`,
  },
  {
    name: 'noisy_darts_n_3',
    source: { ...NOISYDARTS, line: 211 },
    notes: [
      'Family comment above noisy_darts_n (applies to noisy_darts_n … noisy_darts_n_7): “Gaussian, Additive, mu=-1.0, sigma=0.2”.',
    ],
    textFormat: 'python',
    text: String.raw`noisy_darts_n_3 = Genotype(normal=[('sep_conv_3x3', 0), ('dil_conv_3x3', 1), ('sep_conv_3x3', 0), ('dil_conv_5x5', 2), ('sep_conv_3x3', 0), ('dil_conv_3x3', 3), ('sep_conv_3x3', 2), ('sep_conv_3x3', 1)], normal_concat=range(2, 6), reduce=[('avg_pool_3x3', 0), ('max_pool_3x3', 1), ('avg_pool_3x3', 0), ('dil_conv_5x5', 2), ('avg_pool_3x3', 0), ('skip_connect', 3), ('skip_connect', 2), ('skip_connect', 3)], reduce_concat=range(2, 6))`,
  },
  {
    name: 'noisy_darts_n_4',
    source: { ...NOISYDARTS, line: 212 },
    notes: [
      'Family comment above noisy_darts_n (applies to noisy_darts_n … noisy_darts_n_7): “Gaussian, Additive, mu=-1.0, sigma=0.2”.',
    ],
    textFormat: 'python',
    text: String.raw`noisy_darts_n_4 = Genotype(normal=[('sep_conv_3x3', 0), ('sep_conv_3x3', 1), ('sep_conv_3x3', 0), ('dil_conv_5x5', 1), ('sep_conv_3x3', 1), ('sep_conv_3x3', 2), ('dil_conv_5x5', 2), ('dil_conv_5x5', 4)], normal_concat=range(2, 6), reduce=[('avg_pool_3x3', 0), ('skip_connect', 1), ('max_pool_3x3', 0), ('dil_conv_3x3', 2), ('skip_connect', 3), ('skip_connect', 2), ('skip_connect', 3), ('skip_connect', 2)], reduce_concat=range(2, 6))`,
  },
  {
    name: 'noisy_darts_n_5',
    source: { ...NOISYDARTS, line: 213 },
    notes: [
      'Family comment above noisy_darts_n (applies to noisy_darts_n … noisy_darts_n_7): “Gaussian, Additive, mu=-1.0, sigma=0.2”.',
    ],
    textFormat: 'python',
    text: String.raw`noisy_darts_n_5 = Genotype(normal=[('sep_conv_3x3', 0), ('sep_conv_3x3', 1), ('sep_conv_3x3', 0), ('dil_conv_3x3', 2), ('dil_conv_3x3', 2), ('sep_conv_3x3', 0), ('dil_conv_3x3', 2), ('dil_conv_3x3', 3)], normal_concat=range(2, 6), reduce=[('avg_pool_3x3', 0), ('max_pool_3x3', 1), ('avg_pool_3x3', 0), ('dil_conv_5x5', 2), ('avg_pool_3x3', 0), ('skip_connect', 3), ('skip_connect', 2), ('skip_connect', 3)], reduce_concat=range(2, 6))`,
  },
  {
    name: 'noisy_darts_n_6',
    source: { ...NOISYDARTS, line: 214 },
    notes: [
      'Family comment above noisy_darts_n (applies to noisy_darts_n … noisy_darts_n_7): “Gaussian, Additive, mu=-1.0, sigma=0.2”.',
    ],
    textFormat: 'python',
    text: String.raw`noisy_darts_n_6 = Genotype(normal=[('sep_conv_3x3', 1), ('sep_conv_3x3', 0), ('dil_conv_3x3', 2), ('sep_conv_3x3', 1), ('sep_conv_3x3', 1), ('dil_conv_5x5', 2), ('dil_conv_3x3', 3), ('dil_conv_3x3', 4)], normal_concat=range(2, 6), reduce=[('avg_pool_3x3', 1), ('avg_pool_3x3', 0), ('avg_pool_3x3', 1), ('avg_pool_3x3', 0), ('avg_pool_3x3', 1), ('avg_pool_3x3', 0), ('skip_connect', 3), ('skip_connect', 2)], reduce_concat=range(2, 6))`,
  },
  {
    name: 'noisy_darts_n_7',
    source: { ...NOISYDARTS, line: 215 },
    notes: [
      'Family comment above noisy_darts_n (applies to noisy_darts_n … noisy_darts_n_7): “Gaussian, Additive, mu=-1.0, sigma=0.2”.',
    ],
    textFormat: 'python',
    text: String.raw`noisy_darts_n_7 = Genotype(normal=[('sep_conv_3x3', 1), ('sep_conv_3x3', 0), ('sep_conv_3x3', 1), ('sep_conv_3x3', 2), ('sep_conv_3x3', 2), ('sep_conv_3x3', 0), ('dil_conv_5x5', 2), ('dil_conv_3x3', 4)], normal_concat=range(2, 6), reduce=[('max_pool_3x3', 0), ('sep_conv_3x3', 1), ('max_pool_3x3', 0), ('skip_connect', 2), ('dil_conv_5x5', 3), ('skip_connect', 2), ('skip_connect', 3), ('skip_connect', 2)], reduce_concat=range(2, 6))`,
  },
];
