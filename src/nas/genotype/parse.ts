// Readers for genotype text: the DARTS Python repr (flat), the khanrc/pt.darts nested repr and
// tsnas JSON. Every error names the line:column of the offending token and shows it with carets.

import {
  validateGenotype,
  type TwoCellGenotype,
  type AnyGene,
  type AnyGenotype,
  type CellType,
  type Genotype,
  type GenotypeIssue,
  type GenotypeKind,
  type ValidateOptions,
} from './genotype.js';
import { nestedFromCall, nestedFromJson } from './nested-txt.js';
import { describeLiteral, parseLiteral, type Literal } from './literal.js';
import { GenotypeParseError, type SourceSpan } from './parse-error.js';
import { didYouMean } from './suggest.js';

/**
 * Text layouts of a genotype:
 * - 'repr': quark0/darts `Genotype(normal=[('op', 0), ...], normal_concat=[2, 3, 4, 5], ...)`
 * - 'nested': khanrc/pt.darts `Genotype(normal=[[('op', 0), ('op', 1)], ...], normal_concat=range(2, 6), ...)`
 * - 'json': tsnas `{"kind": "darts", "normal": [["op", 0], ...], "normalConcat": [2, 3, 4, 5], ...}`
 */
export type GenotypeFormat = 'repr' | 'nested' | 'json';

export interface ParseOptions extends ValidateOptions {
  /** Run validateGenotype and report its first error at the offending token (default true). */
  validate?: boolean;
}

export interface ParsedGenotype {
  genotype: AnyGenotype;
  format: GenotypeFormat;
  /** NAME of a `NAME = Genotype(...)` line, as written in genotypes.py files. */
  name?: string;
}

/** Source spans of the parsed pieces, so validation problems can be shown in the text. */
interface CellSpans {
  cell: SourceSpan;
  genes: { whole: SourceSpan; parts: SourceSpan[] }[];
  concat: SourceSpan[];
}

type SpanMap = Record<CellType, CellSpans>;

interface GeneDraft {
  literal: SequenceLiteral;
  cell: CellType;
}

class Interpreter {
  constructor(readonly text: string) {}

  fail(reason: string, span: SourceSpan, notes: readonly string[] = []): never {
    throw new GenotypeParseError(reason, this.text, span, notes);
  }

  expected(what: string, literal: Literal): never {
    return this.fail(`expected ${what}, found ${describeLiteral(literal)}`, literal.span);
  }

  nodeIndex(literal: Literal, what: string): number {
    if (literal.type !== 'number' || !literal.isInteger) this.expected(`an integer ${what}`, literal);
    return literal.value;
  }

  /** A concat value: a list of ints, range(...) or list(range(...)); spans per resulting entry. */
  concat(literal: Literal): { nodes: number[]; spans: SourceSpan[] } {
    if (literal.type === 'list') {
      const nodes = literal.items.map((item) => this.nodeIndex(item, 'node index'));
      return { nodes, spans: literal.items.map((item) => item.span) };
    }
    if (literal.type === 'call' && literal.callee === 'list' && literal.args.length === 1 && literal.keywords.length === 0) {
      return this.concat(literal.args[0]!);
    }
    if (literal.type === 'call' && literal.callee === 'range') {
      if (literal.keywords.length > 0 || literal.args.length < 1 || literal.args.length > 3) {
        this.fail('expected range(stop), range(start, stop) or range(start, stop, step)', literal.span);
      }
      const args = literal.args.map((arg) => this.nodeIndex(arg, 'range bound'));
      const [start, stop, step] = args.length === 1 ? [0, args[0]!, 1] : [args[0]!, args[1]!, args[2] ?? 1];
      if (step <= 0) this.fail('expected a positive range step', literal.args[2]!.span);
      const nodes: number[] = [];
      for (let n = start; n < stop; n += step) nodes.push(n);
      return { nodes, spans: nodes.map(() => literal.span) };
    }
    return this.expected('a list of node indices or range(start, stop)', literal);
  }
}

