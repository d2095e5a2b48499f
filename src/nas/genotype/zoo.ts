// The model zoo: every genotype published in the repositories the specs cover, by published name.
//
// Entries are built from the verbatim texts under assets/genotypes/ (read by zoo/assets.ts), parsed on first
// use, so a transcription error shows up as a parse or validation failure instead of a silently different
// architecture.
//
// Naming policy. Canonical names are the names used in the source files and must be unique across
// all of them. A genotype published under the same name by several files with the same content is
// one entry whose `alsoIn` lists the other files (NASNet, AmoebaNet, DARTS_V1, DARTS_V2). Where one
// name means different genotypes in different files, the file-local meaning gets the prefix of the
// repository folder that defines it: `DARTS` is DARTS_V2 (quark0/darts, FairDARTS darts/, EvNAS) but
// `fairdarts/DARTS` is FairDARTS_a (fairdarts/genotypes.py). Such names are aliases, resolved by
// zooEntry but not listed by zooNames. Sources that publish a genotype without a name get a
// descriptive one (pt_darts_cifar10, DropNAS_cifar10, NB201_best_cifar10, ...), explained in its notes.
//
// Spellings. Names are looked up case-insensitively with '-' and '_' ignored, so the papers' spellings (FairDARTS-a,
// EvNAS-A, P-DARTS, darts_v2) find their entries; a paper name that is more than a respelling is an alias. Models
// (ZOO_MODELS) are entries of their own: a published genotype at the settings a paper trains it with, under the
// paper's name (DARTOpti's DO-2-ResNet18 is the ResNet18_cifar100_threshold_sparse_0.85 genotype at C=64 on ImageNet).

import { cloneGenotype, type AnyGenotype, genotypesEqual } from './genotype.js';
import { formatNb201Arch, parseNb201Arch, type Nb201Arch } from './nb201.js';
import { parseGenotypeWithFormat, type GenotypeFormat } from './parse.js';
import { closeNames } from './suggest.js';
import { zooRecords } from './zoo/assets.js';
import type { EvalCell, ZooRecord, ZooSource } from './zoo/record.js';

export type { EvalCell, ZooRecord, ZooSource } from './zoo/record.js';

/** Anything the zoo holds: a two-cell DARTS-space genotype or an NB201 cell. */
export type ZooGenotype = AnyGenotype | Nb201Arch;
export type ZooGenotypeKind = ZooGenotype['kind'];

/**
 * How the source trains a genotype, where that differs from tsnas' defaults: train and eval take these unless the
 * command line says otherwise.
 */
export interface ZooSettings {
  /** An affine BN after every pooling op: the source evaluates with khanrc/pt.darts' AugmentCNN (spec dropnas §2.6). */
  readonly poolBn?: 'affine';
  /** Initial channels C the paper trains the model with. */
  readonly channels?: number;
  /** The dataset the settings are for (they apply there only). */
  readonly dataset?: 'imagenet';
}

export interface ZooEntry {
  readonly name: string;
  readonly kind: ZooGenotypeKind;
  /** Evaluation cell the reference code uses (FairDARTS 3-tuples: the DCO cell; DARTS pairs: the DARTS cell). */
  readonly evalCell: EvalCell;
  /** Layout of the published text. */
  readonly format: GenotypeFormat | 'nb201';
  readonly source: ZooSource;
  readonly alsoIn: readonly ZooSource[];
  readonly comments: readonly string[];
  readonly notes: readonly string[];
  /** The published text, verbatim. */
  readonly text: string;
  readonly transcribed: boolean;
  /** The parsed genotype, deep-frozen; zooGenotype returns a mutable copy. */
  readonly genotype: ZooGenotype;
  readonly settings: ZooSettings;
}

/** Published aliases (see the naming policy above): alias → canonical name. */
export const ZOO_ALIASES: Readonly<Record<string, string>> = Object.freeze({
  DARTS: 'DARTS_V2',
  'fairdarts/DARTS': 'FairDARTS_a',
  ENAS: 'ENASNet',
  EvNAS_A: 'EvNASA',
  EvNAS_B: 'EvNASB',
  EvNAS_C: 'EvNASC',
  'PC-DARTS': 'PC_DARTS_cifar',
  'NASNet-A': 'NASNet',
  'AmoebaNet-A': 'AmoebaNet',
  GDAS: 'GDAS_V1',
});

