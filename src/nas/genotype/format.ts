// Writers for the genotype layouts that parse.ts reads.

import { formatNestedGenotype, formatNestedJson } from './nested-txt.js';
import { CELL_TYPES, cellConcat, cellGenes, type AnyGene, type AnyGenotype, type CellType, type TwoCellGenotype } from './genotype.js';
import type { GenotypeFormat } from './parse.js';

/** Python's repr of a str: single quotes unless the text contains one and no double quote. */
export function pythonString(value: string): string {
  const quote = value.includes("'") && !value.includes('"') ? '"' : "'";
  const escaped = value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\t/g, '\\t').replace(/\r/g, '\\r').replaceAll(quote, `\\${quote}`);
  return `${quote}${escaped}${quote}`;
}

/** Python's repr of a float (shortest round-trip digits; exponent form below 1e-4 and from 1e16). */
export function pythonFloat(value: number): string {
  if (Number.isNaN(value)) return 'nan';
  if (!Number.isFinite(value)) return value > 0 ? 'inf' : '-inf';
  const magnitude = Math.abs(value);
  if (magnitude !== 0 && (magnitude < 1e-4 || magnitude >= 1e16)) {
    return value.toExponential().replace(/e([+-])(\d)$/, 'e$10$2');
  }
  return Number.isInteger(value) ? `${value.toFixed(0)}.0` : String(value);
}

function pythonGene(gene: AnyGene, weighted: boolean): string {
  const parts = gene.map((item, i) => {
    if (typeof item === 'string') return pythonString(item);
    return weighted && i === 2 ? pythonFloat(item) : String(item);
  });
  return `(${parts.join(', ')})`;
}

function pythonList(items: readonly string[]): string {
  return `[${items.join(', ')}]`;
}

/** range(a, b) when the nodes are consecutive and ascending, else a list (pt.darts writes ranges). */
function pythonConcat(nodes: readonly number[], preferRange: boolean): string {
  const consecutive = nodes.length > 0 && nodes.every((node, i) => node === nodes[0]! + i);
  if (preferRange && consecutive) return `range(${nodes[0]}, ${nodes[nodes.length - 1]! + 1})`;
  return pythonList(nodes.map(String));
}

function pythonCellGenes(genotype: TwoCellGenotype, cell: CellType, nested: boolean): string {
  const genes = cellGenes(genotype, cell).map((gene) => pythonGene(gene, genotype.kind === 'reweight'));
  if (!nested) return pythonList(genes);
  const nodes: string[] = [];
  for (let i = 0; i < genes.length; i += 2) nodes.push(pythonList(genes.slice(i, i + 2)));
  return pythonList(nodes);
}

function formatRepr(genotype: TwoCellGenotype, nested: boolean): string {
  if (nested && genotype.kind === 'dco') {
    throw new TypeError("the nested pt.darts layout holds two genes per node; a 'dco' genotype has no such grouping");
  }
  const fields = CELL_TYPES.map(
    (cell) => `${cell}=${pythonCellGenes(genotype, cell, nested)}, ${cell}_concat=${pythonConcat(cellConcat(genotype, cell), nested)}`,
  );
  return `Genotype(${fields.join(', ')})`;
}

function formatJson(genotype: TwoCellGenotype): string {
  const list = (items: readonly (string | number)[]): string => `[${items.map((item) => JSON.stringify(item)).join(', ')}]`;
  const genes = (cell: CellType): string => `[${cellGenes(genotype, cell).map(list).join(', ')}]`;
  const lines = [
    `  "kind": ${JSON.stringify(genotype.kind)}`,
    `  "normal": ${genes('normal')}`,
    `  "normalConcat": ${list(genotype.normalConcat)}`,
    `  "reduce": ${genes('reduce')}`,
    `  "reduceConcat": ${list(genotype.reduceConcat)}`,
  ];
  return `{\n${lines.join(',\n')}\n}`;
}

/**
 * Writes a genotype. The default 'repr' is the canonical quark0/darts form
 * `Genotype(normal=[('sep_conv_3x3', 0), ...], normal_concat=[2, 3, 4, 5], reduce=[...], reduce_concat=[...])`,
 * which equals what Python prints for a genotype whose concat lists are lists.
 */
export function formatGenotype(genotype: AnyGenotype, format: GenotypeFormat = 'repr'): string {
  // D-DARTS per-cell genotypes have one Python form, the `.txt` Genotype_nested(...) line ('repr' and 'nested').
  if (genotype.kind === 'nested') return format === 'json' ? formatNestedJson(genotype) : formatNestedGenotype(genotype);
  switch (format) {
    case 'repr':
      return formatRepr(genotype, false);
    case 'nested':
      return formatRepr(genotype, true);
    case 'json':
      return formatJson(genotype);
  }
}
