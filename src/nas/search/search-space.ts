// What a search space is (the supernet, the shape of α, the default derivation) and S1, the DARTS cell space. The
// registry of spaces by name is space.ts, which imports every space, so no space module imports it.
import type { Module } from '../../nn/index.js';
import type { Tensor } from '../../tensor/index.js';
import { deriveDartsGenotype, edgeCount } from '../genotype/derive.js';
import { type CellEdge, cellNodeName } from '../genotype/genotype.js';
import { formatGenotype } from '../genotype/format.js';
import { DARTS_PRIMITIVES } from '../genotype/primitives.js';
import { type AlphaInit, ArchParameters } from './arch-params.js';
import type { SearchGenotype } from './method.js';
import { edgeList } from './search-cell.js';
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
  /** NAS-Bench-201: the official benchmark file or folder derived cells are looked up in (default: $TSNAS_NB201_BENCHMARK, else the shipped table). */
  benchmark?: string;
}

/** The space's own fields of a method's config (which holds more). */
export function spaceConfigOf(c: SpaceConfig): SpaceConfig {
  const { channels, layers, numClasses, inChannels, steps, primitives, benchmark } = c;
  return { channels, layers, numClasses, inChannels, steps, primitives, benchmark };
}

export interface SearchSpace {
  readonly name: string;
  readonly primitives: readonly string[];
  createNetwork(c: SpaceConfig): SupernetLike;
  /** α tensors with their reference names (alphas_normal / alphas_reduce for S1). */
  createArch(c: SpaceConfig, init: AlphaInit, device: string): ArchParameters;
  /** The default discrete architecture from relaxed weights (rows = edges, columns = primitives). */
  derive(weights: Record<string, number[][]>, c: SpaceConfig): SearchGenotype;
  /** The edges of a cell in α's row order. */
  edges(c: SpaceConfig): CellEdge[];
}

/** The edges of a DARTS-family cell with `steps` intermediate nodes: 0 ← c_{k-2}, c_{k-1}; 1 ← c_{k-2}, c_{k-1}, 0; ... */
export function dartsCellEdges(steps: number): CellEdge[] {
  return edgeList(steps).map(([to, from]) => ({ from: cellNodeName(from), to: cellNodeName(to) }));
}

export function genotypeOf(value: Parameters<typeof formatGenotype>[0]): SearchGenotype {
  return { value, text: formatGenotype(value, 'repr'), json: JSON.parse(formatGenotype(value, 'json')) as unknown };
}

/** S1: the DARTS cell space (spec §2), normal and reduction cells sharing α per cell type. */
export const DARTS_SPACE: SearchSpace = {
  name: 'darts',
  primitives: DARTS_PRIMITIVES,
  createNetwork: (c) =>
    new Supernet({
      channels: c.channels,
      numClasses: c.numClasses,
      layers: c.layers,
      primitives: c.primitives ?? DARTS_PRIMITIVES,
      steps: c.steps,
      inChannels: c.inChannels,
    }),
  createArch: (c, init, device) => ArchParameters.shared(edgeCount(c.steps), (c.primitives ?? DARTS_PRIMITIVES).length, init, device),
  derive: (w, c) =>
    genotypeOf(
      deriveDartsGenotype({ normal: w.alphas_normal!, reduce: w.alphas_reduce! }, { primitives: c.primitives ?? DARTS_PRIMITIVES, steps: c.steps }),
    ),
  edges: (c) => dartsCellEdges(c.steps),
};