type SequenceLiteral = Extract<Literal, { type: 'list' | 'tuple' }>;

// Not a type guard on purpose: its negation must not rule out lists (a node list is a list too).
function isGeneLiteral(literal: Literal): boolean {
  return (literal.type === 'tuple' || literal.type === 'list') && literal.items[0]?.type === 'string';
}

const GENE_EXAMPLE = "a gene like ('sep_conv_3x3', 0)";

/** Cell list → gene literals; works out whether it is the flat or the nested (per node) layout. */
function collectGenes(it: Interpreter, list: Literal, cell: CellType, allowNested: boolean): { genes: GeneDraft[]; nested: boolean } {
  if (list.type !== 'list') it.expected(`the ${cell} gene list '[...]'`, list);
  // An empty list is structurally fine (FairDARTS logs empty cells early in a search); validation judges it.
  const first = list.items[0];
  const nested = allowNested && first !== undefined && first.type === 'list' && !isGeneLiteral(first);
  const genes: GeneDraft[] = [];
  for (const item of list.items) {
    if (!nested) {
      if (!isGeneLiteral(item))
        it.expected(allowNested ? `${GENE_EXAMPLE} (or, in the nested pt.darts form, a list of them per node)` : GENE_EXAMPLE, item);
      genes.push({ literal: item as SequenceLiteral, cell });
      continue;
    }
    if (item.type !== 'list' || isGeneLiteral(item)) it.expected('a per-node list of genes, like the first item of this list', item);
    if (item.items.length === 0) it.fail('expected at least one gene in this node list, found an empty list', item.span);
    for (const gene of item.items) {
      if (!isGeneLiteral(gene)) it.expected(GENE_EXAMPLE, gene);
      genes.push({ literal: gene as SequenceLiteral, cell });
    }
  }
  return { genes, nested };
}

function geneShape(kind: GenotypeKind): string {
  switch (kind) {
    case 'darts':
      return '(op, input)';
    case 'dco':
      return '(op, to, from)';
    case 'reweight':
      return '(op, input, weight)';
    case 'nested':
      return 'per-cell lists of (op, to, from)';
  }
}

/**
 * The kind all genes agree on: pairs → darts; triples → reweight if any third item is a float, else
 * dco. Without any gene it is dco, the only kind whose derivation can leave a cell empty.
 */
function inferKind(it: Interpreter, drafts: readonly GeneDraft[]): GenotypeKind {
  const first = drafts[0];
  if (!first) return 'dco';
  const arity = first.literal.items.length;
  if (arity !== 2 && arity !== 3) {
    it.fail(`expected a gene (op, input), (op, to, from) or (op, input, weight), found ${describeLiteral(first.literal)}`, first.literal.span);
  }
  for (const draft of drafts) {
    if (draft.literal.items.length !== arity) {
      it.fail(`expected a ${arity}-item gene like the first gene of the genotype, found ${describeLiteral(draft.literal)}`, draft.literal.span);
    }
  }
  if (arity === 2) return 'darts';
  const hasFloatThird = drafts.some(({ literal }) => {
    const third = literal.items[2]!;
    return third.type === 'number' && !third.isInteger;
  });
  return hasFloatThird ? 'reweight' : 'dco';
}

function buildGene(it: Interpreter, draft: GeneDraft, kind: GenotypeKind): AnyGene {
  const [opLit, second, third] = draft.literal.items as [Literal, Literal, Literal | undefined];
  if (opLit.type !== 'string') it.expected('the op name as a string', opLit);
  const op = opLit.value;
  switch (kind) {
    case 'darts':
      return [op, it.nodeIndex(second, 'input node index')];
    case 'dco':
    case 'nested':
      return [op, it.nodeIndex(second, "'to' node index"), it.nodeIndex(third!, "'from' node index")];
    case 'reweight': {
      const input = it.nodeIndex(second, 'input node index');
      const weight = third!;
      if (weight.type !== 'number') it.expected('the gene weight as a number', weight);
      return [op, input, weight.value];
    }
  }
}

