// Genotype types of the DARTS family, plus validation.
//
// Node numbering follows the reference code: in a cell, nodes 0 and 1 are the two cell inputs
// (c_{k-2}, c_{k-1}) and nodes 2, 3, ... are the intermediate nodes.
//
// Every genotype carries a `kind` so new layouts can join the `AnyGenotype` union later (a per-cell
// D-DARTS `Genotype_nested` would be `{ kind: 'nested', genes: DcoGene[][], concat, reductions }`,
// reusing `DcoGene`); code that switches on `kind` ends with an exhaustiveness check, so adding a
// kind makes the compiler point at every place that needs to learn it.

import { DARTS_SPACE_OPS, DDARTS_SPACE_OPS } from './primitives.js';
import { didYouMean } from './suggest.js';

/** DARTS gene `(op, input)`: genes 2i and 2i+1 are the two inputs of intermediate node i + 2. */
export type GenePair = [op: string, input: number];

/** FairDARTS DCO gene `(op, to, from)`: one op on the edge from node `from` into node `to`. */
export type DcoGene = [op: string, to: number, from: number];

/** FairDARTS `darts/` "reweight" gene `(op, input, weight)`: a DARTS gene whose output is scaled. */
export type WeightedGene = [op: string, input: number, weight: number];

/** A DARTS-style genotype (quark0/darts `Genotype`): exactly two genes per intermediate node. */
export interface Genotype {
  kind: 'darts';
  normal: GenePair[];
  normalConcat: number[];
  reduce: GenePair[];
  reduceConcat: number[];
}

/**
 * A FairDARTS genotype for the DCOCell: any number of `(op, to, from)` edges. The concat lists are
 * recorded (as range(2, 6) in every published file) but the DCOCell ignores them: its output is the
 * concat of the nodes that received an edge.
 */
export interface DcoGenotype {
  kind: 'dco';
  normal: DcoGene[];
  normalConcat: number[];
  reduce: DcoGene[];
  reduceConcat: number[];
}

/** A FairDARTS `darts/` reweight genotype (DARTS_EXP*): DARTS layout with a weight per gene. */
export interface ReweightGenotype {
  kind: 'reweight';
  normal: WeightedGene[];
  normalConcat: number[];
  reduce: WeightedGene[];
  reduceConcat: number[];
}

/**
 * A D-DARTS / DARTOpti `Genotype_nested` (spec ddarts-dartopti §5): one DCO gene per cell position (cells no
 * longer share genes), the nominal output nodes, and the positions of the reduction cells. The evaluation
 * network builds cell i from genes[i] with a DCO cell (concat is recorded but, as in FairDARTS, ignored).
 */
export interface NestedGenotype {
  kind: 'nested';
  genes: DcoGene[][];
  concat: number[];
  reductions: number[];
}

/** Any genotype made of a normal and a reduction cell. */
export type TwoCellGenotype = Genotype | DcoGenotype | ReweightGenotype;

/** Every genotype kind: two shared cells, or one gene per cell (D-DARTS). */
export type AnyGenotype = TwoCellGenotype | NestedGenotype;
export type GenotypeKind = AnyGenotype['kind'];
export type CellType = 'normal' | 'reduce';
export type AnyGene = GenePair | DcoGene | WeightedGene;

export const CELL_TYPES: readonly CellType[] = ['normal', 'reduce'];

/** Intermediate-node count of the published DCO search space; DCO genes do not encode it. */
export const DEFAULT_DCO_STEPS = 4;

export function cellGenes(genotype: TwoCellGenotype, cell: CellType): readonly AnyGene[] {
  return cell === 'normal' ? genotype.normal : genotype.reduce;
}

export function cellConcat(genotype: TwoCellGenotype, cell: CellType): readonly number[] {
  return cell === 'normal' ? genotype.normalConcat : genotype.reduceConcat;
}

