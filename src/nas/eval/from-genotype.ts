// Turns any genotype of nas/genotype into the per-cell genes the evaluation networks are built from.
import type { AnyGenotype } from '../genotype/genotype.js';
import type { CellGenes, NetworkGenes } from './genes.js';

function cell(g: AnyGenotype, type: 'normal' | 'reduce'): CellGenes {
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
  return { normal: cell(g, 'normal'), reduce: cell(g, 'reduce') };
}
