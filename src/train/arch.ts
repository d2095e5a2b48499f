// `--arch NAME|FILE|RUN_DIR|ARCH_STRING`: a zoo name, a genotype file (DARTS repr, pt.darts repr or JSON), a search run
// directory (its genotype.json), or a NAS-Bench-201 arch string (`|nor_conv_3x3~0|+|...|`; also in a file or a run).
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { AnyGenotype } from '../nas/genotype/genotype.js';
import { formatGenotype } from '../nas/genotype/format.js';
import { formatNb201Arch, type Nb201Arch, parseNb201Arch } from '../nas/genotype/nb201.js';
import { parseGenotypeAuto, parseGenotypeJson } from '../nas/genotype/parse.js';
import { Nb201Network } from '../nas/nb201/network.js';
import { zooGenotype } from '../nas/genotype/zoo.js';
import { networkGenes } from '../nas/eval/from-genotype.js';
import { NetworkCIFAR, NetworkImageNet, type EvalNetwork } from '../nas/eval/networks.js';
import { buildDDartsNetwork } from '../nas/ddarts/network.js';
import type { DerivationMode } from '../nas/ddarts/derivation.js';

/** What an evaluation network is built from: a DARTS-space genotype or a NAS-Bench-201 cell. */
export type EvalArch = AnyGenotype | Nb201Arch;

export interface ResolvedArch {
  name: string;
  genotype: AnyGenotype;
  /** 'zoo' or the file it was read from. */
  source: string;
}

export interface ResolvedEvalArch {
  name: string;
  genotype: EvalArch;
  /** 'zoo', 'arch string', or the file it was read from. */
  source: string;
}

/** A DARTS-space genotype (DARTS, FairDARTS, D-DARTS layouts); NAS-Bench-201 cells are refused (see resolveEvalArch). */
export function resolveArch(spec: string): ResolvedArch {
  const r = resolveEvalArch(spec);
  if (r.genotype.kind === 'nb201') {
    throw new Error(`'${spec}' is a NAS-Bench-201 cell, not a DARTS-space genotype (tsnas train takes it; tsnas nb201 query looks it up)`);
  }
  return { ...r, genotype: r.genotype };
}

/** Any genotype an evaluation network can be built from, NAS-Bench-201 cells included (`tsnas train`). */
export function resolveEvalArch(spec: string): ResolvedEvalArch {
  if (existsSync(spec)) {
    let file = spec;
    if (statSync(spec).isDirectory()) {
      file = join(spec, 'genotype.json');
      if (!existsSync(file)) throw new Error(`--arch ${spec}: a directory must be a search run holding genotype.json`);
    }
    const text = readFileSync(file, 'utf8');
    const nb201 = nb201ArchOf(text);
    if (nb201) return { name: file, genotype: nb201, source: file };
    try {
      return { name: file, genotype: parseGenotypeAuto(text), source: file };
    } catch (e) {
      throw new Error(`--arch ${file}: ${(e as Error).message}`);
    }
  }
  if (spec.trim().startsWith('|')) return { name: spec.trim(), genotype: parseNb201Arch(spec.trim()), source: 'arch string' };
  return { name: spec, genotype: zooGenotype(spec), source: 'zoo' };
}

/** An NB201 cell in a file's text: a bare arch string, or the JSON a search run writes ({"kind": "nb201", "arch": ...}). */
function nb201ArchOf(text: string): Nb201Arch | undefined {
  const t = text.trim();
  if (t.startsWith('|')) return parseNb201Arch(t);
  if (t.startsWith('{') && /"kind"\s*:\s*"nb201"/.test(t)) return evalArchFromJson(JSON.parse(t) as unknown) as Nb201Arch;
  return undefined;
}

/** JSON of an EvalArch for run configs: the genotype JSON, or {kind: 'nb201', arch: '<arch string>'}. */
export function evalArchToJson(g: EvalArch): unknown {
  return g.kind === 'nb201' ? { kind: 'nb201', arch: formatNb201Arch(g) } : JSON.parse(formatGenotype(g, 'json')) as unknown;
}

export function evalArchFromJson(json: unknown): EvalArch {
  const o = json as { kind?: unknown; arch?: unknown };
  if (o && typeof o === 'object' && o.kind === 'nb201') {
    if (typeof o.arch !== 'string') throw new Error('an NB201 genotype JSON needs "arch": "<arch string>"');
    return parseNb201Arch(o.arch);
  }
  return parseGenotypeJson(JSON.stringify(json));
}

export type DatasetFamily = 'cifar' | 'imagenet';

export interface EvalNetworkOptions {
  family: DatasetFamily;
  channels: number;
  layers: number;
  numClasses: number;
  auxiliary: boolean;
  inChannels?: number;
  /** D-DARTS genotypes deepened beyond their genes: where the reductions go (nas/ddarts/derivation.ts; default 'paper'). */
  derivation?: DerivationMode;
}

/**
 * The evaluation network of a genotype. An NB201 cell gets the benchmark's TinyNetwork (spec §5.3) with C = `channels`
 * and N = `layers` cells per stage (the benchmark: 16 and 5); it has no auxiliary head and no drop path.
 */
export function buildEvalNetwork(genotype: EvalArch, o: EvalNetworkOptions): EvalNetwork {
  if (genotype.kind === 'nb201') {
    return new Nb201Network(genotype, { channels: o.channels, cellsPerStage: o.layers, numClasses: o.numClasses, inChannels: o.inChannels });
  }
  if (genotype.kind === 'nested') {
    // D-DARTS / DARTOpti `.txt` genotypes: per-cell DCO cells, the file's reductions, automatic derivation (spec ddarts §6-7).
    return buildDDartsNetwork(o.family, { channels: o.channels, layers: o.layers, numClasses: o.numClasses, auxiliary: o.auxiliary,
      genotype, inChannels: o.inChannels, derivation: o.derivation });
  }
  const common = { channels: o.channels, layers: o.layers, numClasses: o.numClasses, auxiliary: o.auxiliary,
    genes: networkGenes(genotype), inChannels: o.inChannels };
  return o.family === 'imagenet' ? new NetworkImageNet(common) : new NetworkCIFAR(common);
}
