// The DARTOpti search space (spec ddarts-dartopti §8): the 12-op cell space around a handcrafted baseline. The
// network has the baseline's cells (layers = len(seq), steps = concat[-1] − 1, its reduction positions), α holds one
// [k, 12] matrix per distinct template (initialised to 10 on the baseline's ops, 0 elsewhere), and every cell
// position uses its template's α. Only `ddarts` searches it (`--space dartopti --baseline resnet18|resnet50|xception`).
import { noGrad, tensor } from '../../tensor/index.js';
import { formatNestedGenotype, formatNestedJson } from '../genotype/nested-txt.js';
import { type BaselineGenotype, baselineAlphas, baselineSteps, dartoptiBaseline } from '../ddarts/baselines.js';
import { edgeCount } from '../genotype/derive.js';
import { parseNested } from '../genotype/derive-nested.js';
import type { NestedGenotype } from '../genotype/genotype.js';
import { DARTOPTI_PRIMITIVES } from '../genotype/primitives.js';
import { ArchParameters } from './arch-params.js';
import type { SearchGenotype } from './method.js';
import { Supernet } from './supernet.js';
import { dartsCellEdges, type SearchSpace, type SpaceConfig } from './search-space.js';

/** SpaceConfig plus the baseline DARTOpti starts from (D-DARTS' spaceConfig carries it). */
export interface DartoptiSpaceConfig extends SpaceConfig {
  baseline?: string;
}

export function spaceBaseline(c: SpaceConfig): BaselineGenotype {
  const name = (c as DartoptiSpaceConfig).baseline;
  if (!name) throw new Error('the dartopti space starts from a handcrafted network: pass --baseline resnet18|resnet50|xception');
  return dartoptiBaseline(name);
}

/** A nested genotype as a SearchGenotype (the `.txt` form as text). */
export function nestedSearchGenotype(g: NestedGenotype, report?: Record<string, number | string>): SearchGenotype {
  const out: SearchGenotype = { value: g, text: formatNestedGenotype(g), json: JSON.parse(formatNestedJson(g)) as unknown };
  if (report) out.report = report;
  return out;
}

export const DARTOPTI_SPACE: SearchSpace = {
  name: 'dartopti',
  primitives: DARTOPTI_PRIMITIVES,
  createNetwork: (c) => {
    const b = spaceBaseline(c);
    return new Supernet({
      channels: c.channels,
      numClasses: c.numClasses,
      layers: b.seq.length,
      primitives: c.primitives ?? DARTOPTI_PRIMITIVES,
      reductions: b.reductions,
      steps: baselineSteps(b),
      inChannels: c.inChannels,
    });
  },
  createArch: (c, _init, device) => {
    const b = spaceBaseline(c);
    const primitives = c.primitives ?? DARTOPTI_PRIMITIVES;
    const arch = ArchParameters.perCell(b.genes.length, edgeCount(baselineSteps(b)), primitives.length, 'zeros', device);
    const init = baselineAlphas(b, primitives);
    noGrad(() =>
      arch.tensors().forEach((t, g) => {
        t.copy_(tensor(init[g]!, { device }));
      }),
    );
    return arch;
  },
  derive: (w, c) => {
    const b = spaceBaseline(c);
    const perCell = b.seq.map((s) => {
      const m = w[`alphas_cell${s}`];
      if (!m) throw new Error(`dartopti derive: no weights 'alphas_cell${s}' (one matrix per baseline template)`);
      return m;
    });
    return nestedSearchGenotype(
      parseNested(perCell, 'threshold_sparse', {
        primitives: c.primitives ?? DARTOPTI_PRIMITIVES,
        steps: baselineSteps(b),
        reductions: b.reductions,
      }).genotype,
    );
  },
  edges: (c) => dartsCellEdges(baselineSteps(spaceBaseline(c))),
};
