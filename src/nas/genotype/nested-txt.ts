// The D-DARTS genotype `.txt` grammar (spec ddarts-dartopti §5.2): `Genotype_nested(genes=..., concat=...,
// reductions=...)` read and written, keeping how a file spells it (keyword order, `range(a, b)` or a list, the
// final newline) so every published file is reproduced byte for byte. Also reads `Genotype_opt(genes, seq, concat,
// reductions)` (a DARTOpti baseline, converted as the reference's `convert_genotype` does) and the tsnas JSON
// form `{"kind": "nested", "genes": ..., "concat": ..., "reductions": ...}`.
//
// nas/genotype/parse.ts and format.ts delegate the 'nested' kind here, so parseGenotypeAuto / formatGenotype /
// `--arch file.txt` handle these files like any other genotype.
import { type DcoGene, type NestedGenotype, type ValidateOptions, validateGenotype } from './genotype.js';
import { describeLiteral, type Literal, parseLiteral } from './literal.js';
import { GenotypeParseError, type SourceSpan } from './parse-error.js';

export type NestedField = 'genes' | 'concat' | 'reductions';

/** How a `.txt` file spells a nested genotype; everything a byte-identical rewrite needs besides the values. */
export interface NestedTxtLayout {
  /** Keyword order. The published D-DARTS files use genes, reductions, concat; DARTOpti outputs genes, concat, reductions. */
  order: readonly NestedField[];
  /** `range(a, b)` or a list (a range is only written when the values are consecutive). */
  concat: 'range' | 'list';
  reductions: 'range' | 'list';
  /** One of the 16 published files (Xception_cifar100_threshold_sparse_0.85) ends with a newline. */
  trailingNewline: boolean;
}

/** The namedtuple repr the reference writes for new searches: genes, concat=range(..), reductions=[..]. */
export const DEFAULT_NESTED_LAYOUT: NestedTxtLayout = Object.freeze({
  order: Object.freeze(['genes', 'concat', 'reductions'] as const),
  concat: 'range',
  reductions: 'list',
  trailingNewline: false,
});

export interface NestedParseOptions extends ValidateOptions {
  /** Run validateGenotype and report its first error at the offending token (default true). */
  validate?: boolean;
}

export interface ParsedNested {
  genotype: NestedGenotype;
  layout: NestedTxtLayout;
  /** 'Genotype_opt' when the text was a baseline template list (converted over its seq). */
  callee: 'Genotype_nested' | 'Genotype_opt';
}

// ---------------------------------------------------------------------------------------------------- writing

/** Python's repr of a str. */
function pyStr(value: string): string {
  const quote = value.includes("'") && !value.includes('"') ? '"' : "'";
  const escaped = value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\t/g, '\\t').replace(/\r/g, '\\r').replaceAll(quote, `\\${quote}`);
  return `${quote}${escaped}${quote}`;
}

function isConsecutive(values: readonly number[]): boolean {
  return values.length > 0 && values.every((v, i) => v === values[0]! + i);
}

function intSeq(values: readonly number[], style: 'range' | 'list'): string {
  if (style === 'range' && isConsecutive(values)) return `range(${values[0]}, ${values[values.length - 1]! + 1})`;
  return `[${values.join(', ')}]`;
}

function genesText(genes: readonly (readonly DcoGene[])[]): string {
  return `[${genes.map((cell) => `[${cell.map(([op, to, from]) => `(${pyStr(op)}, ${to}, ${from})`).join(', ')}]`).join(', ')}]`;
}

/** The `.txt` text of a nested genotype; DEFAULT_NESTED_LAYOUT unless a (parsed) layout is given. */
export function formatNestedGenotype(genotype: NestedGenotype, layout: Partial<NestedTxtLayout> = {}): string {
  const l = { ...DEFAULT_NESTED_LAYOUT, ...layout };
  const field = (f: NestedField): string => {
    switch (f) {
      case 'genes':
        return `genes=${genesText(genotype.genes)}`;
      case 'concat':
        return `concat=${intSeq(genotype.concat, l.concat)}`;
      case 'reductions':
        return `reductions=${intSeq(genotype.reductions, l.reductions)}`;
    }
  };
  return `Genotype_nested(${l.order.map(field).join(', ')})${l.trailingNewline ? '\n' : ''}`;
}

