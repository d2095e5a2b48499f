// The NAS-Bench-201 search space "S2" as a SearchSpace named 'nb201': the weight-sharing TinyNetwork (one α [6, 5]
// shared by all cells, columns none, skip_connect, nor_conv_1x1, nor_conv_3x3, avg_pool_3x3), derivation by the
// per-edge argmax over all five ops ('none' included, as AutoDL / EvNAS `genotype()`), and with every derived cell
// its benchmark accuracies in `report` (the search runner logs them each epoch): nb201<Column>Test always, and
// nb201<Column>Valid where the benchmark ($TSNAS_NB201_BENCHMARK, an official file) has validation accuracies.
//
// SpaceConfig mapping: `channels` = C (16 in the benchmark), `layers` = N cells per stage (5), `steps` is ignored
// (the cell has 4 nodes).
import { deriveNb201Arch, formatNb201Arch, type Nb201Arch, nb201CellEdges } from '../genotype/nb201.js';
import { NB201_PRIMITIVES } from '../genotype/primitives.js';
import { ArchParameters } from '../search/arch-params.js';
import type { SearchGenotype } from '../search/method.js';
import type { SearchSpace, SpaceConfig } from '../search/search-space.js';
import { NB201_DATASETS } from './benchmark.js';
import { openNb201Benchmark } from './source.js';
import { Nb201Supernet } from './network.js';

/** Name of the single α tensor of the nb201 space (ArchParameters.perCell with one entry; AutoDL's `arch_parameters`). */
export const NB201_ALPHA = 'alphas_cell0';
export const NB201_EDGES = 6;

/** How a benchmark column reads in a metric key (camelCase, as every key of a run: ImageNet16 is ImageNet16-120). */
const COLUMN_KEYS: Record<string, string> = { cifar10: 'Cifar10', cifar100: 'Cifar100', imagenet16_120: 'ImageNet16' };

/**
 * The genotype record of an NB201 cell; `report` carries its benchmark accuracies: nb201Cifar10Test, … and, from an
 * official benchmark file, the validation accuracies the search signal uses (nb201Cifar10Valid, …).
 */
export function nb201Genotype(arch: Nb201Arch, withReport = true, benchmarkPath?: string): SearchGenotype {
  const text = formatNb201Arch(arch);
  const g: SearchGenotype = { value: arch, text, json: { kind: 'nb201', arch: text } };
  if (withReport) {
    try {
      const benchmark = openNb201Benchmark(benchmarkPath);
      const report: Record<string, number> = {};
      for (const column of NB201_DATASETS) {
        const e = benchmark.evaluate(arch, column);
        const key = `nb201${COLUMN_KEYS[column] ?? column}`;
        if (benchmark.signal === 'valid') report[`${key}Valid`] = e.signal;
        report[`${key}Test`] = e.test;
      }
      g.report = report;
    } catch (e) {
      g.report = { nb201Error: (e as Error).message };
    }
  }
  return g;
}

export const NB201_SPACE: SearchSpace = {
  name: 'nb201',
  primitives: NB201_PRIMITIVES,
  createNetwork: (c: SpaceConfig) =>
    new Nb201Supernet({
      channels: c.channels,
      cellsPerStage: c.layers,
      numClasses: c.numClasses,
      inChannels: c.inChannels,
      primitives: c.primitives ?? NB201_PRIMITIVES,
    }),
  createArch: (c, init, device) => ArchParameters.perCell(1, NB201_EDGES, (c.primitives ?? NB201_PRIMITIVES).length, init, device),
  derive: (w, c) => {
    const alpha = w[NB201_ALPHA];
    if (!alpha) throw new Error(`nb201 space: no '${NB201_ALPHA}' weights (have: ${Object.keys(w).join(', ')})`);
    return nb201Genotype(deriveNb201Arch(alpha, { primitives: c.primitives ?? NB201_PRIMITIVES }), true, c.benchmark);
  },
  edges: () => nb201CellEdges(),
};
