// D-DARTS evaluation networks (spec ddarts-dartopti §6): nas/eval's NetworkCIFAR and NetworkImageNet built from a
// nested genotype (genotypeNetworkOptions: one DCO cell per position, the genotype's reductions, the auxiliary head
// after the last reduction cell, automatic derivation §7). These names are the public nas.ddarts API.
import { genotypeNetwork, genotypeNetworkOptions, type GenotypeNetworkOptions } from '../eval/from-genotype.js';
import { AuxiliaryHeadImageNet } from '../eval/heads.js';
import { type EvalNetwork, NetworkCIFAR, NetworkImageNet } from '../eval/networks.js';
import type { NestedGenotype } from '../genotype/genotype.js';

/** C: 36 for D-DARTS, 64 for DARTOpti (README); L beyond the genotype's genes: automatic derivation (§7). */
export interface DDartsNetworkOptions extends GenotypeNetworkOptions {
  genotype: NestedGenotype;
}

/** CIFAR network (§6.2): stem conv3×3 → 3C + BN, cells, global average pool, classifier. */
export class DDartsNetworkCIFAR extends NetworkCIFAR {
  constructor(options: DDartsNetworkOptions) {
    super(genotypeNetworkOptions(options.genotype, options));
  }
}

/** ImageNet network (§6.3): the /4 stem (stem0's second conv has stride 1), so the final map is 7×7 only after three reductions. */
export class DDartsNetworkImageNet extends NetworkImageNet {
  constructor(options: DDartsNetworkOptions) {
    super(genotypeNetworkOptions(options.genotype, options));
  }
}

/** D-DARTS' ImageNet auxiliary head: the CIFAR head (BN(768) included, unlike DARTS') with a stride-2 pool (§6.3). */
export class DDartsAuxiliaryHeadImageNet extends AuxiliaryHeadImageNet {
  constructor(cIn: number, numClasses: number) {
    super(cIn, numClasses, true);
  }
}

export function buildDDartsNetwork(family: 'cifar' | 'imagenet', options: DDartsNetworkOptions): EvalNetwork {
  return genotypeNetwork(family, options.genotype, options);
}
