// Turns any genotype of nas/genotype into the per-cell genes the evaluation networks are built from.
import type { AnyGenotype, TwoCellGenotype } from '../genotype/genotype.js';
import type { CellGenes, NetworkGenes } from './genes.js';

function cell(g: TwoCellGenotype, type: 'normal' | 'reduce'): CellGenes {
  const concat = type === 'normal' ? g.normalConcat : g.reduceConcat;
  switch (g.kind) {
    case 'darts':
      return { kind: 'darts', genes: g[type].map(([op, i]) => [op, i] as const), concat };
    case 'reweight':
      return { kind: 'darts', genes: g[type].map(([op, i]) => [op, i] as const), concat, weights: g[type].map(([, , w]) => w) };
    case 'dco':
      return { kind: 'dco', edges: g[type].map(([op, to, from]) => [op, to, from] as const) };
  }
}

export function networkGenes(g: AnyGenotype): NetworkGenes {
  // D-DARTS: one DCO cell per position, genes[i] for cell i (no derivation here; see nas/ddarts/network.ts).
  if (g.kind === 'nested') return { perCell: g.genes.map((edges) => ({ kind: 'dco', edges: edges.map(([op, to, from]) => [op, to, from] as const) })) };
  return { normal: cell(g, 'normal'), reduce: cell(g, 'reduce') };
}