interface CellSources {
  list: Literal;
  listSpan: SourceSpan;
  concat: Literal;
}

/** Shared tail of both readers: gene lists and concat values → genotype + spans. */
function assemble(
  it: Interpreter,
  cells: Record<CellType, CellSources>,
  allowNested: boolean,
  declaredKind: GenotypeKind | undefined,
): { genotype: AnyGenotype; spans: SpanMap; nested: boolean } {
  const normal = collectGenes(it, cells.normal.list, 'normal', allowNested);
  const reduce = collectGenes(it, cells.reduce.list, 'reduce', allowNested);
  const drafts = [...normal.genes, ...reduce.genes];
  const kind = inferKind(it, drafts);
  if (declaredKind !== undefined && declaredKind !== kind) {
    const compatible = declaredKind !== 'darts' && kind !== 'darts';
    if (!compatible) {
      const first = drafts[0]!.literal;
      it.fail(`expected genes shaped ${geneShape(declaredKind)} for kind '${declaredKind}', found ${describeLiteral(first)}`, first.span);
    }
  }
  const finalKind = declaredKind ?? kind;

  const nested = normal.nested || reduce.nested;
  if (finalKind !== 'dco') {
    // The flat layout reads genes 2i and 2i+1 as node i's inputs, so each node needs exactly two.
    for (const [source, collected] of [
      [cells.normal.list, normal],
      [cells.reduce.list, reduce],
    ] as const) {
      if (!collected.nested || source.type !== 'list') continue;
      for (const node of source.items) {
        if (node.type === 'list' && node.items.length !== 2) {
          it.fail(`expected exactly 2 genes per node (the DARTS cell takes two inputs per node), found ${node.items.length}`, node.span);
        }
      }
    }
  }

  const spans = {} as SpanMap;
  const built = {} as Record<CellType, { genes: AnyGene[]; concat: number[] }>;
  for (const [cell, collected] of [
    ['normal', normal],
    ['reduce', reduce],
  ] as const) {
    const concat = it.concat(cells[cell].concat);
    built[cell] = { genes: collected.genes.map((draft) => buildGene(it, draft, finalKind)), concat: concat.nodes };
    spans[cell] = {
      cell: cells[cell].listSpan,
      genes: collected.genes.map(({ literal }) => ({ whole: literal.span, parts: literal.items.map((item) => item.span) })),
      concat: concat.spans,
    };
  }
  const genotype = {
    kind: finalKind,
    normal: built.normal.genes,
    normalConcat: built.normal.concat,
    reduce: built.reduce.genes,
    reduceConcat: built.reduce.concat,
  } as AnyGenotype;
  return { genotype, spans, nested };
}

function issueSpan(issue: GenotypeIssue, spans: SpanMap): SourceSpan {
  const cell = spans[issue.cell];
  const location = issue.location;
  switch (location.at) {
    case 'cell':
      return cell.cell;
    case 'gene': {
      const gene = cell.genes[location.gene];
      if (!gene) return cell.cell;
      return location.part === undefined ? gene.whole : (gene.parts[location.part] ?? gene.whole);
    }
    case 'concat':
      return cell.concat[location.index] ?? cell.cell;
  }
}

function checkParsed(it: Interpreter, genotype: AnyGenotype, spans: SpanMap, options: ParseOptions): void {
  if (options.validate === false) return;
  const errors = validateGenotype(genotype, options).filter((issue) => issue.severity === 'error');
  const first = errors[0];
  if (!first) return;
  const others = errors.slice(1).map((issue) => issue.message);
  it.fail(first.message, issueSpan(first, spans), others.length > 0 ? [`${others.length} more problem(s):`, ...others] : []);
}

const REPR_FIELDS = ['normal', 'normal_concat', 'reduce', 'reduce_concat'] as const;
type ReprField = (typeof REPR_FIELDS)[number];