/** [start, start + 1, ..., stop - 1], like Python's range(start, stop). */
export function concatRange(start: number, stop: number): number[] {
  const out: number[] = [];
  for (let i = start; i < stop; i++) out.push(i);
  return out;
}

/** One edge of a cell by the names its nodes are drawn with (cellNodeName; NB201: 0..3). */
export interface CellEdge {
  from: string;
  to: string;
}

/** Name of node j of a DARTS-family cell (a gene's input index): the two cell inputs, then intermediate nodes from 0. */
export function cellNodeName(node: number): string {
  if (node === 0) return 'c_{k-2}';
  if (node === 1) return 'c_{k-1}';
  return String(node - 2);
}

/** The `to` nodes of a DCO cell in first-appearance order: the DCOCell's output nodes (its multiplier). */
export function dcoCellNodes(genes: readonly DcoGene[]): number[] {
  const nodes: number[] = [];
  for (const [, to] of genes) if (!nodes.includes(to)) nodes.push(to);
  return nodes;
}

/** Intermediate nodes of a nested genotype's cells: max(concat) - 1 (4 for range(2, 6), 6 for range(4, 8)). */
export function nestedSteps(genotype: NestedGenotype): number {
  return genotype.concat.length > 0 ? Math.max(...genotype.concat) - 1 : DEFAULT_DCO_STEPS;
}

export function cloneGenotype<G extends AnyGenotype>(genotype: G): G {
  if (genotype.kind === 'nested') {
    const g = genotype as NestedGenotype;
    return {
      kind: 'nested',
      genes: g.genes.map((cell) => cell.map((gene) => [...gene])),
      concat: [...g.concat],
      reductions: [...g.reductions],
    } as NestedGenotype as G;
  }
  const two = genotype as TwoCellGenotype;
  return {
    ...two,
    normal: two.normal.map((gene) => [...gene]),
    normalConcat: [...two.normalConcat],
    reduce: two.reduce.map((gene) => [...gene]),
    reduceConcat: [...two.reduceConcat],
  } as G;
}

function sameList(a: readonly unknown[], b: readonly unknown[]): boolean {
  return a.length === b.length && a.every((value, i) => Object.is(value, b[i]));
}

/** Structural equality: same kind, same genes in the same order, same concat lists. */
export function genotypesEqual(a: AnyGenotype, b: AnyGenotype): boolean {
  if (a.kind === 'nested' || b.kind === 'nested') {
    if (a.kind !== 'nested' || b.kind !== 'nested') return false;
    return (
      a.genes.length === b.genes.length &&
      a.genes.every((cell, i) => cell.length === b.genes[i]!.length && cell.every((gene, k) => sameList(gene, b.genes[i]![k]!))) &&
      sameList(a.concat, b.concat) &&
      sameList(a.reductions, b.reductions)
    );
  }
  if (a.kind !== b.kind) return false;
  return CELL_TYPES.every((cell) => {
    const ga = cellGenes(a, cell);
    const gb = cellGenes(b, cell);
    return ga.length === gb.length && ga.every((gene, i) => sameList(gene, gb[i]!)) && sameList(cellConcat(a, cell), cellConcat(b, cell));
  });
}

/** Where an issue sits, so a parser can point at the offending token. */
export type IssueLocation =
  | { at: 'cell' }
  | { at: 'gene'; gene: number /** 0 = op, 1 = input / to, 2 = from / weight; absent = the whole gene */; part?: 0 | 1 | 2 }
  | { at: 'concat'; index: number };

export interface GenotypeIssue {
  severity: 'error' | 'warning';
  cell: CellType;
  /** Nested (per-cell) genotypes: the cell position the issue is about; absent for the shared fields. */
  cellIndex?: number;
  location: IssueLocation;
  message: string;
}

