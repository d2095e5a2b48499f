// `--arch NAME|FILE|RUN_DIR|ARCH_STRING`: a zoo name, a genotype file (DARTS repr, pt.darts repr or JSON), a search run
// directory (its genotype.json), or a NAS-Bench-201 arch string (`|nor_conv_3x3~0|+|...|`; also in a file or a run).
import { existsSync, readFileSync, statSync } from 'node:fs';
import { totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import type { AnyGenotype } from '../nas/genotype/genotype.js';
import { formatGenotype } from '../nas/genotype/format.js';
import { formatNb201Arch, type Nb201Arch, parseNb201Arch } from '../nas/genotype/nb201.js';
import { parseGenotypeAuto, parseGenotypeJson } from '../nas/genotype/parse.js';
import { Nb201Network } from '../nas/nb201/network.js';
import { canonicalZooName, ZOO_ALIASES, type ZooSettings, zooEntry, zooGenotype, zooNames } from '../nas/genotype/zoo.js';
import { readGenotypeFile } from '../nas/genotype/file.js';
import { closeNames } from '../nas/genotype/suggest.js';
import { genotypeNetwork, type GenotypeNetworkOptions } from '../nas/eval/from-genotype.js';
import type { EvalNetwork } from '../nas/eval/networks.js';
import type { DerivationMode } from '../nas/cell-plan.js';
import type { PoolBn } from '../nas/ops/registry.js';
import { TSNAS_VERSION } from '../version.js';

/** What an evaluation network is built from: a DARTS-space genotype or a NAS-Bench-201 cell. */
export type EvalArch = AnyGenotype | Nb201Arch;

/**
 * How the genotype's source trains it, where that differs from tsnas' defaults (a zoo entry's settings, pt.darts'
 * pooling BN for a DropNAS search's genotype, what a training run used): train and eval take these unless the
 * command line says otherwise.
 */
export interface ArchSettings {
  poolBn?: PoolBn;
  /** Initial channels C, on `dataset` only when that is set. */
  channels?: number;
  dataset?: ZooSettings['dataset'];
  derivation?: DerivationMode;
}

export interface ResolvedArch {
  /** The canonical zoo name for a zoo genotype, else what --arch gave. */
  name: string;
  genotype: AnyGenotype;
  /** 'zoo' or the file it was read from. */
  source: string;
  settings: ArchSettings;
}

export interface ResolvedEvalArch {
  name: string;
  genotype: EvalArch;
  /** 'zoo', 'arch string', or the file it was read from. */
  source: string;
  settings: ArchSettings;
}

/**
 * A generous estimate of the float32 weight bytes of an evaluation network: a DARTS cell holds at most ~18·C² weights
 * at its width, widths C, 2C, 4C over the three thirds of the L cells (NB201: 6 edges of 3x3 convolutions per cell,
 * `layers` cells per stage). Only for refusing sizes that cannot fit, before anything is allocated.
 */
export function estimateEvalWeightBytes(genotype: EvalArch, channels: number, layers: number): number {
  const perLayer = genotype.kind === 'nb201' ? 1200 : 300;
  return 4 * perLayer * layers * channels * channels;
}

/**
 * Refuses `channels`/`layers` whose weights alone would not fit in half the machine's memory (libtorch would fail
 * one allocation with a raw message, or the process would be killed by the kernel after many smaller ones).
 */
export function checkEvalNetworkSize(
  genotype: EvalArch,
  channels: number,
  layers: number,
  flags = { channels: '--init-channels', layers: '--layers' },
): void {
  const bytes = estimateEvalWeightBytes(genotype, channels, layers);
  const limit = totalmem() / 2;
  if (bytes > limit) {
    const gib = (b: number): string => `${(b / 2 ** 30).toFixed(b < 2 ** 30 ? 2 : 0)} GiB`;
    throw new Error(
      `${flags.channels} ${channels} with ${flags.layers} ${layers} makes a network whose weights alone need about ` +
        `${gib(bytes)}, more than half of this machine's ${gib(totalmem())} of memory (the reference sizes are C=36, L=20 on CIFAR)`,
    );
  }
}

/** A DARTS-space genotype (DARTS, FairDARTS, D-DARTS layouts); NAS-Bench-201 cells are refused (see resolveEvalArch). */
export function resolveArch(spec: string): ResolvedArch {
  const r = resolveEvalArch(spec);
  if (r.genotype.kind === 'nb201') {
    throw new Error(`'${spec}' is a NAS-Bench-201 cell, not a DARTS-space genotype (tsnas train takes it; tsnas nb201 query looks it up)`);
  }
  return { ...r, genotype: r.genotype };
}

/** Where a default network size comes from, for the run's output. */
export interface DefaultNetworkSize {
  channels: number;
  layers: number;
  /** e.g. 'its 8 per-cell genes' or "DARTS' ImageNet network": what the defaults follow. */
  reason: string;
}

/**
 * C and L of a genotype's network when neither the command line nor a checkpoint gives them: a zoo model's own C on
 * its dataset; a per-cell (D-DARTS / DARTOpti) genotype at its own depth, one cell per gene (spec ddarts §7: deeper
 * networks are derived only when asked); a DARTS-space genotype on ImageNet at DARTS' mobile setting (C=48, L=14),
 * elsewhere at C=36, L=20 (spec §7.2). NAS-Bench-201 cells are not sized here (the benchmark's protocol is).
 */
export function defaultNetworkSize(genotype: AnyGenotype, family: DatasetFamily, settings: ArchSettings = {}): DefaultNetworkSize {
  const own = settings.channels !== undefined && (settings.dataset === undefined || settings.dataset === family) ? settings.channels : undefined;
  if (genotype.kind === 'nested') {
    return {
      channels: own ?? (family === 'imagenet' ? 48 : 36),
      layers: genotype.genes.length,
      reason: `its ${genotype.genes.length} per-cell genes (one cell each)`,
    };
  }
  return family === 'imagenet'
    ? { channels: own ?? 48, layers: 14, reason: "DARTS' ImageNet network" }
    : { channels: own ?? 36, layers: 20, reason: "DARTS' CIFAR network" };
}

/** Does `spec` name a file rather than a zoo genotype: a path separator or a genotype file extension. */
function looksLikePath(spec: string): boolean {
  return /[/\\]/.test(spec) || /\.(txt|json|py|genotype|pickle|pkl)$/i.test(spec) || spec.startsWith('.') || spec.startsWith('~');
}

/** An inline genotype: `Genotype(...)` (or `NAME = Genotype(...)`, pt.darts `Genotype_nested(...)`) or a JSON object. */
function looksInline(spec: string): boolean {
  return /^\s*(\w+\s*=\s*)?Genotype\w*\s*\(/.test(spec) || /^\s*\{/.test(spec);
}

/** Parses genotype text (a file's or an inline spec's); `where` prefixes parse errors. */
function parseEvalArchText(text: string, where: string): EvalArch {
  let nb201: Nb201Arch | undefined;
  try {
    nb201 = nb201ArchOf(text);
  } catch (e) {
    throw new Error(`--arch ${where}: ${(e as Error).message}`);
  }
  if (nb201) return nb201;
  try {
    return parseGenotypeAuto(text);
  } catch (e) {
    throw new Error(`--arch ${where}: ${(e as Error).message}`);
  }
}

const ARCH_FORMS =
  'a zoo name (`tsnas zoo list`), a genotype file (DARTS repr, pt.darts repr, JSON or an EvNAS genotype.pickle), a search or training run directory, ' +
  'an inline Genotype(...) string, or an NB201 arch string |op~0|+|...|';

/** Any genotype an evaluation network can be built from, NAS-Bench-201 cells included (`tsnas train`). */
export function resolveEvalArch(spec: string): ResolvedEvalArch {
  if (spec.trim().length === 0) throw new Error(`--arch is empty (expected ${ARCH_FORMS})`);
  if (existsSync(spec)) {
    let file = spec;
    if (statSync(spec).isDirectory()) {
      const trained = trainRunArch(spec);
      if (trained) return trained;
      file = join(spec, 'genotype.json');
      if (!existsSync(file)) {
        throw new Error(
          `--arch ${spec}: a directory must be a search run holding genotype.json (none there; ` +
            'a search writes it when it finishes, and genotypes/epoch-NNN.json every epoch) or a training run',
        );
      }
    }
    let text: string;
    try {
      text = readGenotypeFile(file);
    } catch (e) {
      throw new Error(`--arch ${(e as Error).message}`);
    }
    return { name: file, genotype: parseEvalArchText(text, file), source: file, settings: searchRunSettings(file) };
  }
  const trimmed = spec.trim();
  if (trimmed.startsWith('|')) {
    try {
      return { name: trimmed, genotype: parseNb201Arch(trimmed), source: 'arch string', settings: {} };
    } catch (e) {
      throw new Error(`--arch (NB201 arch string): ${(e as Error).message}`);
    }
  }
  if (looksInline(spec))
    return { name: 'inline genotype', genotype: parseEvalArchText(spec, '(inline genotype)'), source: 'arch string', settings: {} };
  if (looksLikePath(spec)) throw new Error(`--arch ${spec}: file not found (expected ${ARCH_FORMS})`);
  const canonical = canonicalZooName(spec);
  if (canonical === undefined) {
    const close = closeNames(spec, [...zooNames(), ...Object.keys(ZOO_ALIASES)], 5);
    throw new Error(
      `--arch '${spec}': unknown zoo genotype and no such file` +
        `${close.length > 0 ? `; close zoo names: ${close.join(', ')}` : ''} (expected ${ARCH_FORMS})`,
    );
  }
  return { name: canonical, genotype: zooGenotype(canonical), source: 'zoo', settings: { ...zooEntry(canonical).settings } };
}

/** The canonical zoo name of an --arch in any published spelling (config.json records it), else the value as given. */
export function canonicalArchName(spec: string): string {
  if (existsSync(spec) || looksLikePath(spec) || looksInline(spec) || spec.trim().startsWith('|')) return spec;
  return canonicalZooName(spec) ?? spec;
}

/**
 * The settings of a genotype file inside a search run (genotype.json, genotypes/epoch-NNN.json): a DropNAS search's
 * genotypes are trained with pt.darts' evaluation network, whose pooling ops carry an affine BN (spec dropnas §2.6).
 */
function searchRunSettings(file: string): ArchSettings {
  for (const dir of [dirname(file), dirname(dirname(file))]) {
    const configPath = join(dir, 'config.json');
    if (!existsSync(configPath)) continue;
    try {
      const config = JSON.parse(readFileSync(configPath, 'utf8')) as { command?: unknown; options?: { method?: unknown } };
      if (config.command === 'search') return config.options?.method === 'dropnas' ? { poolBn: 'affine' } : {};
    } catch {
      // not a run's config.json: the file is read as a plain genotype file
    }
  }
  return {};
}

/** The genotype a training run trained (its config.json), or undefined when `dir` is no training run. */
function trainRunArch(dir: string): ResolvedEvalArch | undefined {
  const configPath = join(dir, 'config.json');
  if (!existsSync(configPath)) return undefined;
  let config: { command?: unknown; genotype?: unknown; options?: { poolBn?: PoolBn; derivation?: DerivationMode } };
  try {
    config = JSON.parse(readFileSync(configPath, 'utf8')) as typeof config;
  } catch (e) {
    throw new Error(`--arch ${dir}: ${configPath} is not valid JSON (${(e as Error).message}): the run directory is damaged`);
  }
  if (config.command !== 'train') return undefined;
  if (config.genotype === undefined) throw new Error(`--arch ${dir}: ${configPath} records no genotype: the run directory is damaged`);
  const settings: ArchSettings = {};
  if (config.options?.poolBn !== undefined) settings.poolBn = config.options.poolBn;
  if (config.options?.derivation !== undefined) settings.derivation = config.options.derivation;
  return { name: dir, genotype: evalArchFromJson(config.genotype), source: configPath, settings };
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
  return g.kind === 'nb201' ? { kind: 'nb201', arch: formatNb201Arch(g) } : (JSON.parse(formatGenotype(g, 'json')) as unknown);
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

export interface EvalNetworkOptions extends GenotypeNetworkOptions {
  family: DatasetFamily;
}

/**
 * The evaluation network of a genotype. An NB201 cell gets the benchmark's TinyNetwork (spec §5.3) with C = `channels`
 * and N = `layers` cells per stage (the benchmark: 16 and 5); it has no auxiliary head and no drop path.
 */
export function buildEvalNetwork(genotype: EvalArch, o: EvalNetworkOptions): EvalNetwork {
  if (genotype.kind === 'nb201') {
    return new Nb201Network(genotype, { channels: o.channels, cellsPerStage: o.layers, numClasses: o.numClasses, inChannels: o.inChannels });
  }
  // DARTS-space genotypes, D-DARTS / DARTOpti per-cell ones included (their cell plan and ImageNet stem: nas/eval).
  return genotypeNetwork(o.family, genotype, o);
}

// ------------------------------------------------------------------------------------------- checkpoint metadata

/** The `format` of networkMetadata(); the part after the slash is its version. */
export const NETWORK_METADATA_FORMAT = 'tsnas.network/1';

/** The network settings a checkpoint's weights belong to (EvalNetworkOptions with the defaults filled in). */
export interface NetworkSettings {
  family: DatasetFamily;
  channels: number;
  layers: number;
  numClasses: number;
  auxiliary: boolean;
  inChannels: number;
  /** D-DARTS genotypes only. */
  derivation?: DerivationMode;
  /** Recorded when 'affine' (pt.darts' evaluation cell); absent means 'none', as in checkpoints written before it. */
  poolBn?: PoolBn;
}

/**
 * What tsnas saves with a model's weights (io SaveOptions.metadata): JSON, compared by checkNetworkMetadata. (A type
 * alias, not an interface, so that it is assignable to SaveOptions.metadata's Record<string, unknown>.)
 */
export type NetworkMetadata = {
  format: string;
  tsnasVersion: string;
  /** The --arch the genotype came from (a zoo name, a file): for messages only, never compared. */
  arch?: string;
  /** evalArchToJson of the genotype. */
  genotype: unknown;
  network: NetworkSettings;
  /** Anything else the writer wants to record (dataset, epoch, ...): never compared. */
  info?: Record<string, unknown>;
};

/**
 * The metadata to save with the weights of `buildEvalNetwork(arch, settings)`:
 * `saveTorchStateDict(path, net.stateDict(), { metadata: networkMetadata(arch, settings, { arch: name }) })`.
 */
export function networkMetadata(
  arch: EvalArch,
  settings: EvalNetworkOptions,
  extra: { arch?: string; info?: Record<string, unknown> } = {},
): NetworkMetadata {
  const network: NetworkSettings = {
    family: settings.family,
    channels: settings.channels,
    layers: settings.layers,
    numClasses: settings.numClasses,
    auxiliary: settings.auxiliary,
    inChannels: settings.inChannels ?? 3,
  };
  if (arch.kind === 'nested') network.derivation = settings.derivation ?? 'paper';
  if (settings.poolBn === 'affine') network.poolBn = 'affine';
  const meta: NetworkMetadata = { format: NETWORK_METADATA_FORMAT, tsnasVersion: TSNAS_VERSION, genotype: evalArchToJson(arch), network };
  if (extra.arch !== undefined) meta.arch = extra.arch;
  if (extra.info !== undefined) meta.info = extra.info;
  return meta;
}

const SETTING_LABELS: Record<keyof NetworkSettings, string> = {
  family: 'dataset family',
  channels: 'init-channels',
  layers: 'layers',
  numClasses: 'classes',
  auxiliary: 'auxiliary head',
  inChannels: 'input channels',
  derivation: 'derivation',
  poolBn: 'BN after pooling',
};

/** JSON with sorted keys, for comparing. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o)
      .sort()
      .filter((k) => o[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v) ?? 'null';
}

/** Where two JSON values differ, e.g. `normal[3] ["sep_conv_3x3",1] vs ["sep_conv_3x3",0]` (a gene is one leaf). */
function jsonDifferences(a: unknown, b: unknown, path: string, out: string[]): void {
  if (canonical(a) === canonical(b)) return;
  const leafArray = (v: unknown): boolean => Array.isArray(v) && v.every((x) => x === null || typeof x !== 'object');
  if (Array.isArray(a) && Array.isArray(b) && !(leafArray(a) && leafArray(b))) {
    if (a.length !== b.length) {
      out.push(`${path || 'genotype'}: ${a.length} vs ${b.length} entries`);
      return;
    }
    a.forEach((x, i) => jsonDifferences(x, b[i], `${path}[${i}]`, out));
    return;
  }
  if (a !== null && b !== null && typeof a === 'object' && typeof b === 'object' && !Array.isArray(a) && !Array.isArray(b)) {
    const ao = a as Record<string, unknown>,
      bo = b as Record<string, unknown>;
    for (const k of [...new Set([...Object.keys(ao), ...Object.keys(bo)])]) jsonDifferences(ao[k], bo[k], path ? `${path}.${k}` : k, out);
    return;
  }
  out.push(`${path || 'genotype'} ${canonical(a)} vs ${canonical(b)}`);
}

export interface NetworkMetadataCompare {
  /** Settings not to compare (e.g. 'auxiliary' when only evaluating: the auxiliary head does not change the output). */
  ignore?: readonly (keyof NetworkSettings)[];
}

/**
 * The differences between a checkpoint's metadata (`meta`, from readTorchMetadata) and the network about to use its
 * weights (`expected`, from networkMetadata), checkpoint's value first: e.g. `init-channels 36 vs 16`. Empty when they
 * agree, when `meta` is undefined (a checkpoint without tsnas metadata: PyTorch's own files), or when it is some other
 * tsnas metadata than a network's.
 */
export function diffNetworkMetadata(meta: unknown, expected: NetworkMetadata, o: NetworkMetadataCompare = {}): string[] {
  if (meta === undefined || meta === null || typeof meta !== 'object') return [];
  const m = meta as Partial<NetworkMetadata>;
  if (typeof m.format !== 'string' || !m.format.startsWith('tsnas.network/')) return [];
  const out: string[] = [];
  if (m.genotype !== undefined && canonical(m.genotype) !== canonical(expected.genotype)) {
    const genes: string[] = [];
    jsonDifferences(m.genotype, expected.genotype, '', genes);
    const names = `${m.arch !== undefined ? `${m.arch}` : 'its genotype'} vs ${expected.arch ?? 'this genotype'}`;
    out.push(`genotype ${names}: ${genes.slice(0, 6).join('; ')}${genes.length > 6 ? `; and ${genes.length - 6} more` : ''}`);
  }
  const net = (m.network ?? {}) as Partial<Record<keyof NetworkSettings, unknown>>;
  for (const key of Object.keys(SETTING_LABELS) as (keyof NetworkSettings)[]) {
    if (o.ignore?.includes(key)) continue;
    // a network without poolBn recorded has none (every checkpoint written before the option existed)
    const absent = key === 'poolBn' ? 'none' : undefined;
    const have = net[key] ?? absent,
      want = expected.network[key] ?? absent;
    if (have === undefined || want === undefined || canonical(have) === canonical(want)) continue;
    out.push(`${SETTING_LABELS[key]} ${canonical(have)} vs ${canonical(want)}`);
  }
  return out;
}

export interface NetworkMetadataCheck extends NetworkMetadataCompare {
  /** The checkpoint file, named first in the message. */
  checkpoint?: string;
  /** What the other side is, e.g. '--arch and the options' (default 'the network asked for'). */
  against?: string;
  /** Appended to the message, e.g. 'pass --ignore-metadata to evaluate anyway'. */
  hint?: string;
}

/**
 * Throws when a checkpoint's tsnas metadata (readTorchMetadata) says its weights belong to another network than
 * `expected` (networkMetadata of the genotype and settings about to load them), listing each difference, checkpoint
 * first: "model.pt: the checkpoint was trained with another network than --arch and the options give (checkpoint vs
 * given): genotype DARTS_V2 vs my.json: normal[3] ["sep_conv_3x3",1] vs ["sep_conv_3x3",0]; init-channels 36 vs 16".
 * Does nothing for `meta` undefined (no metadata: PyTorch's own checkpoints load as before).
 */
export function checkNetworkMetadata(meta: unknown, expected: NetworkMetadata, o: NetworkMetadataCheck = {}): void {
  const diffs = diffNetworkMetadata(meta, expected, o);
  if (diffs.length === 0) return;
  throw new Error(networkMismatchMessage(diffs, o));
}

/** The message checkNetworkMetadata throws, from diffNetworkMetadata's list. */
export function networkMismatchMessage(diffs: readonly string[], o: NetworkMetadataCheck = {}): string {
  return (
    `${o.checkpoint ? `${o.checkpoint}: ` : ''}the checkpoint was trained with another network than ${o.against ?? 'the network asked for'} ` +
    `(checkpoint vs given): ${diffs.join('; ')}${o.hint ? `. ${o.hint}` : ''}`
  );
}