/**
 * Every genotype of these repositories is trained with pt.darts' evaluation network (DropNAS is built on pt.darts):
 * its pooling ops carry an affine BN, so their checkpoints hold those weights (spec dropnas §1.6, §2.6).
 */
const SETTINGS_BY_REPO: Readonly<Record<string, ZooSettings>> = {
  'khanrc/pt.darts': { poolBn: 'affine' },
  'wiljohnhong/DropNAS': { poolBn: 'affine' },
};

interface ZooModel {
  genotype: string;
  settings: ZooSettings;
  note: string;
}

/** Published models: a zoo genotype under the name and at the settings of a paper's table (spec ddarts-dartopti §16). */
export const ZOO_MODELS: Readonly<Record<string, ZooModel>> = Object.freeze({
  'DO-2-ResNet18': {
    genotype: 'ResNet18_cifar100_threshold_sparse_0.85',
    settings: { channels: 64, dataset: 'imagenet' },
    note: 'DARTOpti ImageNet model: ResNet18_cifar100_threshold_sparse_0.85 at C=64 on ImageNet, its own 4 cells (53.384M parameters without the auxiliary head).',
  },
  'DO-2-ResNet50': {
    genotype: 'ResNet50_cifar100_threshold_sparse_0.85',
    settings: { channels: 64, dataset: 'imagenet' },
    note: 'DARTOpti ImageNet model: ResNet50_cifar100_threshold_sparse_0.85 at C=64 on ImageNet, its own cells (73.227M parameters without the auxiliary head).',
  },
});