export interface ValidateOptions {
  /** Allowed op names; default: every DARTS-space op (the 8 DARTS ops plus sep_conv_7x7, conv_7x1_1x7). */
  ops?: readonly string[];
  /**
   * Required number of intermediate nodes. DARTS-style cells default to genes / 2 (NASNet has 5);
   * DCO cells default to 4, the published FairDARTS space.
   */
  steps?: number;
}

function geneText(gene: readonly unknown[]): string {
  return `(${gene.map((v) => (typeof v === 'string' ? `'${v}'` : String(v))).join(', ')})`;
}

function isNodeIndex(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value);
}

class IssueCollector {
  readonly issues: GenotypeIssue[] = [];
  constructor(
    private readonly cell: CellType,
    private readonly label: string = cell,
    private readonly cellIndex?: number,
  ) {}

  private push(severity: GenotypeIssue['severity'], location: IssueLocation, message: string): void {
    const issue: GenotypeIssue = { severity, cell: this.cell, location, message: `${this.label}: ${message}` };
    if (this.cellIndex !== undefined) issue.cellIndex = this.cellIndex;
    this.issues.push(issue);
  }

  error(location: IssueLocation, message: string): void {
    this.push('error', location, message);
  }

  warning(location: IssueLocation, message: string): void {
    this.push('warning', location, message);
  }
}

function checkOp(out: IssueCollector, gene: readonly unknown[], index: number, ops: readonly string[]): void {
  const op = gene[0];
  if (typeof op !== 'string') {
    out.error({ at: 'gene', gene: index, part: 0 }, `gene ${index} ${geneText(gene)}: the op must be a string`);
  } else if (!ops.includes(op)) {
    out.error(
      { at: 'gene', gene: index, part: 0 },
      `gene ${index} ${geneText(gene)}: unknown op '${op}'${didYouMean(op, ops)}; known ops: ${ops.join(', ')}`,
    );
  }
}

function checkGeneArity(out: IssueCollector, gene: unknown, index: number, arity: number, shape: string): gene is unknown[] {
  if (!Array.isArray(gene) || gene.length !== arity) {
    out.error({ at: 'gene', gene: index }, `gene ${index}: expected ${shape}`);
    return false;
  }
  return true;
}

function checkConcat(out: IssueCollector, concat: readonly unknown[], nodeCount: number): void {
  if (concat.length === 0) {
    out.error({ at: 'cell' }, 'the concat list is empty; the cell would have no output');
    return;
  }
  const seen = new Set<number>();
  concat.forEach((node, index) => {
    if (!isNodeIndex(node) || node < 0 || node >= nodeCount) {
      out.error({ at: 'concat', index }, `concat entry ${String(node)} is not a node of this cell (nodes are 0..${nodeCount - 1})`);
    } else if (seen.has(node)) {
      out.error({ at: 'concat', index }, `concat lists node ${node} twice`);
    } else {
      seen.add(node);
    }
  });
}

function validateDartsCell(
  out: IssueCollector,
  genes: readonly unknown[],
  concat: readonly unknown[],
  weighted: boolean,
  options: ValidateOptions,
): void {
  const ops = options.ops ?? DARTS_SPACE_OPS;
  const shape = weighted ? 'a triple (op, input, weight)' : 'a pair (op, input)';
  if (genes.length === 0 || genes.length % 2 !== 0) {
    out.error({ at: 'cell' }, `has ${genes.length} genes; a DARTS cell needs exactly 2 per intermediate node (a positive even count)`);
  } else if (options.steps !== undefined && genes.length !== 2 * options.steps) {
    out.error({ at: 'cell' }, `has ${genes.length} genes; ${options.steps} intermediate nodes need ${2 * options.steps}`);
  }
  genes.forEach((gene, index) => {
    if (!checkGeneArity(out, gene, index, weighted ? 3 : 2, shape)) return;
    checkOp(out, gene, index, ops);
    const node = Math.floor(index / 2) + 2;
    const input = gene[1];
    if (!isNodeIndex(input)) {
      out.error({ at: 'gene', gene: index, part: 1 }, `gene ${index} ${geneText(gene)}: the input must be an integer node index`);
    } else if (input < 0 || input >= node) {
      out.error(
        { at: 'gene', gene: index, part: 1 },
        `gene ${index} ${geneText(gene)}: input ${input} is out of range; gene ${index} feeds node ${node}, which can only read nodes 0..${node - 1}`,
      );
    }
    if (weighted && (typeof gene[2] !== 'number' || !Number.isFinite(gene[2]))) {
      out.error({ at: 'gene', gene: index, part: 2 }, `gene ${index} ${geneText(gene)}: the weight must be a finite number`);
    }
  });
  checkConcat(out, concat, 2 + Math.max(options.steps ?? Math.floor(genes.length / 2), 0));
}

