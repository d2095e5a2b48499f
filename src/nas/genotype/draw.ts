// Cell diagrams as Graphviz DOT, in the style of quark0/darts `visualize.py` (and FairDARTS'
// `plot2` for DCO genotypes), rendered to SVG with Graphviz compiled to WebAssembly.
//
// Layout: inputs c_{k-2}, c_{k-1} (green), intermediate nodes 0..n-1 (blue; graph node j is drawn
// as j - 2), output c_{k} (yellow); every gene is an edge labelled with its op. Two deliberate
// differences from the reference plots: only the nodes in the concat list get an edge to c_{k}
// (visualize.py connects every intermediate node, which is wrong for NASNet and AmoebaNet), and in
// DCO cells an edge from a node without inputs is drawn from a grey node, matching FairDARTS'
// README ("the isolated nodes (in gray) are ignored"). Per-cell (D-DARTS) genotypes draw every cell of a type as a
// DCO cell in its own cluster.

import { instance } from '@viz-js/viz';
import { cellNodeName as nodeName, dcoCellNodes, type AnyGenotype, type CellType, type DcoGene, type NestedGenotype } from './genotype.js';
import { pythonFloat } from './format.js';
import type { Nb201Arch } from './nb201.js';

export interface DrawOptions {
  /** Graph caption (pt.darts writes "Epoch N"). */
  caption?: string;
  /** Font size of nodes and edge labels (visualize.py: 20; DropNAS: 70). */
  fontSize?: number;
}

export interface GenotypeDrawing {
  normalDot: string;
  reduceDot: string;
  normalSvg: string;
  reduceSvg: string;
}

const INPUT_FILL = 'darkseagreen2';
const NODE_FILL = 'lightblue';
const OUTPUT_FILL = 'palegoldenrod';
const ISOLATED_FILL = 'lightgray';

function quote(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}

class DotWriter {
  private readonly lines: string[] = [];
  /** Inside a cluster: node ids carry the cell position (cells drawn side by side stay apart), labels the name. */
  private cluster: { indent: string; prefix: string } = { indent: '\t', prefix: '' };

  constructor(options: DrawOptions) {
    const size = options.fontSize ?? 20;
    this.lines.push('digraph {', '\trankdir=LR');
    if (options.caption !== undefined) this.lines.push(`\tlabel=${quote(options.caption)}`, `\tfontsize=${size}`, '\tfontname=times');
    this.lines.push(`\tedge [fontname=times fontsize=${size}]`);
    this.lines.push(`\tnode [align=center fontname=times fontsize=${size} height=0.5 penwidth=2 shape=rect style=filled width=0.5]`);
  }

  node(id: string, fill: string): void {
    const { indent, prefix } = this.cluster;
    this.lines.push(`${indent}${quote(prefix + id)} [${prefix ? `label=${quote(id)} ` : ''}fillcolor=${fill}]`);
  }

  edge(from: string, to: string, label?: string, extra = ''): void {
    const { indent, prefix } = this.cluster;
    const labelAttr = label === undefined ? '' : `label=${quote(label)} `;
    this.lines.push(`${indent}${quote(prefix + from)} -> ${quote(prefix + to)} [${labelAttr}fillcolor=gray${extra}]`);
  }

  /** A text-only node. */
  note(text: string): void {
    this.lines.push(`\t${quote(text)} [shape=plaintext style=""]`);
  }

  /** Writes `body`'s nodes and edges as the cluster of cell `position`. */
  subgraph(position: number, label: string, body: () => void): void {
    this.lines.push(`\tsubgraph ${quote(`cluster_${position}`)} {`, `\t\tlabel=${quote(label)}`);
    this.cluster = { indent: '\t\t', prefix: `${position}:` };
    body();
    this.cluster = { indent: '\t', prefix: '' };
    this.lines.push('\t}');
  }

  toString(): string {
    return [...this.lines, '}'].join('\n') + '\n';
  }
}

function pairCellDot(
  genes: readonly (readonly [string, number, number?])[],
  concat: readonly number[],
  weighted: boolean,
  options: DrawOptions,
): string {
  const dot = new DotWriter(options);
  dot.node(nodeName(0), INPUT_FILL);
  dot.node(nodeName(1), INPUT_FILL);
  const steps = Math.floor(genes.length / 2);
  for (let i = 0; i < steps; i++) dot.node(String(i), NODE_FILL);
  genes.forEach(([op, input, weight], index) => {
    const label = weighted && weight !== undefined ? `${op} (${pythonFloat(weight)})` : op;
    dot.edge(nodeName(input), String(Math.floor(index / 2)), label);
  });
  dot.node('c_{k}', OUTPUT_FILL);
  for (const node of concat) dot.edge(nodeName(node), 'c_{k}');
  return dot.toString();
}