function readRepr(it: Interpreter, value: Literal, options: ParseOptions): { genotype: AnyGenotype; nested: boolean } {
  if (value.type !== 'call') it.expected('Genotype(normal=..., normal_concat=..., reduce=..., reduce_concat=...)', value);
  if (value.callee === 'Genotype_nested' || value.callee === 'Genotype_opt') {
    // D-DARTS per-cell genotypes (and DARTOpti baselines): the grammar lives in nested-txt.ts.
    return { genotype: nestedFromCall(it.text, value, options).genotype, nested: false };
  }
  if (value.callee !== 'Genotype') it.fail(`expected 'Genotype(...)', found a call to '${value.callee}'`, value.calleeSpan);

  const fields = new Map<ReprField, Literal>();
  if (value.args.length > REPR_FIELDS.length) {
    it.fail(`expected at most 4 positional arguments (${REPR_FIELDS.join(', ')}), found ${value.args.length}`, value.args[4]!.span);
  }
  value.args.forEach((arg, i) => fields.set(REPR_FIELDS[i]!, arg));
  for (const keyword of value.keywords) {
    const field = REPR_FIELDS.find((f) => f === keyword.name);
    if (!field)
      it.fail(`expected one of ${REPR_FIELDS.join(', ')}, found keyword '${keyword.name}'${didYouMean(keyword.name, REPR_FIELDS)}`, keyword.nameSpan);
    if (fields.has(field)) it.fail(`expected each field once, found '${field}' a second time`, keyword.nameSpan);
    fields.set(field, keyword.value);
  }
  const closing: SourceSpan = { start: value.span.end - 1, end: value.span.end };
  for (const field of REPR_FIELDS) {
    if (!fields.has(field)) it.fail(`expected a ${field}=... argument before ')', found none`, closing);
  }
  const cellSources = (list: ReprField, concat: ReprField): CellSources => ({
    list: fields.get(list)!,
    listSpan: fields.get(list)!.span,
    concat: fields.get(concat)!,
  });
  const { genotype, spans, nested } = assemble(
    it,
    { normal: cellSources('normal', 'normal_concat'), reduce: cellSources('reduce', 'reduce_concat') },
    true,
    undefined,
  );
  checkParsed(it, genotype, spans, options);
  return { genotype, nested };
}

const JSON_FIELDS = ['kind', 'name', 'normal', 'normalConcat', 'reduce', 'reduceConcat'] as const;
type JsonField = (typeof JSON_FIELDS)[number];
const KINDS: readonly GenotypeKind[] = ['darts', 'dco', 'reweight'];

function readJson(it: Interpreter, value: Literal, options: ParseOptions): { genotype: AnyGenotype; name?: string } {
  if (value.type !== 'object') it.expected('a JSON object {"kind": ..., "normal": [...], ...}', value);
  const kindEntry = value.entries.find((e) => e.key === 'kind');
  if (kindEntry?.value.type === 'string' && kindEntry.value.value === 'nested') return nestedFromJson(it.text, value, options);
  const fields = new Map<JsonField, Literal>();
  for (const entry of value.entries) {
    const field = JSON_FIELDS.find((f) => f === entry.key);
    if (!field)
      it.fail(`expected one of the keys ${JSON_FIELDS.join(', ')}, found "${entry.key}"${didYouMean(entry.key, JSON_FIELDS)}`, entry.keySpan);
    if (fields.has(field)) it.fail(`expected each key once, found "${field}" a second time`, entry.keySpan);
    fields.set(field, entry.value);
  }
  const closing: SourceSpan = { start: value.span.end - 1, end: value.span.end };
  for (const field of ['normal', 'normalConcat', 'reduce', 'reduceConcat'] as const) {
    if (!fields.has(field)) it.fail(`expected a "${field}" key before '}', found none`, closing);
  }
  let kind: GenotypeKind | undefined;
  const kindLiteral = fields.get('kind');
  if (kindLiteral) {
    const declared = kindLiteral.type === 'string' ? KINDS.find((k) => k === kindLiteral.value) : undefined;
    if (!declared) it.expected(`"kind" to be one of ${KINDS.map((k) => `"${k}"`).join(', ')}`, kindLiteral);
    kind = declared;
  }
  let name: string | undefined;
  const nameLiteral = fields.get('name');
  if (nameLiteral) {
    if (nameLiteral.type !== 'string') it.expected('"name" to be a string', nameLiteral);
    name = nameLiteral.value;
  }
  const cellSources = (list: JsonField, concat: JsonField): CellSources => ({
    list: fields.get(list)!,
    listSpan: fields.get(list)!.span,
    concat: fields.get(concat)!,
  });
  const { genotype, spans } = assemble(
    it,
    { normal: cellSources('normal', 'normalConcat'), reduce: cellSources('reduce', 'reduceConcat') },
    false,
    kind,
  );
  checkParsed(it, genotype, spans, options);
  return name === undefined ? { genotype } : { genotype, name };
}