/** tsnas JSON of a nested genotype (one gene per line). */
export function formatNestedJson(genotype: NestedGenotype): string {
  const triple = ([op, to, from]: DcoGene): string => `[${JSON.stringify(op)}, ${to}, ${from}]`;
  const genes = genotype.genes.map((cell) => `    [${cell.map(triple).join(', ')}]`).join(',\n');
  return (
    `{\n  "kind": "nested",\n  "genes": [\n${genes}\n  ],\n  "concat": [${genotype.concat.join(', ')}],\n` +
    `  "reductions": [${genotype.reductions.join(', ')}]\n}`
  );
}

// ---------------------------------------------------------------------------------------------------- reading

interface GeneSpans {
  cell: SourceSpan;
  genes: { whole: SourceSpan; parts: SourceSpan[] }[];
}

interface Spans {
  whole: SourceSpan;
  genes: GeneSpans[];
  concat: SourceSpan[];
  reductions: SourceSpan[];
}

class Reader {
  constructor(readonly text: string) {}

  fail(reason: string, span: SourceSpan, notes: readonly string[] = []): never {
    throw new GenotypeParseError(reason, this.text, span, notes);
  }

  expected(what: string, literal: Literal): never {
    return this.fail(`expected ${what}, found ${describeLiteral(literal)}`, literal.span);
  }

  int(literal: Literal, what: string): number {
    if (literal.type !== 'number' || !literal.isInteger) this.expected(`an integer ${what}`, literal);
    return literal.value;
  }

  /** `[1, 2]`, `range(a, b)` (or range(b), range(a, b, s)), `list(range(...))`. */
  intSeq(literal: Literal, what: string, allowRange: boolean): { values: number[]; style: 'range' | 'list'; spans: SourceSpan[] } {
    if (literal.type === 'list') {
      return { values: literal.items.map((i) => this.int(i, what)), style: 'list', spans: literal.items.map((i) => i.span) };
    }
    if (allowRange && literal.type === 'call' && literal.callee === 'list' && literal.args.length === 1 && literal.keywords.length === 0) {
      return { ...this.intSeq(literal.args[0]!, what, true), style: 'list' };
    }
    if (allowRange && literal.type === 'call' && literal.callee === 'range') {
      if (literal.keywords.length > 0 || literal.args.length < 1 || literal.args.length > 3) {
        this.fail('expected range(stop), range(start, stop) or range(start, stop, step)', literal.span);
      }
      const a = literal.args.map((x) => this.int(x, 'range bound'));
      const [start, stop, step] = a.length === 1 ? [0, a[0]!, 1] : [a[0]!, a[1]!, a[2] ?? 1];
      if (step <= 0) this.fail('expected a positive range step', literal.args[2]!.span);
      const values: number[] = [];
      for (let v = start; v < stop; v += step) values.push(v);
      return { values, style: 'range', spans: values.map(() => literal.span) };
    }
    return this.expected(`the ${what} as a list of integers${allowRange ? ' or range(start, stop)' : ''}`, literal);
  }

  triple(literal: Literal): { gene: DcoGene; whole: SourceSpan; parts: SourceSpan[] } {
    if ((literal.type !== 'tuple' && literal.type !== 'list') || literal.items.length !== 3) {
      this.expected("a gene (op, to, from) like ('sep_conv_3x3', 2, 0)", literal);
    }
    const [op, to, from] = literal.items as [Literal, Literal, Literal];
    if (op.type !== 'string') this.expected('the op name as a string', op);
    return {
      gene: [op.value, this.int(to, "'to' node index"), this.int(from, "'from' node index")],
      whole: literal.span,
      parts: [op.span, to.span, from.span],
    };
  }