/** The form names are compared in: case and '-' / '_' do not count. */
function nameKey(name: string): string {
  return name.toLowerCase().replace(/[-_]/g, '');
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

function cloneZooGenotype(genotype: ZooGenotype): ZooGenotype {
  if (genotype.kind === 'nb201') return { kind: 'nb201', nodes: genotype.nodes.map((edges) => edges.map((edge) => [...edge])) };
  return cloneGenotype(genotype);
}

function sameZooGenotype(a: ZooGenotype, b: ZooGenotype): boolean {
  if (a.kind === 'nb201' || b.kind === 'nb201') {
    return a.kind === b.kind && formatNb201Arch(a as Nb201Arch) === formatNb201Arch(b as Nb201Arch);
  }
  return genotypesEqual(a, b);
}

function buildEntry(record: ZooRecord): ZooEntry {
  let genotype: ZooGenotype;
  let format: ZooEntry['format'];
  try {
    if (record.textFormat === 'nb201') {
      genotype = parseNb201Arch(record.text);
      format = 'nb201';
    } else {
      const parsed = parseGenotypeWithFormat(record.text, { validate: record.unusable === undefined });
      if (parsed.name !== undefined && parsed.name !== record.name) {
        throw new Error(`the text defines '${parsed.name}', not '${record.name}'`);
      }
      genotype = parsed.genotype;
      format = parsed.format;
    }
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const where = `${record.source.repo}/${record.source.path}${record.asset === undefined ? '' : `, asset ${record.asset}`}`;
    throw new Error(`zoo entry '${record.name}' (${where}) does not parse:\n${reason}`);
  }
  const evalCell: EvalCell = genotype.kind;
  return {
    name: record.name,
    kind: genotype.kind,
    evalCell,
    format,
    source: record.source,
    alsoIn: record.alsoIn ?? [],
    comments: record.comments ?? [],
    notes: record.notes ?? [],
    text: record.text,
    transcribed: record.transcribed === true,
    genotype: deepFreeze(genotype),
    settings: SETTINGS_BY_REPO[record.source.repo] ?? {},
  };
}

let table: Map<string, ZooEntry> | undefined;
/** nameKey of every canonical name, alias and model → its canonical name. */
let spellings: Map<string, string> | undefined;

function zooTable(): Map<string, ZooEntry> {
  if (table) return table;
  const built = new Map<string, ZooEntry>();
  for (const record of zooRecords()) {
    const entry = buildEntry(record);
    const existing = built.get(entry.name);
    if (existing) {
      const how = sameZooGenotype(existing.genotype, entry.genotype)
        ? 'with the same content: list the second file in alsoIn'
        : 'with different content: register the file-local meaning under a folder prefix (e.g. fairdarts/NAME)';
      throw new Error(`zoo name '${entry.name}' is defined twice (${existing.source.path}, ${entry.source.path}) ${how}`);
    }
    built.set(entry.name, deepFreeze(entry));
  }
  for (const [name, model] of Object.entries(ZOO_MODELS)) {
    const base = built.get(model.genotype);
    if (!base) throw new Error(`zoo model '${name}' names unknown genotype '${model.genotype}'`);
    built.set(name, deepFreeze({ ...base, name, notes: [model.note, ...base.notes], settings: { ...base.settings, ...model.settings } }));
  }
  for (const [alias, target] of Object.entries(ZOO_ALIASES)) {
    if (built.has(alias)) throw new Error(`zoo alias '${alias}' shadows a canonical name`);
    if (!built.has(target)) throw new Error(`zoo alias '${alias}' points at unknown '${target}'`);
  }
  const keys = new Map<string, string>();
  for (const [name, canonical] of [...[...built.keys()].map((n) => [n, n]), ...Object.entries(ZOO_ALIASES)] as [string, string][]) {
    const key = nameKey(name);
    const other = keys.get(key);
    if (other !== undefined && other !== canonical) throw new Error(`zoo names '${other}' and '${name}' differ only in case, '-' or '_'`);
    keys.set(key, canonical);
  }
  spellings = keys;
  table = built;
  return built;
}

/**
 * The canonical name of a zoo name, alias or model in any spelling (case-insensitive, '-' and '_' ignored:
 * `FairDARTS-a` → FairDARTS_a, `pc-darts` → PC_DARTS_cifar), or undefined.
 */
export function canonicalZooName(name: string): string | undefined {
  zooTable();
  return spellings!.get(nameKey(name));
}

/** Canonical names of all zoo genotypes, in source order (aliases excluded; see ZOO_ALIASES). */
export function zooNames(): string[] {
  return [...zooTable().keys()];
}

/** All zoo entries in source order. */
export function zooEntries(): ZooEntry[] {
  return [...zooTable().values()];
}

export function hasZooEntry(name: string): boolean {
  return canonicalZooName(name) !== undefined;
}

/** The entry of a canonical name, alias or model in any spelling (canonicalZooName); an unknown name throws with the closest names. */
export function zooEntry(name: string): ZooEntry {
  const entries = zooTable();
  const canonical = canonicalZooName(name);
  const entry = canonical === undefined ? undefined : entries.get(canonical);
  if (entry) return entry;
  const known = [...entries.keys(), ...Object.keys(ZOO_ALIASES)];
  const close = closeNames(name, known, 8);
  const hint = close.length > 0 ? `; close names: ${close.join(', ')}` : '';
  throw new Error(`unknown zoo genotype '${name}'${hint} (zooNames() lists all ${entries.size})`);
}

/** A mutable copy of the genotype of a canonical name or alias. */
export function zooGenotype(name: string): ZooGenotype {
  return cloneZooGenotype(zooEntry(name).genotype);
}

/** Like zooGenotype, but requires a kind, so callers get the precise type (e.g. 'darts' → Genotype). */
export function zooGenotypeOfKind<K extends ZooGenotypeKind>(name: string, kind: K): Extract<ZooGenotype, { kind: K }> {
  const genotype = zooGenotype(name);
  if (genotype.kind !== kind) throw new TypeError(`zoo genotype '${name}' is a '${genotype.kind}' genotype, not '${kind}'`);
  return genotype as Extract<ZooGenotype, { kind: K }>;
}