function validateDcoCell(
  out: IssueCollector,
  genes: readonly unknown[],
  concat: readonly unknown[],
  options: ValidateOptions,
  withConcat = true,
): void {
  const ops = options.ops ?? DARTS_SPACE_OPS;
  const steps = options.steps ?? DEFAULT_DCO_STEPS;
  const lastNode = steps + 1;
  if (genes.length === 0) out.error({ at: 'cell' }, 'has no edges; the DCO cell would have no output');
  const wellFormed: { index: number; gene: DcoGene }[] = [];
  genes.forEach((gene, index) => {
    if (!checkGeneArity(out, gene, index, 3, 'a triple (op, to, from)')) return;
    checkOp(out, gene, index, ops);
    const [, to, from] = gene;
    let ok = typeof gene[0] === 'string';
    if (!isNodeIndex(to) || to < 2 || to > lastNode) {
      out.error(
        { at: 'gene', gene: index, part: 1 },
        `gene ${index} ${geneText(gene)}: 'to' node ${String(to)} is out of range; intermediate nodes are 2..${lastNode}`,
      );
      ok = false;
    }
    if (!isNodeIndex(from) || from < 0 || (isNodeIndex(to) && from >= to)) {
      out.error(
        { at: 'gene', gene: index, part: 2 },
        `gene ${index} ${geneText(gene)}: 'from' node ${String(from)} must be an earlier node than 'to' (0..${isNodeIndex(to) ? to - 1 : lastNode - 1})`,
      );
      ok = false;
    }
    if (ok) wellFormed.push({ index, gene: gene as DcoGene });
  });

  // Replay the DCOCell forward pass: nodes are computed in first-appearance order of `to`, and an
  // edge whose source has not been computed yet is silently skipped.
  const available = new Set<number>([0, 1]);
  for (const node of dcoCellNodes(wellFormed.map((w) => w.gene))) {
    const edges = wellFormed.filter((w) => w.gene[1] === node);
    const used = edges.filter((w) => available.has(w.gene[2]));
    for (const { index, gene } of edges) {
      if (available.has(gene[2])) continue;
      out.warning(
        { at: 'gene', gene: index, part: 2 },
        `gene ${index} ${geneText(gene)}: node ${gene[2]} has no value when node ${node} is computed, so the DCO cell ignores this edge`,
      );
    }
    if (used.length === 0) {
      out.error(
        { at: 'gene', gene: edges[0]!.index, part: 2 },
        `node ${node} only reads nodes that have no value, so it has no inputs and the cell output concat would break`,
      );
    }
    available.add(node);
  }
  if (withConcat) checkConcat(out, concat, 2 + steps);
}

/**
 * A nested genotype: every gene is checked as a DCO cell (ops of the D-DARTS/DARTOpti space by default, steps
 * from concat), concat once, reductions as distinct non-negative cell positions. Issues carry `cellIndex`;
 * `cell` says whether that position is a reduction cell.
 */