function writeDcoCell(dot: DotWriter, genes: readonly DcoGene[]): void {
  dot.node(nodeName(0), INPUT_FILL);
  dot.node(nodeName(1), INPUT_FILL);
  const present = dcoCellNodes(genes);
  for (const node of present) dot.node(nodeName(node), NODE_FILL);
  const isolated = [...new Set(genes.map(([, , from]) => from))].filter((from) => from >= 2 && !present.includes(from));
  for (const node of isolated) dot.node(nodeName(node), ISOLATED_FILL);
  for (const [op, to, from] of genes) {
    dot.edge(nodeName(from), nodeName(to), op, isolated.includes(from) ? ' style=dashed' : '');
  }
  dot.node('c_{k}', OUTPUT_FILL);
  for (const node of present) dot.edge(nodeName(node), 'c_{k}');
}

function dcoCellDot(genes: readonly DcoGene[], options: DrawOptions): string {
  const dot = new DotWriter(options);
  writeDcoCell(dot, genes);
  return dot.toString();
}

/**
 * A per-cell (nested) genotype: the "normal" drawing holds every normal cell and the "reduce" drawing every reduction
 * cell (by membership in `reductions`), one cluster per cell position, each drawn as a DCO cell.
 */
export function nestedCellsDot(genotype: NestedGenotype, cell: CellType, options: DrawOptions = {}): string {
  const dot = new DotWriter(options);
  const wantReduction = cell === 'reduce';
  let drawn = 0;
  genotype.genes.forEach((genes, i) => {
    if (genotype.reductions.includes(i) !== wantReduction) return;
    dot.subgraph(i, `cell ${i}${wantReduction ? ' (reduction)' : ''}`, () => writeDcoCell(dot, genes));
    drawn++;
  });
  if (drawn === 0) dot.note(`no ${wantReduction ? 'reduction' : 'normal'} cells`);
  return dot.toString();
}

/** DOT source of one cell of a genotype. */
export function cellDot(genotype: AnyGenotype, cell: CellType, options: DrawOptions = {}): string {
  switch (genotype.kind) {
    case 'darts':
      return pairCellDot(genotype[cell], cell === 'normal' ? genotype.normalConcat : genotype.reduceConcat, false, options);
    case 'reweight':
      return pairCellDot(genotype[cell], cell === 'normal' ? genotype.normalConcat : genotype.reduceConcat, true, options);
    case 'dco':
      return dcoCellDot(genotype[cell], options);
    case 'nested':
      // Per-cell genotypes: every cell of this type, one cluster per cell position.
      return nestedCellsDot(genotype, cell, options);
    default: {
      const unknown: never = genotype;
      throw new TypeError(`cannot draw genotype kind '${(unknown as { kind: string }).kind}'`);
    }
  }
}

/** DOT source of an NB201 cell: nodes 0..3, one labelled edge per op ('none' edges dashed). */
export function nb201CellDot(arch: Nb201Arch, options: DrawOptions = {}): string {
  const dot = new DotWriter(options);
  const last = arch.nodes.length;
  dot.node('0', INPUT_FILL);
  for (let node = 1; node <= last; node++) dot.node(String(node), node === last ? OUTPUT_FILL : NODE_FILL);
  arch.nodes.forEach((edges, k) => {
    for (const [op, source] of edges) dot.edge(String(source), String(k + 1), op, op === 'none' ? ' style=dashed color=gray' : '');
  });
  return dot.toString();
}

let vizInstance: ReturnType<typeof instance> | undefined;

/** Renders DOT to an SVG document (the WebAssembly Graphviz is loaded once, on first use). */
export async function renderSvg(dot: string): Promise<string> {
  vizInstance ??= instance();
  const viz = await vizInstance;
  return viz.renderString(dot, { format: 'svg', engine: 'dot' });
}

/** DOT and SVG of both cells. */
export async function drawGenotype(genotype: AnyGenotype, options: DrawOptions = {}): Promise<GenotypeDrawing> {
  const normalDot = cellDot(genotype, 'normal', options);
  const reduceDot = cellDot(genotype, 'reduce', options);
  return { normalDot, reduceDot, normalSvg: await renderSvg(normalDot), reduceSvg: await renderSvg(reduceDot) };
}

/** DOT and SVG of an NB201 cell. */
export async function drawNb201Arch(arch: Nb201Arch, options: DrawOptions = {}): Promise<{ dot: string; svg: string }> {
  const dot = nb201CellDot(arch, options);
  return { dot, svg: await renderSvg(dot) };
}