  /** A list of cells, each a list of (op, to, from). */
  genes(literal: Literal): { genes: DcoGene[][]; spans: GeneSpans[] } {
    if (literal.type !== 'list') this.expected('the genes as a list of per-cell gene lists [[(op, to, from), ...], ...]', literal);
    const genes: DcoGene[][] = [];
    const spans: GeneSpans[] = [];
    for (const cell of literal.items) {
      if (cell.type !== 'list') this.expected('a per-cell list of genes [(op, to, from), ...]', cell);
      const read = cell.items.map((g) => this.triple(g));
      genes.push(read.map((r) => r.gene));
      spans.push({ cell: cell.span, genes: read.map(({ whole, parts }) => ({ whole, parts })) });
    }
    return { genes, spans };
  }
}

function issueSpan(
  message: string,
  cellIndex: number | undefined,
  location: { at: string; gene?: number; part?: number; index?: number },
  spans: Spans,
): SourceSpan {
  if (cellIndex !== undefined) {
    const cell = spans.genes[cellIndex];
    if (!cell) return spans.whole;
    if (location.at === 'gene' && location.gene !== undefined) {
      const g = cell.genes[location.gene];
      if (!g) return cell.cell;
      return location.part === undefined ? g.whole : (g.parts[location.part] ?? g.whole);
    }
    return cell.cell;
  }
  if (location.at === 'concat' && location.index !== undefined) {
    const list = message.startsWith('reductions:') ? spans.reductions : spans.concat;
    return list[location.index] ?? spans.whole;
  }
  return spans.whole;
}

function check(r: Reader, genotype: NestedGenotype, spans: Spans, options: NestedParseOptions): void {
  if (options.validate === false) return;
  const errors = validateGenotype(genotype, options).filter((i) => i.severity === 'error');
  const first = errors[0];
  if (!first) return;
  const others = errors.slice(1).map((i) => i.message);
  r.fail(
    first.message,
    issueSpan(first.message, first.cellIndex, first.location, spans),
    others.length > 0 ? [`${others.length} more problem(s):`, ...others] : [],
  );
}

type CallLiteral = Extract<Literal, { type: 'call' }>;

/**
 * A `Genotype_nested(...)` or `Genotype_opt(...)` call literal → nested genotype and its layout. Fields may be
 * positional (namedtuple order) or keywords in any order.
 */
export function nestedFromCall(text: string, call: CallLiteral, options: NestedParseOptions = {}): ParsedNested {
  const r: Reader = new Reader(text);
  const opt = call.callee === 'Genotype_opt';
  if (!opt && call.callee !== 'Genotype_nested')
    r.fail(`expected Genotype_nested(...) or Genotype_opt(...), found '${call.callee}(...)'`, call.calleeSpan);
  const names = opt ? (['genes', 'seq', 'concat', 'reductions'] as const) : (['genes', 'concat', 'reductions'] as const);
  type Name = (typeof names)[number];
  const fields = new Map<Name, Literal>();
  const order: Name[] = [];
  if (call.args.length > names.length)
    r.fail(`expected at most ${names.length} positional arguments (${names.join(', ')})`, call.args[names.length]!.span);
  call.args.forEach((a, i) => {
    fields.set(names[i]!, a);
    order.push(names[i]!);
  });
  for (const k of call.keywords) {
    const name = names.find((n) => n === k.name);
    if (!name) r.fail(`expected one of ${names.join(', ')}, found keyword '${k.name}'`, k.nameSpan);
    if (fields.has(name)) r.fail(`expected each field once, found '${name}' a second time`, k.nameSpan);
    fields.set(name, k.value);
    order.push(name);
  }
  const closing: SourceSpan = { start: call.span.end - 1, end: call.span.end };
  for (const n of names) if (!fields.has(n)) r.fail(`expected a ${n}=... argument before ')', found none`, closing);

  const genes = r.genes(fields.get('genes')!);
  const concat = r.intSeq(fields.get('concat')!, 'concat nodes', true);
  const reductions = r.intSeq(fields.get('reductions')!, 'reduction cell positions', true);
  let genotype: NestedGenotype;
  let geneSpans = genes.spans;
  if (opt) {
    // convert_genotype: cell position i uses template seq[i].
    const seqLiteral = fields.get('seq' as Name)!;
    const seq = r.intSeq(seqLiteral, 'template sequence', true);
    seq.values.forEach((s, i) => {
      if (s < 0 || s >= genes.genes.length)
        r.fail(`seq[${i}] = ${s} names no template (there are ${genes.genes.length})`, seq.spans[i] ?? seqLiteral.span);
    });
    genotype = {
      kind: 'nested',
      genes: seq.values.map((s) => genes.genes[s]!.map((g) => [...g] as DcoGene)),
      concat: concat.values,
      reductions: reductions.values,
    };
    geneSpans = seq.values.map((s) => genes.spans[s]!);
  } else {
    genotype = { kind: 'nested', genes: genes.genes, concat: concat.values, reductions: reductions.values };
  }
  const spans: Spans = { whole: call.span, genes: geneSpans, concat: concat.spans, reductions: reductions.spans };
  check(r, genotype, spans, options);
  const fieldOrder = order.filter((n): n is NestedField => n !== 'seq');
  return {
    genotype,
    layout: { order: fieldOrder, concat: concat.style, reductions: reductions.style, trailingNewline: /\n$/.test(text) },
    callee: opt ? 'Genotype_opt' : 'Genotype_nested',
  };
}

