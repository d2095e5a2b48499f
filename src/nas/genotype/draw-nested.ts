// Drawing a per-cell (nested) genotype: the "normal" drawing holds every normal cell and the "reduce" drawing
// every reduction cell, one Graphviz cluster per cell position, in the style of nas/genotype/draw.ts (the DCO
// layout: nodes that receive an edge feed the output; edges from nodes without inputs are dashed from grey nodes).
import { type CellType, dcoCellNodes, type DcoGene, type NestedGenotype } from './genotype.js';

function quote(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}

function nodeName(node: number): string {
  if (node === 0) return 'c_{k-2}';
  if (node === 1) return 'c_{k-1}';
  return String(node - 2);
}

function cluster(lines: string[], position: number, genes: readonly DcoGene[], reduction: boolean): void {
  const id = (n: string): string => quote(`${position}:${n}`);
  const node = (n: string, fill: string): void => {
    lines.push(`\t\t${id(n)} [label=${quote(n)} fillcolor=${fill}]`);
  };
  lines.push(`\tsubgraph ${quote(`cluster_${position}`)} {`, `\t\tlabel=${quote(`cell ${position}${reduction ? ' (reduction)' : ''}`)}`);
  node(nodeName(0), 'darkseagreen2');
  node(nodeName(1), 'darkseagreen2');
  const present = dcoCellNodes(genes);
  for (const n of present) node(nodeName(n), 'lightblue');
  const isolated = [...new Set(genes.map(([, , from]) => from))].filter((f) => f >= 2 && !present.includes(f));
  for (const n of isolated) node(nodeName(n), 'lightgray');
  for (const [op, to, from] of genes) {
    lines.push(`\t\t${id(nodeName(from))} -> ${id(nodeName(to))} [label=${quote(op)} fillcolor=gray${isolated.includes(from) ? ' style=dashed' : ''}]`);
  }
  node('c_{k}', 'palegoldenrod');
  for (const n of present) lines.push(`\t\t${id(nodeName(n))} -> ${id('c_{k}')} [fillcolor=gray]`);
  lines.push('\t}');
}

/** DOT of all cells of one type of a nested genotype (cell type by membership in `reductions`). */
export function nestedCellsDot(genotype: NestedGenotype, cell: CellType, options: { caption?: string; fontSize?: number } = {}): string {
  const size = options.fontSize ?? 20;
  const lines = ['digraph {', '\trankdir=LR'];
  if (options.caption !== undefined) lines.push(`\tlabel=${quote(options.caption)}`, `\tfontsize=${size}`, '\tfontname=times');
  lines.push(`\tedge [fontname=times fontsize=${size}]`,
    `\tnode [align=center fontname=times fontsize=${size} height=0.5 penwidth=2 shape=rect style=filled width=0.5]`);
  const wantReduction = cell === 'reduce';
  let drawn = 0;
  genotype.genes.forEach((genes, i) => {
    const reduction = genotype.reductions.includes(i);
    if (reduction !== wantReduction) return;
    cluster(lines, i, genes, reduction);
    drawn++;
  });
  if (drawn === 0) lines.push(`\t${quote(`no ${wantReduction ? 'reduction' : 'normal'} cells`)} [shape=plaintext style=""]`);
  return [...lines, '}'].join('\n') + '\n';
}
