// Search spaces: what a method searches over (the supernet, the shape of α, the default derivation). The
// DARTS cell space S1 is built in; NAS-Bench-201 and DARTOpti register theirs beside it.
import type { Module } from '../../nn/index.js';
import type { Tensor } from '../../tensor/index.js';
import { deriveDartsGenotype } from '../genotype/derive.js';
import { formatGenotype } from '../genotype/format.js';
import { DARTS_PRIMITIVES } from '../genotype/primitives.js';
import { NB201_SPACE } from '../nb201/space.js';
import { type AlphaInit, ArchParameters } from './arch-params.js';
import { DARTOPTI_SPACE } from './ddarts-space.js';
import type { SearchGenotype } from './method.js';
import { edgeCount } from './search-cell.js';
import { type ArchForward, Supernet } from './supernet.js';

export interface SupernetLike extends Module {
  forward(x: Tensor, arch: ArchForward): Tensor;
}

export interface SpaceConfig {
  channels: number;
  layers: number;
  numClasses: number;
  inChannels: number;
  steps: number;
  /** Overrides the space's primitive list (column order of α). */
  primitives?: readonly string[];
}

export interface SearchSpace {
  readonly name: string;
  readonly primitives: readonly string[];
  createNetwork(c: SpaceConfig): SupernetLike;
  /** α tensors with their reference names (alphas_normal / alphas_reduce for S1). */
  createArch(c: SpaceConfig, init: AlphaInit, device: string): ArchParameters;
  /** The default discrete architecture from relaxed weights (rows = edges, columns = primitives). */
  derive(weights: Record<string, number[][]>, c: SpaceConfig): SearchGenotype;
}

function genotypeOf(value: Parameters<typeof formatGenotype>[0]): SearchGenotype {
  return { value, text: formatGenotype(value, 'repr'), json: JSON.parse(formatGenotype(value, 'json')) as unknown };
}

/** S1: the DARTS cell space (spec §2), normal and reduction cells sharing α per cell type. */
export const DARTS_SPACE: SearchSpace = {
  name: 'darts',
  primitives: DARTS_PRIMITIVES,
  createNetwork: (c) => new Supernet({
    channels: c.channels, numClasses: c.numClasses, layers: c.layers, primitives: c.primitives ?? DARTS_PRIMITIVES, steps: c.steps,
    inChannels: c.inChannels,
  }),
  createArch: (c, init, device) => ArchParameters.shared(edgeCount(c.steps), (c.primitives ?? DARTS_PRIMITIVES).length, init, device),
  derive: (w, c) => genotypeOf(deriveDartsGenotype({ normal: w.alphas_normal!, reduce: w.alphas_reduce! },
    { primitives: c.primitives ?? DARTS_PRIMITIVES, steps: c.steps })),
};

const spaces = new Map<string, SearchSpace>([[DARTS_SPACE.name, DARTS_SPACE], [NB201_SPACE.name, NB201_SPACE],
  [DARTOPTI_SPACE.name, DARTOPTI_SPACE]]);

export function registerSearchSpace(space: SearchSpace): void {
  spaces.set(space.name, space);
}

export function searchSpace(name: string): SearchSpace {
  const s = spaces.get(name);
  if (!s) throw new Error(`unknown search space '${name}' (available: ${[...spaces.keys()].join(', ')})`);
  return s;
}

export function searchSpaceNames(): string[] {
  return [...spaces.keys()];
}

export { genotypeOf };