type ObjectLiteral = Extract<Literal, { type: 'object' }>;

/** The tsnas JSON object of a nested genotype (kind "nested"; an optional "name" is returned). */
export function nestedFromJson(text: string, object: ObjectLiteral, options: NestedParseOptions = {}): { genotype: NestedGenotype; name?: string } {
  const r: Reader = new Reader(text);
  const keys = ['kind', 'name', 'genes', 'concat', 'reductions'] as const;
  type Key = (typeof keys)[number];
  const fields = new Map<Key, Literal>();
  for (const e of object.entries) {
    const key = keys.find((k) => k === e.key);
    if (!key) r.fail(`expected one of the keys ${keys.join(', ')} in a nested genotype, found "${e.key}"`, e.keySpan);
    if (fields.has(key)) r.fail(`expected each key once, found "${key}" a second time`, e.keySpan);
    fields.set(key, e.value);
  }
  const closing: SourceSpan = { start: object.span.end - 1, end: object.span.end };
  for (const k of ['genes', 'concat', 'reductions'] as const) if (!fields.has(k)) r.fail(`expected a "${k}" key before '}', found none`, closing);
  const kind = fields.get('kind');
  if (kind && (kind.type !== 'string' || kind.value !== 'nested')) r.expected('"kind" to be "nested"', kind);
  const nameLit = fields.get('name');
  if (nameLit && nameLit.type !== 'string') r.expected('"name" to be a string', nameLit);
  const genes = r.genes(fields.get('genes')!);
  const concat = r.intSeq(fields.get('concat')!, 'concat nodes', false);
  const reductions = r.intSeq(fields.get('reductions')!, 'reduction cell positions', false);
  const genotype: NestedGenotype = { kind: 'nested', genes: genes.genes, concat: concat.values, reductions: reductions.values };
  check(r, genotype, { whole: object.span, genes: genes.spans, concat: concat.spans, reductions: reductions.spans }, options);
  return nameLit?.type === 'string' ? { genotype, name: nameLit.value } : { genotype };
}

/** Reads a D-DARTS `.txt` file's text (or a printed Genotype_opt baseline). */
export function parseNestedGenotypeText(text: string, options: NestedParseOptions = {}): ParsedNested {
  const { value } = parseLiteral(text, 'python');
  if (value.type !== 'call') return new Reader(text).expected('Genotype_nested(genes=..., concat=..., reductions=...)', value);
  return nestedFromCall(text, value, options);
}

/** Writes a file back with its own layout (the grammar only; genes are not validated): equal to the input text. */
export function roundTripNestedText(text: string): string {
  const { genotype, layout } = parseNestedGenotypeText(text, { validate: false });
  return formatNestedGenotype(genotype, layout);
}
