// `--arch NAME|FILE|RUN_DIR`: a zoo name, a genotype file (DARTS repr, pt.darts repr or JSON), or a search run
// directory (its genotype.json).
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { AnyGenotype } from '../nas/genotype/genotype.js';
import { parseGenotypeAuto } from '../nas/genotype/parse.js';
import { zooGenotype } from '../nas/genotype/zoo.js';
import { networkGenes } from '../nas/eval/from-genotype.js';
import { NetworkCIFAR, NetworkImageNet, type EvalNetwork } from '../nas/eval/networks.js';

export interface ResolvedArch {
  name: string;
  genotype: AnyGenotype;
  /** 'zoo' or the file it was read from. */
  source: string;
}

export function resolveArch(spec: string): ResolvedArch {
  if (existsSync(spec)) {
    let file = spec;
    if (statSync(spec).isDirectory()) {
      file = join(spec, 'genotype.json');
      if (!existsSync(file)) throw new Error(`--arch ${spec}: a directory must be a search run holding genotype.json`);
    }
    const text = readFileSync(file, 'utf8');
    try {
      return { name: file, genotype: parseGenotypeAuto(text), source: file };
    } catch (e) {
      throw new Error(`--arch ${file}: ${(e as Error).message}`);
    }
  }
  const g = zooGenotype(spec);
  if (g.kind === 'nb201') throw new Error(`'${spec}' is a NAS-Bench-201 cell, not a DARTS-space genotype`);
  return { name: spec, genotype: g, source: 'zoo' };
}

export type DatasetFamily = 'cifar' | 'imagenet';

export interface EvalNetworkOptions {
  family: DatasetFamily;
  channels: number;
  layers: number;
  numClasses: number;
  auxiliary: boolean;
  inChannels?: number;
}

export function buildEvalNetwork(genotype: AnyGenotype, o: EvalNetworkOptions): EvalNetwork {
  const common = { channels: o.channels, layers: o.layers, numClasses: o.numClasses, auxiliary: o.auxiliary,
    genes: networkGenes(genotype), inChannels: o.inChannels };
  return o.family === 'imagenet' ? new NetworkImageNet(common) : new NetworkCIFAR(common);
}