function validateNestedGenotype(genotype: NestedGenotype, options: ValidateOptions): GenotypeIssue[] {
  const issues: GenotypeIssue[] = [];
  const genes: unknown = genotype.genes;
  const reductions: unknown = genotype.reductions;
  const concat: unknown = genotype.concat;
  const top = new IssueCollector('normal', 'genotype');
  if (!Array.isArray(genes)) top.error({ at: 'cell' }, 'the genes list is missing or not an array');
  else if (genes.length === 0) top.error({ at: 'cell' }, 'has no genes; a nested genotype needs one gene per cell');
  if (!Array.isArray(concat)) top.error({ at: 'cell' }, 'the concat list is missing or not an array');
  if (!Array.isArray(reductions)) top.error({ at: 'cell' }, 'the reductions list is missing or not an array');
  issues.push(...top.issues);
  if (top.issues.length > 0) return issues;
  const steps = options.steps ?? nestedSteps(genotype);
  const cellOptions: ValidateOptions = { ops: options.ops ?? DDARTS_SPACE_OPS, steps };
  const concatOut = new IssueCollector('normal', 'concat');
  checkConcat(concatOut, genotype.concat, 2 + steps);
  issues.push(...concatOut.issues);
  const redOut = new IssueCollector('reduce', 'reductions');
  const seen = new Set<number>();
  genotype.reductions.forEach((r, index) => {
    if (!isNodeIndex(r) || r < 0) redOut.error({ at: 'concat', index }, `entry ${String(r)} is not a cell position (a non-negative integer)`);
    else if (seen.has(r)) redOut.error({ at: 'concat', index }, `lists cell ${r} twice`);
    else seen.add(r);
  });
  issues.push(...redOut.issues);
  genotype.genes.forEach((cellGenes, i) => {
    const out = new IssueCollector(seen.has(i) ? 'reduce' : 'normal', `cell ${i}`, i);
    if (!Array.isArray(cellGenes)) out.error({ at: 'cell' }, 'the gene is not a list of (op, to, from) triples');
    else validateDcoCell(out, cellGenes, [], cellOptions, false);
    issues.push(...out.issues);
  });
  return issues;
}

/** All problems of a genotype: errors make it unusable, warnings flag edges the evaluation cell ignores. */
export function validateGenotype(genotype: AnyGenotype, options: ValidateOptions = {}): GenotypeIssue[] {
  if (genotype.kind === 'nested') return validateNestedGenotype(genotype, options);
  const issues: GenotypeIssue[] = [];
  for (const cell of CELL_TYPES) {
    const out = new IssueCollector(cell);
    const genes: unknown = cellGenes(genotype, cell);
    const concat: unknown = cellConcat(genotype, cell);
    if (!Array.isArray(genes)) {
      out.error({ at: 'cell' }, 'the gene list is missing or not an array');
    } else if (!Array.isArray(concat)) {
      out.error({ at: 'cell' }, 'the concat list is missing or not an array');
    } else {
      const kind = genotype.kind;
      switch (kind) {
        case 'darts':
          validateDartsCell(out, genes, concat, false, options);
          break;
        case 'reweight':
          validateDartsCell(out, genes, concat, true, options);
          break;
        case 'dco':
          validateDcoCell(out, genes, concat, options);
          break;
        default: {
          const unknownKind: never = kind;
          out.error({ at: 'cell' }, `unknown genotype kind '${String(unknownKind)}'`);
        }
      }
    }
    issues.push(...out.issues);
  }
  return issues;
}

export class GenotypeValidationError extends Error {
  constructor(readonly issues: readonly GenotypeIssue[]) {
    super(`invalid genotype:\n${issues.map((i) => `  - ${i.message}`).join('\n')}`);
    this.name = 'GenotypeValidationError';
  }
}

/** Throws a GenotypeValidationError listing every error (warnings do not throw). */
export function assertValidGenotype(genotype: AnyGenotype, options: ValidateOptions = {}): void {
  const errors = validateGenotype(genotype, options).filter((issue) => issue.severity === 'error');
  if (errors.length > 0) throw new GenotypeValidationError(errors);
}