function firstSignificantChar(text: string): string | undefined {
  let inComment = false;
  for (const c of text) {
    if (inComment) {
      if (c === '\n') inComment = false;
    } else if (c === '#') {
      inComment = true;
    } else if (!/\s|\uFEFF/.test(c)) {
      return c;
    }
  }
  return undefined;
}

/** Parses any supported layout and reports which one it was. */
export function parseGenotypeWithFormat(text: string, options: ParseOptions = {}): ParsedGenotype {
  const it = new Interpreter(text);
  if (firstSignificantChar(text) === '{') {
    const { genotype, name } = readJson(it, parseLiteral(text, 'json').value, options);
    return name === undefined ? { genotype, format: 'json' } : { genotype, format: 'json', name };
  }
  const { target, value } = parseLiteral(text, 'python');
  const { genotype, nested } = readRepr(it, value, options);
  const format: GenotypeFormat = nested ? 'nested' : 'repr';
  return target ? { genotype, format, name: target.name } : { genotype, format };
}

/** Parses a genotype in any supported layout (flat repr, nested pt.darts repr, JSON), detected from the text. */
export function parseGenotypeAuto(text: string, options: ParseOptions = {}): AnyGenotype {
  return parseGenotypeWithFormat(text, options).genotype;
}

/** Parses a Python repr, flat (quark0/darts) or nested (pt.darts); an optional `NAME =` prefix is allowed. */
export function parseGenotypeRepr(text: string, options: ParseOptions = {}): TwoCellGenotype {
  const it = new Interpreter(text);
  const { value } = parseLiteral(text, 'python');
  // This reader's contract is the two-cell Genotype(...); per-cell genotypes come from parseGenotypeAuto.
  if (value.type === 'call' && (value.callee === 'Genotype_nested' || value.callee === 'Genotype_opt')) {
    it.fail(
      `expected Genotype(...), found ${value.callee}(...): per-cell D-DARTS genotypes are read by parseGenotypeAuto ` +
        '(or parseNestedGenotypeText), not by parseGenotypeRepr',
      value.calleeSpan,
    );
  }
  return readRepr(it, value, options).genotype as TwoCellGenotype;
}

/** Parses tsnas JSON (see GenotypeFormat). */
export function parseGenotypeJson(text: string, options: ParseOptions = {}): AnyGenotype {
  const it = new Interpreter(text);
  return readJson(it, parseLiteral(text, 'json').value, options).genotype;
}

/** Parses any layout but requires a DARTS-style genotype (pairs), as the DARTS evaluation cell needs. */
export function parseGenotype(text: string, options: ParseOptions = {}): Genotype {
  const genotype = parseGenotypeAuto(text, options);
  if (genotype.kind !== 'darts') {
    throw new TypeError(
      `expected a DARTS genotype of (op, input) pairs, found a '${genotype.kind}' genotype; use parseGenotypeAuto to accept every kind`,
    );
  }
  return genotype;
}
