// Turns any genotype of nas/genotype into the per-cell genes and the network options the evaluation networks are
// built from.
import { type DerivationMode, planCells } from '../cell-plan.js';
import type { AnyGenotype, TwoCellGenotype } from '../genotype/genotype.js';
import type { PoolBn } from '../ops/registry.js';
import type { CellGenes, NetworkGenes } from './genes.js';
import { NetworkCIFAR, NetworkImageNet, type NetworkImageNetOptions } from './networks.js';

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
  // D-DARTS: one DCO cell per gene; which position uses which gene is the cell plan's (genotypeNetworkOptions).
  if (g.kind === 'nested')
    return { perCell: g.genes.map((edges) => ({ kind: 'dco', edges: edges.map(([op, to, from]) => [op, to, from] as const) })) };
  return { normal: cell(g, 'normal'), reduce: cell(g, 'reduce') };
}

export interface GenotypeNetworkOptions {
  /** Initial channels C. */
  channels: number;
  numClasses: number;
  /** Cells L; for a per-cell genotype more than its genes derive a deeper network (spec ddarts-dartopti §7). */
  layers: number;
  auxiliary: boolean;
  /** Image channels: 3 for CIFAR, 1 for (Fashion-)MNIST. */
  inChannels?: number;
  /** D-DARTS genotypes deepened beyond their genes: where the reductions go (nas/cell-plan.ts; default 'paper'). */
  derivation?: DerivationMode;
  /** 'affine': pt.darts' evaluation cell, an affine BN after each pooling op (DropNAS genotypes); default 'none'. */
  poolBn?: PoolBn;
}

/**
 * The network options of a genotype. D-DARTS / DARTOpti (nested) genotypes: one DCO cell per position with the
 * genotype's reductions, automatic derivation beyond its genes (spec ddarts-dartopti §6-7), and on ImageNet the
 * reference's /4 stem and BN(768) auxiliary head (§6.3).
 */
export function genotypeNetworkOptions(g: AnyGenotype, o: GenotypeNetworkOptions): NetworkImageNetOptions {
  const common = {
    channels: o.channels,
    numClasses: o.numClasses,
    layers: o.layers,
    auxiliary: o.auxiliary,
    inChannels: o.inChannels,
    genes: networkGenes(g),
    ...(o.poolBn !== undefined && o.poolBn !== 'none' && { poolBn: o.poolBn }),
  };
  if (g.kind !== 'nested') return common;
  return { ...common, plan: planCells(o.layers, g.genes.length, g.reductions, o.derivation ?? 'paper'), stem0Stride: 1, auxiliaryBatchNorm: true };
}

/** The evaluation network of a DARTS-space genotype for CIFAR-like (32×32) or ImageNet (224×224) inputs. */
export function genotypeNetwork(family: 'cifar' | 'imagenet', g: AnyGenotype, o: GenotypeNetworkOptions): NetworkCIFAR | NetworkImageNet {
  const options = genotypeNetworkOptions(g, o);
  return family === 'imagenet' ? new NetworkImageNet(options) : new NetworkCIFAR(options);
}
